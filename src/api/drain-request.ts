import type { IncomingMessage } from 'node:http';

// A request whose body is refused (413) while the client is still sending it: answering at once and
// closing the connection makes the client's next write fail (EPIPE / ECONNRESET in Node's fetch),
// and it never reads the answer. So the rest of the body is read and dropped first, up to a bound;
// past the bound (or the time) the answer goes out anyway and the connection closes.

export const DRAIN_TIMEOUT_MS = 30_000;

/** How much of a refused JSON body is read and dropped so that the client sees its 413. */
export const JSON_DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Resolves once the request body ended, or once more than `maxBytes` arrived in all, or the time ran
 * out. A body declared (Content-Length) larger than `maxBytes` is not waited for.
 */
export function drainRequest(req: IncomingMessage, maxBytes: number, timeoutMs = DRAIN_TIMEOUT_MS): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', done);
      req.off('error', done);
      req.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > maxBytes) done();
    };
    const timer = setTimeout(done, timeoutMs);
    req.on('data', onData);
    req.on('end', done);
    req.on('error', done);
    req.on('close', done);
    req.resume();
  });
}
