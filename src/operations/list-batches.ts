import type { BatchListResult, BatchRow } from '../store/batch-store.ts';
import type { Store } from '../store/store.ts';

// List stored batches (GET /v1/batches): newest first, cursor-paginated, optionally by status. The
// route checks the cursor's form; each item is the dispatch only (no task summary per batch).

export function listBatches(
  store: Store,
  params: { tenant: string | null; statuses?: BatchRow['status'][]; limit: number; cursor?: string },
): Promise<BatchListResult> {
  return store.batchList(params);
}
