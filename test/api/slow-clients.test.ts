import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

// Slow and greedy clients cannot hold the server: a request whose body (or headers) trickles in is
// cut off with 408 once http.requestTimeoutSeconds (headersTimeoutSeconds) has passed, a chunked
// body announcing an absurd chunk is cut off the same way, and connections beyond
// http.maxConnections are closed as they arrive. Real sockets on loopback; every wait is bounded.

const GIVE_UP_MS = 10_000;

interface Trickle {
  socket: Socket;
  /** Resolves with everything the server sent once it closed the connection (or '' on GIVE_UP_MS). */
  closed: Promise<{ text: string; afterMs: number }>;
}

function trickle(port: number, head: string, drip: string): Trickle {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => {
    const done = () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ text: Buffer.concat(chunks).toString('utf8'), afterMs: Date.now() - started });
    };
    const giveUp = setTimeout(() => {
      socket.destroy();
      done();
    }, GIVE_UP_MS);
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', () => {});
  });
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => {
      if (!socket.destroyed) socket.write(drip);
    }, 200);
  });
  return { socket, closed };
}

describe(onBackend('slow clients and the connection cap'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let port: number;
  let key: string;
  before(async () => {
    t = await testApi((config) => {
      config.http.requestTimeoutSeconds = 1;
      config.http.headersTimeoutSeconds = 1;
      config.http.maxConnections = 4;
    });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    key = (await t.key('acme')).secret;
  });
  after(() => t.close());

  const post = (extra: string) =>
    `POST /v1/tasks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n${extra}\r\n`;

  test('a body that trickles in is cut off with 408', async () => {
    const { closed } = trickle(port, `${post('Content-Length: 1000\r\n')}{"type":`, ' ');
    const { text, afterMs } = await closed;
    assert.match(text, /^HTTP\/1\.1 408 /, `answered: ${JSON.stringify(text.slice(0, 80))} after ${afterMs} ms`);
  });

  test('a chunked body announcing an absurd chunk is cut off too', async () => {
    const { closed } = trickle(port, `${post('Transfer-Encoding: chunked\r\n')}fffffffffff\r\n`, 'a');
    const { text, afterMs } = await closed;
    assert.ok(afterMs < GIVE_UP_MS, 'the server closed the connection');
    assert.match(text, /^HTTP\/1\.1 4\d\d /, `answered: ${JSON.stringify(text.slice(0, 80))}`);
  });

  test('headers that trickle in are cut off with 408', async () => {
    const { closed } = trickle(port, 'GET /v1/tasks HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'a');
    const { text, afterMs } = await closed;
    assert.ok(afterMs < GIVE_UP_MS, 'the server closed the connection');
    assert.match(text, /^HTTP\/1\.1 408 /, `answered: ${JSON.stringify(text.slice(0, 80))}`);
  });

  test('connections beyond http.maxConnections are closed as they arrive; the others are served', async () => {
    const open: Socket[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => {});
        await new Promise((r) => s.once('connect', r));
        open.push(s);
      }
      await new Promise((r) => setTimeout(r, 50));
      const extra = connect(port, '127.0.0.1');
      extra.on('error', () => {});
      const closedAt = await new Promise<number>((resolve) => {
        const started = Date.now();
        extra.once('close', () => resolve(Date.now() - started));
        setTimeout(() => {
          extra.destroy();
          resolve(Number.POSITIVE_INFINITY);
        }, 800);
      });
      assert.ok(closedAt < 800, 'the fifth connection was closed');
      assert.ok(open.every((s) => !s.destroyed), 'the four within the cap are still open');
      // Within the cap, a connection is served normally.
      open[0]!.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        open[0]!.on('data', (c) => (text += c));
        open[0]!.on('close', () => resolve(text));
      });
      assert.match(answer, /^HTTP\/1\.1 200 /);
    } finally {
      for (const s of open) s.destroy();
    }
  });
});
