// Webhooks: the tenant's endpoints, each endpoint's recent deliveries with their attempts, and
// redelivery of one by hand.
import { api, describeError } from '../shared/api.js';
import { ago, html, useEffect, useState } from '../shared/html.js';

function EndpointList() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api('/v1/webhook-endpoints').then((r) => setItems(r.body.items), (err) => setError(describeError(err)));
  }, []);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!items) return html`<p>Loading…</p>`;
  if (items.length === 0) return html`<p class="hint">No endpoints. Create one with POST /v1/webhook-endpoints.</p>`;
  return html`<table>
    <caption class="sr-only">Webhook endpoints</caption>
    <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Created</th></tr></thead>
    <tbody>
      ${items.map(
        (e) => html`<tr>
          <td><a href=${`#/webhooks/${e.id}`}>${e.url}</a></td>
          <td>${e.eventTypes ? e.eventTypes.join(', ') : 'all but task.progress'}</td>
          <td>${e.disabled ? html`<span class="status status-failed">disabled</span> ${e.disabledReason ?? ''}` : 'enabled'}</td>
          <td>${ago(e.createdAt)}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function Deliveries({ id }) {
  const [endpoint, setEndpoint] = useState(null);
  const [items, setItems] = useState([]);
  const [error, setError] = useState(null);
  const [message, setMessage] = useState(null);
  const load = async () => {
    try {
      setEndpoint((await api(`/v1/webhook-endpoints/${encodeURIComponent(id)}`)).body);
      setItems((await api(`/v1/webhook-endpoints/${encodeURIComponent(id)}/deliveries`)).body.items);
      setError(null);
    } catch (err) {
      setError(describeError(err));
    }
  };
  useEffect(() => {
    load();
    const timer = setInterval(load, 3000);
    return () => clearInterval(timer);
  }, [id]);
  const redeliver = async (d) => {
    try {
      await api(`/v1/webhook-endpoints/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(d.id)}/redeliver`, { method: 'POST' });
      setMessage(`Delivery ${d.id} is queued again.`);
      load();
    } catch (err) {
      setMessage(describeError(err));
    }
  };
  return html`<section aria-labelledby="endpoint-title">
    <p><a href="#/webhooks">← Webhooks</a></p>
    <h1 id="endpoint-title">Endpoint ${endpoint ? html`<code>${endpoint.url}</code>` : ''}</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${message && html`<p role="status">${message}</p>`}
    <table class="deliveries">
      <caption class="sr-only">Recent deliveries, newest first</caption>
      <thead><tr><th scope="col">Event</th><th scope="col">Task</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col"></th></tr></thead>
      <tbody>
        ${items.map((d) => {
          const last = d.attemptLog.at(-1);
          return html`<tr data-delivery=${d.id}>
            <td><code class="nowrap">${d.eventType}</code></td>
            <td><a href=${`#/tasks/${d.taskId}`}>${d.taskId}</a></td>
            <td><span class=${`status status-${d.status}`}>${d.status}</span></td>
            <td>${d.attempts}</td>
            <td>${last ? `${last.statusCode ?? last.error ?? '—'} (${ago(last.attemptedAt)})` : '—'}</td>
            <td><button type="button" class="secondary" onClick=${() => redeliver(d)} aria-label=${`Redeliver ${d.eventType} of ${d.taskId}`}>Redeliver</button></td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${items.length === 0 && html`<p class="hint">No deliveries yet.</p>`}
  </section>`;
}

export function WebhooksView({ id }) {
  if (id) return html`<${Deliveries} id=${id} />`;
  return html`<section aria-labelledby="webhooks-title"><h1 id="webhooks-title">Webhooks</h1><${EndpointList} /></section>`;
}
