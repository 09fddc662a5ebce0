import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWellFormedId, newId } from '../../src/domain/ids.ts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** The bits of a base32 text, most significant first. */
function bitsOf(text: string): number[] {
  return [...text].flatMap((ch) => {
    const value = ALPHABET.indexOf(ch);
    assert.ok(value >= 0, `${ch} is not in the alphabet`);
    return [4, 3, 2, 1, 0].map((shift) => (value >> shift) & 1);
  });
}

describe('ids', () => {
  it('are well formed, distinct and start with their creation time (later ids sort after earlier ones)', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('tsk'));
    assert.ok(ids.every((id) => isWellFormedId(id, 'tsk')));
    assert.equal(new Set(ids).size, ids.length);
    const early = newId('tsk', Date.UTC(2026, 0, 1));
    const late = newId('tsk', Date.UTC(2026, 0, 1) + 1);
    assert.ok(early < late, `${early} < ${late}`);
    assert.ok(newId('tsk', Date.UTC(2030, 0, 1)) > ids.at(-1)!);
    assert.equal(newId('whd').slice(0, 4), 'whd_');
  });

  it('carry at least 128 random bits after the 10-character time, every one of them in use', () => {
    const now = Date.now();
    const same = Array.from({ length: 2000 }, () => newId('tsk', now));
    assert.equal(new Set(same.map((id) => id.slice(0, 14))).size, 1, 'the time prefix is the same within a millisecond');
    const randoms = same.map((id) => id.slice(14));
    assert.equal(new Set(randoms).size, randoms.length);
    for (const r of randoms) assert.ok(r.length * 5 >= 128, `${r.length} characters hold fewer than 128 bits`);
    // Each of the first 128 bits of the random part takes both values across the sample: no bit
    // is stuck (a short buffer, a reused byte, a constant pad would show here).
    const bits = randoms.map(bitsOf);
    const stuck: number[] = [];
    for (let i = 0; i < 128; i++) if (new Set(bits.map((b) => b[i])).size !== 2) stuck.push(i);
    assert.deepEqual(stuck, []);
  });

  it('ids stored before the longer format (26 characters after the prefix) are still well formed', () => {
    const legacy = 'tsk_01kb3xq2ab4cd5ef6gh7jk8mnp';
    assert.equal(legacy.length, 30);
    assert.ok(isWellFormedId(legacy, 'tsk'));
    assert.ok(isWellFormedId(`whe_${'0'.repeat(26)}`, 'whe'));
    assert.ok(isWellFormedId(newId('whd'), 'whd'));
    for (const bad of [`tsk_${'0'.repeat(25)}`, `tsk_${'0'.repeat(27)}`, `tsk_${'0'.repeat(35)}`, `tsk_${'0'.repeat(37)}`, `tsk_${'0'.repeat(36)}_`,
      `tsk_${'0'.repeat(35)}I`, `TSK_${'0'.repeat(36)}`, newId('whe')]) {
      assert.equal(isWellFormedId(bad, 'tsk'), false, bad);
    }
  });
});
