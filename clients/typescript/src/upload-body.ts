import type { RequestContent } from './http-transport.ts';

// What an upload may be made of, and how each is sent. Bytes already in memory (a Uint8Array —
// Node's Buffer is one —, an ArrayBuffer, a Blob or File, a string) can be sent again after a failed
// attempt; a stream (a web ReadableStream, or any async iterable of chunks such as a Node Readable
// or `fs.createReadStream`) is sent as it is read, without buffering, and so only once.

export type UploadBody = Uint8Array | ArrayBuffer | Blob | string | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

export function uploadContent(body: UploadBody, contentType: string | undefined): RequestContent {
  type Body = RequestContent['body'];
  if (typeof body === 'string') return { body, contentType: contentType ?? 'text/plain; charset=utf-8', once: false };
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return { body: body as Body, contentType: contentType ?? 'application/octet-stream', once: false };
  if (typeof Blob !== 'undefined' && body instanceof Blob) return { body, contentType: contentType ?? (body.type || 'application/octet-stream'), once: false };
  const type = contentType ?? 'application/octet-stream';
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return { body: body as Body, contentType: type, once: true };
  if (body !== null && typeof body === 'object' && Symbol.asyncIterator in body) return { body: streamOf(body) as Body, contentType: type, once: true };
  throw new TypeError('an upload is a Uint8Array, ArrayBuffer, Blob, string, ReadableStream or async iterable of bytes');
}

/** The chunks as a web stream, read one at a time as fetch sends them (backpressure holds). */
function streamOf(chunks: AsyncIterable<Uint8Array | string>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else if (typeof value === 'string') controller.enqueue(encoder.encode(value));
      else if (value instanceof Uint8Array) controller.enqueue(value);
      else throw new TypeError(`an upload's chunks are bytes (Uint8Array) or strings, not ${Object.prototype.toString.call(value)}`);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}
