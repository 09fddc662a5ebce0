import type { FileDocument, FileListQuery, FilePage } from './api-types.ts';
import { type ContentOptions, contentHeaders, type FileContent, fileContent } from './file-content.ts';
import type { Transport } from './http-transport.ts';
import { OPERATIONS } from './operations.ts';
import { eachPage } from './paging.ts';
import { discard, readJson } from './read-answer.ts';
import { type UploadBody, uploadContent } from './upload-body.ts';

// The files API as `client.files`: upload, list, metadata, content (streamed, with ranges),
// delete, and signed download links. Every file answers with a fresh signed link (`href`), which
// needs no API key: `download(href)` sends none.

export interface UploadOptions {
  /** The file's name: a plain file name (no `/`, `\` or control characters), at most 255 characters. */
  name: string;
  /** Default: a Blob's own type, `text/plain; charset=utf-8` for a string, else `application/octet-stream`. */
  contentType?: string;
  signal?: AbortSignal;
}

// A token starts with its file id, so never with a dot: `..` would be a path segment, not a token.
const DOWNLOAD_LINK = /^(?:.*\/)?v1\/downloads\/([A-Za-z0-9][A-Za-z0-9._-]*)\/?(?:[?#].*)?$/;
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export class FileMethods {
  readonly #send: Transport;

  constructor(send: Transport) {
    this.#send = send;
  }

  /**
   * Stores `body` as a new file (kept the server's `files.uploadRetentionSeconds`: `expiresAt`).
   * A stream is sent as it is read, never buffered. Not sent again after a lost answer (a repeat
   * would store a second file); a stream is never sent twice.
   */
  async upload(body: UploadBody, options: UploadOptions): Promise<FileDocument> {
    const res = await this.#send('uploadFile', OPERATIONS.uploadFile, {
      query: { name: options.name },
      content: uploadContent(body, options.contentType),
      signal: options.signal,
    });
    return readJson(res);
  }

  /** One page, newest first: uploads and the files tasks produced. `cursor`: the previous page's `nextCursor`. */
  async list(query: FileListQuery = {}, options: { signal?: AbortSignal } = {}): Promise<FilePage> {
    return readJson(await this.#send('listFiles', OPERATIONS.listFiles, { query, signal: options.signal }));
  }

  /** Every page, following `nextCursor`. */
  pages(query: Omit<FileListQuery, 'cursor'> = {}, options: { signal?: AbortSignal } = {}): AsyncGenerator<FilePage, void, undefined> {
    return eachPage((cursor) => this.list({ ...query, cursor }, options));
  }

  /** Every file, page after page: `for await (const file of client.files.listAll())`. */
  async *listAll(query: Omit<FileListQuery, 'cursor'> = {}, options: { signal?: AbortSignal } = {}): AsyncGenerator<FileDocument, void, undefined> {
    for await (const page of this.pages(query, options)) yield* page.items;
  }

  /** Metadata (size, sha256, type) with a fresh signed link. `NotFoundError` `file-not-found`, `GoneError` `file-gone`. */
  async get(id: string, options: { signal?: AbortSignal } = {}): Promise<FileDocument> {
    return readJson(await this.#send('getFile', OPERATIONS.getFile, { path: { id }, signal: options.signal }));
  }

  /** The bytes, streamed (with the API key); `range` for part of them. */
  async content(id: string, options: ContentOptions = {}): Promise<FileContent> {
    const res = await this.#send('getFileContent', OPERATIONS.getFileContent, { path: { id }, headers: contentHeaders(options), signal: options.signal });
    return fileContent(res);
  }

  /** Its bytes are removed and its links answer 410 from now on; so does its id. */
  async delete(id: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await discard(await this.#send('deleteFile', OPERATIONS.deleteFile, { path: { id }, signal: options.signal }));
  }

  /**
   * The bytes behind a signed link — a file's `href` (`/v1/downloads/…`, relative or absolute) or
   * its token — fetched from this client's `baseUrl` without the API key: the token is the
   * authority. `NotFoundError` `download-not-found` (forged), `GoneError` `download-expired` / `file-gone`.
   */
  async download(link: string, options: ContentOptions = {}): Promise<FileContent> {
    const res = await this.#send('download', OPERATIONS.download, {
      path: { token: downloadToken(link) },
      headers: contentHeaders(options),
      anonymous: true,
      signal: options.signal,
    });
    return fileContent(res);
  }
}

/** The token of a download link, or the link itself when it is one. */
export function downloadToken(link: string): string {
  const text = link.trim();
  const token = DOWNLOAD_LINK.exec(text)?.[1] ?? (TOKEN.test(text) ? text : undefined);
  if (token === undefined) throw new TypeError(`not a download link (/v1/downloads/<token>) or token: ${link.slice(0, 200)}`);
  return token;
}
