import { describe } from 'node:test';
import { apiKeyStoreContract } from './api-keys.ts';
import { attemptStoreContract } from './attempts.ts';
import { fileChunkStoreContract } from './file-chunks.ts';
import { fileStoreContract } from './files.ts';
import { batchStoreContract } from './batches.ts';
import { graphStoreContract } from './graphs.ts';
import { groupStoreContract } from './groups.ts';
import type { OpenStore } from './harness.ts';
import { maintenanceStoreContract } from './maintenance.ts';
import { queueStoreContract } from './queues.ts';
import { recordStoreContract } from './records.ts';
import { scheduleStoreContract } from './schedules.ts';
import { taskStoreContract } from './tasks.ts';
import { storeLifecycleContract } from './transactions.ts';
import { workerStoreContract } from './workers.ts';

// The Store contract: every backend runs exactly this suite, one part per store part (River's
// riverdrivertest, Kysely's per-dialect loop). The webhook part runs from
// test/webhooks/webhook-store.test.ts (test/store/webhook-store-contract.ts).

export function storeContract(name: string, open: OpenStore): void {
  describe(`store contract: ${name}`, () => {
    storeLifecycleContract(open);
    taskStoreContract(open);
    attemptStoreContract(open);
    maintenanceStoreContract(open);
    recordStoreContract(open);
    apiKeyStoreContract(open);
    queueStoreContract(open);
    workerStoreContract(open);
    scheduleStoreContract(open);
    fileStoreContract(open);
    fileChunkStoreContract(open);
    graphStoreContract(open);
    groupStoreContract(open);
    batchStoreContract(open);
  });
}
