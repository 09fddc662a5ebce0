import { isUtf8 } from 'node:buffer';

// JSON as sent, or a refusal. JSON.parse silently changes some texts: `1e309` becomes Infinity
// (stored as null), an integer past 2^53 rounds, the last of two equal keys wins, an escaped lone
// surrogate (`"\ud800"`) becomes a string no UTF-8 store can hold, and a decoder replaces invalid
// UTF-8 bytes with U+FFFD. Each of those is refused here, with the JSON Pointer of the value, and so
// is nesting deeper than a limit: the validators, the fingerprint and the stores all recurse.
//
// Cost: one scan over the text before JSON.parse (so a 100,000-level body is refused before
// JSON.parse builds it), allocating nothing but for keys with escapes or objects with many keys:
// keys are compared in place. Short strings are skipped in a loop, long ones with native `indexOf`
// (a body of long strings costs about what JSON.parse alone does); numbers are looked at only
// when long or written with an exponent. Measured on the submit bodies of the bench, the scan adds
// about half of JSON.parse's own time. It only tracks structure; the grammar is JSON.parse's job
// (it runs next), so on invalid text the scan must merely not fail in any other way.

export interface StrictJsonOptions {
  /** Objects and arrays nested deeper than this are refused (the body itself is level 1). */
  maxDepth: number;
}

/** Why a body cannot be taken as sent: where (character offset in the text, or byte offset for UTF-8) and at which value. */
export class JsonRefusal extends Error {
  readonly detail: string;
  /** Offset in the body: a byte offset for invalid UTF-8, a character offset otherwise. */
  readonly position: number;
  /** JSON Pointer (RFC 6901) of the offending value, when the scan got that far. */
  readonly pointer: string | null;

  constructor(detail: string, position: number, pointer: string | null) {
    super(detail);
    this.name = 'JsonRefusal';
    this.detail = detail;
    this.position = position;
    this.pointer = pointer;
  }
}

/** Parses UTF-8 bytes as JSON, refusing what JSON.parse would silently change. Throws JsonRefusal or SyntaxError. */
export function parseStrictJson(bytes: Uint8Array, options: StrictJsonOptions): unknown {
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    throw new JsonRefusal(`The body is not valid UTF-8: the byte at offset ${at} does not belong to a valid sequence.`, at, null);
  }
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A byte order mark is tolerated (RFC 8259 §8.1), as Fastify's parser did.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  scan(text, options.maxDepth);
  return JSON.parse(text);
}

/** One open object or array. Frames are reused by depth, and keys are compared in place: a scan allocates nothing for a key without escapes. */
interface Frame {
  isObject: boolean;
  /** Arrays: the current element's index. */
  index: number;
  /** Objects: the current member's key, as offsets of its text between the quotes… */
  keyStart: number;
  keyEnd: number;
  /** …or decoded, when it has escapes. */
  keyDecoded: string | null;
  /** Objects: the first keys seen (escape-free), as offsets; [start0, end0, start1, end1, …]. */
  seen: number[];
  /** All keys seen, once there are many or one has escapes. */
  keySet: Set<string> | null;
  /** This object is the value of a `constructor` member: a `prototype` key here is poisoning. */
  underConstructor: boolean;
}

const FEW_KEYS = 16;
const MAX_SAFE_DIGITS = 15; // every integer of ≤ 15 digits is safe; 16 need a look
const MAX_PLAIN_FRACTION = 308; // 1e308 is finite; a fraction this short without an exponent is too
/** Past this many characters a string's end is searched with native indexOf instead of a loop. */
const SHORT_STRING = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function scan(text: string, maxDepth: number): void {
  new Scanner(text, maxDepth).run();
}

class Scanner {
  readonly text: string;
  readonly n: number;
  readonly maxDepth: number;
  readonly frames: Frame[] = [];
  depth = 0;
  /** Offset of the next backslash at or after the last search, -1 when there is none left. */
  nextBackslash = -2;
  /** Whether the string just skipped had an escape. */
  escaped = false;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.n = text.length;
    this.maxDepth = maxDepth;
  }

  run(): void {
    const { text, n } = this;
    let expectKey = false;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.escaped = false;
        const end = this.skipString(i, expectKey);
        if (expectKey) {
          this.member(i, end, this.escaped);
          expectKey = false;
        }
        i = end;
      } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        this.open(c === 0x7b, i);
        expectKey = c === 0x7b;
        i++;
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        if (this.depth > 0) this.depth--;
        expectKey = false;
        i++;
      } else if (c === 0x2c /* , */) {
        const f = this.depth > 0 ? this.frames[this.depth - 1]! : null;
        if (f !== null) {
          if (f.isObject) expectKey = true;
          else f.index++;
        }
        i++;
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
        i = this.number(i);
      } else {
        i++;
      }
    }
  }

  open(isObject: boolean, at: number): void {
    const { depth, frames } = this;
    if (depth >= this.maxDepth) {
      throw new JsonRefusal(`The body nests objects and arrays deeper than ${this.maxDepth} levels.`, at, this.pointer(depth));
    }
    const parent = depth > 0 ? frames[depth - 1]! : null;
    let f = frames[depth];
    if (f === undefined) {
      f = { isObject, index: 0, keyStart: 0, keyEnd: 0, keyDecoded: null, seen: [], keySet: null, underConstructor: false };
      frames[depth] = f;
    } else {
      f.isObject = isObject;
      f.index = 0;
      f.keyStart = 0;
      f.keyEnd = 0;
      f.keyDecoded = null;
      if (f.seen.length > 0) f.seen.length = 0;
      f.keySet = null;
    }
    f.underConstructor = isObject && parent?.isObject === true && this.keyIs(parent, 'constructor');
    this.depth = depth + 1;
  }

  /** Index after the closing quote of the string opening at `start`; checks its escapes. */
  skipString(start: number, isKey: boolean): number {
    const { text, n } = this;
    let p = start + 1;
    // Short strings (most keys and values) in a loop; long ones with native searches.
    const shortEnd = Math.min(n, p + SHORT_STRING);
    while (p < shortEnd) {
      const c = text.charCodeAt(p);
      if (c === QUOTE) return p + 1;
      if (c === BACKSLASH) p = this.escapeEnd(p, isKey);
      else p++;
    }
    for (;;) {
      const close = text.indexOf('"', p);
      if (close === -1) return n; // unterminated: JSON.parse reports it
      // The next backslash is remembered: searching past a long string for one each time would
      // make a body of many long strings quadratic.
      if (this.nextBackslash !== -1 && this.nextBackslash < p) this.nextBackslash = text.indexOf('\\', p);
      const backslash = this.nextBackslash;
      if (backslash === -1 || backslash > close) return close + 1;
      p = this.escapeEnd(backslash, isKey);
    }
  }

  /** Index after the escape at `at`; refuses lone surrogates. */
  escapeEnd(at: number, isKey: boolean): number {
    const { text } = this;
    this.escaped = true;
    if (text.charCodeAt(at + 1) !== 0x75 /* u */) return at + 2;
    const unit = hex4(text, at + 2);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (text.charCodeAt(at + 6) === BACKSLASH && text.charCodeAt(at + 7) === 0x75) {
        const low = hex4(text, at + 8);
        if (low >= 0xdc00 && low <= 0xdfff) return at + 12;
      }
    } else if (unit < 0xdc00 || unit > 0xdfff) {
      return at + 6;
    }
    throw new JsonRefusal(
      `A string contains the escape ${text.slice(at, at + 6)}, a lone UTF-16 surrogate that is not a character and cannot be stored as sent.`,
      at,
      this.pointer(isKey ? this.depth - 1 : this.depth),
    );
  }

  /** The key string whose quotes are at `start` and `end - 1`, in the innermost object. */
  member(start: number, end: number, escaped: boolean): void {
    const f = this.frames[this.depth - 1]!;
    const keyStart = start + 1;
    const keyEnd = end - 1;
    f.keyStart = keyStart;
    f.keyEnd = keyEnd;
    // Escaped spellings of a key are the same key ("a" and "\u0061").
    f.keyDecoded = escaped ? decodeKey(this.text.slice(start, end)) : null;
    if (this.keyIs(f, '__proto__') || (f.underConstructor && this.keyIs(f, 'prototype'))) {
      throw new JsonRefusal(`The key "${this.keyOf(f)}" is not allowed here (prototype poisoning).`, start, this.pointer(this.depth));
    }
    if (f.keySet === null && !escaped && f.seen.length < FEW_KEYS * 2) {
      const { seen } = f;
      for (let k = 0; k < seen.length; k += 2) {
        if (this.sameText(seen[k]!, seen[k + 1]!, keyStart, keyEnd)) throw this.duplicate(f, start);
      }
      seen.push(keyStart, keyEnd);
      return;
    }
    if (f.keySet === null) {
      f.keySet = new Set();
      for (let k = 0; k < f.seen.length; k += 2) f.keySet.add(this.text.slice(f.seen[k], f.seen[k + 1]));
    }
    const key = this.keyOf(f);
    if (f.keySet.has(key)) throw this.duplicate(f, start);
    f.keySet.add(key);
  }

  sameText(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    if (aEnd - aStart !== bEnd - bStart) return false;
    const { text } = this;
    for (let k = 0; k < aEnd - aStart; k++) if (text.charCodeAt(aStart + k) !== text.charCodeAt(bStart + k)) return false;
    return true;
  }

  keyIs(f: Frame, name: string): boolean {
    if (f.keyDecoded !== null) return f.keyDecoded === name;
    return f.keyEnd - f.keyStart === name.length && this.text.startsWith(name, f.keyStart);
  }

  keyOf(f: Frame): string {
    return f.keyDecoded ?? this.text.slice(f.keyStart, f.keyEnd);
  }

  duplicate(f: Frame, at: number): JsonRefusal {
    return new JsonRefusal(`Duplicate key "${this.keyOf(f)}": only one value can be stored.`, at, this.pointer(this.depth));
  }

  /** Index after the number at `start`; long ones and exponents are checked. */
  number(start: number): number {
    const { text, n } = this;
    let j = start + 1;
    let exponent = false;
    let fraction = false;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d >= 0x30 && d <= 0x39) continue;
      if (d === 0x65 || d === 0x45) exponent = true;
      else if (d === 0x2e) fraction = true;
      else if (d !== 0x2b && d !== 0x2d) break;
    }
    // Without an exponent, a fraction can only overflow with over 308 digits before the point.
    const length = j - start - (text.charCodeAt(start) === 0x2d ? 1 : 0);
    if (exponent || (fraction ? length > MAX_PLAIN_FRACTION : length > MAX_SAFE_DIGITS)) {
      checkNumber(text.slice(start, j), exponent || fraction, start, () => this.pointer(this.depth));
    }
    return j;
  }

  /** JSON Pointer of the value at `depth` (its container's members down to it). */
  pointer(depth: number): string {
    let out = '';
    for (let d = 0; d < depth; d++) {
      const f = this.frames[d]!;
      out += `/${f.isObject ? this.keyOf(f).replaceAll('~', '~0').replaceAll('/', '~1') : f.index}`;
    }
    return out;
  }
}

function checkNumber(token: string, notInteger: boolean, at: number, pointer: () => string): void {
  const value = Number(token);
  if (Number.isNaN(value)) return; // not a JSON number: JSON.parse reports it
  if (!Number.isFinite(value)) {
    throw new JsonRefusal(`The number ${token} overflows a 64-bit float (it would become ${value > 0 ? '' : '-'}Infinity) and cannot be stored as sent.`, at, pointer());
  }
  if (notInteger) {
    const mantissa = token.split(/[eE]/)[0]!;
    if (value === 0 && /[1-9]/.test(mantissa)) {
      throw new JsonRefusal(`The number ${token} underflows a 64-bit float (it would become 0) and cannot be stored as sent.`, at, pointer());
    }
    return;
  }
  if (!Number.isSafeInteger(value)) {
    throw new JsonRefusal(
      `The integer ${token} is beyond ±(2^53 − 1) = ±${Number.MAX_SAFE_INTEGER} and would lose precision; send it as a string.`,
      at,
      pointer(),
    );
  }
}

function hex4(text: string, at: number): number {
  let value = 0;
  for (let k = at; k < at + 4; k++) {
    const c = text.charCodeAt(k);
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** A quoted key with escapes, decoded; a malformed one is left to JSON.parse to report. */
function decodeKey(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted;
  }
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence (only called when there is one). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: length and the allowed range of the second byte (no overlongs, no surrogates, ≤ U+10FFFF).
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + len > bytes.length) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < len; k++) {
      const cont = bytes[i + k]!;
      if (cont < 0x80 || cont > 0xbf) return i;
    }
    i += len;
  }
  return bytes.length;
}
