import { recordedResult, resultColumns } from '../idempotency-record.ts';
import type { IdempotencyRecordParams, RecordStore } from '../record-store.ts';
import { loadQueries } from '../sql-file.ts';
import type { SqliteConnection, SyncPart } from './connection.ts';
import { statsFromRow } from './row-mapping.ts';

// The records beside tasks: duration statistics, reserved ids and idempotency keys.

const Q = loadQueries(new URL('./record-store.sql', import.meta.url), [
  'typeStatsGet', 'typeStatsAll', 'reservationCreate', 'reservationTake', 'reservationPurge',
  'idempotencyGet', 'idempotencyBegin', 'idempotencyRelock', 'idempotencyAttach', 'idempotencyFinish',
  'idempotencyRelease', 'idempotencyPurge',
] as const);

function idempotencyParams(p: IdempotencyRecordParams) {
  return { tenant: p.tenant, key: p.key, statusCode: p.statusCode, ...resultColumns(p) };
}

export function sqliteRecordStore(c: SqliteConnection): SyncPart<RecordStore> {
  const sql = c.queries(Q);

  return {
    typeStatsGet(p) {
      const r = sql.get('typeStatsGet', p);
      return r ? statsFromRow(r) : null;
    },

    typeStatsAll: () => new Map(sql.all('typeStatsAll').map((r) => [r.type as string, statsFromRow(r)])),

    reservationCreate(p, sink) {
      c.write1(sink, () => sql.run('reservationCreate', p));
    },
    reservationTake: (p, sink) => c.write1(sink, () => sql.get('reservationTake', p) !== undefined),
    reservationPurge: (p, sink) => c.write1(sink, () => Number(sql.run('reservationPurge', p).changes)),

    idempotencyBegin(p, sink) {
      return c.write1(sink, () => {
        const key = { tenant: p.tenant, key: p.key };
        const rec = sql.get('idempotencyGet', key);
        if (!rec || (rec.expires_at as number) <= p.now) {
          sql.run('idempotencyBegin', p);
          return { state: 'new' };
        }
        if (rec.fingerprint !== p.fingerprint) return { state: 'mismatch' };
        const recorded = recordedResult(rec);
        if (rec.state === 'done' && recorded) return { state: 'done', statusCode: rec.status_code as number, ...recorded };
        if ((rec.locked_until as number) > p.now) return { state: 'in-flight' };
        // The request that held the lock died: if it got as far as creating the task (or recording
        // its bulk outcome), replay that.
        if (recorded) return { state: 'done', statusCode: rec.status_code as number, ...recorded };
        sql.run('idempotencyRelock', { ...key, lockedUntil: p.lockedUntil });
        return { state: 'new' };
      });
    },
    idempotencyAttach(p, sink) {
      c.write1(sink, () => sql.run('idempotencyAttach', idempotencyParams(p)));
    },
    idempotencyFinish(p, sink) {
      c.write1(sink, () => sql.run('idempotencyFinish', idempotencyParams(p)));
    },
    idempotencyRelease(p, sink) {
      c.write1(sink, () => sql.run('idempotencyRelease', p));
    },
    idempotencyPurge: (p, sink) => c.write1(sink, () => Number(sql.run('idempotencyPurge', p).changes)),
  };
}
