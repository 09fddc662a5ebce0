import Fastify from 'fastify';

// The HTTP reference: an empty Fastify route on this machine. `node bench/ref-server.ts` prints
// {"port":N} once listening.

const app = Fastify({ logger: false });
app.get('/ref', async () => ({ ok: true, id: 'tsk_0123456789abcdefghijklmnop', status: 'queued' }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: Number(new URL(address).port) })}\n`);
const close = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', close);
process.on('SIGINT', close);
