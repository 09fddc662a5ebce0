import Fastify from 'fastify';

// The files reference: a raw Fastify stream on this machine, both ways — POST /upload reads the body
// and drops it, GET /download?bytes=N streams N bytes from one block in memory. What Offload's files
// API is compared with: its streaming, hashing and storing are the difference. `node
// bench/file-ref-server.ts` prints {"port":N} once listening.

const app = Fastify({ logger: false, bodyLimit: 1 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', (_req, _payload, done) => done(null));
app.post('/upload', async (req) => {
  let bytes = 0;
  for await (const chunk of req.raw) bytes += (chunk as Buffer).length;
  return { bytes };
});
const block = Buffer.alloc(256 * 1024, 7);
app.get<{ Querystring: { bytes: string } }>('/download', async (req, reply) => {
  const total = Number(req.query.bytes);
  async function* body() {
    for (let sent = 0; sent < total; sent += block.length) yield block.subarray(0, Math.min(block.length, total - sent));
  }
  const { Readable } = await import('node:stream');
  return reply.type('application/octet-stream').header('content-length', String(total)).send(Readable.from(body()));
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: Number(new URL(address).port) })}\n`);
const close = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
