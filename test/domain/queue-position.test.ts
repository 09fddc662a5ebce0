import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareClaimOrder, positionIn, type QueueEntry } from '../../src/domain/queue-position.ts';

const queued = (e: QueueEntry) => ({ status: 'queued' as const, ...e });

describe('positionIn', () => {
  // Claim order: priority DESC, then runAt, then seq.
  const head: QueueEntry[] = [
    { priority: 5, runAt: 100, seq: 7 },
    { priority: 5, runAt: 100, seq: 9 },
    { priority: 0, runAt: 50, seq: 3 },
    { priority: 0, runAt: 100, seq: 1 },
    { priority: 0, runAt: 100, seq: 4 },
  ];

  it('the head given is in claim order', () => {
    for (let i = 1; i < head.length; i++) assert.ok(compareClaimOrder(head[i - 1]!, head[i]!) < 0);
  });

  it('counts the entries claimed before the task, for tasks in the head', () => {
    assert.deepEqual(head.map((e) => positionIn(head, queued(e), 100)), [0, 1, 2, 3, 4]);
  });

  it('places tasks that are not in the head (submitted after it was read) by claim order', () => {
    assert.equal(positionIn(head, queued({ priority: 9, runAt: 999, seq: 99 }), 100), 0);
    assert.equal(positionIn(head, queued({ priority: 5, runAt: 100, seq: 8 }), 100), 1);
    assert.equal(positionIn(head, queued({ priority: 0, runAt: 100, seq: 2 }), 100), 4);
    assert.equal(positionIn(head, queued({ priority: -1, runAt: 0, seq: 0 }), 100), 5);
  });

  it('says "at least cap" when cap entries are ahead', () => {
    assert.equal(positionIn(head, queued({ priority: -1, runAt: 0, seq: 0 }), 5), 5);
    assert.equal(positionIn(head, queued(head[4]!), 3), 3);
    assert.equal(positionIn(head, queued(head[1]!), 3), 1);
  });

  it('an empty queue puts a task first; a task that is not queued has no position', () => {
    assert.equal(positionIn([], queued({ priority: 0, runAt: 0, seq: 1 }), 100), 0);
    assert.equal(positionIn(head, { status: 'running', ...head[4]! }, 100), 0);
  });
});
