// The operator dashboard: sign in with an API key (kept for this tab only), then look at queues,
// tasks, webhooks, workers and batches. Every number and every button goes through the public API:
// the dashboard can do nothing the API cannot.
import { api, apiKey, describeError, setApiKey } from '../shared/api.js';
import { html, render, useEffect, useState } from '../shared/html.js';
import { QueuesView } from './queues-view.js';
import { TaskView } from './task-view.js';
import { TasksView } from './tasks-view.js';
import { WebhooksView } from './webhooks-view.js';
import { WorkersView } from './workers-view.js';
import { BatchesView } from './batches-view.js';
import { GroupView } from './groups-view.js';

const SECTIONS = [
  ['queues', 'Queues'],
  ['tasks', 'Tasks'],
  ['batches', 'Batches'],
  ['webhooks', 'Webhooks'],
  ['workers', 'Workers'],
];

function parseHash() {
  const [path, q = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { section: parts[0] || 'queues', id: parts[1] ?? null, params: new URLSearchParams(q) };
}

function useRoute() {
  const [route, setRoute] = useState(parseHash());
  useEffect(() => {
    const onChange = () => setRoute(parseHash());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function SignIn({ onSignedIn }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const key = new FormData(e.target).get('key').trim();
    setBusy(true);
    setError(null);
    try {
      await api('/v1/task-types', { key });
      setApiKey(key);
      onSignedIn();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="signin">
    <h1>Offload</h1>
    <form onSubmit=${submit} aria-describedby="signin-help">
      <label for="key">API key</label>
      <input id="key" name="key" type="password" autocomplete="off" required spellcheck="false" />
      <button type="submit" disabled=${busy}>Sign in</button>
      <p id="signin-help" class="hint">The key stays in this tab only (sessionStorage) and is sent to this server alone.</p>
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>
  </main>`;
}

function Dashboard({ onSignOut }) {
  const route = useRoute();
  const [admin, setAdmin] = useState(false);
  useEffect(() => {
    api('/v1/me').then(
      (r) => setAdmin(r.body.role === 'admin'),
      () => setAdmin(false),
    );
  }, []);
  let view;
  if (route.section === 'tasks' && route.id) view = html`<${TaskView} id=${route.id} />`;
  else if (route.section === 'tasks') view = html`<${TasksView} params=${route.params} />`;
  else if (route.section === 'webhooks') view = html`<${WebhooksView} id=${route.id} />`;
  else if (route.section === 'workers') view = html`<${WorkersView} />`;
  else if (route.section === 'batches') view = html`<${BatchesView} id=${route.id} />`;
  else if (route.section === 'groups' && route.id) view = html`<${GroupView} id=${route.id} />`;
  else view = html`<${QueuesView} />`;
  return html`<div class="shell">
    <header>
      <a class="brand" href="#/queues">Offload</a>
      <nav aria-label="Sections">
        <ul>
          ${SECTIONS.map(([id, label]) => html`<li><a href=${`#/${id}`} aria-current=${route.section === id ? 'page' : undefined}>${label}</a></li>`)}
        </ul>
      </nav>
      <span class="who">${admin ? 'admin key · every tenant' : 'tenant key'}</span>
      <button type="button" class="secondary" onClick=${onSignOut}>Sign out</button>
    </header>
    <main id="main">${view}</main>
  </div>`;
}

function App() {
  const [signedIn, setSignedIn] = useState(Boolean(apiKey()));
  if (!signedIn) return html`<${SignIn} onSignedIn=${() => setSignedIn(true)} />`;
  return html`<${Dashboard}
    onSignOut=${() => {
      setApiKey(null);
      setSignedIn(false);
    }}
  />`;
}

render(html`<${App} />`, document.getElementById('app'));
