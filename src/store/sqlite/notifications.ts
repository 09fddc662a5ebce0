import { StoreEventHub } from '../store-event-hub.ts';

// SQLite announces changes in this process only (capabilities.crossProcessEvents is false: another
// process's changes are noticed by polling). The methods collect their events in a sink; the store
// emits a sink after its transaction committed and drops it on rollback, so a listener never hears
// of a change that did not happen.

export interface EventSink {
  changed: string[];
  available: Set<string>;
}

export function newSink(): EventSink {
  return { changed: [], available: new Set() };
}

/** Moves the events of a finished unit of work (a savepoint, a statement) into its transaction's sink. */
export function mergeSink(into: EventSink, from: EventSink): void {
  for (const id of from.changed) into.changed.push(id);
  for (const type of from.available) into.available.add(type);
}

/** The store's listeners, and how a committed sink reaches them. */
export class SqliteNotifications {
  readonly events = new StoreEventHub((err) => {
    // A listener's bug must not turn a committed change into a failed call: report it out of band.
    queueMicrotask(() => {
      throw err;
    });
  });

  emit(sink: EventSink): void {
    for (const id of sink.changed) this.events.emitChanged(id);
    for (const type of sink.available) this.events.emitAvailable(type);
  }
}
