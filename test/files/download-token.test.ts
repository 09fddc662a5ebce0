import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { checkDownload, keyRing, linkExpiry, loadSigningKeys, signDownload } from '../../src/files/download-token.ts';
import { tempSqliteStore } from '../helpers/sqlite.ts';

// Signed download tokens: rotation of configured secrets, the stored key of the first start, expiry
// after the signature, and link expiries that stay put between polls.

const FILE = `fil_${'a'.repeat(36)}`;
const OLD = 'o'.repeat(40);
const NEW = 'n'.repeat(40);

const withSecrets = (secrets: string[]) => loadSigningKeys({ files: { ...DEFAULTS.files, signingSecrets: secrets } }, null as never);

test('rotation: the first secret signs, every listed secret verifies, a dropped one no longer does', async () => {
  const before = await withSecrets([OLD]);
  const token = signDownload(before, FILE, Date.now() + 60_000);
  const during = await withSecrets([NEW, OLD]);
  assert.equal(checkDownload(during, token, Date.now()).ok, true, 'old links still work while the old secret is listed');
  const fresh = signDownload(during, FILE, Date.now() + 60_000);
  assert.notEqual(fresh.split('.')[2], token.split('.')[2], 'new links carry the new key id');
  const after = await withSecrets([NEW]);
  assert.equal(checkDownload(after, fresh, Date.now()).ok, true);
  assert.deepEqual(checkDownload(after, token, Date.now()), { ok: false, reason: 'bad-signature' });
});

test('without configured secrets, every node on a database shares the key made at the first start', async () => {
  const db = await tempSqliteStore();
  try {
    const first = await loadSigningKeys(DEFAULTS, db.store);
    const second = await loadSigningKeys(DEFAULTS, db.store);
    const token = signDownload(first, FILE, Date.now() + 60_000);
    assert.equal(checkDownload(second, token, Date.now()).ok, true);
  } finally {
    await db.close();
  }
});

test('expiry is checked after the signature; tokens fit the router’s 100-character limit', () => {
  const ring = keyRing([{ id: 'k1', secret: 's'.repeat(40) }]);
  const expired = signDownload(ring, FILE, Date.now() - 5000);
  const check = checkDownload(ring, expired, Date.now());
  assert.equal(check.ok, false);
  assert.equal(!check.ok && check.reason, 'expired');
  const [id, exp, kid, sig] = expired.split('.');
  const extended = `${id}.${(Number.parseInt(exp!, 36) + 86_400).toString(36)}.${kid}.${sig}`;
  assert.deepEqual(checkDownload(ring, extended, Date.now()), { ok: false, reason: 'bad-signature' });
  const real = keyRing([{ id: 'abcdefgh', secret: 's'.repeat(40) }]);
  const token = signDownload(real, FILE, Date.now() + 3_600_000);
  assert.ok(token.length <= 100, `a ${token.length}-character token would not fit the router's parameter limit`);
  // The longest a token can be: a 16-character key id and the largest expiry the format takes.
  const longest = `${FILE}.${'z'.repeat(10)}.${'k'.repeat(16)}.${'s'.repeat(22)}`;
  assert.ok(longest.length <= 100, `${longest.length} characters`);
});

test('link expiries: at least linkSeconds away, the same for a quarter of it', () => {
  const now = 1_700_000_000_000;
  const a = linkExpiry(now, 3600);
  assert.ok(a >= now + 3_600_000 && a < now + 3_600_000 + 900_000);
  assert.equal(linkExpiry(now + 1000, 3600), a, 'a poll a second later gets the same link');
  assert.ok(linkExpiry(now + 900_000, 3600) > a);
});
