/**
 * The stores' list cursor, SQLite and PostgreSQL alike: base64url (unpadded) of `seq:<digits>`, the
 * `seq` of the last task of the page. Opaque to clients; the API checks it with `isListCursor` so a
 * forged or truncated one is a 422, and the stores decode it with `decodeListCursor`.
 */

// base64url of `seq:` and the 16 digits of Number.MAX_SAFE_INTEGER is 27 characters; anything
// longer is not ours, and is refused without decoding it.
const MAX_LENGTH = 27;

export function encodeListCursor(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError('list cursor seq must be a non-negative integer');
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

/**
 * The `seq` a cursor names. Throws RangeError unless the cursor is exactly what `encodeListCursor`
 * gives: Buffer's base64url decoder skips characters it does not know and ignores stray bits, and
 * a seq past Number.MAX_SAFE_INTEGER would be rounded, so the seq is re-encoded and compared.
 */
export function decodeListCursor(cursor: string): number {
  if (cursor.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new RangeError('invalid list cursor');
  const m = /^seq:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!m) throw new RangeError('invalid list cursor');
  const seq = Number(m[1]);
  if (!Number.isSafeInteger(seq) || encodeListCursor(seq) !== cursor) throw new RangeError('invalid list cursor');
  return seq;
}

export function isListCursor(cursor: string): boolean {
  try {
    decodeListCursor(cursor);
    return true;
  } catch (err) {
    if (err instanceof RangeError) return false;
    throw err;
  }
}
