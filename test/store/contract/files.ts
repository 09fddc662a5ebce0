import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FileCreateParams } from '../../../src/store/file-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { HOUR, newTask, type OpenedStore, type OpenStore, storeHelpers, tenant, type, uid } from './harness.ts';

// The file part of the Store contract (src/store/file-store.ts): records through their states, the
// triggers that tie a task's files to its attempt and its row, the sweeper's orphan rules, and the
// signing keys.

export function fileStoreContract(open: OpenStore): void {
  describe('files', () => {
    let opened: OpenedStore;
    let store: Store;
    const { claimOne } = storeHelpers(() => store);
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    const record = (over: Partial<FileCreateParams['file']> & { tenant: string }): FileCreateParams['file'] => ({
      id: `fil_${uid()}${uid()}`,
      name: 'report.csv',
      contentType: 'text/csv',
      driver: 'database',
      blobKey: `blob_${uid()}`,
      taskId: null,
      leaseToken: null,
      createdAt: Date.now(),
      expiresAt: null,
      ...over,
    });

    test('an upload: writing, then ready with its size and digest; tenant-scoped; listed newest first', async () => {
      const ten = tenant();
      const a = record({ tenant: ten, createdAt: 1000 });
      const b = record({ tenant: ten, createdAt: 2000 });
      await store.fileCreate({ file: a });
      await store.fileCreate({ file: b });
      assert.equal((await store.fileGet({ tenant: ten, id: a.id }))?.state, 'writing');
      assert.deepEqual(await store.fileList({ tenant: ten, limit: 10 }), [], 'writing files are not listed');
      const stored = await store.fileStored({ id: a.id, size: 12, sha256: 'ab'.repeat(32), state: 'ready' });
      assert.equal(stored?.state, 'ready');
      assert.equal(stored?.size, 12);
      assert.equal(stored?.sha256, 'ab'.repeat(32));
      assert.equal(await store.fileStored({ id: a.id, size: 1, sha256: 'x', state: 'ready' }), null, 'stored once');
      await store.fileStored({ id: b.id, size: 0, sha256: 'cd'.repeat(32), state: 'ready' });
      assert.equal(await store.fileGet({ tenant: 'other', id: a.id }), null);
      assert.equal((await store.fileGet({ tenant: null, id: a.id }))?.tenant, ten);
      assert.deepEqual((await store.fileList({ tenant: ten, limit: 10 })).map((f) => f.id), [b.id, a.id]);
      const page = await store.fileList({ tenant: ten, limit: 1 });
      assert.deepEqual(page.map((f) => f.id), [b.id]);
      const next = await store.fileList({ tenant: ten, limit: 1, after: { createdAt: page[0]!.createdAt, id: page[0]!.id } });
      assert.deepEqual(next.map((f) => f.id), [a.id]);
      assert.deepEqual(await store.fileList({ tenant: 'other', limit: 10 }), []);
    });

    test('delete: once, by its tenant; the bytes are listed for removal, then the record stays a tombstone', async () => {
      const ten = tenant();
      const f = record({ tenant: ten });
      await store.fileCreate({ file: f });
      await store.fileStored({ id: f.id, size: 3, sha256: 'ee'.repeat(32), state: 'ready' });
      assert.equal(await store.fileDelete({ tenant: 'other', id: f.id }), null);
      const deleted = await store.fileDelete({ tenant: ten, id: f.id });
      assert.equal(deleted?.state, 'deleted');
      assert.equal(deleted?.blobKey, f.blobKey);
      assert.equal(await store.fileDelete({ tenant: ten, id: f.id }), null, 'deleted once');
      const removable = await store.fileListRemovable({ limit: 1000 });
      assert.deepEqual(removable.find((r) => r.id === f.id), { id: f.id, driver: 'database', blobKey: f.blobKey });
      await store.fileBlobForget({ id: f.id });
      assert.equal((await store.fileListRemovable({ limit: 1000 })).find((r) => r.id === f.id), undefined);
      const tombstone = await store.fileGet({ tenant: ten, id: f.id });
      assert.equal(tombstone?.state, 'deleted');
      assert.equal(tombstone?.blobKey, null);
    });

    test("an attempt's files become ready when it succeeds, in the same change; its task's removal deletes them", async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const task = newTask({ tenant: ten, type: ty, now });
      await store.taskInsert({ task });
      const { leaseToken } = await claimOne(ty, now);
      const f = record({ tenant: ten, taskId: task.id, leaseToken });
      await store.fileCreate({ file: f });
      assert.equal((await store.fileStored({ id: f.id, size: 5, sha256: '11'.repeat(32), state: 'attempt' }))?.state, 'attempt');
      assert.deepEqual(await store.fileListByTasks({ taskIds: [task.id] }), [], 'not visible before the attempt succeeded');
      assert.equal(await store.fileSweep({ now, writingBefore: now - HOUR }), 0, 'a running attempt’s file is no orphan');
      await store.taskComplete({ id: task.id, leaseToken, resultJson: JSON.stringify({ file: f.id }), now, retentionMs: HOUR });
      const files = await store.fileListByTasks({ taskIds: [task.id, 'tsk_other'] });
      assert.deepEqual(files.map((x) => [x.id, x.state]), [[f.id, 'ready']]);
      await store.taskDestroy({ tenant: ten, id: task.id, reason: 'destroyed', now });
      assert.equal((await store.fileGet({ tenant: ten, id: f.id }))?.state, 'deleted');
      assert.ok((await store.fileListRemovable({ limit: 1000 })).some((r) => r.id === f.id));
    });

    test('retention purging a task deletes its files', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const task = newTask({ tenant: ten, type: ty, now: now - 3 * HOUR });
      await store.taskInsert({ task });
      const { leaseToken } = await claimOne(ty, now - 3 * HOUR);
      const f = record({ tenant: ten, taskId: task.id, leaseToken });
      await store.fileCreate({ file: f });
      await store.fileStored({ id: f.id, size: 1, sha256: '22'.repeat(32), state: 'attempt' });
      await store.taskComplete({ id: task.id, leaseToken, resultJson: null, now: now - 3 * HOUR, retentionMs: HOUR });
      assert.equal((await store.fileGet({ tenant: ten, id: f.id }))?.state, 'ready');
      const { purged } = await store.taskExpire({ now, error: { type: 'about:blank', title: 'x', status: 500, code: 'expired' }, retentionMs: HOUR, limit: 1000 });
      assert.ok(purged.some((t) => t.id === task.id));
      assert.equal((await store.fileGet({ tenant: ten, id: f.id }))?.state, 'deleted');
    });

    test('a failed attempt discards its own files only; a later success keeps the later attempt’s', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const task = newTask({ tenant: ten, type: ty, now });
      await store.taskInsert({ task });
      const first = await claimOne(ty, now);
      const a = record({ tenant: ten, taskId: task.id, leaseToken: first.leaseToken });
      await store.fileCreate({ file: a });
      await store.fileStored({ id: a.id, size: 1, sha256: '33'.repeat(32), state: 'attempt' });
      await store.taskFail({ id: task.id, leaseToken: first.leaseToken, error: { type: 'about:blank', title: 'x', status: 500, code: 'e' }, retryAt: now, now, retentionMs: HOUR });
      assert.equal(await store.fileDiscardAttempt({ taskId: task.id, leaseToken: first.leaseToken }), 1);
      assert.equal((await store.fileGet({ tenant: ten, id: a.id }))?.state, 'deleted');
      await store.taskPromoteDue({ now: now + 1, limit: 100 });
      const second = await claimOne(ty, now + 10);
      const b = record({ tenant: ten, taskId: task.id, leaseToken: second.leaseToken });
      await store.fileCreate({ file: b });
      await store.fileStored({ id: b.id, size: 1, sha256: '44'.repeat(32), state: 'attempt' });
      assert.equal(await store.fileDiscardAttempt({ taskId: task.id, leaseToken: first.leaseToken }), 0);
      await store.taskComplete({ id: task.id, leaseToken: second.leaseToken, resultJson: null, now, retentionMs: HOUR });
      assert.deepEqual((await store.fileListByTasks({ taskIds: [task.id] })).map((x) => x.id), [b.id]);
    });

    test('the sweeper: dead uploads, files of attempts no longer running, expired uploads; nothing else', async () => {
      const now = Date.now();
      const ten = tenant();
      const ty = type();
      const deadUpload = record({ tenant: ten, createdAt: now - 2 * HOUR });
      const liveUpload = record({ tenant: ten, createdAt: now });
      const expired = record({ tenant: ten, expiresAt: now - 1 });
      const kept = record({ tenant: ten, expiresAt: now + HOUR });
      for (const f of [deadUpload, liveUpload, expired, kept]) await store.fileCreate({ file: f });
      await store.fileStored({ id: expired.id, size: 1, sha256: '55'.repeat(32), state: 'ready' });
      await store.fileStored({ id: kept.id, size: 1, sha256: '66'.repeat(32), state: 'ready' });
      // An attempt that crashed: the rescuer gave its task back to the queue.
      const task = newTask({ tenant: ten, type: ty, now });
      await store.taskInsert({ task });
      const claimed = await claimOne(ty, now, 1);
      const crashed = record({ tenant: ten, taskId: task.id, leaseToken: claimed.leaseToken });
      await store.fileCreate({ file: crashed });
      await store.taskRescueExpired({ now: now + 1000, error: { type: 'about:blank', title: 'x', status: 500, code: 'e' }, retentionMs: HOUR, limit: 100 });
      // A running attempt's file, still writing.
      const ty2 = type();
      const running = newTask({ tenant: ten, type: ty2, now });
      await store.taskInsert({ task: running });
      const live = await claimOne(ty2, now);
      const writing = record({ tenant: ten, taskId: running.id, leaseToken: live.leaseToken });
      await store.fileCreate({ file: writing });

      const swept = await store.fileSweep({ now, writingBefore: now - HOUR });
      assert.ok(swept >= 3, `swept ${swept}`);
      const state = async (id: string) => (await store.fileGet({ tenant: ten, id }))?.state;
      assert.equal(await state(deadUpload.id), 'deleted');
      assert.equal(await state(crashed.id), 'deleted');
      assert.equal(await state(expired.id), 'deleted');
      assert.equal(await state(liveUpload.id), 'writing');
      assert.equal(await state(kept.id), 'ready');
      assert.equal(await state(writing.id), 'writing');
      // Deleted while writing: storing it afterwards does not bring it back.
      assert.equal(await store.fileStored({ id: crashed.id, size: 1, sha256: '77'.repeat(32), state: 'attempt' }), null);
    });

    test('holds: a task inserted with heldFiles holds ready files of its tenant while it is unfinished; DELETE and expiry wait, the row goes with the task', async () => {
      const ten = tenant();
      const ty = type();
      const now = Date.now();
      const upload = async (expiresAt: number | null) => {
        const f = record({ tenant: ten, expiresAt });
        await store.fileCreate({ file: f });
        await store.fileStored({ id: f.id, size: 1, sha256: '88'.repeat(32), state: 'ready' });
        return f;
      };
      const held = await upload(now - 1000);
      const alsoHeld = await upload(null);
      const foreign = record({ tenant: 'someone-else', expiresAt: null });
      await store.fileCreate({ file: foreign });
      await store.fileStored({ id: foreign.id, size: 1, sha256: '99'.repeat(32), state: 'ready' });
      const single = newTask({ tenant: ten, type: ty, now });
      await store.taskInsert({ task: { ...single, heldFiles: [held.id, 'fil_unknown', foreign.id] } });
      const bulk = [newTask({ tenant: ten, type: ty, now }), newTask({ tenant: ten, type: ty, now })];
      await store.taskInsertMany({ tasks: [{ ...bulk[0]!, heldFiles: [alsoHeld.id, held.id] }, bulk[1]!] });

      assert.deepEqual(await store.fileHolders({ id: held.id }), [single.id, bulk[0]!.id].sort());
      assert.deepEqual(await store.fileHolders({ id: alsoHeld.id }), [bulk[0]!.id]);
      assert.deepEqual(await store.fileHolders({ id: foreign.id }), [], "another tenant's file is not held");
      assert.equal(await store.fileDelete({ tenant: ten, id: alsoHeld.id }), null, 'a held file is not deleted');
      await store.fileSweep({ now, writingBefore: now - HOUR });
      assert.equal((await store.fileGet({ tenant: ten, id: held.id }))?.state, 'ready', 'an expired upload stays while held');

      // Both holders finish (both canceled): the holds no longer count.
      await store.taskCancel({ tenant: ten, id: single.id, now, error: { type: 'about:blank', title: 'canceled', code: 'canceled' }, retentionMs: HOUR });
      assert.deepEqual(await store.fileHolders({ id: held.id }), [bulk[0]!.id]);
      await store.taskCancel({ tenant: ten, id: bulk[0]!.id, now, error: { type: 'about:blank', title: 'canceled', code: 'canceled' }, retentionMs: HOUR });
      assert.deepEqual(await store.fileHolders({ id: held.id }), []);
      await store.fileSweep({ now, writingBefore: now - HOUR });
      assert.equal((await store.fileGet({ tenant: ten, id: held.id }))?.state, 'deleted', 'expired once nothing holds it');
      assert.equal((await store.fileDelete({ tenant: ten, id: alsoHeld.id }))?.state, 'deleted');
    });

    test('signing keys: the first candidate is kept, later ones are ignored', async () => {
      const first = await store.fileSigningKeys({ candidate: { id: 'k1', secret: 's1', createdAt: 1 } });
      const again = await store.fileSigningKeys({ candidate: { id: 'k2', secret: 's2', createdAt: 2 } });
      assert.deepEqual(first, [{ id: 'k1', secret: 's1', createdAt: 1 }]);
      assert.deepEqual(again, first);
    });
  });
}
