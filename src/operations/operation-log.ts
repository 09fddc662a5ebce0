/**
 * Where a command reports what must not change its answer (a record that could not be finished, a
 * cleanup that threw). Routes pass the request's logger, so the line carries the request id.
 */
export interface OperationLog {
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}
