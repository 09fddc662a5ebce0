import { Readable } from 'node:stream';

/**
 * `length` bytes of `source` after skipping `skip`, ending (and destroying the source) as soon as
 * they passed. For servers that answer a range request with more than was asked.
 */
export function byteSlice(source: Readable, skip: number, length: number): Readable {
  async function* slice() {
    let toSkip = skip;
    let left = length;
    try {
      for await (const piece of source as AsyncIterable<Buffer>) {
        let chunk = piece;
        if (toSkip > 0) {
          const n = Math.min(toSkip, chunk.length);
          chunk = chunk.subarray(n);
          toSkip -= n;
        }
        if (chunk.length === 0) continue;
        if (chunk.length >= left) {
          yield chunk.subarray(0, left);
          return;
        }
        left -= chunk.length;
        yield chunk;
      }
    } finally {
      source.destroy();
    }
  }
  return Readable.from(slice(), { objectMode: false });
}
