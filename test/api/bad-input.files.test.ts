import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/build-app.ts';
import { taskTypesOf } from '../../src/cli/start-node.ts';
import { createApiKey } from '../../src/cli/keys-command.ts';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { loadSigningKeys, signDownload } from '../../src/files/download-token.ts';
import { createTaskRegistry } from '../../src/engine/task-registry.ts';
import { BUILTIN_TASKS } from '../../src/tasks/builtins.ts';
import { backendSkip, onBackend, type TempStore, tempStore } from '../helpers/backend.ts';
import { type Case, type Headers, problemFailure, send as sendTo, sendRaw } from '../helpers/raw-http.ts';

// The bad-input sweep of uploads and download links (bad-input.test.ts sweeps every route from the
// OpenAPI document): wrong media types, truncated multipart, declared oversize, path tricks in
// names, forged and tampered tokens. Each is a registry problem, never a 5xx, and nothing is stored.

const config = DEFAULTS;
let db: TempStore;
let app: FastifyInstance;
let port: number;
let apiKey: string;

const send = (c: Case) => sendTo(port, c);
const auth = (): Headers => [['authorization', `Bearer ${apiKey}`]];

describe(onBackend('bad-input sweep: files'), { skip: await backendSkip() }, () => {
  before(async () => {
    db = await tempStore();
    const taskTypes = taskTypesOf(createTaskRegistry({ definitions: BUILTIN_TASKS, config }));
    app = await buildApp({ store: db.store, taskTypes, config });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    apiKey = (await createApiKey(db.store, { tenant: 'sweep', name: 'sweep' })).key;
  });

  after(async () => {
    await app.close();
    await db.close();
  });

  test('uploads and download links: hostile input is a registry problem, never a 5xx, and stores nothing', async () => {
    const failures: string[] = [];
    const check = async (label: string, c: Omit<Case, 'label'>, expect: number) => {
      const answer = await send({ label, ...c });
      const failure = problemFailure(answer, null) ?? (answer.status === expect ? null : `status ${answer.status}, expected ${expect}: ${answer.body.slice(0, 160)}`);
      if (failure) failures.push(`${label} → ${failure}`);
    };
    const upload = (query: string, headers: Headers, body?: string | Buffer) => ({ method: 'POST', url: `/v1/files${query}`, headers: [...auth(), ...headers], body });
    const boundary = 'sweepboundary';
    const multipart = (disposition: string, close = true) =>
      `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: text/plain\r\n\r\nhello\r\n${close ? `--${boundary}--\r\n` : ''}`;
    const form: Headers = [['content-type', `multipart/form-data; boundary=${boundary}`]];

    // Wrong content types.
    await check('upload without Content-Type', upload('?name=a.txt', [], 'x'), 415);
    await check('upload form-encoded', upload('?name=a.txt', [['content-type', 'application/x-www-form-urlencoded']], 'a=b'), 415);
    await check('upload with a malformed media type', upload('?name=a.txt', [['content-type', 'text']], 'x'), 415);
    await check('upload with a media type of spaces', upload('?name=a.txt', [['content-type', 'text/ plain']], 'x'), 415);
    await check('multipart without a boundary', upload('', [['content-type', 'multipart/form-data']], 'x'), 400);
    // Truncated and empty multipart bodies.
    await check('truncated multipart', upload('', form, multipart('form-data; name="file"; filename="a.txt"', false).slice(0, -4)), 400);
    await check('multipart with only a field', upload('', form, multipart('form-data; name="note"')), 422);
    await check('multipart of garbage', upload('', form, 'not multipart at all'), 400);
    // Oversize: a declared length over limits.uploadBytes is refused before any byte is read.
    const huge = await sendRaw(
      port,
      `POST /v1/files?name=huge.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${10 * config.limits.uploadBytes}\r\n\r\nsome bytes`,
    );
    if (!/^HTTP\/1\.1 413 /.test(huge) || !huge.includes('"code":"payload-too-large"')) failures.push(`declared oversize upload → ${huge.slice(0, 160)}`);
    // Path tricks in names, in the query and in a multipart filename.
    for (const name of ['../../etc/passwd', '..', '.', 'a/b', 'a\\b', 'C:\\Windows\\x.dll', 'nul\u0000.txt', 'bell\u0007', 'n'.repeat(300), '']) {
      await check(`upload named ${JSON.stringify(name).slice(0, 30)}`, upload(`?name=${encodeURIComponent(name)}`, [['content-type', 'text/plain']], 'x'), 422);
    }
    // A multipart filename is cut to its last segment, as browsers send it (files.test.ts); what is left must be a name.
    for (const name of ['..', '.', 'dir/..', 'a\u0001b']) {
      await check(`multipart filename ${JSON.stringify(name)}`, upload('', form, multipart(`form-data; name="file"; filename="${name}"`)), 422);
    }
    // Bad, forged and tampered download tokens.
    const fileId = `fil_${'0'.repeat(36)}`;
    const ring = await loadSigningKeys(config, db.store);
    const valid = signDownload(ring, fileId, Date.now() + 60_000);
    const [id, exp, kid, sig] = valid.split('.') as [string, string, string, string];
    const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
    const tokens: [string, string, number][] = [
      ['garbage', 'garbage', 404],
      ['empty parts', '...', 404],
      ['tampered signature', `${id}.${exp}.${kid}.${flip(sig)}`, 404],
      ['tampered expiry', `${id}.${(Number.parseInt(exp, 36) + 3600).toString(36)}.${kid}.${sig}`, 404],
      ['tampered file id', `fil_${'1'.repeat(36)}.${exp}.${kid}.${sig}`, 404],
      ['unknown key id', `${id}.${exp}.zzzzzz.${sig}`, 404],
      ['signature of another length', `${id}.${exp}.${kid}.${sig}AA`, 404],
      ['expired', signDownload(ring, fileId, Date.now() - 1000), 410],
      ['signed, for a file that is not there', valid, 410],
      ['percent-encoded NUL', `${id}%00.${exp}.${kid}.${sig}`, 404],
    ];
    for (const [label, token, status] of tokens) {
      await check(`download: ${label}`, { method: 'GET', url: `/v1/downloads/${token}`, headers: [] }, status);
    }
    await check('download: an over-long token', { method: 'GET', url: `/v1/downloads/${'a'.repeat(500)}`, headers: [] }, 404);
    assert.deepEqual(failures, []);
    assert.deepEqual(await db.store.fileList({ tenant: null, limit: 1000 }), [], 'no file was stored');
    assert.deepEqual(await db.store.fileListRemovable({ limit: 1000 }), [], 'no bytes were left behind');
  });
});
