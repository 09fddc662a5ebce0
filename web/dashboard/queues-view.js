// Queues: per task type, how many tasks wait, run and finished, how long the oldest has waited,
// whether the queue is paused (with pause/resume), and a chart of depth, completions and failures
// over the time this page has been open (sampled from GET /v1/queues every few seconds).
import { api, describeError } from '../shared/api.js';
import { html, useEffect, useState } from '../shared/html.js';
import { LineChart } from './line-chart.js';

const SAMPLE_MS = 3000;
const KEEP = 60;

export function QueuesView() {
  const [queues, setQueues] = useState([]);
  const [history, setHistory] = useState([]);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer;
    const sample = async () => {
      try {
        const items = (await api('/v1/queues')).body.items;
        if (stopped) return;
        setQueues(items);
        setError(null);
        setHistory((h) => [...h.slice(-KEEP + 1), { at: Date.now(), items }]);
      } catch (err) {
        if (!stopped) setError(describeError(err));
      }
      if (!stopped) timer = setTimeout(sample, SAMPLE_MS);
    };
    sample();
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
  const series = seriesOf(history);
  return html`<section aria-labelledby="queues-title">
    <h1 id="queues-title">Queues</h1>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <table class="queues">
      <caption class="sr-only">Tasks per type and status</caption>
      <thead>
        <tr><th scope="col">Type</th><th scope="col">Pending</th><th scope="col">Queued</th><th scope="col">Running</th><th scope="col">Succeeded</th><th scope="col">Failed</th><th scope="col">Oldest queued</th><th scope="col">Queue</th></tr>
      </thead>
      <tbody>
        ${queues.map(
          (q) => html`<tr data-type=${q.type}>
            <th scope="row">${q.type}</th>
            <td>${q.depth.pending ?? 0}</td>
            <td data-testid=${`queued-${q.type}`}>${q.depth.queued ?? 0}</td>
            <td>${q.depth.running ?? 0}</td>
            <td>${q.depth.succeeded ?? 0}</td>
            <td>${q.depth.failed ?? 0}</td>
            <td>${q.oldestQueuedAgeSeconds === null ? '—' : `${Math.round(q.oldestQueuedAgeSeconds)} s`}</td>
            <td><button type="button" class="secondary" onClick=${() => toggle(q)} aria-label=${`${q.paused ? 'Resume' : 'Pause'} the ${q.type} queue`}>${q.paused ? 'Resume' : 'Pause'}</button>${q.paused ? ' paused' : ''}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${queues.length === 0 && !error && html`<p class="hint">No tasks yet.</p>`}
    <h2>Since this page opened</h2>
    <${LineChart}
      title="Queue depth, completions and failures per sample"
      series=${series}
    />
  </section>`;
}

/** Depth (queued + running) over time, and per interval the tasks that succeeded or failed. */
function seriesOf(history) {
  const total = (items, status) => items.reduce((n, q) => n + (q.depth[status] ?? 0), 0);
  const depth = history.map((s) => ({ at: s.at, value: total(s.items, 'queued') + total(s.items, 'running') }));
  const delta = (status) =>
    history.slice(1).map((s, i) => ({ at: s.at, value: Math.max(0, total(s.items, status) - total(history[i].items, status)) }));
  return [
    { name: 'waiting or running', points: depth, className: 'series-depth' },
    { name: 'succeeded', points: delta('succeeded'), className: 'series-ok' },
    { name: 'failed', points: delta('failed'), className: 'series-failed' },
  ];
}
