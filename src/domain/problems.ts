// The one registry of problem codes (RFC 9457). Every error the API returns is one of these;
// the error handler maps a `ProblemError` to `application/problem+json`, the OpenAPI document lists
// them all, and `/problems/{code}` serves their documentation. Never match an error by its text.

export interface ProblemSpec {
  status: number;
  title: string;
  /** What the client should do about it; shown on the problem's documentation page. */
  doc: string;
}

export const PROBLEMS = {
  'malformed-request': {
    status: 400,
    title: 'Malformed request',
    doc: 'The request could not be parsed: invalid JSON, a bad query string, a malformed header or malformed HTTP framing. JSON that cannot be stored as sent is refused too: a number that overflows (`1e309`), an integer beyond ±(2^53 − 1) (send it as a string), a duplicate key, invalid UTF-8, a lone surrogate escape (`"\\ud800"`), nesting deeper than the server’s `limits.jsonDepth` (default 64). Then `errors[0].pointer` names the value where known and `position` is its offset in the body. Fix the request before retrying.',
  },
  'invalid-header': {
    status: 400,
    title: 'Invalid header',
    doc: 'A header has an invalid value or appears more than once where only one is allowed (Idempotency-Key, If-Match, Authorization).',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    doc: 'Send `Authorization: Bearer <api key>`. The key is missing, malformed, unknown or revoked.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    doc: 'The key may not do this: the route needs an admin key or a worker key, a worker key may only claim and report tasks, and only of its own task types.',
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    doc: 'No such route or resource. Tasks of other tenants are reported as not found too.',
  },
  'task-not-found': {
    status: 404,
    title: 'Task not found',
    doc: 'No task with this id (or customId) exists for your tenant.',
  },
  'reservation-not-found': {
    status: 404,
    title: 'Reservation not found',
    doc: 'The id was never reserved with `POST /v1/task-ids`, belongs to another tenant, or the reservation expired. Reserve a new id.',
  },
  'result-not-ready': {
    status: 404,
    title: 'Result not ready',
    doc: 'The task has not finished. The body carries `taskStatus` (the task’s status; `status` is the HTTP status), `position` and `estimatedCompletionAt`; retry after `Retry-After` seconds.',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    doc: 'The route exists but not with this method.',
  },
  'not-acceptable': {
    status: 406,
    title: 'Not acceptable',
    doc: 'The resource cannot be represented in a media type the `Accept` header allows.',
  },
  'request-timeout': {
    status: 408,
    title: 'Request timeout',
    doc: 'The request headers did not arrive in time. Answered by the HTTP layer before any route; the connection is closed. Retry on a new connection.',
  },
  'task-state-conflict': {
    status: 409,
    title: 'Task is in the wrong state',
    doc: 'The operation is not allowed in the task’s current status (e.g. canceling a succeeded task, patching a running one).',
  },
  'task-failed': {
    status: 409,
    title: 'Task failed',
    doc: 'The task failed; `error` holds the reason. There is no result.',
  },
  'task-canceled': {
    status: 409,
    title: 'Task canceled',
    doc: 'The task was canceled; there is no result.',
  },
  'custom-id-conflict': {
    status: 409,
    title: 'customId already used',
    doc: 'A task with this customId exists for your tenant with a different submission. `taskId` names it; look it up or choose another customId.',
  },
  'idempotency-key-in-flight': {
    status: 409,
    title: 'Idempotency key in flight',
    doc: 'The first request with this Idempotency-Key is still being processed. Retry after `Retry-After` seconds, unchanged.',
  },
  'task-gone': {
    status: 410,
    title: 'Task gone',
    doc: 'The task was destroyed or expired and purged. Every call on its id answers 410 from now on.',
  },
  'precondition-failed': {
    status: 412,
    title: 'Precondition failed',
    doc: 'The `If-Match` ETag does not match the task’s current ETag. Fetch the task again and retry with the new ETag.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    doc: 'The body (or the task input, or the bulk array) exceeds the configured limit.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    doc: 'Send `Content-Type: application/json`; uploads (`POST /v1/files`) send the file’s own media type, or `multipart/form-data`.',
  },
  'validation-failed': {
    status: 422,
    title: 'Validation failed',
    doc: 'The body or query does not match the route’s schema. `errors` lists each problem with a JSON Pointer.',
  },
  'unknown-task-type': {
    status: 422,
    title: 'Unknown task type',
    doc: 'No task type with this name is registered on the server. `GET /v1/task-types` lists them.',
  },
  'input-invalid': {
    status: 422,
    title: 'Input does not match the task type’s schema',
    doc: 'The `input` failed the task type’s JSON Schema. `errors` lists each problem with a JSON Pointer into the request body.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency key reused',
    doc: 'This Idempotency-Key was used with a different request body. Use a new key for a new request.',
  },
  'task-id-conflict': {
    status: 422,
    title: 'Task id already used',
    doc: 'A task was already submitted with this reserved id and a different body.',
  },
  'bulk-item-invalid': {
    status: 422,
    title: 'A bulk item is invalid',
    doc: 'With `atomic: true` nothing was created because the item at `index` is invalid; `error` describes it.',
  },
  'batch-invalid': {
    status: 422,
    title: 'Invalid batch',
    doc: 'The batch was refused before any sub-request ran: a duplicate id, a `dependsOn` naming an unknown or later id, members of an `atomicityGroup` that are not adjacent, a nested `/v1/batch`, a method or URL outside `/v1/`, a streaming route, a forbidden header, a reference (`$<id>` URL or `{"$ref": "<id>#<pointer>"}`) to a request not in `dependsOn`, more than `limits.batchMaxRequests` requests or a `dependsOn` chain deeper than `limits.batchMaxDepth`. `errors` points at each problem.',
  },
  'task-dependency-invalid': {
    status: 422,
    title: 'Invalid task dependency',
    doc: '`dependsOn` names a task that does not exist for your tenant (another tenant’s, destroyed or purged tasks count as unknown) or the task itself, or the task would be deeper in its graph than `limits.taskGraphMaxDepth`. `errors` points at each id.',
  },
  'task-group-invalid': {
    status: 422,
    title: 'Invalid execution group',
    doc: '`group.id` names no execution group of your tenant that still takes members (a group stops taking members once one failed).',
  },
  'precondition-required': {
    status: 428,
    title: 'Precondition required',
    doc: 'Send `If-Match` with the task’s current ETag (from `GET /v1/tasks/{id}`).',
  },
  'dependency-failed': {
    status: 424,
    title: 'Dependency failed',
    doc: 'A batch sub-request this one depends on answered with a non-2xx status, so this one was not run. `dependency` names it.',
  },
  'atomic-group-failed': {
    status: 424,
    title: 'Atomic group failed',
    doc: 'Another member of this sub-request’s `atomicityGroup` answered with a non-2xx status, so everything the group did was rolled back (or, for members after it, never run). `failedRequest` names that member.',
  },
  'reference-unresolvable': {
    status: 424,
    title: 'Reference unresolvable',
    doc: 'A `$<id>` URL or a `{"$ref": "<id>#<JSON Pointer>"}` of this batch sub-request could not be resolved: the response it names has no `Location`, or nothing at that pointer. The sub-request was not run.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    doc: 'Your tenant exceeded its submit rate. Retry after `Retry-After` seconds.',
  },
  'request-header-fields-too-large': {
    status: 431,
    title: 'Request header fields too large',
    doc: 'The request line and headers together exceed 16 KB. Answered by the HTTP layer before any route, so the connection is closed. Send shorter headers.',
  },
  'internal-error': {
    status: 500,
    title: 'Internal error',
    doc: 'Something failed on the server. It is logged with the request id; nothing the client sent caused it.',
  },
  'submission-outcome-unknown': {
    status: 503,
    title: 'Submission outcome unknown',
    doc: 'The store failed while the submission was being written, so the task may or may not exist (a commit whose acknowledgement was lost looks like a failure). `taskId` (or `taskIds` for a bulk request) names it and `Location` points at it: look it up, or retry with the same `Idempotency-Key`, which is safe either way.',
  },
  'service-unavailable': {
    status: 503,
    title: 'Service unavailable',
    doc: 'The store is unreachable or the server is shutting down. Retry after `Retry-After` seconds.',
  },
  'webhook-url-refused': {
    status: 422,
    title: 'Webhook URL refused',
    doc: 'Webhook and callback URLs must be https (unless the operator allows http), without credentials, and must not point at private, loopback, link-local or other non-public addresses (unless the operator allow-lists them). Host names are checked again at every delivery.',
  },
  'lease-not-found': {
    status: 404,
    title: 'Lease not found',
    doc: 'No attempt with this lease token exists that your key may report for (malformed token, another tenant’s task, or a task type your worker key does not serve).',
  },
  'lease-lost': {
    status: 409,
    title: 'Lease lost',
    doc: 'The attempt this lease token belonged to is over: the lease expired and the task was retried, the task finished, was canceled or destroyed, or the attempt passed its deadline (`reason: "timeout"`). Stop working on it; nothing you send for it is recorded.',
  },
  'queue-not-found': {
    status: 404,
    title: 'Queue not found',
    doc: 'No task type with this name is registered, so there is no such queue. `GET /v1/queues` lists them.',
  },
  'schedule-not-found': {
    status: 404,
    title: 'Schedule not found',
    doc: 'No schedule with this id exists for your tenant.',
  },
  'batch-not-found': {
    status: 404,
    title: 'Batch not found',
    doc: 'No batch with this id exists for your tenant (or it was purged after `retention.batchSeconds`). Only asynchronous batches (`Prefer: respond-async`) are stored.',
  },
  'task-group-not-found': {
    status: 404,
    title: 'Execution group not found',
    doc: 'No execution group with this id exists for your tenant.',
  },
  'webhook-endpoint-not-found': {
    status: 404,
    title: 'Webhook endpoint not found',
    doc: 'No webhook endpoint (or delivery of it) with this id exists for your tenant.',
  },
  'webhook-callback-secret-not-found': {
    status: 404,
    title: 'No callback signing secret',
    doc: 'Your tenant has no callback signing secret yet: create one with `POST /v1/webhook-callback-secret`. Until then callbackUrl deliveries are unsigned.',
  },
  'file-not-found': {
    status: 404,
    title: 'File not found',
    doc: 'No file with this id exists for your tenant.',
  },
  'file-gone': {
    status: 410,
    title: 'File gone',
    doc: 'The file was deleted: by a client, because it expired, or with the task that made it (destroyed or purged). Its links answer 410 from now on.',
  },
  'file-held': {
    status: 409,
    title: 'File held by a task',
    doc: 'A task that is pending, queued or running was submitted with this file in its input and holds it until it finishes (`tasks` names them). Delete the file once they are done, or cancel them.',
  },
  'download-not-found': {
    status: 404,
    title: 'Download link not found',
    doc: 'The download link is malformed or its signature does not verify (it was changed, or signed with a key the server no longer has). Ask the API for a fresh link: the task document’s `files[].href`, or `GET /v1/files/{id}`.',
  },
  'download-expired': {
    status: 410,
    title: 'Download link expired',
    doc: 'The signed link is past its `hrefExpiresAt`. Ask the API for a fresh one: the task document’s `files[].href`, or `GET /v1/files/{id}`.',
  },
  'range-not-satisfiable': {
    status: 416,
    title: 'Range not satisfiable',
    doc: 'The `Range` header asks for bytes the file does not have. `Content-Range: bytes */<size>` gives its size.',
  },
} as const satisfies Record<string, ProblemSpec>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface FieldError {
  /** JSON Pointer (RFC 6901) into the request (body or query). */
  pointer: string;
  detail: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ProblemCode;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemType(code: ProblemCode): string {
  return `/problems/${code}`;
}

/** Thrown anywhere below the API; the error handler renders it. */
export class ProblemError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail?: string,
    options: { extensions?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail ?? PROBLEMS[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProblemError';
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toBody(instance?: string): ProblemBody {
    const spec = PROBLEMS[this.code];
    return {
      type: problemType(this.code),
      title: spec.title,
      status: spec.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      code: this.code,
      ...this.extensions,
    };
  }
}
