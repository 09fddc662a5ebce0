// @offload/client: a typed client for the Offload HTTP API.
export type {
  ApiKey,
  BatchDocument,
  BatchListQuery,
  BatchPage,
  BatchRequest,
  BatchStatus,
  BatchSubResponse,
  BatchSummary,
  BulkItem,
  Caller,
  ClaimedTask,
  ClaimRequest,
  FileDocument,
  FileListQuery,
  FilePage,
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
  TaskGroup,
  TaskGroupStatus,
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
export type { BatchAccepted, BatchAnswered, BatchMethods, BatchOptions, BatchPoll, BatchWaitOptions } from './batch-methods.ts';
export type { ByteRange, ContentOptions, FileContent } from './file-content.ts';
export type { FileMethods, UploadOptions } from './file-methods.ts';
export type { RequestContent, RequestOptions, RetryEvent } from './http-transport.ts';
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
export type { UploadBody } from './upload-body.ts';
export type { Poll, WaitOptions } from './task-waiter.ts';
export type { components, operations, paths } from './openapi-types.ts';
