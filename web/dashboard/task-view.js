// One task: its document, followed live (a long-poll: GET with Prefer: wait and If-None-Match
// answers as soon as the task changes), its attempts and error, result or files, dependencies and
// webhook deliveries, and the actions the API offers for it.
import { api, describeError } from '../shared/api.js';
import { formatTime, html, ProgressBar, useEffect, useState } from '../shared/html.js';

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

function useLiveTask(id) {
  const [state, setState] = useState({ task: null, etag: null, error: null, gone: false });
  useEffect(() => {
    const controller = new AbortController();
    let etag = null;
    (async () => {
      while (!controller.signal.aborted) {
        try {
          const headers = etag ? { prefer: 'wait=20', 'if-none-match': etag } : {};
          const r = await api(`/v1/tasks/${encodeURIComponent(id)}`, { headers, signal: controller.signal });
          if (r.status === 200) {
            etag = r.headers.get('etag');
            setState({ task: r.body, etag, error: null, gone: false });
            if (TERMINAL.has(r.body.status)) {
              // Finished: nothing will change but its expiry; look again rarely.
              await new Promise((resolve) => setTimeout(resolve, 10_000));
            }
          }
        } catch (err) {
          if (controller.signal.aborted) return;
          const gone = err.status === 404 || err.status === 410;
          setState((s) => ({ ...s, error: describeError(err), gone }));
          if (gone) return;
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
    })();
    return () => controller.abort();
  }, [id]);
  return [state, setState];
}

function Deliveries({ taskId }) {
  const [rows, setRows] = useState(null);
  useEffect(() => {
    (async () => {
      const endpoints = (await api('/v1/webhook-endpoints')).body.items;
      const all = [];
      for (const e of endpoints) {
        for (const d of (await api(`/v1/webhook-endpoints/${e.id}/deliveries`)).body.items) {
          if (d.taskId === taskId) all.push({ ...d, url: e.url });
        }
      }
      setRows(all);
    })().catch(() => setRows([]));
  }, [taskId]);
  if (rows === null) return html`<p class="hint">Loading deliveries…</p>`;
  if (rows.length === 0) return html`<p class="hint">No webhook deliveries to endpoints for this task.</p>`;
  return html`<ul class="deliveries">
    ${rows.map((d) => html`<li><code>${d.eventType}</code> → ${d.url}: <span class=${`status status-${d.status}`}>${d.status}</span> after ${d.attempts} attempt(s)</li>`)}
  </ul>`;
}

export function TaskView({ id }) {
  const [{ task, etag, error, gone }, setState] = useLiveTask(id);
  const [message, setMessage] = useState(null);
  const act = async (label, call) => {
    setMessage(null);
    try {
      const r = await call();
      setMessage({ ok: true, text: `${label}: done (${r.status}).` });
      if (r.body && typeof r.body === 'object' && r.body.id === id) setState((s) => ({ ...s, task: r.body, etag: r.headers.get('etag') }));
    } catch (err) {
      setMessage({ ok: false, text: `${label}: ${describeError(err)}` });
    }
  };
  if (!task) return html`<section><h1>Task</h1>${error ? html`<p class="error" role="alert">${error}</p>` : html`<p>Loading…</p>`}</section>`;
  const path = `/v1/tasks/${encodeURIComponent(task.id)}`;
  const active = !TERMINAL.has(task.status);
  const changeable = task.status === 'pending' || task.status === 'queued';
  const savePriority = (e) => {
    e.preventDefault();
    const priority = Number(new FormData(e.target).get('priority'));
    act('Change priority', () => api(path, { method: 'PATCH', body: { priority }, headers: { 'if-match': etag } }));
  };
  return html`<section aria-labelledby="task-title">
    <p><a href="#/tasks">← Tasks</a></p>
    <h1 id="task-title">Task <code>${task.id}</code></h1>
    ${gone && html`<p class="error" role="alert">This task is gone (destroyed or expired).</p>`}
    <dl class="facts">
      <dt>Type</dt><dd>${task.type}</dd>
      <dt>Status</dt><dd><span class=${`status status-${task.status}`} data-testid="task-status">${task.status}</span>${task.cancelRequested && active ? ' (cancel requested)' : ''}</dd>
      <dt>Progress</dt><dd><${ProgressBar} percent=${task.progress.percent} label="Task progress" /> ${task.progress.message ?? ''}</dd>
      ${task.position !== undefined && html`<dt>Position</dt><dd>${task.position}${task.positionIsLowerBound ? '+' : ''} ahead</dd>`}
      ${task.estimatedCompletionAt && html`<dt>Expected done</dt><dd>${formatTime(task.estimatedCompletionAt)}</dd>`}
      <dt>Attempts</dt><dd>${task.attempts.count} of ${task.attempts.max}</dd>
      <dt>Priority</dt><dd>${task.priority}</dd>
      ${task.customId && html`<dt>customId</dt><dd>${task.customId}</dd>`}
      ${task.metadata && html`<dt>Metadata</dt><dd><code>${JSON.stringify(task.metadata)}</code></dd>`}
      ${task.group && html`<dt>Group</dt><dd><a href=${`#/groups/${task.group.id}`}>${task.group.id}</a>${task.compensated ? ' (compensated)' : ''}</dd>`}
      ${task.compensates && html`<dt>Compensates</dt><dd><a href=${`#/tasks/${task.compensates}`}>${task.compensates}</a></dd>`}
      ${task.dependsOn && html`<dt>Depends on</dt><dd>${task.dependsOn.map((p) => html`<a href=${`#/tasks/${p}`}>${p}</a> `)}</dd>`}
      <dt>Created</dt><dd>${formatTime(task.createdAt)}</dd>
      ${task.startedAt && html`<dt>Started</dt><dd>${formatTime(task.startedAt)}</dd>`}
      ${task.finishedAt && html`<dt>Finished</dt><dd>${formatTime(task.finishedAt)}</dd>`}
      <dt>Expires</dt><dd>${formatTime(task.expiresAt)}</dd>
    </dl>
    ${task.error && html`<h2>Error</h2><pre class="problem">${JSON.stringify(task.error, null, 2)}</pre>`}
    ${task.files?.length > 0 &&
    html`<h2>Files</h2><ul>${task.files.map((f) => html`<li><a href=${f.href} download=${f.name}>${f.name}</a> (${f.contentType}, ${f.size} bytes)</li>`)}</ul>`}
    ${task.status === 'succeeded' && task.result !== undefined && html`<h2>Result</h2><pre>${JSON.stringify(task.result, null, 2)}</pre>`}
    <h2>Actions</h2>
    <div class="actions">
      <button type="button" disabled=${!active} onClick=${() => act('Cancel', () => api(`${path}/cancel`, { method: 'POST' }))}>Cancel</button>
      <button
        type="button"
        disabled=${task.status !== 'failed' && task.status !== 'canceled'}
        onClick=${() => act('Retry', () => api(`${path}/retry`, { method: 'POST' }))}
      >Retry</button>
      <button
        type="button"
        class="danger"
        onClick=${() => confirm(`Delete task ${task.id} and everything it produced?`) && act('Delete', () => api(path, { method: 'DELETE' }))}
      >Delete</button>
      <form class="inline" onSubmit=${savePriority}>
        <label>Priority <input name="priority" type="number" min="-1000" max="1000" value=${task.priority} disabled=${!changeable} /></label>
        <button type="submit" disabled=${!changeable}>Save priority</button>
      </form>
    </div>
    ${message && html`<p class=${message.ok ? 'ok' : 'error'} role="status">${message.text}</p>`}
    <h2>Webhook deliveries</h2>
    <${Deliveries} taskId=${task.id} />
  </section>`;
}
