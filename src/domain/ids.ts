import { randomBytes, randomFillSync } from 'node:crypto';

// Ids are opaque and unguessable: a prefix plus 128 random bits in Crockford-style base32
// (lower case, no padding), e.g. `tsk_5j2x…`. 26 characters carry 130 bits of room.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'tsk' | 'key' | 'bat' | 'fil' | 'whe' | 'whd' | 'msg' | 'wrk';

// Ids take their 16 bytes from a pool refilled 4 KiB at a time (as node's randomUUID does): one
// CSPRNG call per 256 ids instead of one per id, which showed as ~10 % of a submit's CPU. Each byte
// is handed out once. Secrets are rare and take fresh bytes of their own.
const ID_BYTES = 16;
const pool = Buffer.allocUnsafe(4096);
let poolOffset = pool.length;

export function newId(prefix: IdPrefix): string {
  if (poolOffset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return `${prefix}_${base32(bytes)}`;
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

const ID_PATTERN = /^[a-z]{3}_[0-9a-z]{26}$/;

/** Shape check only: a well-formed id may still be unknown. */
export function isWellFormedId(id: string, prefix: IdPrefix): boolean {
  return id.startsWith(`${prefix}_`) && ID_PATTERN.test(id);
}
