import type { components, operations } from './openapi-types.ts';

// Names for the generated types (openapi-types.ts) that the client's methods take and return.

type Schemas = components['schemas'];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Answer<O extends keyof operations, S extends keyof operations[O]['responses']> = JsonOf<operations[O]['responses'][S]>;
type BodyOf<O extends keyof operations> = operations[O] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type TaskDocument = Schemas['Task'];
export type TaskStatus = TaskDocument['status'];
export type TaskError = Schemas['TaskError'];
export type TaskSubmission = Schemas['TaskSubmission'];
export type TaskChanges = BodyOf<'updateTask'>;
export type TaskPage = Answer<'listTasks', 200>;
export type TaskListQuery = Omit<NonNullable<operations['listTasks']['parameters']['query']>, 'metadata' | 'cursor'> & {
  /** Only tasks whose metadata has each of these keys with these values (`metadata.<key>=<value>`). */
  metadata?: Record<string, string>;
};
export type BulkItem = Answer<'submitTasksBulk', 202>['items'][number];
export type TaskType = Answer<'listTaskTypes', 200>['items'][number];
export type ReservedTaskId = Answer<'reserveTaskId', 201>;
export type WebhookEndpoint = Answer<'getWebhookEndpoint', 200>;
export type NewWebhookEndpoint = BodyOf<'createWebhookEndpoint'>;
export type WebhookEndpointChanges = BodyOf<'updateWebhookEndpoint'>;
export type WebhookDelivery = Answer<'listWebhookDeliveries', 200>['items'][number];
export type WebhookCallbackSecret = Answer<'getWebhookCallbackSecret', 200>;
export type Queue = Answer<'listQueues', 200>['items'][number];
export type QueueThroughput = Answer<'getQueueThroughput', 200>;
export type QueuePauseState = Answer<'pauseQueue', 200>;
export type WorkerInfo = Answer<'listWorkers', 200>['items'][number];
export type Schedule = Answer<'getSchedule', 200>;
export type SchedulePage = Answer<'listSchedules', 200>;
export type ScheduleListQuery = NonNullable<operations['listSchedules']['parameters']['query']>;
/** The document has `task` as any object; here it is the submission it is validated as (less the two fields a schedule refuses). */
export type NewSchedule = Omit<BodyOf<'createSchedule'>, 'task'> & { task: Omit<TaskSubmission, 'customId' | 'runAt'> };
export type Caller = Answer<'getCaller', 200>;
export type ApiKey = Answer<'listApiKeys', 200>['items'][number];
export type NewApiKey = BodyOf<'createApiKey'>;
export type ClaimRequest = BodyOf<'claimTasks'>;
export type ClaimedTask = Answer<'claimTasks', 200>['tasks'][number];
export type LeaseStatus = Answer<'heartbeatLease', 200>;
export type LeaseProgress = BodyOf<'reportLeaseProgress'>;
export type LeaseFailure = BodyOf<'failLease'>;
export type LeaseReport = Answer<'completeLease', 200>;

export type FileDocument = Schemas['File'];
export type FilePage = Answer<'listFiles', 200>;
export type FileListQuery = NonNullable<operations['listFiles']['parameters']['query']>;
export type BatchRequest = BodyOf<'submitBatch'>['requests'][number];
export type BatchSubResponse = Answer<'submitBatch', 200>['responses'][number];
export type BatchDocument = Schemas['Batch'];
export type BatchStatus = BatchDocument['status'];
export type BatchSummary = Answer<'listBatches', 200>['items'][number];
export type BatchPage = Answer<'listBatches', 200>;
export type BatchListQuery = Omit<NonNullable<operations['listBatches']['parameters']['query']>, 'status'> & {
  /** Only batches in these statuses (sent as a comma list). */
  status?: BatchStatus | BatchStatus[];
};
export type TaskGroup = Answer<'getTaskGroup', 200>;
export type TaskGroupStatus = TaskGroup['status'];

export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['succeeded', 'failed', 'canceled']);

export function isTerminal(status: TaskStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}
