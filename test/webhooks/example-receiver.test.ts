import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { createReceiver, type WebhookEvent } from '../../examples/webhook-receiver/receiver.ts';

// The example receiver, checked against the reference Standard Webhooks signer.

describe('examples/webhook-receiver', () => {
  const secret = `whsec_${Buffer.from('example-receiver-test-secret-32b').toString('base64')}`;
  const received: WebhookEvent[] = [];
  let server: Server;
  let url: string;
  before(async () => {
    server = createReceiver({ secret, onEvent: (e) => void received.push(e) });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (headers: Record<string, string>, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (id: string, body: string, signer = new Webhook(secret), date = new Date()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(date.getTime() / 1000)),
    'webhook-signature': signer.sign(id, date, body),
  });
  const body = JSON.stringify({ type: 'task.succeeded', timestamp: new Date().toISOString(), data: { id: 'tsk_1' } });

  it('a valid delivery is 204 and recorded once; the same webhook-id again is 204, not recorded twice', async () => {
    const first = await post(signed('msg_1', body), body);
    assert.equal(first.status, 204);
    assert.equal(received.length, 1);
    assert.equal(received[0].id, 'msg_1');
    assert.deepEqual(received[0].payload, JSON.parse(body));
    const repeat = await post(signed('msg_1', body), body);
    assert.equal(repeat.status, 204);
    assert.equal(received.length, 1);
  });

  it('accepts any matching v1 entry (secret rotation: two signatures)', async () => {
    const other = new Webhook(`whsec_${Buffer.from('another-secret-of-thirty-two-b!!').toString('base64')}`);
    const headers = signed('msg_2', body);
    headers['webhook-signature'] = `${other.sign('msg_2', new Date(), body)} ${headers['webhook-signature']}`;
    assert.equal((await post(headers, body)).status, 204);
    assert.equal(received.length, 2);
  });

  it('a bad signature, another secret, a changed body or a stale timestamp is 401 and not recorded', async () => {
    const before = received.length;
    const bad = signed('msg_3', body);
    bad['webhook-signature'] = `v1,${Buffer.alloc(32).toString('base64')}`;
    assert.equal((await post(bad, body)).status, 401);
    const wrongSecret = new Webhook(`whsec_${Buffer.from('not-the-receivers-secret-32bytes').toString('base64')}`);
    assert.equal((await post(signed('msg_4', body, wrongSecret), body)).status, 401);
    assert.equal((await post(signed('msg_5', body), `${body} `)).status, 401);
    const stale = new Date(Date.now() - 6 * 60_000);
    assert.equal((await post(signed('msg_6', body, undefined, stale), body)).status, 401);
    assert.equal((await post({ 'webhook-id': 'msg_7' }, body)).status, 400);
    assert.equal(received.length, before);
  });
});
