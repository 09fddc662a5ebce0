// Generated from docs/openapi.json by openapi-typescript (clients/typescript/scripts/generate-types.ts).
// Do not edit: change the route schemas on the server, then run `npm run client:types`.

export interface paths {
    "/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tasks
         * @description Newest first, cursor-paginated. `status` takes a comma list; `metadata.<key>=<value>` matches metadata exactly. Query errors point at `/query/<name>`.
         */
        get: operations["listTasks"];
        put?: never;
        /**
         * Submit a task
         * @description Validates `type` and `input`, stores the task and answers 202 with a status monitor. `Prefer: wait=N` holds the request until the task finishes (201) or N seconds pass (202); without `Prefer` the type’s `syncWaitSeconds` applies; inside an atomic batch group no wait is held (nothing commits before the group does). Validation pointers point into the body.
         */
        post: operations["submitTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a task (status monitor)
         * @description Strong `ETag` (`"<version>-<digest>"`; estimates move it too), `If-None-Match` → 304, `Retry-After` while unfinished. `Prefer: wait=N` long-polls: the answer comes as soon as the task changes, or after N seconds; when `If-None-Match` names an older version it comes at once, and inside an atomic batch group too.
         */
        get: operations["getTask"];
        /**
         * Submit a task under a reserved id
         * @description Like `POST /v1/tasks` with an id from `POST /v1/task-ids`. Same body again → the same task (200); another body → 422 `task-id-conflict`; unknown or expired reservation → 404 `reservation-not-found`. PUT is idempotent by the reserved id, so an `Idempotency-Key` is validated like on `POST /v1/tasks` (a malformed or repeated header is 400 `invalid-header`) and otherwise ignored.
         */
        put: operations["submitTaskWithId"];
        post?: never;
        /**
         * Destroy a task
         * @description Cancels it if active, runs the type’s cleanup, deletes result and input and leaves a tombstone: 204, or 202 while a running handler is still stopping. Every later call on the id answers 410.
         */
        delete: operations["destroyTask"];
        options?: never;
        head?: never;
        /**
         * Change a task that has not started
         * @description Only while pending or queued (else 409). `If-Match` with the ETag from `GET /v1/tasks/{id}` is required (428 without it, 412 when the task changed since). A tag matches when its version part is current.
         */
        patch: operations["updateTask"];
        trace?: never;
    };
    "/v1/task-ids": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reserve a task id
         * @description Hands out an id to submit with `PUT /v1/tasks/{id}` before it expires.
         */
        post: operations["reserveTaskId"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Submit many tasks
         * @description Up to 1000 submissions (more → 413). Each item answers with the status it would get alone (202 created, 200 customId replay, 4xx with `error`; item error pointers point into the item). `atomic: true` creates all or nothing: 422 `bulk-item-invalid` names the failing `index`.
         */
        post: operations["submitTasksBulk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a task’s result
         * @description Succeeded → the result JSON. Not finished → 404 `result-not-ready` + `Retry-After`, the problem carrying `taskId`, `taskStatus` (the task’s status: RFC 9457 reserves `status` for the HTTP status), `position` (queued tasks) and `estimatedCompletionAt` (once the type has duration statistics). Failed → 409 `task-failed`, canceled → 409 `task-canceled`, both with the task’s `error`. A result that is one file → 303 to its signed download link.
         */
        get: operations["getTaskResult"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/task-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List task types
         * @description The task types this server accepts, with their input JSON Schemas and defaults.
         */
        get: operations["listTaskTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a task’s events (Server-Sent Events)
         * @description A `text/event-stream` that follows the task. First a `status` event (no id) with the current task document; then `event: status` whenever the task’s status changes (running, or pending/queued again for a retry) and `event: completed` once it succeeded, failed or was canceled, each with `id: <task version>` (a per-task sequence) and the task document as `data`; while the task runs, `progress` events (no id, so resuming is unaffected) whenever its progress changes; a `: keep-alive` comment every 15 s. The stream closes after `completed`. Reconnecting with `Last-Event-ID` (or `?lastEventId=`) starts again from the current document; a finished task’s `completed` carries an id only if the task changed after that id. Changes between two looks are coalesced (states, not a history: webhooks deliver every transition). Polling `GET /v1/tasks/{id}` stays the primary path.
         */
        get: operations["streamTaskEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a task
         * @description Pending/queued → canceled now (200). Running → `cancelRequested: true`, the handler’s signal fires (202). Already canceled → 200. Succeeded/failed → 409.
         */
        post: operations["cancelTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the store is reachable and its schema is current */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI 3.1 document */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/problems": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Index of problem types */
        get: operations["listProblemTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/problems/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Documentation of one problem type */
        get: operations["getProblemType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key this request is authenticated with: its tenant and role
         * @description An admin key acts on every tenant; a tenant key on its own tenant only.
         */
        get: operations["getCaller"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never the keys themselves) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create an API key (shown once) */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key (at once on this node, within 5 s on the others) */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint (the signing secret is shown once)
         * @description Without `eventTypes` the endpoint gets every event type except `task.progress`, which is opt-in: list it explicitly. Progress events are throttled to at most one per task per `webhooks.progressIntervalSeconds` (default 5), carrying the latest progress, and go to endpoints only, never to a task’s callbackUrl.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook endpoint */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /** Change a webhook endpoint (url, filter, description; `disabled: false` re-enables it) */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the signing secret (the old one keeps signing for `overlapSeconds`, default 24 h) */
        post: operations["rotateWebhookEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries of an endpoint, newest first, each with every attempt */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again (same webhook-id and body), now */
        post: operations["redeliverWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook-callback-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The callback signing secret’s metadata (never the secret) */
        get: operations["getWebhookCallbackSecret"];
        put?: never;
        /**
         * Create or rotate the secret that signs callbackUrl deliveries (shown once)
         * @description Per tenant. Without one, callbackUrl deliveries are unsigned. On rotation the previous secret keeps signing (a second `webhook-signature` entry) for `overlapSeconds`, default 24 h.
         */
        post: operations["rotateWebhookCallbackSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workers/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim leased tasks (HTTP workers)
         * @description Up to `max` queued tasks of `types`, each leased to the caller for `worker.leaseSeconds` (renew with heartbeat). With `waitSeconds` the request is held until work is there or the time is up (then `tasks: []`). Paused queues and tenants at their concurrency limit are skipped. A worker key claims only its own types (403 otherwise), of its own tenant unless it serves every tenant.
         */
        post: operations["claimTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leases/{token}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Renew a lease (HTTP workers)
         * @description Extends the lease by `worker.leaseSeconds`; the answer says whether a cancel was requested.
         */
        post: operations["heartbeatLease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leases/{token}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report progress (HTTP workers)
         * @description Shown in the task document (`progress.source: "reported"`); renews the lease too.
         */
        post: operations["reportLeaseProgress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leases/{token}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a result (HTTP workers)
         * @description The attempt succeeded with `result` (any JSON, at most `limits.resultBytes`; a larger one fails the task permanently, as in-process). A late report of a lost attempt is 409 `lease-lost`.
         */
        post: operations["completeLease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leases/{token}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a failure (HTTP workers)
         * @description Retried with backoff while attempts are left (after `retryAfterSeconds` when given, capped at `tasks.retryMaxSeconds`); `permanent: true` fails the task at once. After a heartbeat said `cancelRequested`, this records the cancel.
         */
        post: operations["failLease"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tasks/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a failed or canceled task
         * @description The task goes back to its queue with the same id for at least one more attempt (`attempts.max` grows to `attempts.count + 1` when it was used up); its error and result are cleared. Any other status is 409.
         */
        post: operations["retryTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/queues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the queues
         * @description One per task type: depth by status, the oldest queued task’s age, and whether it is paused. Your tenant’s tasks; every tenant’s with an admin key.
         */
        get: operations["listQueues"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/queues/throughput": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tasks succeeded and failed per minute
         * @description Per minute over the last `minutes` (default 60, at most 1440; as far back as finished tasks are kept), from the tasks’ finish times: the same on every node. One `type`, or every type. Your tenant’s tasks; every tenant’s with an admin key.
         */
        get: operations["getQueueThroughput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/queues/{type}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a queue
         * @description Submissions are still accepted; nothing of the queue is claimed by any runner or HTTP worker until it is resumed. For your tenant; with an admin key for every tenant.
         */
        post: operations["pauseQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/queues/{type}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a queue
         * @description Claims of the queue start again at once. A tenant key lifts its own pause, an admin key the pause for every tenant.
         */
        post: operations["resumeQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the live workers
         * @description In-process runners and HTTP workers that were heard of recently (a heartbeat within max(3 × worker.heartbeatSeconds, limits.waitMaxSeconds + worker.leaseSeconds)): types, concurrency, last heartbeat. A tenant key sees the runners and the HTTP workers serving its tenant.
         */
        get: operations["listWorkers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List schedules
         * @description Oldest first, in pages (`nextCursor`).
         */
        get: operations["listSchedules"];
        put?: never;
        /**
         * Create a recurring task
         * @description Each tick of `cron` (five fields, or six with seconds first) in `timezone` (IANA, default UTC) submits `task` once, on exactly one node however many run. The body is validated now as `POST /v1/tasks` would (pointers under `/task`); `customId` and `runAt` cannot be used. Every task gets `metadata.scheduleId` and `metadata.scheduledFor` (the tick). `overlap: "skip"` skips a tick while the previous task is unfinished. Ticks missed while no node ran (or while the schedule fell behind) are not all submitted: one catch-up task for the latest tick that passed, the earlier ones are skipped. Ticks that fall in a pause are not submitted.
         */
        post: operations["createSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a schedule */
        get: operations["getSchedule"];
        put?: never;
        post?: never;
        /**
         * Delete a schedule
         * @description No further tick is submitted; tasks it already submitted are not touched.
         */
        delete: operations["deleteSchedule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedules/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a schedule
         * @description No tick is submitted until resumed.
         */
        post: operations["pauseSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedules/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a schedule
         * @description Ticks start again from the next one after now; ticks that fell in the pause are not submitted.
         */
        post: operations["resumeSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List files
         * @description Uploads and files tasks produced, newest first, cursor-paginated.
         */
        get: operations["listFiles"];
        put?: never;
        /**
         * Upload a file
         * @description The body is the file, with its own `Content-Type` and `?name=` (required), or `multipart/form-data` with one file part (its filename unless `?name=` is given). Streamed, at most `limits.uploadBytes` (413). `application/x-www-form-urlencoded` is refused (415): it is what curl sends unless told otherwise, not a file type. Names are plain file names (no `/`, `\`, control characters). The file is kept `files.uploadRetentionSeconds` (`expiresAt`). Uploads are not part of batches.
         */
        post: operations["uploadFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a file’s metadata
         * @description With a fresh signed download link (`href`).
         */
        get: operations["getFile"];
        put?: never;
        post?: never;
        /**
         * Delete a file
         * @description Its bytes are removed and its links answer 410 from now on; so does its id. A file that a pending, queued or running task was submitted with (an `import` or `lomo` input) is held by it: 409 `file-held` names the tasks.
         */
        delete: operations["deleteFile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a file (API key)
         * @description Strong `ETag` (the sha256, quoted), `If-None-Match` → 304, one `Range` → 206 (`If-Range` honoured), 416 past the end, `Content-Disposition: attachment` with the name (RFC 6266 `filename*`).
         */
        get: operations["getFileContent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/downloads/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a file through a signed link
         * @description No API key: the signed token is the authority, so a browser can follow the link. A malformed or tampered token is 404, an expired link or a deleted file 410. Strong `ETag` (the sha256, quoted), `If-None-Match` → 304, one `Range` → 206 (`If-Range` honoured), 416 past the end, `Content-Disposition: attachment` with the name (RFC 6266 `filename*`).
         */
        get: operations["download"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run many API calls in one request
         * @description Up to 100 sub-requests (`limits.batchMaxRequests`), each dispatched in process to its own route — same key, tenant, validation, limits and problem documents as if called directly; headers such as `Idempotency-Key`, `Prefer` and `If-Match` are the sub-request’s own. The answer lists every sub-response in request order.
         *
         *     Independent sub-requests run concurrently (at most 8, `limits.batchConcurrency`); one runs only after every id in its `dependsOn` (earlier ids only) answered, and not at all when one of them answered non-2xx (424 `dependency-failed`).
         *
         *     References: a `url` `$<id>/rest` is `<id>`’s `Location` + `/rest`; a body value `{"$ref": "<id>#<JSON Pointer>"}` is the value at that pointer of `<id>`’s response body (`<id>` must be in `dependsOn`); unresolvable → 424 `reference-unresolvable`. An object whose `$ref` has no `<id>#` prefix is sent as it is.
         *
         *     An `atomicityGroup` (adjacent members) runs in one store transaction, member after member: when one answers non-2xx everything the group wrote — tasks, idempotency records, webhook events — is rolled back and the others answer 424 `atomic-group-failed`. Inside a group `Prefer: wait` is not honoured (nothing commits before the group does) and a long-poll answers at once. Work already done outside the database is undone by task compensation (`group` on tasks), not by the transaction.
         *
         *     The structure is checked before anything runs (422 `batch-invalid`, one pointer per problem): duplicate ids, forward or unknown `dependsOn`, non-adjacent groups, a nested `/v1/batch`, a URL outside `/v1/`, a streaming route (`/events`), `Authorization` or framing headers, references to requests not in `dependsOn`, a `dependsOn` chain deeper than `limits.batchMaxDepth`. The whole body is limited by `limits.batchBodyBytes`.
         *
         *     `Prefer: respond-async` stores the batch and answers 202 with its status monitor (`Location: /v1/batches/{id}`); it is dispatched in the background and finishes even if the node that accepted it dies (another node takes it over; a POST sub-request without an `Idempotency-Key` gets one derived from the batch and its id, so a re-run replays). A synchronous batch is not stored.
         */
        post: operations["submitBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a batch (status monitor)
         * @description A stored batch: its sub-responses so far and the progress of the tasks they created. `Retry-After` until it is `completed`; strong `ETag`, `If-None-Match` → 304; `Prefer: wait=N` long-polls: the answer comes as soon as the dispatch or a task’s status changes, or after N seconds.
         */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List batches
         * @description Stored (asynchronous) batches, newest first, cursor-paginated; `status` takes a comma list. Each item is the dispatch only: the work progress is on the batch’s own document.
         */
        get: operations["listBatches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/task-groups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an execution group
         * @description `running` until every member succeeded (`succeeded`). When a member fails for good (failed or canceled), the unfinished members are canceled and every member that succeeded is undone by its type’s `compensate`, run as a task of its own (`compensation` of the member): `compensating`, then `compensated` when all of them succeeded or `compensation-failed` when one did not. Members of types without `compensate` are not compensated.
         */
        get: operations["getTaskGroup"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The task document: a status monitor with progress, position, estimates and links. */
        Task: {
            id: string;
            type: string;
            /** @enum {string} */
            status: "pending" | "queued" | "running" | "succeeded" | "failed" | "canceled";
            customId?: string;
            priority: number;
            metadata?: {
                [key: string]: string | number | boolean;
            };
            progress: {
                percent: number;
                /** @enum {string} */
                source: "reported" | "estimated" | "none";
                message?: string;
                current?: number;
                total?: number;
            };
            /** @description Runnable tasks ahead of this one (queued only). Counted exactly up to the server’s `limits.positionExactMax` (default 100); beyond, this is that cap and `positionIsLowerBound` is true. Read from a snapshot of the queue head that is at most 250 ms old (fresh after changes made through the same server). */
            position?: number;
            /**
             * @description Present (true) only when `position` is a lower bound: at least that many tasks are ahead.
             * @enum {boolean}
             */
            positionIsLowerBound?: true;
            /** Format: date-time */
            estimatedStartAt?: string;
            /** Format: date-time */
            estimatedCompletionAt?: string;
            attempts: {
                /** @description Attempts started so far. */
                count: number;
                /** @description Attempts allowed in all. */
                max: number;
            };
            /** Format: date-time */
            runAt?: string;
            timeoutSeconds?: number;
            callbackUrl?: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            startedAt?: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            finishedAt?: string;
            /** Format: date-time */
            expiresAt: string;
            cancelRequested: boolean;
            /** @description The result JSON (succeeded only). */
            result?: unknown;
            error?: components["schemas"]["TaskError"];
            /** @description Only with `?include=input`. */
            input?: unknown;
            /** @description Succeeded tasks: the files the task produced, each with a signed download link (`href`, no API key needed) valid until `hrefExpiresAt`. */
            files?: {
                id: string;
                name: string;
                contentType: string;
                size: number;
                /** @description Hex SHA-256 of the bytes; the strong ETag of its content. */
                sha256: string;
                /** @description A signed download link (`/v1/downloads/{token}`): no API key needed, expires at `hrefExpiresAt`. */
                href: string;
                /** Format: date-time */
                hrefExpiresAt: string;
            }[];
            /** @description The parents this task waits for (as submitted). */
            dependsOn?: string[];
            /** @enum {string} */
            dependencyPolicy?: "succeeded" | "always";
            /** @description Parents not yet finished (succeeded, for the default policy); present while the task waits for them. */
            waitingFor?: number;
            /** @description The execution group (`GET /v1/task-groups/{id}`). */
            group?: {
                id: string;
                atomic: boolean;
            };
            /** @description A group member: its compensation ran and succeeded. */
            compensated?: boolean;
            /** @description A compensation task: the member it undoes. */
            compensates?: string;
            links: {
                self: string;
                result: string;
                cancel: string;
                events: string;
                group?: string;
            };
        };
        /** @description A task to submit. */
        TaskSubmission: {
            /** @description A registered task type (`GET /v1/task-types`). */
            type: string;
            /** @description Validated against the task type’s JSON Schema. */
            input: unknown;
            /** @description Unique per tenant among tasks not yet purged. */
            customId?: string;
            /** @description Higher runs first. Default: 0. */
            priority?: number;
            /**
             * Format: date-time
             * @description RFC 3339; not together with `delaySeconds`.
             */
            runAt?: string;
            /** @description Not together with `runAt`. */
            delaySeconds?: number;
            /** @description Per attempt; defaults to the type’s. */
            timeoutSeconds?: number;
            /** @description Defaults to the type’s. */
            maxAttempts?: number;
            /**
             * Format: uri
             * @description Absolute http(s) URL notified of state changes.
             */
            callbackUrl?: string;
            /** @description Flat object of at most 16 string, number or boolean values; filter lists with `metadata.<key>=<value>`. */
            metadata?: {
                [key: string]: string | number | boolean;
            };
            /** @description Ids of tasks of your tenant (at most 100) this one waits for: it stays `pending` until every one of them succeeded, then is queued at once. One that fails, is canceled or destroyed fails this task (`dependency-failed`), unless `dependencyPolicy` is `always`. In a batch, `{"$ref": "<id>#/id"}` names a sibling's task. */
            dependsOn?: string[];
            /**
             * @description `succeeded` (default): run only when every parent succeeded. `always`: run once every parent finished, however. Only with `dependsOn`.
             * @enum {string}
             */
            dependencyPolicy?: "succeeded" | "always";
            /** @description An execution group: when a member fails for good, the unfinished members are canceled and every member that succeeded is undone by its type’s `compensate`. Without `id` a new group is formed (one per bulk request); `id` joins a group of yours that is still active (another request’s, e.g. a batch sibling’s `{"$ref": "<id>#/group/id"}`). */
            group?: {
                /** @description An existing group (`grp_…`) to join. */
                id?: string;
                /** @enum {boolean} */
                atomic: true;
            };
        };
        /** @description A stored batch: the dispatch of its sub-requests and the work they started. */
        Batch: {
            id: string;
            /**
             * @description `accepted` → `running` (being dispatched) → `dispatched` (every sub-request answered) → `completed` (every task they created finished; `batch.completed` is sent).
             * @enum {string}
             */
            status: "accepted" | "running" | "dispatched" | "completed";
            /** @description Sub-requests answered so far, of all. */
            progress: {
                done: number;
                total: number;
            };
            /** @description The answers so far, in request order. */
            responses: {
                id: string;
                status: number;
                /** @description The sub-response’s headers (lower case), without the connection’s (content-length, date, x-request-id). */
                headers: {
                    [key: string]: string;
                };
                /** @description The sub-response’s body: JSON when it was JSON, else text; null when empty. */
                body: unknown;
                atomicityGroup?: string;
            }[];
            /** @description The tasks the sub-requests created (a submission’s `Location`, a bulk submission’s items), summed: a finished task counts 100 %, a running one its reported or estimated percent (as on a task document). */
            tasks: {
                total: number;
                byStatus: {
                    [key: string]: number;
                };
                percent: number;
                /** Format: date-time */
                estimatedCompletionAt?: string;
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            /** Format: date-time */
            dispatchedAt?: string;
            /** Format: date-time */
            completedAt?: string;
            /** Format: date-time */
            expiresAt: string;
            links: {
                self?: string;
                /** @description The created tasks (at most `limits.pageSizeMax`). */
                tasks?: string[];
                tasksTruncated?: boolean;
            };
        };
        /** @description RFC 9457 problem details. `type` is `/problems/{code}`, which documents the problem. */
        Problem: {
            /** @description URI reference of the problem type: `/problems/{code}`. */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
            /** @enum {string} */
            code: "malformed-request" | "invalid-header" | "unauthorized" | "forbidden" | "not-found" | "task-not-found" | "reservation-not-found" | "result-not-ready" | "method-not-allowed" | "not-acceptable" | "request-timeout" | "task-state-conflict" | "task-failed" | "task-canceled" | "custom-id-conflict" | "idempotency-key-in-flight" | "task-gone" | "precondition-failed" | "payload-too-large" | "unsupported-media-type" | "validation-failed" | "unknown-task-type" | "input-invalid" | "idempotency-key-reused" | "task-id-conflict" | "bulk-item-invalid" | "batch-invalid" | "task-dependency-invalid" | "task-group-invalid" | "precondition-required" | "dependency-failed" | "atomic-group-failed" | "reference-unresolvable" | "rate-limited" | "request-header-fields-too-large" | "internal-error" | "submission-outcome-unknown" | "service-unavailable" | "webhook-url-refused" | "lease-not-found" | "lease-lost" | "queue-not-found" | "schedule-not-found" | "batch-not-found" | "task-group-not-found" | "webhook-endpoint-not-found" | "webhook-callback-secret-not-found" | "file-not-found" | "file-gone" | "file-held" | "download-not-found" | "download-expired" | "range-not-satisfiable";
            /** @description Validation problems. Body errors point into the body (`/input/seconds`); query, path and header errors are prefixed `/query/…`, `/params/…`, `/headers/…`. */
            errors?: ({
                /** @description JSON Pointer (RFC 6901) into the request body or query. */
                pointer: string;
                detail: string;
            } & {
                [key: string]: unknown;
            })[];
            /** @description The task concerned (`result-not-ready`, `task-failed`, `task-canceled`, `task-state-conflict`, `custom-id-conflict`, `submission-outcome-unknown`). */
            taskId?: string;
            /** @description `submission-outcome-unknown` of a bulk request: the tasks that may have been created. */
            taskIds?: string[];
            /**
             * @description The task’s status (`status` is the HTTP status).
             * @enum {string}
             */
            taskStatus?: "pending" | "queued" | "running" | "succeeded" | "failed" | "canceled";
            /** @description `result-not-ready`: runnable tasks ahead of a queued task. `malformed-request`: the offset in the body. */
            position?: number;
            /** @description `result-not-ready`: `position` is a lower bound. */
            positionIsLowerBound?: boolean;
            /**
             * Format: date-time
             * @description `result-not-ready`, once the type has duration statistics.
             */
            estimatedCompletionAt?: string;
            /** @description `bulk-item-invalid`: the failing item. */
            index?: number;
            /** @description `task-failed`, `task-canceled`: the task’s error (a `TaskError`). `bulk-item-invalid`: the failing item’s problem. */
            error?: ({
                type: string;
                title: string;
                detail?: string;
                code: string;
            } & {
                [key: string]: unknown;
            }) | null;
        } & {
            [key: string]: unknown;
        };
        /** @description Why a failed or canceled task ended: RFC 9457 problem-details members, `type` being `/errors/{code}`. It describes the task, not an HTTP response, so it has no `status`. */
        TaskError: {
            /** @description URI reference of the error type: `/errors/{code}`. */
            type: string;
            title: string;
            /** @description What went wrong, e.g. the message the handler threw. */
            detail?: string;
            /** @enum {string} */
            code: "handler-error" | "timeout" | "lease-expired" | "canceled" | "destroyed" | "expired" | "permanent-failure" | "dependency-failed" | "group-failed";
        } & {
            [key: string]: unknown;
        };
        /** @description A stored file: an upload, or a file a task produced. */
        File: {
            id: string;
            name: string;
            contentType: string;
            size: number;
            /** @description Hex SHA-256 of the bytes; the strong ETag of its content. */
            sha256: string;
            /** @description A signed download link (`/v1/downloads/{token}`): no API key needed, expires at `hrefExpiresAt`. */
            href: string;
            /** Format: date-time */
            hrefExpiresAt: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description Uploads: when the file is deleted. Task files go with their task.
             */
            expiresAt?: string;
            /** @description The task that produced the file. */
            taskId?: string;
            links: {
                self?: string;
                content?: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listTasks: {
        parameters: {
            query?: {
                /** @description Comma list of pending, queued, running, succeeded, failed, canceled */
                status?: string;
                type?: string;
                customId?: string;
                createdAfter?: string;
                createdBefore?: string;
                limit?: number;
                /** @description `nextCursor` of the previous page, as given; anything else is 422 pointing at `/query/cursor`. */
                cursor?: string;
                include?: "input";
                /** @description `metadata.<key>=<value>`: only tasks whose metadata has this key with this value (compared as text); several filters must all match. Each key of this object is one query name, e.g. `?metadata.user=42`. */
                metadata?: {
                    [key: string]: string;
                };
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tasks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Task"][];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description RFC 7240: `respond-async`, `wait=<seconds>` (capped by the server). Unknown preferences are ignored. */
                prefer?: string;
                /** @description sf-string or bare token, 1–255 printable ASCII, at most one header; kept 24 h by default. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskSubmission"];
            };
        };
        responses: {
            /** @description Replay: same customId or Idempotency-Key with the same body */
            200: {
                headers: {
                    /** @description The task’s status monitor, `/v1/tasks/{id}`. */
                    Location: string;
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    /** @description Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body). */
                    "Idempotent-Replayed"?: "true";
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The task finished within the wait */
            201: {
                headers: {
                    /** @description The task’s status monitor, `/v1/tasks/{id}`. */
                    Location: string;
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body). */
                    "Idempotent-Replayed"?: "true";
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Accepted; poll `Location` */
            202: {
                headers: {
                    /** @description The task’s status monitor, `/v1/tasks/{id}`. */
                    Location: string;
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    /** @description Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body). */
                    "Idempotent-Replayed"?: "true";
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `custom-id-conflict` — customId already used ([docs](/problems/custom-id-conflict)); `idempotency-key-in-flight` — Idempotency key in flight ([docs](/problems/idempotency-key-in-flight)) */
            409: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `unknown-task-type` — Unknown task type ([docs](/problems/unknown-task-type)); `input-invalid` — Input does not match the task type’s schema ([docs](/problems/input-invalid)); `idempotency-key-reused` — Idempotency key reused ([docs](/problems/idempotency-key-reused)); `webhook-url-refused` — Webhook URL refused ([docs](/problems/webhook-url-refused)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate-limited` — Too many requests ([docs](/problems/rate-limited)) */
            429: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `submission-outcome-unknown` — Submission outcome unknown ([docs](/problems/submission-outcome-unknown)); `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    /** @description `submission-outcome-unknown` of a single submission: the task that may have been created. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query?: {
                /** @description `input` adds the task input to the document. */
                include?: "input";
            };
            header?: {
                /** @description RFC 7240: `respond-async`, `wait=<seconds>` (capped by the server). Unknown preferences are ignored. */
                prefer?: string;
                "if-none-match"?: string;
            };
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task document */
            200: {
                headers: {
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    /** @description The status monitor is never cached. */
                    "Cache-Control": "no-store";
                    /** @description `Prefer`: a long-poll and a plain read may answer differently. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Not modified: `If-None-Match` names the current document */
            304: {
                headers: {
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    /** @description The status monitor is never cached. */
                    "Cache-Control": "no-store";
                    /** @description `Prefer`: a long-poll and a plain read may answer differently. */
                    Vary: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-not-found` — Task not found ([docs](/problems/task-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitTaskWithId: {
        parameters: {
            query?: never;
            header?: {
                /** @description RFC 7240: `respond-async`, `wait=<seconds>` (capped by the server). Unknown preferences are ignored. */
                prefer?: string;
                /** @description sf-string or bare token, 1–255 printable ASCII, at most one header; kept 24 h by default. Validated, then ignored: the reserved id makes PUT idempotent. */
                "idempotency-key"?: string;
            };
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskSubmission"];
            };
        };
        responses: {
            /** @description Replay: this id was already submitted with the same body */
            200: {
                headers: {
                    /** @description The task’s status monitor, `/v1/tasks/{id}`. */
                    Location: string;
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    /** @description Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body). */
                    "Idempotent-Replayed"?: "true";
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description The task finished within the wait */
            201: {
                headers: {
                    /** @description The task’s status monitor, `/v1/tasks/{id}`. */
                    Location: string;
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body). */
                    "Idempotent-Replayed"?: "true";
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Accepted; poll `Location` */
            202: {
                headers: {
                    /** @description The task’s status monitor, `/v1/tasks/{id}`. */
                    Location: string;
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    /** @description Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body). */
                    "Idempotent-Replayed"?: "true";
                    /** @description The `Prefer` honoured (RFC 7240): `respond-async` or `wait=<seconds>`. */
                    "Preference-Applied"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `reservation-not-found` — Reservation not found ([docs](/problems/reservation-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `custom-id-conflict` — customId already used ([docs](/problems/custom-id-conflict)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `unknown-task-type` — Unknown task type ([docs](/problems/unknown-task-type)); `input-invalid` — Input does not match the task type’s schema ([docs](/problems/input-invalid)); `task-id-conflict` — Task id already used ([docs](/problems/task-id-conflict)); `webhook-url-refused` — Webhook URL refused ([docs](/problems/webhook-url-refused)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate-limited` — Too many requests ([docs](/problems/rate-limited)) */
            429: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `submission-outcome-unknown` — Submission outcome unknown ([docs](/problems/submission-outcome-unknown)); `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    /** @description `submission-outcome-unknown` of a single submission: the task that may have been created. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    destroyTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Destroy requested; the running handler is stopping */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Destroyed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-not-found` — Task not found ([docs](/problems/task-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateTask: {
        parameters: {
            query?: never;
            header?: {
                "if-match"?: string;
            };
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    priority?: number;
                    /** Format: date-time */
                    runAt?: string;
                    metadata?: {
                        [key: string]: string | number | boolean;
                    } | null;
                    callbackUrl?: string | null;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-not-found` — Task not found ([docs](/problems/task-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-state-conflict` — Task is in the wrong state ([docs](/problems/task-state-conflict)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `precondition-failed` — Precondition failed ([docs](/problems/precondition-failed)) */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `webhook-url-refused` — Webhook URL refused ([docs](/problems/webhook-url-refused)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `precondition-required` — Precondition required ([docs](/problems/precondition-required)) */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reserveTaskId: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Reserved */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitTasksBulk: {
        parameters: {
            query?: never;
            header?: {
                /** @description sf-string or bare token, 1–255 printable ASCII, at most one header; kept 24 h by default. Covers the whole bulk body; a replay answers the same items with current documents and `Idempotent-Replayed: true`. */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    tasks: components["schemas"]["TaskSubmission"][];
                    /** @default false */
                    atomic?: boolean;
                };
            };
        };
        responses: {
            /** @description One item per submission, in order */
            202: {
                headers: {
                    /** @description Present when this answer replays an earlier submission (same `Idempotency-Key` or customId and body). */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Position of the submission in `tasks`. */
                            index: number;
                            /** @description The status the submission would get alone: 202 created, 200 customId replay, 4xx refused. */
                            status: number;
                            task?: components["schemas"]["Task"];
                            error?: components["schemas"]["Problem"];
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `custom-id-conflict` — customId already used ([docs](/problems/custom-id-conflict)); `idempotency-key-in-flight` — Idempotency key in flight ([docs](/problems/idempotency-key-in-flight)) */
            409: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `unknown-task-type` — Unknown task type ([docs](/problems/unknown-task-type)); `input-invalid` — Input does not match the task type’s schema ([docs](/problems/input-invalid)); `idempotency-key-reused` — Idempotency key reused ([docs](/problems/idempotency-key-reused)); `bulk-item-invalid` — A bulk item is invalid ([docs](/problems/bulk-item-invalid)); `webhook-url-refused` — Webhook URL refused ([docs](/problems/webhook-url-refused)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate-limited` — Too many requests ([docs](/problems/rate-limited)) */
            429: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `submission-outcome-unknown` — Submission outcome unknown ([docs](/problems/submission-outcome-unknown)); `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    /** @description `submission-outcome-unknown` of a single submission: the task that may have been created. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTaskResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The result JSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description The result is one file (`{ "file": "<id>" }` naming a file the task produced): `Location` is its signed download link */
            303: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-not-found` — Task not found ([docs](/problems/task-not-found)); `result-not-ready` — Result not ready ([docs](/problems/result-not-ready)) */
            404: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-failed` — Task failed ([docs](/problems/task-failed)); `task-canceled` — Task canceled ([docs](/problems/task-canceled)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTaskTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Registered task types */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            type: string;
                            description?: string;
                            inputSchema: {
                                [key: string]: unknown;
                            };
                            timeoutSeconds: number;
                            maxAttempts: number;
                            syncWaitSeconds: number;
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    streamTaskEvents: {
        parameters: {
            query?: {
                /** @description For clients that cannot set `Last-Event-ID` (browsers’ `EventSource`). */
                lastEventId?: string;
            };
            header?: {
                /** @description The last event id the client saw (sent by SSE clients on reconnect). */
                "last-event-id"?: string;
            };
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-not-found` — Task not found ([docs](/problems/task-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Canceled */
            200: {
                headers: {
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Cancel requested; the running handler is stopping */
            202: {
                headers: {
                    /** @description Strong tag of this document, `"<version>-<digest>"`: send it as `If-None-Match` to poll cheaply and long-poll, as `If-Match` to change the task. */
                    ETag: string;
                    /** @description While the task is unfinished: integer seconds until asking again is worth it (from the type’s durations and the reported progress). */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-not-found` — Task not found ([docs](/problems/task-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-state-conflict` — Task is in the wrong state ([docs](/problems/task-state-conflict)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                        schemaVersion: number;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format 0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listProblemTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML index of every problem code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getProblemType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML page: title, status and what to do */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not-found` — Not found ([docs](/problems/not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCaller: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keyId: string;
                        tenant: string;
                        /** @enum {string} */
                        role: "tenant" | "admin" | "worker";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                tenant?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Keys */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            tenant: string;
                            name: string | null;
                            admin: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            revokedAt: string | null;
                            /** @description The key itself: shown once, when it is created. */
                            key?: string;
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    tenant: string;
                    name?: string | null;
                    /** @description An admin key sees and manages every tenant. */
                    admin?: boolean;
                };
            };
        };
        responses: {
            /** @description The key, with its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenant: string;
                        name: string | null;
                        admin: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        revokedAt: string | null;
                        /** @description The key itself: shown once, when it is created. */
                        key?: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not-found` — Not found ([docs](/problems/not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Endpoints, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            url: string;
                            description?: string | null;
                            eventTypes: string[] | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            disabled: boolean;
                            /** Format: date-time */
                            disabledAt?: string | null;
                            disabledReason?: string | null;
                            /** Format: date-time */
                            secretRotationEndsAt?: string | null;
                            /** @description Shown only when created or rotated. */
                            secret?: string;
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url: string;
                    eventTypes?: ("task.started" | "task.progress" | "task.succeeded" | "task.failed" | "task.canceled" | "batch.completed")[] | null;
                    description?: string | null;
                };
            };
        };
        responses: {
            /** @description The endpoint, with its secret */
            201: {
                headers: {
                    /** @description The endpoint, `/v1/webhook-endpoints/{id}`. */
                    Location: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description?: string | null;
                        eventTypes: string[] | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        disabled: boolean;
                        /** Format: date-time */
                        disabledAt?: string | null;
                        disabledReason?: string | null;
                        /** Format: date-time */
                        secretRotationEndsAt?: string | null;
                        /** @description Shown only when created or rotated. */
                        secret?: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `webhook-url-refused` — Webhook URL refused ([docs](/problems/webhook-url-refused)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description?: string | null;
                        eventTypes: string[] | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        disabled: boolean;
                        /** Format: date-time */
                        disabledAt?: string | null;
                        disabledReason?: string | null;
                        /** Format: date-time */
                        secretRotationEndsAt?: string | null;
                        /** @description Shown only when created or rotated. */
                        secret?: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `webhook-endpoint-not-found` — Webhook endpoint not found ([docs](/problems/webhook-endpoint-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `webhook-endpoint-not-found` — Webhook endpoint not found ([docs](/problems/webhook-endpoint-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url?: string;
                    eventTypes?: ("task.started" | "task.progress" | "task.succeeded" | "task.failed" | "task.canceled" | "batch.completed")[] | null;
                    description?: string | null;
                    disabled?: boolean;
                };
            };
        };
        responses: {
            /** @description The endpoint */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description?: string | null;
                        eventTypes: string[] | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        disabled: boolean;
                        /** Format: date-time */
                        disabledAt?: string | null;
                        disabledReason?: string | null;
                        /** Format: date-time */
                        secretRotationEndsAt?: string | null;
                        /** @description Shown only when created or rotated. */
                        secret?: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `webhook-endpoint-not-found` — Webhook endpoint not found ([docs](/problems/webhook-endpoint-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `webhook-url-refused` — Webhook URL refused ([docs](/problems/webhook-url-refused)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    overlapSeconds?: number;
                };
            };
        };
        responses: {
            /** @description The endpoint, with its new secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description?: string | null;
                        eventTypes: string[] | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        disabled: boolean;
                        /** Format: date-time */
                        disabledAt?: string | null;
                        disabledReason?: string | null;
                        /** Format: date-time */
                        secretRotationEndsAt?: string | null;
                        /** @description Shown only when created or rotated. */
                        secret?: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `webhook-endpoint-not-found` — Webhook endpoint not found ([docs](/problems/webhook-endpoint-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            messageId: string;
                            eventType: string;
                            taskId: string;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            /** Format: date-time */
                            nextAttemptAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            deliveredAt: string | null;
                            attemptLog: {
                                /** Format: date-time */
                                attemptedAt: string;
                                statusCode: number | null;
                                latencyMs: number;
                                error: string | null;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `webhook-endpoint-not-found` — Webhook endpoint not found ([docs](/problems/webhook-endpoint-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    redeliverWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued for delivery */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        messageId: string;
                        eventType: string;
                        taskId: string;
                        /** @enum {string} */
                        status: "pending" | "delivered" | "failed";
                        attempts: number;
                        /** Format: date-time */
                        nextAttemptAt: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        deliveredAt: string | null;
                        attemptLog: {
                            /** Format: date-time */
                            attemptedAt: string;
                            statusCode: number | null;
                            latencyMs: number;
                            error: string | null;
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `webhook-endpoint-not-found` — Webhook endpoint not found ([docs](/problems/webhook-endpoint-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWebhookCallbackSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The secret’s metadata */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * Format: date-time
                         * @description Until then the previous secret signs too.
                         */
                        secretRotationEndsAt: string | null;
                        /** @description Shown only when created or rotated. */
                        secret?: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `webhook-callback-secret-not-found` — No callback signing secret ([docs](/problems/webhook-callback-secret-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rotateWebhookCallbackSecret: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    overlapSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Rotated, with the new secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * Format: date-time
                         * @description Until then the previous secret signs too.
                         */
                        secretRotationEndsAt: string | null;
                        /** @description Shown only when created or rotated. */
                        secret?: string;
                    };
                };
            };
            /** @description Created, with the secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * Format: date-time
                         * @description Until then the previous secret signs too.
                         */
                        secretRotationEndsAt: string | null;
                        /** @description Shown only when created or rotated. */
                        secret?: string;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    claimTasks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    types: string[];
                    /** @default 1 */
                    max?: number;
                    /** @default 0 */
                    waitSeconds?: number;
                    /** @description The worker’s name for itself in `GET /v1/workers` (several processes may share a key). */
                    workerId?: string;
                };
            };
        };
        responses: {
            /** @description The leased tasks (possibly none) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tasks: {
                            id: string;
                            type: string;
                            tenant: string;
                            input: unknown;
                            /** @description 1-based number of this attempt. */
                            attempt: number;
                            maxAttempts: number;
                            /** @description Report with it: `/v1/leases/{leaseToken}/…`. */
                            leaseToken: string;
                            /** Format: date-time */
                            leaseExpiresAt: string;
                            /** Format: date-time */
                            deadline: string;
                            /** @description Renew the lease at least this often. */
                            heartbeatSeconds: number;
                            links: {
                                heartbeat?: string;
                                progress?: string;
                                complete?: string;
                                fail?: string;
                            };
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `unknown-task-type` — Unknown task type ([docs](/problems/unknown-task-type)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    heartbeatLease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `leaseToken` of a claimed task; an unknown one is 404. */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": Record<string, never> | null;
            };
        };
        responses: {
            /** @description The lease, renewed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        taskId: string;
                        /** Format: date-time */
                        leaseExpiresAt: string;
                        /**
                         * Format: date-time
                         * @description startedAt + timeoutSeconds: a report after it fails the attempt with `timeout` (409).
                         */
                        deadline: string;
                        /** @description True: stop, then report `fail`; it is recorded as the cancel. */
                        cancelRequested: boolean;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-not-found` — Lease not found ([docs](/problems/lease-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-lost` — Lease lost ([docs](/problems/lease-lost)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reportLeaseProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `leaseToken` of a claimed task; an unknown one is 404. */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    percent?: number;
                    message?: string;
                    current?: number;
                    total?: number;
                };
            };
        };
        responses: {
            /** @description Recorded; the lease, renewed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        taskId: string;
                        /** Format: date-time */
                        leaseExpiresAt: string;
                        /**
                         * Format: date-time
                         * @description startedAt + timeoutSeconds: a report after it fails the attempt with `timeout` (409).
                         */
                        deadline: string;
                        /** @description True: stop, then report `fail`; it is recorded as the cancel. */
                        cancelRequested: boolean;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-not-found` — Lease not found ([docs](/problems/lease-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-lost` — Lease lost ([docs](/problems/lease-lost)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeLease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `leaseToken` of a claimed task; an unknown one is 404. */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The task’s result. */
                    result?: unknown;
                } | null;
            };
        };
        responses: {
            /** @description Recorded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        taskId: string;
                        /**
                         * @description What the report became: `retried` = another attempt will follow; `failed` also when a result broke the limits.
                         * @enum {string}
                         */
                        recorded: "succeeded" | "retried" | "failed" | "timeout" | "canceled" | "destroyed";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-not-found` — Lease not found ([docs](/problems/lease-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-lost` — Lease lost ([docs](/problems/lease-lost)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    failLease: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `leaseToken` of a claimed task; an unknown one is 404. */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    message: string;
                    permanent?: boolean;
                    retryAfterSeconds?: number;
                };
            };
        };
        responses: {
            /** @description Recorded */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        taskId: string;
                        /**
                         * @description What the report became: `retried` = another attempt will follow; `failed` also when a result broke the limits.
                         * @enum {string}
                         */
                        recorded: "succeeded" | "retried" | "failed" | "timeout" | "canceled" | "destroyed";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `forbidden` — Forbidden ([docs](/problems/forbidden)) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-not-found` — Lease not found ([docs](/problems/lease-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `lease-lost` — Lease lost ([docs](/problems/lease-lost)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    retryTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Task id (`tsk_…`); a malformed, unknown or over-long id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued again */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-not-found` — Task not found ([docs](/problems/task-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-state-conflict` — Task is in the wrong state ([docs](/problems/task-state-conflict)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-gone` — Task gone ([docs](/problems/task-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listQueues: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The queues */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            type: string;
                            depth: {
                                pending: number;
                                queued: number;
                                running: number;
                            };
                            /** @description How long the oldest queued task has been runnable. */
                            oldestQueuedAgeSeconds: number | null;
                            paused: boolean;
                            pausedForEveryTenant: boolean;
                            /** @description Admin keys: the tenants that paused it for themselves. */
                            pausedTenants?: string[];
                            /** @description Served by HTTP workers only. */
                            http: boolean;
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getQueueThroughput: {
        parameters: {
            query?: {
                type?: string;
                minutes?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One point per minute, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bucketSeconds: number;
                        points: {
                            /** Format: date-time */
                            at: string;
                            succeeded: number;
                            failed: number;
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseQueue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A registered task type. */
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Paused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        type: string;
                        /** @description Nothing of this queue is claimed (for your tenant). */
                        paused: boolean;
                        /** @description Paused by an admin for every tenant; only an admin key resumes it. */
                        pausedForEveryTenant: boolean;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `queue-not-found` — Queue not found ([docs](/problems/queue-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeQueue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A registered task type. */
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Resumed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        type: string;
                        /** @description Nothing of this queue is claimed (for your tenant). */
                        paused: boolean;
                        /** @description Paused by an admin for every tenant; only an admin key resumes it. */
                        pausedForEveryTenant: boolean;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `queue-not-found` — Queue not found ([docs](/problems/queue-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWorkers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The live workers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /**
                             * @description `runner`: an Offload process’s in-process runner; `http`: a worker over HTTP.
                             * @enum {string}
                             */
                            kind: "runner" | "http";
                            name: string;
                            /** @description Host and process (runners) or the address it calls from (HTTP workers). */
                            node: string;
                            types: string[];
                            concurrency: number;
                            /** Format: date-time */
                            startedAt: string;
                            /** Format: date-time */
                            lastHeartbeatAt: string;
                        }[];
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchedules: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of schedules */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            cron: string;
                            timezone: string;
                            /** @description The submission body each tick submits. */
                            task: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            overlap: "skip" | "allow";
                            paused: boolean;
                            /** Format: date-time */
                            pausedAt?: string | null;
                            /**
                             * Format: date-time
                             * @description The next tick (null: the expression never fires again).
                             */
                            nextRunAt: string | null;
                            /** Format: date-time */
                            lastTickAt?: string | null;
                            lastTaskId?: string | null;
                            /** @description Ticks that submitted a task. */
                            ticks: number;
                            /** @description Ticks skipped because the previous task was still active (overlap: skip). */
                            skipped: number;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * @description Ticks missed while no node ran (or while the schedule fell behind) are not all submitted: one catch-up task for the latest tick that passed, the earlier ones are skipped. Ticks that fall in a pause are not submitted.
                             * @enum {string}
                             */
                            missedTicks: "one-catch-up";
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description e.g. `*\/15 * * * *`, or `*\/1 * * * * *` (seconds). */
                    cron: string;
                    /** @default UTC */
                    timezone?: string;
                    /** @description A submission body (`POST /v1/tasks`). */
                    task: {
                        [key: string]: unknown;
                    };
                    /**
                     * @default allow
                     * @enum {string}
                     */
                    overlap?: "skip" | "allow";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        cron: string;
                        timezone: string;
                        /** @description The submission body each tick submits. */
                        task: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        overlap: "skip" | "allow";
                        paused: boolean;
                        /** Format: date-time */
                        pausedAt?: string | null;
                        /**
                         * Format: date-time
                         * @description The next tick (null: the expression never fires again).
                         */
                        nextRunAt: string | null;
                        /** Format: date-time */
                        lastTickAt?: string | null;
                        lastTaskId?: string | null;
                        /** @description Ticks that submitted a task. */
                        ticks: number;
                        /** @description Ticks skipped because the previous task was still active (overlap: skip). */
                        skipped: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * @description Ticks missed while no node ran (or while the schedule fell behind) are not all submitted: one catch-up task for the latest tick that passed, the earlier ones are skipped. Ticks that fall in a pause are not submitted.
                         * @enum {string}
                         */
                        missedTicks: "one-catch-up";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `unknown-task-type` — Unknown task type ([docs](/problems/unknown-task-type)); `input-invalid` — Input does not match the task type’s schema ([docs](/problems/input-invalid)); `webhook-url-refused` — Webhook URL refused ([docs](/problems/webhook-url-refused)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Schedule id (`sch_…`); unknown or malformed is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        cron: string;
                        timezone: string;
                        /** @description The submission body each tick submits. */
                        task: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        overlap: "skip" | "allow";
                        paused: boolean;
                        /** Format: date-time */
                        pausedAt?: string | null;
                        /**
                         * Format: date-time
                         * @description The next tick (null: the expression never fires again).
                         */
                        nextRunAt: string | null;
                        /** Format: date-time */
                        lastTickAt?: string | null;
                        lastTaskId?: string | null;
                        /** @description Ticks that submitted a task. */
                        ticks: number;
                        /** @description Ticks skipped because the previous task was still active (overlap: skip). */
                        skipped: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * @description Ticks missed while no node ran (or while the schedule fell behind) are not all submitted: one catch-up task for the latest tick that passed, the earlier ones are skipped. Ticks that fall in a pause are not submitted.
                         * @enum {string}
                         */
                        missedTicks: "one-catch-up";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `schedule-not-found` — Schedule not found ([docs](/problems/schedule-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Schedule id (`sch_…`); unknown or malformed is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `schedule-not-found` — Schedule not found ([docs](/problems/schedule-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pauseSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Schedule id (`sch_…`); unknown or malformed is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Paused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        cron: string;
                        timezone: string;
                        /** @description The submission body each tick submits. */
                        task: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        overlap: "skip" | "allow";
                        paused: boolean;
                        /** Format: date-time */
                        pausedAt?: string | null;
                        /**
                         * Format: date-time
                         * @description The next tick (null: the expression never fires again).
                         */
                        nextRunAt: string | null;
                        /** Format: date-time */
                        lastTickAt?: string | null;
                        lastTaskId?: string | null;
                        /** @description Ticks that submitted a task. */
                        ticks: number;
                        /** @description Ticks skipped because the previous task was still active (overlap: skip). */
                        skipped: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * @description Ticks missed while no node ran (or while the schedule fell behind) are not all submitted: one catch-up task for the latest tick that passed, the earlier ones are skipped. Ticks that fall in a pause are not submitted.
                         * @enum {string}
                         */
                        missedTicks: "one-catch-up";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `schedule-not-found` — Schedule not found ([docs](/problems/schedule-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resumeSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Schedule id (`sch_…`); unknown or malformed is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Resumed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        cron: string;
                        timezone: string;
                        /** @description The submission body each tick submits. */
                        task: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        overlap: "skip" | "allow";
                        paused: boolean;
                        /** Format: date-time */
                        pausedAt?: string | null;
                        /**
                         * Format: date-time
                         * @description The next tick (null: the expression never fires again).
                         */
                        nextRunAt: string | null;
                        /** Format: date-time */
                        lastTickAt?: string | null;
                        lastTaskId?: string | null;
                        /** @description Ticks that submitted a task. */
                        ticks: number;
                        /** @description Ticks skipped because the previous task was still active (overlap: skip). */
                        skipped: number;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        /**
                         * @description Ticks missed while no node ran (or while the schedule fell behind) are not all submitted: one catch-up task for the latest tick that passed, the earlier ones are skipped. Ticks that fall in a pause are not submitted.
                         * @enum {string}
                         */
                        missedTicks: "one-catch-up";
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `schedule-not-found` — Schedule not found ([docs](/problems/schedule-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFiles: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of files */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["File"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadFile: {
        parameters: {
            query?: {
                /** @description The file name (raw bodies: required). */
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The file’s bytes, or a multipart/form-data form with one file part. */
        requestBody: {
            content: {
                "application/octet-stream": unknown;
                "multipart/form-data": unknown;
                "*/*": unknown;
            };
        };
        responses: {
            /** @description Stored */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description File id (`fil_…`); a malformed or unknown id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["File"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-not-found` — File not found ([docs](/problems/file-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-gone` — File gone ([docs](/problems/file-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description File id (`fil_…`); a malformed or unknown id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-not-found` — File not found ([docs](/problems/file-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-held` — File held by a task ([docs](/problems/file-held)) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-gone` — File gone ([docs](/problems/file-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFileContent: {
        parameters: {
            query?: never;
            header?: {
                /** @description One range, `bytes=<first>-<last>`, `bytes=<first>-` or `bytes=-<suffix length>`. */
                range?: string;
                "if-range"?: string;
                "if-none-match"?: string;
            };
            path: {
                /** @description File id (`fil_…`); a malformed or unknown id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested range */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Not modified (`If-None-Match` matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-not-found` — File not found ([docs](/problems/file-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-gone` — File gone ([docs](/problems/file-gone)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `range-not-satisfiable` — Range not satisfiable ([docs](/problems/range-not-satisfiable)) */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    download: {
        parameters: {
            query?: never;
            header?: {
                /** @description One range, `bytes=<first>-<last>`, `bytes=<first>-` or `bytes=-<suffix length>`. */
                range?: string;
                "if-range"?: string;
                "if-none-match"?: string;
            };
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description The requested range */
            206: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Not modified (`If-None-Match` matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `download-not-found` — Download link not found ([docs](/problems/download-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file-gone` — File gone ([docs](/problems/file-gone)); `download-expired` — Download link expired ([docs](/problems/download-expired)) */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `range-not-satisfiable` — Range not satisfiable ([docs](/problems/range-not-satisfiable)) */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description RFC 7240: `respond-async`, `wait=<seconds>` (capped by the server). Unknown preferences are ignored. */
                prefer?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    requests: {
                        /** @description Unique within the batch. */
                        id: string;
                        /** @enum {string} */
                        method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
                        /** @description A path under `/v1/` with its query, or `$<id>…`. */
                        url: string;
                        headers?: {
                            [key: string]: string;
                        };
                        /** @description JSON, sent as `application/json` (POST, PUT, PATCH). */
                        body?: unknown;
                        dependsOn?: string[];
                        atomicityGroup?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Every sub-response, in request order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        responses: {
                            id: string;
                            status: number;
                            /** @description The sub-response’s headers (lower case), without the connection’s (content-length, date, x-request-id). */
                            headers: {
                                [key: string]: string;
                            };
                            /** @description The sub-response’s body: JSON when it was JSON, else text; null when empty. */
                            body: unknown;
                            atomicityGroup?: string;
                        }[];
                    };
                };
            };
            /** @description Stored; poll `Location` */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Batch"];
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported-media-type` — Unsupported media type ([docs](/problems/unsupported-media-type)) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)); `batch-invalid` — Invalid batch ([docs](/problems/batch-invalid)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description RFC 7240: `respond-async`, `wait=<seconds>` (capped by the server). Unknown preferences are ignored. */
                prefer?: string;
                "if-none-match"?: string;
            };
            path: {
                /** @description Batch id (`bat_…`); a malformed or unknown id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Batch"];
                };
            };
            /** @description Not modified */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `batch-not-found` — Batch not found ([docs](/problems/batch-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listBatches: {
        parameters: {
            query?: {
                /** @description Comma list of accepted, running, dispatched, completed */
                status?: string;
                limit?: number;
                /** @description `nextCursor` of the previous page, as given. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of batches */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            /** @enum {string} */
                            status: "accepted" | "running" | "dispatched" | "completed";
                            progress: {
                                done: number;
                                total: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** Format: date-time */
                            dispatchedAt?: string;
                            /** Format: date-time */
                            completedAt?: string;
                            /** Format: date-time */
                            expiresAt: string;
                            links: {
                                self?: string;
                            };
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `validation-failed` — Validation failed ([docs](/problems/validation-failed)) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTaskGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Group id (`grp_…`); a malformed or unknown id is 404. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The execution group */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "running" | "succeeded" | "compensating" | "compensated" | "compensation-failed";
                        atomic: boolean;
                        /** @description The member whose failure failed the group. */
                        failedTaskId?: string;
                        tasks: {
                            total?: number;
                            byStatus?: {
                                [key: string]: number;
                            };
                        };
                        members: {
                            id: string;
                            type: string;
                            status: string;
                            compensated: boolean;
                            compensation?: {
                                id?: string;
                                status?: string;
                                href?: string;
                            };
                            href: string;
                        }[];
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                        links: {
                            self?: string;
                        };
                    };
                };
            };
            /** @description Problem: `malformed-request` — Malformed request ([docs](/problems/malformed-request)); `invalid-header` — Invalid header ([docs](/problems/invalid-header)) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized` — Unauthorized ([docs](/problems/unauthorized)) */
            401: {
                headers: {
                    /** @description `Bearer` (RFC 6750), when the key is missing or not valid. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `task-group-not-found` — Execution group not found ([docs](/problems/task-group-not-found)) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-timeout` — Request timeout ([docs](/problems/request-timeout)) */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload-too-large` — Payload too large ([docs](/problems/payload-too-large)) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `request-header-fields-too-large` — Request header fields too large ([docs](/problems/request-header-fields-too-large)) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal-error` — Internal error ([docs](/problems/internal-error)) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service-unavailable` — Service unavailable ([docs](/problems/service-unavailable)) */
            503: {
                headers: {
                    /** @description Integer seconds until a retry is worth it. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
