import type { Config } from '../config/defaults.ts';
import { linkExpiry, type SigningKeyRing, signDownload } from '../files/download-token.ts';
import type { FileStorage } from '../files/file-storage.ts';
import type { FileRow } from '../store/file-store.ts';
import type { Store } from '../store/store.ts';

// How files appear in the API: the file object, and the signed download link it carries. One per app
// (build-app.ts), shared by the file routes and the task document (a succeeded task's `files`).

export interface FileLinks {
  storage: FileStorage;
  /** The signing keys, loaded from the configuration or the store at first use (then kept). */
  keys(): Promise<SigningKeyRing>;
  /** The app's root store: for reads made while rendering outside any request's transaction. */
  store: Store;
  config: Readonly<Config>;
}

export function downloadPath(token: string): string {
  return `/v1/downloads/${token}`;
}

export async function signedLink(links: FileLinks, fileId: string, now: number): Promise<{ href: string; hrefExpiresAt: string }> {
  const expiresAt = linkExpiry(now, links.config.files.linkSeconds);
  return { href: downloadPath(signDownload(await links.keys(), fileId, expiresAt)), hrefExpiresAt: new Date(expiresAt).toISOString() };
}

/** Keys loaded once, at first use: building the app must not need a migrated store (the OpenAPI dump). */
export function lazyKeys(load: () => Promise<SigningKeyRing>): () => Promise<SigningKeyRing> {
  let loading: Promise<SigningKeyRing> | null = null;
  return () => {
    loading ??= load().catch((err: unknown) => {
      loading = null;
      throw err;
    });
    return loading;
  };
}

/** A file as a task document lists it. */
export async function fileSummary(links: FileLinks, file: FileRow, now: number): Promise<Record<string, unknown>> {
  return {
    id: file.id,
    name: file.name,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    ...(await signedLink(links, file.id, now)),
  };
}

/** The file object of the files API. */
export async function fileDocument(links: FileLinks, file: FileRow, now: number): Promise<Record<string, unknown>> {
  const self = `/v1/files/${file.id}`;
  return {
    ...(await fileSummary(links, file, now)),
    createdAt: new Date(file.createdAt).toISOString(),
    ...(file.expiresAt !== null ? { expiresAt: new Date(file.expiresAt).toISOString() } : {}),
    ...(file.taskId !== null ? { taskId: file.taskId } : {}),
    links: { self, content: `${self}/content` },
  };
}

export const fileSummarySchema = {
  type: 'object',
  required: ['id', 'name', 'contentType', 'size', 'sha256', 'href', 'hrefExpiresAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string', description: 'Hex SHA-256 of the bytes; the strong ETag of its content.' },
    href: { type: 'string', description: 'A signed download link (`/v1/downloads/{token}`): no API key needed, expires at `hrefExpiresAt`.' },
    hrefExpiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const fileSchema = {
  $id: 'File',
  type: 'object',
  description: 'A stored file: an upload, or a file a task produced.',
  required: [...fileSummarySchema.required, 'createdAt', 'links'],
  properties: {
    ...fileSummarySchema.properties,
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time', description: 'Uploads: when the file is deleted. Task files go with their task.' },
    taskId: { type: 'string', description: 'The task that produced the file.' },
    links: { type: 'object', properties: { self: { type: 'string' }, content: { type: 'string' } } },
  },
} as const;
