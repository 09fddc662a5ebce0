// A small SVG line chart (no charting library for three lines): the data also goes out as a table
// for screen readers.
import { html } from '../shared/html.js';

const W = 640;
const H = 180;
const PAD = 28;

export function LineChart({ title, series }) {
  const points = series.flatMap((s) => s.points);
  if (points.length < 2) return html`<p class="hint">Collecting samples…</p>`;
  const t0 = Math.min(...points.map((p) => p.at));
  const t1 = Math.max(...points.map((p) => p.at));
  const max = Math.max(1, ...points.map((p) => p.value));
  const x = (at) => PAD + ((at - t0) / Math.max(1, t1 - t0)) * (W - 2 * PAD);
  const y = (v) => H - PAD - (v / max) * (H - 2 * PAD);
  return html`<figure class="chart">
    <svg viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${title}>
      <line x1=${PAD} y1=${H - PAD} x2=${W - PAD} y2=${H - PAD} class="axis" />
      <line x1=${PAD} y1=${PAD} x2=${PAD} y2=${H - PAD} class="axis" />
      <text x=${4} y=${PAD} class="tick">${max}</text>
      <text x=${4} y=${H - PAD} class="tick">0</text>
      ${series.map(
        (s) => html`<polyline class=${s.className} fill="none" points=${s.points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')} />`,
      )}
    </svg>
    <figcaption>
      ${title}: ${series.map((s) => html`<span class=${`legend ${s.className}`}>${s.name} (latest ${s.points.at(-1)?.value ?? 0})</span> `)}
    </figcaption>
    <table class="sr-only">
      <caption>${title}</caption>
      <thead><tr><th scope="col">Time</th>${series.map((s) => html`<th scope="col">${s.name}</th>`)}</tr></thead>
      <tbody>
        ${series[0].points.map(
          (p, i) => html`<tr><th scope="row">${new Date(p.at).toLocaleTimeString()}</th>${series.map((s) => html`<td>${s.points[i]?.value ?? ''}</td>`)}</tr>`,
        )}
      </tbody>
    </table>
  </figure>`;
}
