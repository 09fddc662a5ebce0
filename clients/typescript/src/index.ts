// @offload/client: a typed client for the Offload HTTP API.
export type {
  ApiKey,
  BulkItem,
  Caller,
  ClaimedTask,
  ClaimRequest,
  LeaseFailure,
  LeaseProgress,
  LeaseReport,
  LeaseStatus,
  NewApiKey,
  NewSchedule,
  NewWebhookEndpoint,
  Queue,
  QueueThroughput,
  QueuePauseState,
  ReservedTaskId,
  Schedule,
  ScheduleListQuery,
  SchedulePage,
  TaskChanges,
  TaskDocument,
  TaskError,
  TaskListQuery,
  TaskPage,
  TaskStatus,
  TaskSubmission,
  TaskType,
  WebhookCallbackSecret,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointChanges,
  WorkerInfo,
} from './api-types.ts';
export { isTerminal, TERMINAL_STATUSES } from './api-types.ts';
export type { RequestOptions, RetryEvent } from './http-transport.ts';
export {
  AuthenticationError,
  ConflictError,
  GoneError,
  InvalidRequestError,
  isProblem,
  NetworkError,
  NotFoundError,
  OffloadError,
  PermissionError,
  type Problem,
  type ProblemCode,
  RateLimitedError,
  ServerError,
  ServiceUnavailableError,
  WaitTimeoutError,
} from './offload-error.ts';
export type { OffloadClientOptions } from './client-options.ts';
export { type Called, type CallOptions, OffloadClient } from './offload-client.ts';
export { OffloadWorkerClient, type OffloadWorkerClientOptions } from './offload-worker-client.ts';
export { OPERATIONS, type OperationId, type OperationSpec, type RetrySafety } from './operations.ts';
export type { RetryOptions } from './retry-policy.ts';
export type { BulkSubmitted, SubmitOptions, Submitted } from './submitted.ts';
export type { TaskEvent } from './task-events.ts';
export type { Poll, WaitOptions } from './task-waiter.ts';
export type { components, operations, paths } from './openapi-types.ts';
