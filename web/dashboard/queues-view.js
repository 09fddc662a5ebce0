// Queues: per task type, how many tasks wait and run, how long the oldest has waited, whether the
// queue is paused (with pause/resume), and a chart of the tasks that succeeded and failed per minute
// over the last hour (GET /v1/queues/throughput, from the tasks' finish times). Live: both are
// asked again every few seconds.
import { api, describeError } from '../shared/api.js';
import { html, useEffect, useState } from '../shared/html.js';
import { LineChart } from './line-chart.js';

const REFRESH_MS = 3000;

export function QueuesView() {
  const [queues, setQueues] = useState([]);
  const [throughput, setThroughput] = useState([]);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer;
    const load = async () => {
      try {
        const [q, t] = await Promise.all([api('/v1/queues'), api('/v1/queues/throughput?minutes=60')]);
        if (stopped) return;
        setQueues(q.body.items);
        setThroughput(t.body.points);
        setError(null);
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
  }, [tick]);
  const toggle = async (q) => {
    try {
      await api(`/v1/queues/${encodeURIComponent(q.type)}/${q.paused ? 'resume' : 'pause'}`, { method: 'POST' });
      setTick(tick + 1);
    } catch (err) {
      setError(describeError(err));
    }
  };
  const points = throughput.map((p) => ({ at: Date.parse(p.at), succeeded: p.succeeded, failed: p.failed }));
  const total = points.reduce((n, p) => n + p.succeeded + p.failed, 0);
  const failed = points.reduce((n, p) => n + p.failed, 0);
  return html`<section aria-labelledby="queues-title">
    <h1 id="queues-title">Queues</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <table class="queues">
      <caption class="sr-only">Tasks per type and status</caption>
      <thead>
        <tr><th scope="col">Type</th><th scope="col">Pending</th><th scope="col">Queued</th><th scope="col">Running</th><th scope="col">Oldest queued</th><th scope="col">Queue</th></tr>
      </thead>
      <tbody>
        ${queues.map(
          (q) => html`<tr data-type=${q.type}>
            <th scope="row">${q.type}${q.http ? html` <span class="hint">(HTTP workers)</span>` : ''}</th>
            <td>${q.depth.pending}</td>
            <td data-testid=${`queued-${q.type}`}>${q.depth.queued}</td>
            <td data-testid=${`running-${q.type}`}>${q.depth.running}</td>
            <td>${q.oldestQueuedAgeSeconds === null ? '—' : `${q.oldestQueuedAgeSeconds} s`}</td>
            <td>
              <button type="button" class="secondary" onClick=${() => toggle(q)} disabled=${q.pausedForEveryTenant && q.paused && !q.pausedTenants} aria-label=${`${q.paused ? 'Resume' : 'Pause'} the ${q.type} queue`}>${q.paused ? 'Resume' : 'Pause'}</button>
              ${q.paused ? html` <span class="status status-pending" data-testid=${`paused-${q.type}`}>paused${q.pausedForEveryTenant ? ' for every tenant' : ''}</span>` : ''}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${queues.length === 0 && !error && html`<p class="hint">No task types.</p>`}
    <h2>Finished per minute, last hour</h2>
    <p>${total} finished, ${failed} failed${total > 0 ? ` (${Math.round((failed / total) * 100)} % failure rate)` : ''}.</p>
    <${LineChart}
      title="Tasks succeeded and failed per minute"
      series=${[
        { name: 'succeeded', points: points.map((p) => ({ at: p.at, value: p.succeeded })), className: 'series-ok' },
        { name: 'failed', points: points.map((p) => ({ at: p.at, value: p.failed })), className: 'series-failed' },
      ]}
    />
  </section>`;
}
