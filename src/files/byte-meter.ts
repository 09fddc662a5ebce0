import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** More bytes than the limit allows arrived; `limit` says how many were allowed. */
export class FileTooLargeError extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`the file is larger than ${limit} bytes`);
    this.name = 'FileTooLargeError';
    this.limit = limit;
  }
}

/**
 * Passes bytes through while counting them and hashing them (sha256), and fails with
 * FileTooLargeError at the first byte past `limit`: the size and digest of a stored file are computed
 * once, here, whatever driver stores it.
 */
export class ByteMeter extends Transform {
  readonly #hash = createHash('sha256');
  readonly #limit: number;
  #size = 0;

  constructor(limit: number) {
    super();
    this.#limit = limit;
  }

  get size(): number {
    return this.#size;
  }

  /** Hex sha256 of everything that passed; call once, after the stream finished. */
  digest(): string {
    return this.#hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      done(new FileTooLargeError(this.#limit));
      return;
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }
}
