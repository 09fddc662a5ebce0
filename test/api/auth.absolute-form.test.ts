import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

// A request target in absolute form (`GET http://host/v1/tasks HTTP/1.1`) is legal HTTP/1.1 and is
// routed like its path. Authorisation must follow the route that matched, never a string test on the
// raw URL: every secured operation, reached in absolute form without a key, answers 401.

interface Op {
  method: string;
  path: string;
  secured: boolean;
  hasBody: boolean;
}

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const security = op.security as unknown[] | undefined;
      out.push({ method: method.toUpperCase(), path, secured: !(Array.isArray(security) && security.length === 0), hasBody: op.requestBody !== undefined });
    }
  }
  return out;
}

function sendRaw(port: number, text: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed socket may be closed by the server before it answers.
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        type: /\r\ncontent-type: *([^\r]*)/i.exec(head)?.[1] ?? '',
        body,
      });
    });
    socket.on('error', reject);
  });
}

const GOOD_ID = `tsk_${'0'.repeat(26)}`;

describe(onBackend('auth follows the matched route (absolute-form targets)'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let port: number;
  let ops: Op[];
  let key: string;
  before(async () => {
    t = await testApi();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    ops = operations(t.app.swagger() as never);
    key = (await t.key('acme')).secret;
  });
  after(() => t.close());

  const request = (op: Op, headers: string[] = []) => {
    const target = `http://127.0.0.1:${port}${op.path.replace(/\{[^}]+\}/g, GOOD_ID)}`;
    const body = op.hasBody ? '{}' : '';
    const lines = [
      `${op.method} ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Connection: close',
      ...headers,
      ...(op.hasBody ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`] : []),
    ];
    return sendRaw(port, `${lines.join('\r\n')}\r\n\r\n${body}`);
  };

  test('every secured operation in absolute form without a key answers 401 unauthorized', async () => {
    const secured = ops.filter((op) => op.secured);
    assert.ok(secured.length >= 15, `only ${secured.length} secured operations documented`);
    const failures: string[] = [];
    for (const op of secured) {
      const res = await request(op);
      if (res.status !== 401 || !res.type.startsWith('application/problem+json') || JSON.parse(res.body).code !== 'unauthorized') {
        failures.push(`${op.method} ${op.path} → ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('with a key, an absolute-form target reaches the route like its path (never a 5xx)', async () => {
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.secured)) {
      const res = await request(op, [`Authorization: Bearer ${key}`]);
      if (res.status === 401 || res.status >= 500) failures.push(`${op.method} ${op.path} → ${res.status} ${res.body.slice(0, 120)}`);
    }
    assert.deepEqual(failures, []);
    const types = await request({ method: 'GET', path: '/v1/task-types', secured: true, hasBody: false }, [`Authorization: Bearer ${key}`]);
    assert.equal(types.status, 200);
    assert.ok(Array.isArray(JSON.parse(types.body).items));
  });
});
