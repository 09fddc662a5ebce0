import { randomBytes, randomFillSync } from 'node:crypto';

// Ids are opaque and unguessable: a prefix, then 36 characters of Crockford-style base32 (lower
// case, no padding): 10 for the creation time in milliseconds, 26 for 128 random bits, e.g.
// `tsk_01kb3…`. Time first (as in ULID or UUIDv7) so that new ids land at the right edge of the
// indexes that hold them, instead of on a random page each: with a million tasks stored, random ids
// made every insert touch a cold page of the id index. The 128 random bits alone keep ids
// unguessable (the time is no secret: it is the task's createdAt, which its owner sees anyway).
// Ids issued before the random part grew carry 80 random bits (26 characters after the prefix);
// they stay valid wherever they are stored (rows, reservations, tombstones).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'tsk' | 'key' | 'bat' | 'grp' | 'fil' | 'whe' | 'whd' | 'msg' | 'wrk' | 'sch';

// The random bytes come from a pool refilled 4 KiB at a time (as node's randomUUID does): one
// CSPRNG call per 250 ids instead of one per id, which showed as ~10 % of a submit's CPU. Each
// byte is handed out once. Secrets are rare and take fresh bytes of their own.
const RANDOM_BYTES = 16;
const pool = Buffer.allocUnsafe(4096);
let poolOffset = pool.length;

export function newId(prefix: IdPrefix, now = Date.now()): string {
  if (poolOffset + RANDOM_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + RANDOM_BYTES);
  poolOffset += RANDOM_BYTES;
  return `${prefix}_${timePart(now)}${base32(bytes)}`;
}

/** 10 base32 characters of the time in ms (50 bits of room for 48 used), most significant first. */
function timePart(ms: number): string {
  let out = '';
  let rest = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32]! + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** A bearer secret: more entropy than an id, never stored in clear. */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${base32(randomBytes(bytes))}`;
}

function base32(buf: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** 36 characters after the prefix today; 26 for ids issued with 80 random bits. */
const ID_PATTERN = /^[a-z]{3}_(?:[0-9a-z]{26}|[0-9a-z]{36})$/;

/**
 * The shape of an id issued today, as a JSON-schema (and RegExp) pattern body without anchors: for
 * kinds that never had the shorter ids (files), schemas accept only this.
 */
export function currentIdPattern(prefix: IdPrefix): string {
  return `${prefix}_[0-9a-z]{36}`;
}

/** The shape of any id of the kind, current or issued with 80 random bits, as a pattern body without anchors. */
export function idPattern(prefix: IdPrefix): string {
  return `${prefix}_(?:[0-9a-z]{26}|[0-9a-z]{36})`;
}

/** Shape check only: a well-formed id may still be unknown. */
export function isWellFormedId(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}_`) && ID_PATTERN.test(id);
}
