// References between the sub-requests of a batch:
// - a URL starting `$<id>` is that response's `Location` with the rest of the URL appended
//   (`$submit/cancel` → `/v1/tasks/tsk_…/cancel`);
// - a body value `{ "$ref": "<id>#<JSON Pointer>" }` (an object with that one member) is the value at
//   that pointer (RFC 6901) of that response's body (`{ "$ref": "submit#/id" }`).
// `<id>` must be listed in the sub-request's dependsOn (checked with the batch's structure). An
// object whose `$ref` does not have the `<id>#…` form is ordinary data (a JSON Schema's `$ref`:
// "#/definitions/x" has no id) and is sent as it is.

/** What a resolved reference reads from: an earlier sub-request's answer. */
export interface ReferencedResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const REF = /^([A-Za-z0-9_.-]{1,64})#(.*)$/s;

export interface FoundReference {
  /** JSON Pointer of the `{ "$ref" }` object inside the body. */
  at: string;
  id: string;
  pointer: string;
}

function asReference(value: unknown): { id: string; pointer: string } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== '$ref') return null;
  const ref = (value as { $ref: unknown }).$ref;
  if (typeof ref !== 'string') return null;
  const m = REF.exec(ref);
  if (!m || (m[2] !== '' && !m[2]!.startsWith('/'))) return null;
  return { id: m[1]!, pointer: m[2]! };
}

/** Every reference in a body, depth first. */
export function referencesIn(body: unknown, at = ''): FoundReference[] {
  const ref = asReference(body);
  if (ref) return [{ at, ...ref }];
  if (typeof body !== 'object' || body === null) return [];
  const out: FoundReference[] = [];
  for (const [key, value] of Object.entries(body)) out.push(...referencesIn(value, `${at}/${escapeToken(key)}`));
  return out;
}

/** `$<id>…`: the id a URL refers to and the rest after it, or null for a plain URL. */
export function urlReference(url: string): { id: string; rest: string } | null {
  const m = /^\$([A-Za-z0-9_.-]{1,64})([/?].*)?$/s.exec(url);
  return m ? { id: m[1]!, rest: m[2] ?? '' } : null;
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; detail: string };

/** The value at an RFC 6901 pointer, or why there is none. */
export function pointerGet(document: unknown, pointer: string): Resolved<unknown> {
  if (pointer === '') return { ok: true, value: document };
  let current = document;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(token) || Number(token) >= current.length) return { ok: false, detail: `no element "${token}"` };
      current = current[Number(token)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { ok: false, detail: `no member "${token}"` };
    }
  }
  return { ok: true, value: current };
}

export function resolveUrl(url: string, responses: ReadonlyMap<string, ReferencedResponse>): Resolved<string> {
  const ref = urlReference(url);
  if (!ref) return { ok: true, value: url };
  const location = responses.get(ref.id)?.headers.location;
  if (!location) return { ok: false, detail: `the response of "${ref.id}" has no Location` };
  return { ok: true, value: location + ref.rest };
}

/** The body with every reference replaced by the value it names. */
export function resolveBody(body: unknown, responses: ReadonlyMap<string, ReferencedResponse>, at = ''): Resolved<unknown> {
  const ref = asReference(body);
  if (ref) {
    const response = responses.get(ref.id);
    if (!response) return { ok: false, detail: `${at || '/'}: "${ref.id}" has no response` };
    const found = pointerGet(response.body, ref.pointer);
    return found.ok ? found : { ok: false, detail: `${at || '/'}: "${ref.id}#${ref.pointer}": ${found.detail}` };
  }
  if (typeof body !== 'object' || body === null) return { ok: true, value: body };
  if (Array.isArray(body)) {
    const out: unknown[] = [];
    for (let i = 0; i < body.length; i++) {
      const r = resolveBody(body[i], responses, `${at}/${i}`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  // Entries, not assignment: a member named "__proto__" stays a member.
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(body)) {
    const r = resolveBody(value, responses, `${at}/${escapeToken(key)}`);
    if (!r.ok) return r;
    entries.push([key, r.value]);
  }
  return { ok: true, value: Object.fromEntries(entries) };
}

function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
