import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type BackendKind, type Machine } from './env.ts';

// Figures, targets and the printed table.

export interface Figure {
  workload: string;
  metric: string;
  value: number | null;
  unit: string;
  /** value ÷ reference, and the reference's name. */
  ratio?: { value: number | null; of: string };
  target?: { text: string; met: boolean | null };
  note?: string;
}

export interface BackendReport {
  backend: BackendKind;
  figures: Figure[];
  errors: { workload: string; error: string }[];
  raw: Record<string, unknown>;
  seconds: number;
}

export interface Report {
  machine: Machine;
  startedAt: string;
  mode: 'quick' | 'full';
  backends: BackendReport[];
}

export function ratio(value: number | null, ref: number | null, of: string): Figure['ratio'] {
  return { value: value !== null && ref ? value / ref : null, of };
}

/** `≥ threshold` / `≤ threshold` checks that print as met/missed. */
export function atLeast(value: number | null, threshold: number, text: string): Figure['target'] {
  return { text, met: value === null ? null : value >= threshold };
}
/** A missing value (nothing answered) counts as missed for an upper bound. */
export function atMost(value: number | null, threshold: number, text: string): Figure['target'] {
  return { text, met: value === null ? false : value <= threshold };
}

function fmt(v: number | null, unit = ''): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  const s = abs >= 1000 ? Math.round(v).toLocaleString('en-US') : abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : v.toFixed(2);
  return unit ? `${s} ${unit}` : s;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function renderTable(report: Report): string {
  const m = report.machine;
  const lines: string[] = [];
  lines.push(`Offload bench (${report.mode}) — ${report.startedAt}`);
  lines.push(`machine: ${m.cpu} · ${m.cores} cores · ${m.memoryGb} GB · node ${m.node} · ${m.platform}`);
  for (const b of report.backends) {
    lines.push('');
    lines.push(`backend: ${b.backend}  (${b.seconds.toFixed(0)} s)`);
    const rows = [['workload', 'metric', 'value', 'ratio', 'target', 'note']];
    for (const f of b.figures) {
      const r = f.ratio ? (f.ratio.value === null ? `— ${f.ratio.of}` : `${f.ratio.value.toFixed(2)}× ${f.ratio.of}`) : '';
      const t = f.target ? `${f.target.text} ${f.target.met === null ? '?' : f.target.met ? 'met' : 'MISSED'}` : '';
      rows.push([f.workload, f.metric, fmt(f.value, f.unit), r, t, f.note ?? '']);
    }
    const widths = rows[0]!.map((_, i) => Math.min(48, Math.max(...rows.map((row) => row[i]!.length))));
    rows.forEach((row, i) => {
      lines.push(`| ${row.map((c, j) => pad(c, widths[j]!)).join(' | ')} |`);
      if (i === 0) lines.push(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    });
    for (const e of b.errors) lines.push(`! ${e.workload}: ${e.error}`);
  }
  return lines.join('\n');
}

/** One markdown table over all backends (the README's Performance table): `node bench/readme-table.ts FILE`. */
export function renderMarkdown(report: Report): string {
  const lines = ['| backend | workload | metric | value | ratio | target | note |', '|---|---|---|---|---|---|---|'];
  const cell = (s: string) => s.replaceAll('|', '\\|');
  for (const b of report.backends) {
    for (const f of b.figures) {
      const r = f.ratio ? (f.ratio.value === null ? '' : `${f.ratio.value.toFixed(2)}× ${f.ratio.of}`) : '';
      const t = f.target ? `${f.target.text} ${f.target.met === null ? '?' : f.target.met ? '✔' : '✘'}` : '';
      lines.push(`| ${[b.backend, f.workload, f.metric, fmt(f.value, f.unit), r, t, f.note ?? ''].map(cell).join(' | ')} |`);
    }
    for (const e of b.errors) lines.push(`| ${b.backend} | ${cell(e.workload)} | FAILED |  |  |  | ${cell(e.error)} |`);
  }
  return lines.join('\n');
}

export function writeJson(report: Report): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}-${report.mode}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
