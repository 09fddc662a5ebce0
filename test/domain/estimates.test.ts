import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.ts';
import { type EstimateInput, estimateTask, nextDurationStats } from '../../src/domain/estimates.ts';
import { NO_GRAPH, type TaskRow } from '../../src/domain/task.ts';

const NOW = Date.UTC(2026, 0, 1, 12);
const S = 1000;
const policy = DEFAULTS.retryAfter;

function row(over: Partial<TaskRow> = {}): TaskRow {
  return {
    id: 'tsk_x', tenant: 't', type: 'sleep', status: 'queued', customId: null, priority: 0, inputJson: '{}', metadata: null,
    fingerprint: 'fp', runAt: NOW, timeoutSeconds: 300, maxAttempts: 3, attempts: 0, leaseToken: null, leaseExpiresAt: null,
    workerId: null, cancelRequested: false, destroyRequested: false, progress: { percent: null, message: null, current: null, total: null },
    resultJson: null, error: null, callbackUrl: null, createdAt: NOW - 60 * S, startedAt: null, updatedAt: NOW, finishedAt: null,
    expiresAt: NOW + 86_400 * S, version: 1, seq: 1, graph: NO_GRAPH, ...over,
  };
}

const running = (elapsedMs: number, percent: number | null, over: Partial<TaskRow> = {}) =>
  row({ status: 'running', startedAt: NOW - elapsedMs, attempts: 1, progress: { percent, message: null, current: null, total: null }, ...over });

const estimate = (over: Partial<EstimateInput> & Pick<EstimateInput, 'task'>) =>
  estimateTask({ stats: null, position: null, parallelism: 1, now: NOW, policy, ...over });

describe('estimates of a running task', () => {
  it('use the reported progress: completion = startedAt + elapsed / (percent / 100)', () => {
    // The case from the issue: a 90 s sleep at 14 % (12.6 s in) showed an ETA of about now.
    const e = estimate({ task: running(12_600, 14) });
    assert.equal(e.source, 'reported');
    assert.equal(e.percent, 14);
    assert.equal(e.estimatedStartAt, NOW - 12_600);
    assert.equal(e.estimatedCompletionAt, NOW - 12_600 + 90_000);
    // Retry-After follows it: 77.4 s left, clamped to the policy's maximum.
    assert.equal(e.retryAfterSeconds, policy.maxSeconds);
    const later = estimate({ task: running(80_000, 80) });
    assert.equal(later.estimatedCompletionAt, NOW + 20_000);
    assert.equal(later.retryAfterSeconds, 20);
  });

  it('reported progress wins over duration statistics that disagree', () => {
    const e = estimate({ task: running(30_000, 50), stats: { count: 10, meanMs: 5_000 } });
    assert.equal(e.estimatedCompletionAt, NOW + 30_000);
    assert.equal(e.retryAfterSeconds, 30);
  });

  it('percent 0 (or none) falls back to the statistics, and to nothing without them', () => {
    const stats = { count: 3, meanMs: 40_000 };
    for (const percent of [0, null]) {
      const e = estimate({ task: running(10_000, percent), stats });
      assert.equal(e.estimatedCompletionAt, NOW + 30_000, String(percent));
      assert.equal(e.retryAfterSeconds, 30);
      const unknown = estimate({ task: running(10_000, percent) });
      assert.equal(unknown.estimatedCompletionAt, null);
      assert.equal(unknown.retryAfterSeconds, policy.defaultSeconds);
    }
  });

  it('is never in the past while the task runs, and never after its attempt must end (timeoutSeconds)', () => {
    // Running longer than the statistics say: "any moment now", not a time already gone.
    const overdue = estimate({ task: running(60_000, null), stats: { count: 3, meanMs: 10_000 } });
    assert.equal(overdue.estimatedCompletionAt, NOW);
    assert.equal(overdue.retryAfterSeconds, policy.minSeconds);
    const full = estimate({ task: running(60_000, 100) });
    assert.equal(full.estimatedCompletionAt, NOW);
    // 1 % after 10 s would mean 1000 s, but the attempt is aborted at 300 s.
    const slow = estimate({ task: running(10_000, 1) });
    assert.equal(slow.estimatedCompletionAt, NOW - 10_000 + 300_000);
    const pastTimeout = estimate({ task: running(400_000, 50) });
    assert.equal(pastTimeout.estimatedCompletionAt, NOW);
  });

  it('Retry-After is always an integer within the policy bounds', () => {
    for (const [elapsed, percent] of [[1, 99.9], [12_600, 14], [100, 0.001], [5_000, 100], [0, 50]] as const) {
      const s = estimate({ task: running(elapsed, percent) }).retryAfterSeconds!;
      assert.ok(Number.isInteger(s) && s >= policy.minSeconds && s <= policy.maxSeconds, `${elapsed} ms at ${percent} %: ${s}`);
    }
  });
});

describe('estimates of a queued task', () => {
  const stats = { count: 5, meanMs: 10_000 };

  it('without knowledge of running work: the tasks ahead are worked off `parallelism` at a time', () => {
    assert.equal(estimate({ task: row(), stats, position: 0, parallelism: 2 }).estimatedStartAt, NOW);
    assert.equal(estimate({ task: row(), stats, position: 4, parallelism: 2 }).estimatedStartAt, NOW + 20_000);
    assert.equal(estimate({ task: row(), stats, position: 4, parallelism: 2 }).estimatedCompletionAt, NOW + 30_000);
  });

  it('with the running attempts of its type given, it starts when a slot frees up for it', () => {
    // Both slots busy: one finishes in 5 s (50 % of 10 s), one in 2 s (reported 80 % after 8 s).
    const busy = [{ startedAt: NOW - 5_000, percent: 50 }, { startedAt: NOW - 8_000, percent: 80 }];
    const first = estimate({ task: row(), stats, position: 0, parallelism: 2, running: busy });
    assert.equal(first.estimatedStartAt, NOW + 2_000);
    assert.equal(first.estimatedCompletionAt, NOW + 12_000);
    // Second in line: the slot freed at +5 s.
    assert.equal(estimate({ task: row(), stats, position: 1, parallelism: 2, running: busy }).estimatedStartAt, NOW + 5_000);
    // Third: after the first queued one (started at +2 s) ran its mean.
    assert.equal(estimate({ task: row(), stats, position: 2, parallelism: 2, running: busy }).estimatedStartAt, NOW + 12_000);
    // A free slot: it starts now.
    assert.equal(estimate({ task: row(), stats, position: 0, parallelism: 3, running: busy }).estimatedStartAt, NOW);
    // Retry-After agrees with the estimate (until completion, clamped).
    assert.equal(first.retryAfterSeconds, 12);
  });

  it('running work without progress is estimated from the statistics; unknown work leaves the start unknown', () => {
    const busy = [{ startedAt: NOW - 4_000, percent: null }];
    assert.equal(estimate({ task: row(), stats, position: 0, parallelism: 1, running: busy }).estimatedStartAt, NOW + 6_000);
    const unknown = estimate({ task: row(), stats: null, position: 0, parallelism: 1, running: busy });
    assert.equal(unknown.estimatedStartAt, null);
    assert.equal(unknown.retryAfterSeconds, policy.defaultSeconds);
    // Without statistics and without anything reported there is nothing to go by: the start stays
    // unknown, as without the running list (a document saying "now" would change every millisecond
    // and defeat If-None-Match polling).
    assert.equal(estimate({ task: row(), stats: null, position: 0, parallelism: 2, running: busy }).estimatedStartAt, null);
    const reporting = [{ startedAt: NOW - 4_000, percent: 50 }];
    assert.equal(estimate({ task: row(), stats: null, position: 0, parallelism: 1, running: reporting }).estimatedStartAt, NOW + 4_000);
  });

  it('never starts before runAt', () => {
    const busy = [{ startedAt: NOW - 5_000, percent: 50 }];
    const e = estimate({ task: row({ status: 'pending', runAt: NOW + 60_000 }), stats, position: null, parallelism: 1, running: busy });
    assert.equal(e.estimatedStartAt, NOW + 60_000);
  });
});

describe('terminal tasks and statistics', () => {
  it('a succeeded task is 100 % with no estimates', () => {
    const e = estimate({ task: row({ status: 'succeeded', finishedAt: NOW }) });
    assert.deepEqual(e, { percent: 100, source: 'estimated', estimatedStartAt: null, estimatedCompletionAt: null, retryAfterSeconds: null });
  });

  it('the running mean moves towards new durations', () => {
    const a = nextDurationStats(null, 10_000);
    assert.deepEqual(a, { count: 1, meanMs: 10_000 });
    assert.deepEqual(nextDurationStats(a, 20_000), { count: 2, meanMs: 12_000 });
  });
});
