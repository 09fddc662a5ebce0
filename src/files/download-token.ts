import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/defaults.ts';
import type { FileStore, SigningKey } from '../store/file-store.ts';
import { currentIdPattern } from '../domain/ids.ts';

// Signed download links: `/v1/downloads/{token}` needs no API key (a browser follows it), so the
// token itself is the authority. It names a file and an expiry and carries an HMAC-SHA256 over both
// under a key named by its id:
//   <fileId>.<expires, seconds, base36>.<key id>.<signature: 16 bytes of the HMAC, base64url>
// 69 characters, inside the router's 100-character parameter limit. Expiry is checked only after the
// signature, so a token whose expiry was edited is a bad signature, not an expired link.
//
// Keys rotate: `files.signingSecrets` lists them, the first signs and all verify (the key id is a
// digest of the secret, so reordering breaks nothing). Without configured secrets a key made at the
// first start and kept in the database signs, shared by every node on it.

export interface SigningKeyRing {
  /** Signs new links. */
  current: { id: string; secret: Buffer };
  byId(id: string): Buffer | undefined;
}

export type TokenCheck =
  | { ok: true; fileId: string; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'bad-signature' }
  | { ok: false; reason: 'expired'; fileId: string; expiresAt: number };

const TOKEN = new RegExp(`^(${currentIdPattern('fil')})\\.([0-9a-z]{1,10})\\.([A-Za-z0-9_-]{1,16})\\.([A-Za-z0-9_-]{22})$`);

const keyIdOf = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 8);

function signature(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, 16);
}

export function keyRing(keys: { id: string; secret: string }[]): SigningKeyRing {
  if (keys.length === 0) throw new Error('a signing key ring needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, Buffer.from(k.secret, 'utf8')]));
  const first = keys[0]!;
  return { current: { id: first.id, secret: byId.get(first.id)! }, byId: (id) => byId.get(id) };
}

/** The node's keys: the configured secrets, or the database's (made at the first start). */
export async function loadSigningKeys(config: Pick<Config, 'files'>, store: FileStore): Promise<SigningKeyRing> {
  const secrets = config.files.signingSecrets;
  if (secrets.length > 0) return keyRing(secrets.map((secret) => ({ id: keyIdOf(secret), secret })));
  const candidate: SigningKey = { id: randomBytes(6).toString('base64url'), secret: randomBytes(32).toString('base64url'), createdAt: Date.now() };
  return keyRing(await store.fileSigningKeys({ candidate }));
}

export function signDownload(ring: SigningKeyRing, fileId: string, expiresAt: number): string {
  const payload = `${fileId}.${Math.floor(expiresAt / 1000).toString(36)}.${ring.current.id}`;
  return `${payload}.${signature(ring.current.secret, payload).toString('base64url')}`;
}

export function checkDownload(ring: SigningKeyRing, token: string, now: number): TokenCheck {
  const m = TOKEN.exec(token);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, fileId, exp, keyId, sig] = m as unknown as [string, string, string, string, string];
  const secret = ring.byId(keyId);
  // An unknown key id is indistinguishable from a forged one.
  if (!secret) return { ok: false, reason: 'bad-signature' };
  // Compared as text: base64url decoding ignores the last character's spare bits, and a token that
  // differs in any character is not the one we signed.
  const expected = Buffer.from(signature(secret, `${fileId}.${exp}.${keyId}`).toString('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  const expiresAt = Number.parseInt(exp, 36) * 1000;
  if (expiresAt <= now) return { ok: false, reason: 'expired', fileId, expiresAt };
  return { ok: true, fileId, expiresAt };
}

/**
 * When a link made now expires: at least `linkSeconds` from now, rounded up to a step of a quarter
 * of it, so the links a task document carries stay the same between polls (its ETag too).
 */
export function linkExpiry(now: number, linkSeconds: number): number {
  const stepMs = Math.max(1, Math.floor(linkSeconds / 4)) * 1000;
  return Math.ceil((now + linkSeconds * 1000) / stepMs) * stepMs;
}
