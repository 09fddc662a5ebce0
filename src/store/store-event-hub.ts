import type { StoreEvents } from './store.ts';

// In-process fan-out of a store's task events, the same for both dialects. A store emits its own
// changes here after they commit (and, on PostgreSQL, other processes' changes as they arrive over
// LISTEN). A listener that throws is handed to `onListenerError` and never fails the emitting call.

export class StoreEventHub implements StoreEvents {
  readonly #available = new Set<(type: string) => void>();
  readonly #changed = new Set<(taskId: string) => void>();
  readonly #onListenerError: (err: unknown) => void;

  constructor(onListenerError: (err: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  onTaskAvailable(listener: (type: string) => void): () => void {
    const wrapped = (type: string) => listener(type);
    this.#available.add(wrapped);
    return () => this.#available.delete(wrapped);
  }

  onTaskChanged(listener: (taskId: string) => void): () => void {
    const wrapped = (id: string) => listener(id);
    this.#changed.add(wrapped);
    return () => this.#changed.delete(wrapped);
  }

  emitAvailable(type: string): void {
    for (const l of this.#available) this.#call(l, type);
  }

  emitChanged(taskId: string): void {
    for (const l of this.#changed) this.#call(l, taskId);
  }

  #call(listener: (arg: string) => void, arg: string): void {
    try {
      listener(arg);
    } catch (err) {
      this.#onListenerError(err);
    }
  }
}
