// A file's bytes as the content routes answer them (`GET /v1/files/{id}/content`, a signed link):
// the Range, If-None-Match and If-Range a request sends, and the stream and headers of the answer.

/** From `offset`, `length` bytes (default: to the end); or the last `suffix` bytes. */
export type ByteRange = { offset: number; length?: number } | { suffix: number };

export interface ContentOptions {
  /** Part of the file (`Range`): answered 206 with those bytes; 416 `range-not-satisfiable` past the end. */
  range?: ByteRange;
  /** The ETag of a copy you have (`If-None-Match`): 304, no bytes, while the file is the same. */
  etag?: string;
  /** With `range`: the range only if the file still has this ETag, else all of it (`If-Range`). */
  ifRange?: string;
  signal?: AbortSignal;
}

export interface FileContent {
  /** 200 the whole file, 206 the range asked for, 304 unchanged (`etag` matched). */
  status: 200 | 206 | 304;
  /**
   * The bytes as they arrive (null for 304). Read it once: pipe it (`Readable.fromWeb(body)`,
   * `body.pipeTo(…)`), or call `bytes()` / `text()`. Not read, `body.cancel()` frees the connection.
   */
  body: ReadableStream<Uint8Array> | null;
  contentType: string | null;
  /** The bytes in this answer (`Content-Length`). */
  length: number | null;
  /** The whole file's size (`Content-Range` of a 206, else `Content-Length`). */
  size: number | null;
  /** Where a 206's bytes are in the file. */
  range: { offset: number; length: number } | null;
  /** Strong: the quoted sha256 of the file's bytes. */
  etag: string | null;
  /** The file's name, from `Content-Disposition`. */
  name: string | null;
  headers: Headers;
  /** The whole body, read into memory. */
  bytes(): Promise<Uint8Array>;
  /** The whole body as UTF-8 text. */
  text(): Promise<string>;
}

export function contentHeaders(options: ContentOptions): Record<string, string | undefined> {
  return {
    accept: '*/*',
    range: options.range ? rangeHeader(options.range) : undefined,
    'if-none-match': options.etag,
    'if-range': options.range ? options.ifRange : undefined,
  };
}

/** `Range: bytes=…` for a ByteRange; a range that cannot be written is the caller's mistake. */
export function rangeHeader(range: ByteRange): string {
  const whole = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
  if ('suffix' in range) {
    if (!whole(range.suffix, 1)) throw new RangeError(`range.suffix must be a positive integer, not ${range.suffix}`);
    return `bytes=-${range.suffix}`;
  }
  if (!whole(range.offset, 0)) throw new RangeError(`range.offset must be a non-negative integer, not ${range.offset}`);
  if (range.length === undefined) return `bytes=${range.offset}-`;
  if (!whole(range.length, 1)) throw new RangeError(`range.length must be a positive integer, not ${range.length}`);
  return `bytes=${range.offset}-${range.offset + range.length - 1}`;
}

export function fileContent(res: Response): FileContent {
  const headers = res.headers;
  const length = integer(headers.get('content-length'));
  const contentRange = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers.get('content-range') ?? '');
  const range = res.status === 206 && contentRange ? { offset: Number(contentRange[1]), length: Number(contentRange[2]) - Number(contentRange[1]) + 1 } : null;
  return {
    status: res.status === 206 ? 206 : res.status === 304 ? 304 : 200,
    body: res.status === 304 ? null : res.body,
    contentType: headers.get('content-type'),
    length,
    size: contentRange ? Number(contentRange[3]) : res.status === 200 ? length : null,
    range,
    etag: headers.get('etag'),
    name: dispositionName(headers.get('content-disposition')),
    headers,
    bytes: async () => new Uint8Array(await res.arrayBuffer()),
    text: () => res.text(),
  };
}

function integer(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/** `filename*=UTF-8''…` (RFC 8187) when present, else the plain `filename`. */
export function dispositionName(value: string | null): string | null {
  if (!value) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(value);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!);
    } catch {}
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(value);
  return plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2] ?? null) : null;
}
