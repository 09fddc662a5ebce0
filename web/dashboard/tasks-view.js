// Tasks: the same filters as GET /v1/tasks (status, type, customId, one metadata key/value, a time
// range), cursor paging, and a live refresh of the page on screen.
import { api, describeError, query } from '../shared/api.js';
import { ago, html, ProgressBar, useEffect, useState } from '../shared/html.js';

const STATUSES = ['pending', 'queued', 'running', 'succeeded', 'failed', 'canceled'];
const REFRESH_MS = 3000;

function filtersFrom(params) {
  return {
    status: params.get('status') ?? '',
    type: params.get('type') ?? '',
    customId: params.get('customId') ?? '',
    metaKey: params.get('metaKey') ?? '',
    metaValue: params.get('metaValue') ?? '',
    createdAfter: params.get('createdAfter') ?? '',
    createdBefore: params.get('createdBefore') ?? '',
  };
}

function listQuery(f, cursor) {
  const q = {
    status: f.status,
    type: f.type,
    customId: f.customId,
    createdAfter: f.createdAfter ? new Date(f.createdAfter).toISOString() : '',
    createdBefore: f.createdBefore ? new Date(f.createdBefore).toISOString() : '',
    limit: 25,
    cursor,
  };
  if (f.metaKey) q[`metadata.${f.metaKey}`] = f.metaValue;
  return `/v1/tasks${query(q)}`;
}

export function TasksView({ params }) {
  const filters = filtersFrom(params);
  const key = params.toString();
  const [types, setTypes] = useState([]);
  const [cursors, setCursors] = useState([undefined]);
  const [page, setPage] = useState({ items: [], nextCursor: null });
  const [error, setError] = useState(null);
  const cursor = cursors.at(-1);

  useEffect(() => {
    api('/v1/task-types').then((r) => setTypes(r.body.items.map((t) => t.type)), () => {});
  }, []);
  useEffect(() => setCursors([undefined]), [key]);
  useEffect(() => {
    let stopped = false;
    let timer;
    const load = async () => {
      try {
        const r = await api(listQuery(filters, cursor));
        if (!stopped) {
          setPage(r.body);
          setError(null);
        }
      } catch (err) {
        if (!stopped) setError(describeError(err));
      }
      if (!stopped) timer = setTimeout(load, REFRESH_MS);
    };
    load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, cursor]);

  const apply = (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const q = new URLSearchParams();
    const statuses = form.getAll('status');
    if (statuses.length) q.set('status', statuses.join(','));
    for (const name of ['type', 'customId', 'metaKey', 'metaValue', 'createdAfter', 'createdBefore']) {
      const v = String(form.get(name) ?? '').trim();
      if (v) q.set(name, v);
    }
    location.hash = `#/tasks?${q}`;
  };
  const selected = new Set(filters.status.split(',').filter(Boolean));

  return html`<section aria-labelledby="tasks-title">
    <h1 id="tasks-title">Tasks</h1>
    <form class="filters" onSubmit=${apply} aria-label="Filter tasks">
      <fieldset>
        <legend>Status</legend>
        ${STATUSES.map((s) => html`<label class="check"><input type="checkbox" name="status" value=${s} checked=${selected.has(s)} /> ${s}</label>`)}
      </fieldset>
      <label>Type
        <select name="type">
          <option value="">any</option>
          ${types.map((t) => html`<option value=${t} selected=${filters.type === t}>${t}</option>`)}
        </select>
      </label>
      <label>customId <input name="customId" value=${filters.customId} /></label>
      <label>Metadata key <input name="metaKey" value=${filters.metaKey} /></label>
      <label>Metadata value <input name="metaValue" value=${filters.metaValue} /></label>
      <label>Created after <input type="datetime-local" name="createdAfter" value=${filters.createdAfter} /></label>
      <label>Created before <input type="datetime-local" name="createdBefore" value=${filters.createdBefore} /></label>
      <button type="submit">Apply</button>
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <table class="tasks">
      <caption class="sr-only">Tasks, newest first</caption>
      <thead><tr><th scope="col">Task</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Progress</th><th scope="col">Created</th></tr></thead>
      <tbody>
        ${page.items.map(
          (t) => html`<tr>
            <td><a href=${`#/tasks/${t.id}`}>${t.customId ?? t.id}</a></td>
            <td>${t.type}</td>
            <td><span class=${`status status-${t.status}`}>${t.status}</span></td>
            <td><${ProgressBar} percent=${t.progress.percent} label=${`Progress of ${t.id}`} /></td>
            <td>${ago(t.createdAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${page.items.length === 0 && html`<p class="hint">No tasks match.</p>`}
    <div class="pager">
      <button type="button" class="secondary" disabled=${cursors.length === 1} onClick=${() => setCursors(cursors.slice(0, -1))}>Newer</button>
      <button type="button" class="secondary" disabled=${!page.nextCursor} onClick=${() => setCursors([...cursors, page.nextCursor])}>Older</button>
    </div>
  </section>`;
}
