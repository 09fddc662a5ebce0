import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { before, describe, test } from 'node:test';
import { checkDownload, loadSigningKeys, signDownload } from '../../src/files/download-token.ts';
import { backendSkip, onBackend } from '../helpers/backend.ts';
import { tenantApi } from '../helpers/api.ts';

// The files API over real HTTP and the app's store: raw and multipart uploads, metadata, content
// with ranges and ETags, lists, deletes, and signed download links (tampered, expired, deleted).

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe(onBackend('files API'), { skip: await backendSkip() }, () => {
  const api = tenantApi('acme', (config) => {
    config.limits.uploadBytes = 1024 * 1024;
  });
  let base: string;
  before(async () => {
    await api.t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(api.t.app.server.address() as AddressInfo).port}`;
  });
  const h = () => ({ authorization: api.auth.authorization });

  const upload = async (body: RequestInit['body'], headers: Record<string, string>, query = '?name=report.csv') =>
    fetch(`${base}/v1/files${query}`, { method: 'POST', headers: { ...h(), ...headers }, body });

  test('a raw upload answers 201 with the file object; metadata and content read it back', async () => {
    const data = 'id,name\n1,"Zoë, the first"\n';
    const res = await upload(data, { 'content-type': 'text/csv' });
    assert.equal(res.status, 201);
    const file = (await res.json()) as Record<string, unknown>;
    assert.match(String(file.id), /^fil_/);
    assert.equal(res.headers.get('location'), `/v1/files/${file.id}`);
    assert.equal(file.name, 'report.csv');
    assert.equal(file.contentType, 'text/csv');
    assert.equal(file.size, Buffer.byteLength(data));
    assert.equal(file.sha256, sha(data));
    assert.match(String(file.href), /^\/v1\/downloads\//);
    assert.ok(Date.parse(String(file.hrefExpiresAt)) > Date.now() + 3500_000);
    assert.ok(file.expiresAt);

    const meta = await fetch(`${base}/v1/files/${file.id}`, { headers: h() });
    assert.equal(meta.status, 200);
    assert.equal(((await meta.json()) as { sha256: string }).sha256, sha(data));

    const content = await fetch(`${base}/v1/files/${file.id}/content`, { headers: h() });
    assert.equal(content.status, 200);
    assert.equal(await content.text(), data);
    assert.equal(content.headers.get('etag'), `"${sha(data)}"`);
    assert.equal(content.headers.get('content-type'), 'text/csv');
    assert.match(String(content.headers.get('content-disposition')), /^attachment; filename="report.csv"; filename\*=UTF-8''report.csv$/);

    const other = await api.t.key('other');
    assert.equal((await fetch(`${base}/v1/files/${file.id}`, { headers: { authorization: other.authorization } })).status, 404);
  });

  test('a multipart upload takes the part’s filename and type; unicode names are encoded per RFC 6266', async () => {
    const form = new FormData();
    form.append('note', 'ignored');
    form.append('file', new Blob([Buffer.from([1, 2, 3, 4])], { type: 'image/png' }), 'Ünïcødé photo.png');
    const res = await upload(form, {}, '');
    assert.equal(res.status, 201, await res.clone().text());
    const file = (await res.json()) as { id: string; name: string; contentType: string; size: number; href: string };
    assert.equal(file.name, 'Ünïcødé photo.png');
    assert.equal(file.contentType, 'image/png');
    assert.equal(file.size, 4);
    const dl = await fetch(`${base}${file.href}`);
    assert.equal(dl.status, 200);
    assert.equal(
      dl.headers.get('content-disposition'),
      `attachment; filename="_n_c_d_ photo.png"; filename*=UTF-8''%C3%9Cn%C3%AFc%C3%B8d%C3%A9%20photo.png`,
    );
    assert.deepEqual([...Buffer.from(await dl.arrayBuffer())], [1, 2, 3, 4]);
  });

  test('a multipart filename with a path keeps only its last segment, as browsers send it', async () => {
    for (const [sent, stored] of [['../../etc/passwd', 'passwd'], ['C:\\Users\\me\\photo.jpg', 'photo.jpg'], ['dir/x.txt', 'x.txt']]) {
      const form = new FormData();
      form.append('file', new Blob(['x'], { type: 'text/plain' }), sent);
      const res = await upload(form, {}, '');
      assert.equal(res.status, 201, sent);
      assert.equal(((await res.json()) as { name: string }).name, stored);
    }
  });

  test('signed links: ranges → 206, past the end → 416, If-None-Match → 304; no API key needed', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    const file = (await (await upload(data, { 'content-type': 'application/octet-stream' })).json()) as { id: string; href: string };
    const url = `${base}${file.href}`;
    const part = await fetch(url, { headers: { range: 'bytes=5-9' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 5-9/20');
    assert.equal(await part.text(), '56789');
    const suffix = await fetch(url, { headers: { range: 'bytes=-3' } });
    assert.equal(await suffix.text(), 'hij');
    const open = await fetch(url, { headers: { range: 'bytes=18-' } });
    assert.equal(await open.text(), 'ij');
    const beyond = await fetch(url, { headers: { range: 'bytes=20-30' } });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get('content-range'), 'bytes */20');
    assert.equal(((await beyond.json()) as { code: string }).code, 'range-not-satisfiable');
    const etag = (await fetch(url)).headers.get('etag')!;
    assert.equal((await fetch(url, { headers: { 'if-none-match': etag } })).status, 304);
    const stale = await fetch(url, { headers: { range: 'bytes=0-1', 'if-range': '"other"' } });
    assert.equal(stale.status, 200, 'If-Range with another ETag: the whole file');
  });

  test('tampered, forged and expired links; a deleted file’s links and id answer 410', async () => {
    const file = (await (await upload('bye', { 'content-type': 'text/plain' })).json()) as { id: string; href: string };
    const token = file.href.split('/').at(-1)!;
    const [id, exp, kid, sig] = token.split('.');
    const code = async (t: string) => {
      const res = await fetch(`${base}/v1/downloads/${encodeURIComponent(t)}`);
      const body = (await res.json()) as { code: string };
      return `${res.status} ${body.code}`;
    };
    assert.equal(await code(`${id}.${(Number.parseInt(exp!, 36) + 1).toString(36)}.${kid}.${sig}`), '404 download-not-found');
    assert.equal(await code(`${id}.${exp}.${kid}.${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}`), '404 download-not-found');
    assert.equal(await code(`${id}.${exp}.nokey.${sig}`), '404 download-not-found');
    assert.equal(await code('garbage'), '404 download-not-found');
    // The app signs with the key kept in the database (no secrets configured): the same ring.
    const ring = await loadSigningKeys(api.t.config, api.store);
    assert.equal(checkDownload(ring, token, Date.now()).ok, true);
    const expired = signDownload(ring, file.id, Date.now() - 1000);
    assert.equal(await code(expired), '410 download-expired');
    assert.equal((await fetch(`${base}/v1/files/${file.id}`, { method: 'DELETE', headers: h() })).status, 204);
    assert.equal(await code(token), '410 file-gone');
    assert.equal((await fetch(`${base}/v1/files/${file.id}`, { headers: h() })).status, 410);
    assert.equal((await fetch(`${base}/v1/files/${file.id}`, { method: 'DELETE', headers: h() })).status, 410);
    const removed = await api.store.fileGet({ tenant: null, id: file.id });
    assert.equal(removed?.blobKey, null, 'the bytes were removed');
  });

  test('list: newest first, paginated, tenant-scoped', async () => {
    const other = await api.t.key('lister');
    const ids: string[] = [];
    for (const n of ['a.txt', 'b.txt', 'c.txt']) {
      const res = await fetch(`${base}/v1/files?name=${n}`, { method: 'POST', headers: { authorization: other.authorization, 'content-type': 'text/plain' }, body: n });
      ids.push(((await res.json()) as { id: string }).id);
    }
    const page1 = (await (await fetch(`${base}/v1/files?limit=2`, { headers: { authorization: other.authorization } })).json()) as { items: { id: string }[]; nextCursor: string };
    assert.deepEqual(page1.items.map((f) => f.id), [ids[2], ids[1]]);
    const page2 = (await (await fetch(`${base}/v1/files?limit=2&cursor=${page1.nextCursor}`, { headers: { authorization: other.authorization } })).json()) as { items: { id: string }[]; nextCursor: string | null };
    assert.deepEqual(page2.items.map((f) => f.id), [ids[0]]);
    assert.equal(page2.nextCursor, null);
  });

  test('refused uploads store nothing: no name, form-encoded, no type, bad names, oversize (read by Node fetch)', async () => {
    const before = (await api.store.fileList({ tenant: null, limit: 1000 })).length;
    const status = async (res: Response) => `${res.status} ${((await res.json()) as { code: string }).code}`;
    assert.equal(await status(await upload('x', { 'content-type': 'text/plain' }, '')), '422 validation-failed');
    assert.equal(await status(await upload('a=b', { 'content-type': 'application/x-www-form-urlencoded' })), '415 unsupported-media-type');
    for (const name of ['../../etc/passwd', 'a/b.txt', 'C:\\x\\y.txt', '..', 'nul\u0000.txt', 'tab\t.txt']) {
      const res = await upload('x', { 'content-type': 'text/plain' }, `?name=${encodeURIComponent(name)}`);
      assert.equal(await status(res), '422 validation-failed', name);
    }
    assert.equal(await status(await upload('x', { 'content-type': 'not a type' })), '415 unsupported-media-type');
    for (let i = 0; i < 12; i++) {
      const big = Buffer.alloc(5 * 1024 * 1024, 1);
      assert.equal(await status(await upload(big, { 'content-type': 'application/octet-stream' })), '413 payload-too-large');
      const stream = new Blob([big]).stream();
      const chunked = await fetch(`${base}/v1/files?name=big.bin`, { method: 'POST', headers: { ...h(), 'content-type': 'application/octet-stream' }, body: stream, duplex: 'half' } as RequestInit);
      assert.equal(await status(chunked), '413 payload-too-large');
    }
    assert.equal((await api.store.fileList({ tenant: null, limit: 1000 })).length, before);
    assert.deepEqual(await api.store.fileListRemovable({ limit: 1000 }), [], 'no bytes left behind');
  });
});
