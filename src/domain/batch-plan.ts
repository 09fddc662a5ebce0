import type { FieldError } from './problems.ts';
import { referencesIn, urlReference } from './batch-references.ts';
import { idPattern } from './ids.ts';

// A batch's structure, checked before anything runs, and its plan: the order in which its
// sub-requests may run. `dependsOn` may name earlier ids only, so the request order is already a
// topological order and no cycle can exist; an atomicity group's members are adjacent and run as one
// unit (in one store transaction), after everything any of them depends on outside the group.

export const BATCH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type BatchMethod = (typeof BATCH_METHODS)[number];

/** A sub-request as the client sent it (the body schema of POST /v1/batch checked the types). */
export interface BatchRequest {
  id: string;
  method: BatchMethod;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
  atomicityGroup?: string;
}

export const BATCH_ID_PATTERN = '^[A-Za-z0-9_.-]{1,64}$';
const ID = new RegExp(BATCH_ID_PATTERN);

/**
 * Headers a sub-request may not set: the batch's caller is who it runs as, the framing is the
 * server's, and the internal dispatch header is never the client's.
 */
const FORBIDDEN_HEADERS = new Set([
  'authorization', 'host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade',
  'expect', 'te', 'trailer', 'proxy-authorization', 'proxy-connection', 'cookie',
]);
const INTERNAL_HEADER_PREFIX = 'x-offload-';

export interface BatchRules {
  maxRequests: number;
  maxDepth: number;
  /** Routes that cannot answer inside a batch (they stream): refused by method and path. */
  streams(method: string, path: string): boolean;
}

/** One execution unit: a sub-request, or the members of an atomicity group in order. */
export interface BatchUnit {
  members: number[];
  group: string | null;
  /** Indexes outside the unit that must have answered first. */
  after: number[];
}

/** The path of a URL (without its query), for route matching. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** Why a URL (after any `$<id>`) is not one a sub-request may call, or null. */
function urlProblem(url: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
  if (/[\s#\\]|[\u0000-\u001f\u007f]/.test(url)) return 'must not contain whitespace, control characters, "#" or "\\"';
  const path = pathOf(url);
  if (path.split('/').some((s) => s === '.' || s === '..' || /^(%2e|\.){1,2}$/i.test(s))) return 'must not contain dot segments';
  return null;
}

export function validateBatch(requests: BatchRequest[], rules: BatchRules): FieldError[] {
  const errors: FieldError[] = [];
  const err = (pointer: string, detail: string) => errors.push({ pointer, detail });
  if (requests.length > rules.maxRequests) {
    err('/requests', `at most ${rules.maxRequests} requests per batch (limits.batchMaxRequests)`);
    return errors;
  }
  const indexOf = new Map<string, number>();
  const depth: number[] = [];
  const groupEnd = new Map<string, number>();
  requests.forEach((r, i) => {
    const at = `/requests/${i}`;
    if (!ID.test(r.id)) err(`${at}/id`, `must match ${BATCH_ID_PATTERN}`);
    if (indexOf.has(r.id)) err(`${at}/id`, `duplicate id "${r.id}" (also /requests/${indexOf.get(r.id)})`);
    const deps = new Set(r.dependsOn ?? []);
    let d = 0;
    (r.dependsOn ?? []).forEach((dep, j) => {
      const k = indexOf.get(dep);
      if (k === undefined) err(`${at}/dependsOn/${j}`, `"${dep}" is not the id of an earlier request`);
      else d = Math.max(d, depth[k]! + 1);
    });
    depth.push(d);
    if (d > rules.maxDepth) err(`${at}/dependsOn`, `a chain of ${d} dependencies exceeds limits.batchMaxDepth (${rules.maxDepth})`);

    const ref = urlReference(r.url);
    if (ref) {
      if (!deps.has(ref.id)) err(`${at}/url`, `"$${ref.id}" must name a request listed in dependsOn`);
      const problem = urlProblem(ref.rest);
      if (problem) err(`${at}/url`, problem);
    } else if (!r.url.startsWith('/v1/')) {
      err(`${at}/url`, 'must start with /v1/ (or $<id> of a request in dependsOn)');
    } else {
      const problem = urlProblem(r.url);
      if (problem) err(`${at}/url`, problem);
      else if (/^\/v1\/batch\/?$/.test(pathOf(r.url))) err(`${at}/url`, 'a batch cannot contain a batch');
      else if (rules.streams(r.method, pathOf(r.url))) err(`${at}/url`, 'this route streams its answer and cannot be part of a batch');
    }
    if (r.body !== undefined && (r.method === 'GET' || r.method === 'DELETE')) err(`${at}/body`, `a ${r.method} request has no body`);
    for (const name of Object.keys(r.headers ?? {})) {
      const lower = name.toLowerCase();
      if (FORBIDDEN_HEADERS.has(lower) || lower.startsWith(INTERNAL_HEADER_PREFIX)) {
        err(`${at}/headers/${escapePointer(name)}`, 'this header cannot be set on a sub-request');
      }
    }
    for (const found of referencesIn(r.body)) {
      if (!deps.has(found.id)) err(`${at}/body${found.at}`, `"$ref" names "${found.id}", which must be listed in dependsOn`);
    }
    if (r.atomicityGroup !== undefined) {
      const end = groupEnd.get(r.atomicityGroup);
      if (end !== undefined && end !== i - 1) err(`${at}/atomicityGroup`, `members of "${r.atomicityGroup}" must be adjacent`);
      groupEnd.set(r.atomicityGroup, i);
    }
    if (!indexOf.has(r.id)) indexOf.set(r.id, i);
  });
  return errors;
}

/** The units in request order (a topological order); call on a batch that passed validateBatch. */
export function planBatch(requests: BatchRequest[]): BatchUnit[] {
  const indexOf = new Map(requests.map((r, i) => [r.id, i]));
  const units: BatchUnit[] = [];
  for (let i = 0; i < requests.length; i++) {
    const group = requests[i]!.atomicityGroup ?? null;
    const members = [i];
    while (group !== null && i + 1 < requests.length && requests[i + 1]!.atomicityGroup === group) members.push(++i);
    const inside = new Set(members);
    const after = new Set<number>();
    for (const m of members) {
      for (const dep of requests[m]!.dependsOn ?? []) {
        const k = indexOf.get(dep)!;
        if (!inside.has(k)) after.add(k);
      }
    }
    units.push({ members, group, after: [...after].sort((a, b) => a - b) });
  }
  return units;
}

function escapePointer(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

const TASK_LOCATION = new RegExp(`^/v1/tasks/(${idPattern('tsk')})$`);

/**
 * The tasks a sub-request created, from its answer: a 2xx submission's `Location`, or the tasks of a
 * bulk submission's items. Reads (GET) and other writes create none.
 */
export function createdTaskIds(method: string, status: number, headers: Record<string, string>, body: unknown): string[] {
  if ((method !== 'POST' && method !== 'PUT') || status < 200 || status >= 300) return [];
  const location = TASK_LOCATION.exec(headers.location ?? '');
  if (location) return [location[1]!];
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  const ids: string[] = [];
  for (const item of items) {
    const id = (item as { task?: { id?: unknown } } | null)?.task?.id;
    if (typeof id === 'string' && id.startsWith('tsk_')) ids.push(id);
  }
  return ids;
}
