import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWellFormedId, newId } from '../../src/domain/ids.ts';

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

  it('carry 80 random bits after the time: ids of the same millisecond differ in their last 16 characters', () => {
    const now = Date.now();
    const same = Array.from({ length: 1000 }, () => newId('tsk', now));
    assert.equal(new Set(same.map((id) => id.slice(0, 14))).size, 1);
    assert.equal(new Set(same.map((id) => id.slice(14))).size, 1000);
  });
});
