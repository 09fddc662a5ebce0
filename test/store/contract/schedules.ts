import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ScheduleRow } from '../../../src/store/schedule-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { type OpenedStore, type OpenStore, tenant, uid } from './harness.ts';

// The schedule part of the Store contract (src/store/schedule-store.ts).

export function scheduleStoreContract(open: OpenStore): void {
  describe('schedules', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    const schedule = (ten: string, now: number, extra: Partial<ScheduleRow> = {}): ScheduleRow => ({
      id: `sch_${now}${uid()}`, tenant: ten, cron: '* * * * *', timezone: 'UTC', taskJson: '{"type":"noop","input":{}}',
      overlap: 'allow', pausedAt: null, nextRunAt: now + 1000, lastTickAt: null, lastTaskId: null, ticks: 0, skipped: 0,
      createdAt: now, updatedAt: now, ...extra,
    });

    test('create, get, list (paged, per tenant), pause and resume, delete', async () => {
      const now = Date.now();
      const ten = tenant();
      const s1 = schedule(ten, now);
      const s2 = schedule(ten, now + 1);
      await store.scheduleCreate({ schedule: s1 });
      await store.scheduleCreate({ schedule: s2 });
      await store.scheduleCreate({ schedule: schedule(tenant(), now) });
      assert.deepEqual(await store.scheduleGet({ tenant: ten, id: s1.id }), s1);
      assert.equal(await store.scheduleGet({ tenant: tenant(), id: s1.id }), null);
      assert.deepEqual(await store.scheduleList({ tenant: ten, limit: 10, after: null }), [s1, s2]);
      assert.deepEqual(await store.scheduleList({ tenant: ten, limit: 1, after: s1.id }), [s2]);

      const paused = await store.scheduleSetPaused({ tenant: ten, id: s1.id, pausedAt: now + 5, nextRunAt: null, now: now + 5 });
      assert.equal(paused?.pausedAt, now + 5);
      assert.equal(paused?.nextRunAt, s1.nextRunAt, 'pausing keeps nextRunAt');
      assert.deepEqual((await store.scheduleListDue({ now: now + 99_000, limit: 100 })).filter((s) => s.id === s1.id), [], 'paused: not due');
      const resumed = await store.scheduleSetPaused({ tenant: ten, id: s1.id, pausedAt: null, nextRunAt: now + 60_000, now: now + 6 });
      assert.equal(resumed?.pausedAt, null);
      assert.equal(resumed?.nextRunAt, now + 60_000);
      assert.equal(await store.scheduleSetPaused({ tenant: tenant(), id: s1.id, pausedAt: now, nextRunAt: null, now }), null);

      assert.equal(await store.scheduleDelete({ tenant: tenant(), id: s2.id }), false);
      assert.equal(await store.scheduleDelete({ tenant: ten, id: s2.id }), true);
      assert.equal(await store.scheduleGet({ tenant: null, id: s2.id }), null);
    });

    test('scheduleAdvance claims a tick once: only from the nextRunAt the caller read', async () => {
      const now = Date.now();
      const s = schedule(tenant(), now, { nextRunAt: now - 10 });
      await store.scheduleCreate({ schedule: s });
      assert.ok((await store.scheduleListDue({ now, limit: 1000 })).some((d) => d.id === s.id));
      const advance = (taskId: string | null, expected: number, next: number) =>
        store.scheduleAdvance({ id: s.id, expected, nextRunAt: next, tickAt: expected, taskId, now });
      const results = await Promise.all([advance('tsk_a', now - 10, now + 1000), advance('tsk_b', now - 10, now + 1000)]);
      assert.deepEqual(results.sort(), [false, true], 'two nodes, one tick: one wins');
      const after1 = (await store.scheduleGet({ tenant: null, id: s.id }))!;
      assert.equal(after1.nextRunAt, now + 1000);
      assert.equal(after1.lastTickAt, now - 10);
      assert.equal(after1.ticks, 1);
      assert.ok(after1.lastTaskId === 'tsk_a' || after1.lastTaskId === 'tsk_b');
      assert.equal(await advance(null, now + 1000, now + 2000), true, 'a skipped tick');
      const after2 = (await store.scheduleGet({ tenant: null, id: s.id }))!;
      assert.deepEqual([after2.ticks, after2.skipped, after2.lastTaskId], [1, 1, after1.lastTaskId]);
      assert.deepEqual((await store.scheduleListDue({ now, limit: 1000 })).filter((d) => d.id === s.id), []);
    });
  });
}
