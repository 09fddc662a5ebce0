import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { claimAll, type TestApi, testApi } from '../helpers/api.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';

// GET /v1/tasks/{id}/events over real HTTP: the SSE stream carries status, progress and completed
// events, closes after the terminal one, resumes after Last-Event-ID and is tenant-scoped.

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** A minimal SSE parser (WHATWG HTML, server-sent events): blocks ended by a blank line; comments skipped. */
function parseSse(text: string): { events: SseEvent[]; comments: string[] } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith(':')) {
        comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, ...(id === undefined ? {} : { id }), data: data.join('\n') });
  }
  return { events, comments };
}

/** Reads the stream, calling `onEvent` as each event arrives; resolves when the server closes it. */
async function readStream(res: Response, onEvent: (e: SseEvent) => Promise<void> | void = () => {}): Promise<SseEvent[]> {
  assert.ok(res.body);
  const decoder = new TextDecoder();
  let buffer = '';
  const all: SseEvent[] = [];
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    const cut = buffer.lastIndexOf('\n\n');
    if (cut === -1) continue;
    const complete = buffer.slice(0, cut + 2);
    buffer = buffer.slice(cut + 2);
    for (const e of parseSse(complete).events) {
      all.push(e);
      await onEvent(e);
    }
  }
  all.push(...parseSse(buffer).events);
  return all;
}

describe(onBackend('GET /v1/tasks/{id}/events'), { skip: await backendSkip() }, () => {
  let t: TestApi;
  let base: string;
  let auth: { authorization: string };
  before(async () => {
    t = await testApi();
    auth = await t.key('acme');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(() => t.close());

  const submit = async () => {
    const res = await fetch(`${base}/v1/tasks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'echo', input: {} }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    return ((await res.json()) as { id: string }).id;
  };
  const open = (id: string, headers: Record<string, string> = auth, signal?: AbortSignal) =>
    fetch(`${base}/v1/tasks/${id}/events`, { headers, signal });

  it('streams status, progress and completed, then closes; Last-Event-ID resumes after it', async () => {
    const id = await submit();
    const res = await open(id);
    assert.equal(res.status, 200);
    assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
    assert.equal(res.headers.get('cache-control'), 'no-store');

    let lease: { leaseToken: string } | undefined;
    const progress = (percent: number, message: string) =>
      t.store.taskProgress({ id, leaseToken: lease!.leaseToken, percent, message, current: null, total: null, now: Date.now() });
    // Drive the task as the stream shows each step, so every change is observed.
    const events = await readStream(res, async (e) => {
      const doc = JSON.parse(e.data);
      if (e.event === 'status' && doc.status === 'queued') {
        [lease] = await claimAll(t.store, 'echo');
        assert.ok(lease);
      } else if (e.event === 'status' && doc.status === 'running' && e.id !== undefined) {
        await progress(40, 'reading');
      } else if (e.event === 'progress' && doc.progress.message === 'reading') {
        await progress(80, 'writing');
      } else if (e.event === 'progress' && doc.progress.message === 'writing') {
        const done = await t.store.taskComplete({ id, leaseToken: lease!.leaseToken, resultJson: '{"ok":true}', now: Date.now(), retentionMs: 86_400_000 });
        assert.ok(done);
      }
    });

    assert.deepEqual(
      events.map((e) => e.event),
      ['status', 'status', 'progress', 'progress', 'completed'],
    );
    const [initial, started, p1, p2, completed] = events;
    assert.equal(initial.id, undefined);
    assert.equal(JSON.parse(initial.data).status, 'queued');
    assert.match(String(started.id), /^\d+$/);
    assert.equal(JSON.parse(started.data).status, 'running');
    assert.equal(p1.id, undefined);
    assert.equal(p2.id, undefined);
    assert.equal(JSON.parse(p1.data).progress.percent, 40);
    assert.equal(JSON.parse(p2.data).progress.percent, 80);
    assert.match(String(completed.id), /^\d+$/);
    assert.ok(Number(completed.id) > Number(started.id));
    const doc = JSON.parse(completed.data);
    assert.equal(doc.status, 'succeeded');
    assert.deepEqual(doc.result, { ok: true });

    // Reconnect after the running event: the current status, then completed (it changed after that id).
    const again = await readStream(await open(id, { ...auth, 'last-event-id': String(started.id) }));
    assert.deepEqual(again.map((e) => [e.event, e.id]), [['status', undefined], ['completed', completed.id]]);
    assert.equal(JSON.parse(again[0].data).status, 'succeeded');

    // The query parameter does the same for browsers; after the terminal event only the status remains… and closes.
    const viaQuery = await readStream(await fetch(`${base}/v1/tasks/${id}/events?lastEventId=${completed.id}`, { headers: auth }));
    assert.deepEqual(viaQuery.map((e) => e.event), ['status', 'completed']);
    assert.equal(viaQuery[1].id, undefined, 'nothing changed after that id: the terminal state is still said, without an id');

    // No Last-Event-ID on a finished task: its current state, then the stream closes (states, not a history).
    const replay = await readStream(await open(id));
    assert.deepEqual(replay.map((e) => [e.event, e.id]), [['status', undefined], ['completed', completed.id]]);
  });

  it('is tenant-scoped: another tenant gets 404 problem, an unknown id 404, before any stream', async () => {
    const id = await submit();
    const other = await t.key('globex');
    const res = await open(id, other);
    assert.equal(res.status, 404);
    assert.match(String(res.headers.get('content-type')), /^application\/problem\+json/);
    assert.equal(((await res.json()) as { code: string }).code, 'task-not-found');
    const unknown = await open('tsk_doesnotexist', auth);
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  });

  it('a client may disconnect mid-stream; a destroyed task is then 410', async () => {
    const id = await submit();
    const controller = new AbortController();
    const res = await open(id, auth, controller.signal);
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    await reader.read(); // the first status event
    controller.abort();
    await reader.read().catch(() => {});
    const del = await fetch(`${base}/v1/tasks/${id}`, { method: 'DELETE', headers: auth });
    assert.ok(del.status < 300, `DELETE answered ${del.status}`);
    const gone = await open(id);
    assert.equal(gone.status, 410);
    assert.equal(((await gone.json()) as { code: string }).code, 'task-gone');
  });
});
