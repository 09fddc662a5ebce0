// Workers: the runners that are alive (in-process and HTTP workers), their types, concurrency and
// last heartbeat.
import { api, describeError } from '../shared/api.js';
import { ago, html, useEffect, useState } from '../shared/html.js';

export function WorkersView() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const load = () =>
      api('/v1/workers').then(
        (r) => {
          setItems(r.body.items);
          setError(null);
        },
        (err) => setError(describeError(err)),
      );
    load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);
  return html`<section aria-labelledby="workers-title">
    <h1 id="workers-title">Workers</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${items &&
    html`<table>
      <caption class="sr-only">Live workers</caption>
      <thead><tr><th scope="col">Worker</th><th scope="col">Kind</th><th scope="col">Types</th><th scope="col">Concurrency</th><th scope="col">Last heartbeat</th></tr></thead>
      <tbody>
        ${items.map(
          (w) => html`<tr>
            <td><code>${w.id}</code>${w.node ? html` on ${w.node}` : ''}</td>
            <td>${w.kind ?? '—'}</td>
            <td>${(w.types ?? []).join(', ')}</td>
            <td>${w.concurrency ?? '—'}</td>
            <td>${ago(w.lastHeartbeatAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`}
    ${items && items.length === 0 && html`<p class="hint">No live workers.</p>`}
  </section>`;
}
