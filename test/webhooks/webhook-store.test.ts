import { describe } from 'node:test';
import { postgresSkip, tempPostgresStore } from '../helpers/postgres.ts';
import { tempSqliteStore } from '../helpers/sqlite.ts';
import { webhookStoreContract } from '../store/webhook-store-contract.ts';

webhookStoreContract('sqlite', tempSqliteStore);

const skip = await postgresSkip();
if (skip) describe('webhook store contract: postgres', { skip }, () => {});
else webhookStoreContract('postgres', () => tempPostgresStore());
