// RFC 7240 `Prefer`. Preferences are hints: anything malformed or unknown is ignored, never an error.

export interface Preferences {
  respondAsync: boolean;
  /** Seconds, clamped to the configured cap; null when absent or malformed. */
  wait: number | null;
}

export function parsePrefer(header: string | string[] | undefined, waitMaxSeconds: number): Preferences {
  const prefs: Preferences = { respondAsync: false, wait: null };
  if (header === undefined) return prefs;
  const text = Array.isArray(header) ? header.join(',') : header;
  const seen = new Set<string>();
  for (const item of splitOutsideQuotes(text, ',')) {
    // Parameters after `;` do not matter for the preferences we support.
    const head = splitOutsideQuotes(item, ';')[0] ?? '';
    const eq = head.indexOf('=');
    const token = (eq === -1 ? head : head.slice(0, eq)).trim().toLowerCase();
    if (token === '' || seen.has(token)) continue; // the first occurrence wins
    seen.add(token);
    const value = eq === -1 ? '' : unquote(head.slice(eq + 1).trim());
    if (token === 'respond-async') prefs.respondAsync = true;
    else if (token === 'wait' && /^\d{1,9}$/.test(value)) prefs.wait = Math.min(Number(value), waitMaxSeconds);
  }
  return prefs;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (ch === '\\' && quoted && i + 1 < text.length) {
      current += ch + text[++i];
      continue;
    }
    if (ch === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}
