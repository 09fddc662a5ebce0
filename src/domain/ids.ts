import { randomBytes } from 'node:crypto';

// Ids are opaque and unguessable: a prefix plus 128 random bits in Crockford-style base32
// (lower case, no padding), e.g. `tsk_5j2x…`. 26 characters carry 130 bits of room.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'tsk' | 'key' | 'bat' | 'fil' | 'whe' | 'whd' | 'msg' | 'wrk';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBase32(16)}`;
}

/** A bearer secret: more entropy than an id, never stored in clear. */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBase32(bytes)}`;
}

function randomBase32(bytes: number): string {
  const buf = randomBytes(bytes);
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
