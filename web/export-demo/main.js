// The export page of an application, built on Offload: an Export button that starts a background
// task for this user, is disabled while such a task is queued or running, shows its progress —
// asking again when the server's Retry-After says, not on a fixed timer — offers the download when
// it succeeded, and a Clear button that deletes it. On load the page asks for this user's latest
// export and restores the right state; a task older than its expiry no longer blocks the button.
import { api, apiKey, describeError, retryAfterMs, setApiKey } from '../shared/api.js';
import { html, ProgressBar, render, useEffect, useRef, useState } from '../shared/html.js';

const EXPIRY_MS = 30 * 60_000;
const ACTIVE = new Set(['pending', 'queued', 'running']);
const params = new URLSearchParams(location.search);
const USER = params.get('user') || 'demo-user';

/** What to submit: the `export` type when the server has it, else a `sleep` stand-in of a few seconds. */
async function exportRequest() {
  const types = (await api('/v1/task-types')).body.items.map((t) => t.type);
  const metadata = { user: USER, page: 'export-demo' };
  if (types.includes('export')) {
    const input = { source: params.get('source') || 'users', format: params.get('format') || 'csv', params: {} };
    return { type: 'export', input, metadata };
  }
  return { type: 'sleep', input: { seconds: Number(params.get('seconds') || 6) }, metadata };
}

function blocks(task) {
  return ACTIVE.has(task.status) && Date.now() - Date.parse(task.createdAt) < EXPIRY_MS;
}

function ExportPage() {
  const [task, setTask] = useState(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);
  const timer = useRef(null);

  const follow = (id) => {
    clearTimeout(timer.current);
    const poll = async () => {
      try {
        const r = await api(`/v1/tasks/${encodeURIComponent(id)}`);
        setTask(r.body);
        if (blocks(r.body)) timer.current = setTimeout(poll, retryAfterMs(r.headers));
      } catch (err) {
        setError(describeError(err));
        if (err.status === 404 || err.status === 410) setTask(null);
      }
    };
    poll();
  };

  useEffect(() => {
    (async () => {
      try {
        const q = new URLSearchParams({ 'metadata.user': USER, 'metadata.page': 'export-demo', limit: '1' });
        const latest = (await api(`/v1/tasks?${q}`)).body.items[0] ?? null;
        if (latest && !(ACTIVE.has(latest.status) && !blocks(latest))) {
          setTask(latest);
          if (blocks(latest)) follow(latest.id);
        }
      } catch (err) {
        setError(describeError(err));
      } finally {
        setLoading(false);
      }
    })();
    return () => clearTimeout(timer.current);
  }, []);

  const start = async () => {
    setError(null);
    try {
      const r = await api('/v1/tasks', { method: 'POST', body: await exportRequest(), headers: { prefer: 'respond-async' } });
      setTask(r.body);
      follow(r.body.id);
    } catch (err) {
      setError(describeError(err));
    }
  };
  const clear = async () => {
    setError(null);
    try {
      await api(`/v1/tasks/${encodeURIComponent(task.id)}`, { method: 'DELETE' });
      clearTimeout(timer.current);
      setTask(null);
    } catch (err) {
      setError(describeError(err));
    }
  };

  const busy = task !== null && blocks(task);
  return html`<main class="export-demo">
    <h1>Export your data</h1>
    <p>Signed in as <strong>${USER}</strong>. The export runs in the background; you can leave and come back.</p>
    <button type="button" id="export" onClick=${start} disabled=${loading || busy} aria-describedby="export-state">Export</button>
    <div id="export-state" aria-live="polite">
      ${loading && html`<p>Looking for your last export…</p>`}
      ${task && busy && html`<p>Export ${task.status === 'running' ? 'running' : 'waiting to start'}…</p><${ProgressBar} percent=${task.progress.percent} label="Export progress" />`}
      ${task && task.status === 'succeeded' && html`<${Download} task=${task} />`}
      ${task && (task.status === 'failed' || task.status === 'canceled') && html`<p class="error">The export ${task.status}: ${task.error?.detail ?? ''}</p>`}
    </div>
    ${task && !busy && html`<button type="button" id="clear" class="secondary" onClick=${clear}>Clear</button>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </main>`;
}

/** The export's file (a signed link, no key needed) or, for the stand-in type, its result as a file. */
function Download({ task }) {
  const file = task.files?.[0];
  if (file) return html`<p><a id="download" href=${file.href} download=${file.name}>Download ${file.name}</a> (${file.size} bytes)</p>`;
  const url = URL.createObjectURL(new Blob([JSON.stringify(task.result ?? null)], { type: 'application/json' }));
  return html`<p><a id="download" href=${url} download=${`export-${task.id}.json`}>Download the export</a></p>`;
}

function SignIn({ onSignedIn }) {
  const submit = (e) => {
    e.preventDefault();
    setApiKey(new FormData(e.target).get('key').trim());
    onSignedIn();
  };
  return html`<main class="signin">
    <h1>Export demo</h1>
    <form onSubmit=${submit}>
      <label for="key">API key</label>
      <input id="key" name="key" type="password" autocomplete="off" required />
      <button type="submit">Continue</button>
    </form>
  </main>`;
}

function App() {
  const [signedIn, setSignedIn] = useState(Boolean(apiKey()));
  return signedIn ? html`<${ExportPage} />` : html`<${SignIn} onSignedIn=${() => setSignedIn(true)} />`;
}

render(html`<${App} />`, document.getElementById('app'));
