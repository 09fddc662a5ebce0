import type { Row } from './executor.ts';

// Groups the taskComplete calls of one event-loop turn into one statement. Each completion on its
// own costs a commit (a WAL flush) and a lock on its type's statistics row, so runners completing
// in parallel would queue behind each other; one statement for all of them costs one of each.

export interface Completion {
  id: string;
  leaseToken: string;
  resultJson: string | null;
  now: number;
  retentionMs: number;
}

const MAX_BATCH = 500;

interface Waiting {
  item: Completion;
  resolve(row: Row | null): void;
  reject(err: unknown): void;
}

export class CompleteBatcher {
  readonly #run: (items: Completion[]) => Promise<Row[]>;
  #queue: Waiting[] = [];
  #scheduled = false;

  /** `run` completes the items in one statement and returns the rows it changed. */
  constructor(run: (items: Completion[]) => Promise<Row[]>) {
    this.#run = run;
  }

  complete(item: Completion): Promise<Row | null> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    this.#queue = [];
    while (queue.length > 0) {
      // An id twice in one statement would match one row for both callers: it waits for the next.
      const batch: Waiting[] = [];
      const ids = new Set<string>();
      const rest: Waiting[] = [];
      for (const w of queue) {
        if (batch.length < MAX_BATCH && !ids.has(w.item.id)) {
          ids.add(w.item.id);
          batch.push(w);
        } else {
          rest.push(w);
        }
      }
      queue.splice(0, queue.length, ...rest);
      void this.#send(batch);
    }
  }

  async #send(batch: Waiting[]): Promise<void> {
    try {
      const rows = await this.#run(batch.map((w) => w.item));
      const byId = new Map(rows.map((r) => [r.id as string, r]));
      for (const w of batch) w.resolve(byId.get(w.item.id) ?? null);
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
