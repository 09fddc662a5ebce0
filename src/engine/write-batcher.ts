// Group commit over a plural store method (River's jobcompleter, graphile-worker's
// batchCompleteJobs): the writes that callers make in one event-loop turn go to the database as one
// call of `many` (one transaction, one commit; on PostgreSQL one statement) instead of one each.
// Each caller still gets its own result. The store stays a plain set of statements; deciding what
// to group is the caller's business, and it is decided here, once.

export interface WriteBatcherOptions<I, R> {
  /** The plural write: one result per item, in item order (taskCompleteMany, taskInsertMany). */
  many(items: I[]): Promise<R[]>;
  /** The singular write: for a batch of one, and for retrying the items of a failed batch alone. */
  one(item: I): Promise<R>;
  /** Bounds one call's size (how long it holds SQLite's write lock, how big one statement grows). */
  maxBatch: number;
  /**
   * Items with the same key never share a batch: a later one goes to the next batch of the turn.
   * (One statement can change a row once, so a second completion of the same attempt must run after
   * the first to find its lease gone.)
   */
  key?(item: I): string;
  /**
   * When `many` fails as a whole: 'reject' every caller of the batch with its error, or 'retry-each'
   * item alone through `one`, so that each caller gets its own outcome (a conflict, an outage)
   * exactly as without batching.
   */
  onBatchFailure: 'reject' | 'retry-each';
}

export interface WriteBatcher<I, R> {
  write(item: I): Promise<R>;
}

interface Waiter<I, R> {
  item: I;
  resolve(result: R): void;
  reject(err: unknown): void;
}

export function createWriteBatcher<I, R>(options: WriteBatcherOptions<I, R>): WriteBatcher<I, R> {
  const { many, one, maxBatch, key, onBatchFailure } = options;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError('write batcher: maxBatch must be a positive integer');
  let queue: Waiter<I, R>[] = [];
  let scheduled = false;

  const alone = (w: Waiter<I, R>) => one(w.item).then(w.resolve, w.reject);

  /** Settles every waiter of the batch itself and never rejects. */
  async function send(batch: Waiter<I, R>[]): Promise<void> {
    if (batch.length === 1) return alone(batch[0]!);
    let results: R[];
    try {
      results = await many(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`write batcher: ${results.length} results for ${batch.length} items`);
    } catch (err) {
      if (onBatchFailure === 'retry-each') await Promise.all(batch.map(alone));
      else for (const w of batch) w.reject(err);
      return;
    }
    for (const [i, w] of batch.entries()) w.resolve(results[i]!);
  }

  /** The first batch of `waiting` (up to maxBatch, each key at most once) and what is left, in order. */
  function take(waiting: Waiter<I, R>[]): [Waiter<I, R>[], Waiter<I, R>[]] {
    if (!key) return [waiting.slice(0, maxBatch), waiting.slice(maxBatch)];
    const batch: Waiter<I, R>[] = [];
    const rest: Waiter<I, R>[] = [];
    const keys = new Set<string>();
    for (const w of waiting) {
      const k = key(w.item);
      if (batch.length < maxBatch && !keys.has(k)) {
        keys.add(k);
        batch.push(w);
      } else {
        rest.push(w);
      }
    }
    return [batch, rest];
  }

  function flush(): void {
    scheduled = false;
    let waiting = queue;
    queue = [];
    // The batches of one turn go out together; each settles its own callers.
    while (waiting.length > 0) {
      const [batch, rest] = take(waiting);
      void send(batch);
      waiting = rest;
    }
  }

  return {
    write(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          // After the I/O phase: every call made in this turn joins the batch.
          setImmediate(flush);
        }
      });
    },
  };
}
