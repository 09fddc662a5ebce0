// Preact with htm: components in tagged templates, no build step.
import htm from 'htm';
import { h } from 'preact';

export const html = htm.bind(h);
export { render } from 'preact';
export { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export function ago(iso) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

export function ProgressBar({ percent, label }) {
  const value = Math.max(0, Math.min(100, Math.round(percent ?? 0)));
  return html`<div class="progress">
    <progress max="100" value=${value} aria-label=${label ?? 'Progress'}>${value} %</progress>
    <span class="progress-value">${value} %</span>
  </div>`;
}
