import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../../src/store/store.ts';
import { type OpenedStore, type OpenStore, uid } from './harness.ts';

// The chunk part of the Store contract (src/store/file-chunk-store.ts): bytes in, the chunk holding
// an offset, the next one, and removal.

export function fileChunkStoreContract(open: OpenStore): void {
  describe('file chunks', () => {
    let opened: OpenedStore;
    let store: Store;
    before(async () => {
      opened = await open();
      store = opened.store;
    });
    after(async () => {
      await opened.close();
    });

    test('chunks round-trip as bytes, are found by offset in order, and are deleted per blob', async () => {
      const key = `blob_${uid()}`;
      const other = `blob_${uid()}`;
      const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
      await store.fileChunkPut({ blobKey: key, pos: 0, data: bytes(4, 1) });
      await store.fileChunkPut({ blobKey: key, pos: 4, data: bytes(4, 2) });
      await store.fileChunkPut({ blobKey: key, pos: 8, data: Buffer.from([0, 255, 3]) });
      await store.fileChunkPut({ blobKey: other, pos: 0, data: bytes(2, 9) });

      const at = await store.fileChunkAt({ blobKey: key, pos: 5 });
      assert.equal(at?.pos, 4);
      assert.deepEqual([...at!.data], [2, 2, 2, 2]);
      assert.equal((await store.fileChunkAt({ blobKey: key, pos: 0 }))?.pos, 0);
      const last = await store.fileChunkAfter({ blobKey: key, pos: 4 });
      assert.equal(last?.pos, 8);
      assert.deepEqual([...last!.data], [0, 255, 3]);
      assert.equal(await store.fileChunkAfter({ blobKey: key, pos: 8 }), null);
      assert.equal(await store.fileChunkAt({ blobKey: `blob_${uid()}`, pos: 0 }), null);

      assert.equal(await store.fileChunksDelete({ blobKey: key }), 3);
      assert.equal(await store.fileChunkAt({ blobKey: key, pos: 0 }), null);
      assert.equal((await store.fileChunkAt({ blobKey: other, pos: 0 }))?.pos, 0, 'other blobs stay');
    });
  });
}
