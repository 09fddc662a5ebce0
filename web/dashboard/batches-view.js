// Batches: their dispatch progress, the work their sub-requests started, and their sub-responses.
import { api, describeError } from '../shared/api.js';
import { ago, html, ProgressBar, useEffect, useState } from '../shared/html.js';

function BatchList() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('/v1/batches').then((r) => setItems(r.body.items), (err) => setError(describeError(err)));
  }, []);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!items) return html`<p>Loading…</p>`;
  if (items.length === 0) return html`<p class="hint">No batches.</p>`;
  return html`<table>
    <caption class="sr-only">Batches, newest first</caption>
    <thead><tr><th scope="col">Batch</th><th scope="col">Status</th><th scope="col">Sub-requests answered</th><th scope="col">Created</th></tr></thead>
    <tbody>
      ${items.map(
        (b) => html`<tr>
          <td><a href=${`#/batches/${b.id}`}>${b.id}</a></td>
          <td><span class=${`status status-${b.status}`}>${b.status}</span></td>
          <td>${b.progress.done} / ${b.progress.total}</td>
          <td>${ago(b.createdAt)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function Batch({ id }) {
  const [batch, setBatch] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const load = () => api(`/v1/batches/${encodeURIComponent(id)}`).then((r) => setBatch(r.body), (err) => setError(describeError(err)));
    load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [id]);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!batch) return html`<p>Loading…</p>`;
  return html`<section aria-labelledby="batch-title">
    <p><a href="#/batches">← Batches</a></p>
    <h1 id="batch-title">Batch <code>${batch.id}</code></h1>
    <p>Status <span class=${`status status-${batch.status}`}>${batch.status}</span>; ${batch.progress.done} of ${batch.progress.total} sub-requests answered.</p>
    <p>
      Work of its ${batch.tasks.total} task${batch.tasks.total === 1 ? '' : 's'}: <${ProgressBar} percent=${batch.tasks.percent} label="Work done" />
      ${Object.entries(batch.tasks.byStatus)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => `${count} ${status}`)
        .join(' · ')}
    </p>
    ${batch.links.tasks?.length > 0 &&
    html`<h2>Tasks</h2>
      <ul class="inline-list">
        ${batch.links.tasks.map((href) => {
          const taskId = href.split('/').pop();
          return html`<li><a href=${`#/tasks/${taskId}`}>${taskId}</a></li>`;
        })}
      </ul>
      ${batch.links.tasksTruncated && html`<p class="hint">Only the first ${batch.links.tasks.length} are listed.</p>`}`}
    <h2>Sub-responses</h2>
    <table>
      <thead><tr><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Task</th></tr></thead>
      <tbody>
        ${(batch.responses ?? []).map(
          (r) => html`<tr><td>${r.id}</td><td>${r.status}</td><td>${r.body?.id?.startsWith?.('tsk_') ? html`<a href=${`#/tasks/${r.body.id}`}>${r.body.id}</a>` : '—'}</td></tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function BatchesView({ id }) {
  if (id) return html`<${Batch} id=${id} />`;
  return html`<section aria-labelledby="batches-title"><h1 id="batches-title">Batches</h1><${BatchList} /></section>`;
}
