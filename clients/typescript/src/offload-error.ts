import type { components } from './openapi-types.ts';

// Errors the client throws. Every answer that is a problem (RFC 9457) becomes an `OffloadError`
// of the class of its family (by HTTP status), carrying the problem, its `code` (typed from the
// document's registry) and `retryAfter`; `isProblem(err, code)` narrows to one code. Failures
// without an answer are a `NetworkError`; a `wait` that ran out of time is a `WaitTimeoutError`.

export type Problem = components['schemas']['Problem'];
export type ProblemCode = Problem['code'];

export interface ProblemAnswer {
  problem: Problem;
  /** Integer seconds from `Retry-After`, or null. */
  retryAfter: number | null;
  /** The answer's `X-Request-Id`, to find the request in the server's logs. */
  requestId: string | null;
  /** The answer's `Location`, when it has one (`submission-outcome-unknown`). */
  location: string | null;
}

export class OffloadError extends Error {
  readonly status: number;
  /** The registry code; undefined only when the answer was not a problem document (a proxy's page). */
  readonly code: ProblemCode | undefined;
  readonly problem: Problem;
  readonly retryAfter: number | null;
  readonly requestId: string | null;

  constructor(answer: ProblemAnswer) {
    super(answer.problem.detail ?? answer.problem.title);
    this.name = new.target.name;
    this.status = answer.problem.status;
    this.code = answer.problem.code as ProblemCode | undefined;
    this.problem = answer.problem;
    this.retryAfter = answer.retryAfter;
    this.requestId = answer.requestId;
  }
}

/** 400, 408, 413, 415, 422, 428, 431: the request must change before it can succeed. */
export class InvalidRequestError extends OffloadError {}
/** 401: no API key, or one that is not valid (revoked, unknown). */
export class AuthenticationError extends OffloadError {}
/** 403: the key may not do this. */
export class PermissionError extends OffloadError {}
/** 404 (also `result-not-ready`, which carries `retryAfter`) and 405. */
export class NotFoundError extends OffloadError {}
/** 410: the task was destroyed or purged. */
export class GoneError extends OffloadError {}
/** 409, 412: the resource's state or version does not allow it. */
export class ConflictError extends OffloadError {}
/** 429: too many submissions; `retryAfter` says when. */
export class RateLimitedError extends OffloadError {}

/** 503: the server's store is unreachable. With `submission-outcome-unknown` the task may exist. */
export class ServiceUnavailableError extends OffloadError {
  /** `submission-outcome-unknown`: the submission may or may not have been stored. */
  readonly outcomeUnknown: boolean;
  /** The task(s) that may have been created (`submission-outcome-unknown`). */
  readonly taskIds: string[];

  constructor(answer: ProblemAnswer) {
    super(answer);
    this.outcomeUnknown = answer.problem.code === 'submission-outcome-unknown';
    this.taskIds = answer.problem.taskIds ?? (answer.problem.taskId ? [answer.problem.taskId] : []);
  }
}

/** 500 and other 5xx: a fault on the server (500 is a bug there). */
export class ServerError extends OffloadError {}

type ProblemClass = new (answer: ProblemAnswer) => OffloadError;

const BY_STATUS: Record<number, ProblemClass> = {
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  405: NotFoundError,
  409: ConflictError,
  410: GoneError,
  412: ConflictError,
  429: RateLimitedError,
  503: ServiceUnavailableError,
};

/** The error for a problem answer. */
export function problemError(answer: ProblemAnswer): OffloadError {
  const status = answer.problem.status;
  const Class = BY_STATUS[status] ?? (status >= 500 ? ServerError : InvalidRequestError);
  return new Class(answer);
}

/** `err` is the problem `code` (a type guard, so `err.problem`'s extensions can be read). */
export function isProblem<C extends ProblemCode>(err: unknown, code: C): err is OffloadError & { code: C } {
  return err instanceof OffloadError && err.code === code;
}

/** No answer: the connection was refused, reset or timed out, or the name did not resolve. */
export class NetworkError extends Error {
  /** The socket error's code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `UND_ERR_SOCKET`, …) when known. */
  readonly code: string | undefined;
  /** The request provably never reached the server (connection refused): safe to send again. */
  readonly refused: boolean;

  constructor(message: string, options: { code: string | undefined; cause: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'NetworkError';
    this.code = options.code;
    this.refused = options.code === 'ECONNREFUSED';
  }
}

/** `fetch` rejects with a TypeError whose cause (sometimes an AggregateError of several addresses) has the code. */
export function networkError(err: unknown, url: string): NetworkError {
  const cause = (err as { cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : typeof cause?.errors?.[0]?.code === 'string' ? cause.errors[0].code : undefined;
  const detail = typeof cause?.message === 'string' && cause.message ? cause.message : err instanceof Error ? err.message : String(err);
  return new NetworkError(`cannot reach ${url}: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`, { code, cause: err });
}

/** A wait (`wait()`, `batches.wait()`) passed its `timeoutMs` before the task or batch finished. */
export class WaitTimeoutError extends Error {
  /** The id waited for: a task's or a batch's, as `resource` says. */
  readonly id: string;
  readonly resource: 'task' | 'batch';
  /** The same as `id` (from when only tasks were waited for). */
  readonly taskId: string;

  constructor(id: string, resource: 'task' | 'batch' = 'task') {
    super(`timed out waiting for ${resource} ${id}`);
    this.name = 'WaitTimeoutError';
    this.id = id;
    this.resource = resource;
    this.taskId = id;
  }
}
