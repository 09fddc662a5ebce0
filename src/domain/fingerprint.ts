import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal values give equal text. Iterative, with
 * its own stack: a value may nest deeper than the call stack allows (the API refuses bodies nested
 * past limits.jsonDepth, but this must not depend on every caller doing so).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  let out = '';
  // Strings on the stack are finished JSON text; objects and arrays are still to be written.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      out += item;
    } else if (Array.isArray(item)) {
      stack.push(']');
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(pending(item[i]));
        if (i > 0) stack.push(',');
      }
      out += '[';
    } else {
      const obj = item as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      stack.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push(pending(obj[k]));
        stack.push(i > 0 ? `,${JSON.stringify(k)}:` : `${JSON.stringify(k)}:`);
      }
      out += '{';
    }
  }
  return out;
}

/** A value as a stack item: objects and arrays as they are, anything else as its JSON text. */
function pending(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? value : (JSON.stringify(value) ?? 'null');
}

/** Fingerprint of a request body, to tell a replay from a different request under the same key. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}
