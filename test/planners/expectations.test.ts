import { describe, expect, it } from 'vitest';
import type { ControllerExpectations } from 'podkit';
import {
  creationObserved,
  deletionObserved,
  expectationsSatisfied,
  expectCreations,
  expectDeletions,
  lowerExpectations,
  podEventObserved,
  runSlowStart,
  slowStartBatches,
} from 'podkit/planners';

const T0 = Date.UTC(2024, 0, 1);

describe('expectations', () => {
  it('are satisfied without a record', () => {
    expect(expectationsSatisfied(undefined, T0)).toBe(true);
  });

  it('wait for every expected creation (§H.5, TestControllerBurstReplicas)', () => {
    let exp: ControllerExpectations | undefined = expectCreations(2, T0);
    expect(expectationsSatisfied(exp, T0)).toBe(false);
    exp = creationObserved(exp);
    expect(exp?.add).toBe(1);
    expect(expectationsSatisfied(exp, T0)).toBe(false);
    exp = creationObserved(exp);
    expect(expectationsSatisfied(exp, T0)).toBe(true);
  });

  it('count each deleted pod key once (§H.5, TestDeletionTimestamp)', () => {
    let exp: ControllerExpectations | undefined = expectDeletions(['default/a', 'default/b'], T0);
    exp = deletionObserved(exp, 'default/a');
    exp = deletionObserved(exp, 'default/a');
    expect(exp?.del).toBe(1);
    expect(expectationsSatisfied(exp, T0)).toBe(false);
    exp = deletionObserved(exp, 'default/unrelated');
    expect(exp?.del).toBe(1);
    exp = deletionObserved(exp, 'default/b');
    expect(expectationsSatisfied(exp, T0)).toBe(true);
  });

  it('expire after 5 minutes (§H.5 ExpectationsTimeout)', () => {
    const exp = expectCreations(3, T0);
    expect(expectationsSatisfied(exp, T0 + 5 * 60_000)).toBe(false);
    expect(expectationsSatisfied(exp, T0 + 5 * 60_000 + 1)).toBe(true);
  });

  it('can be lowered for skipped creations without touching the timestamp (§H.3)', () => {
    const exp = lowerExpectations(expectCreations(10, T0), 9, 0);
    expect(exp).toMatchObject({ add: 1, del: 0, timestamp: T0 });
    expect(lowerExpectations(undefined, 1, 1)).toBeUndefined();
  });

  it('are immutable values', () => {
    const exp = expectCreations(1, T0);
    creationObserved(exp);
    expect(exp.add).toBe(1);
  });
});

describe('slowStartBatches', () => {
  it.each<[number, number, number[]]>([
    [0, 1, []],
    [1, 1, [1]],
    [10, 1, [1, 2, 4, 3]],
    [14, 1, [1, 2, 4, 7]],
    [15, 1, [1, 2, 4, 8]],
    [10, 3, [3, 6, 1]],
  ])('splits %d calls with initial %d into %j (§H.3 slow start)', (count, initial, sizes) => {
    expect(slowStartBatches(count, initial)).toEqual(sizes);
  });

  it('rejects a negative count or a zero initial batch', () => {
    expect(() => slowStartBatches(-1)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => slowStartBatches(3, 0)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

describe('runSlowStart', () => {
  // TestSlowStartBatch (replica_set_test.go)
  it.each<[string, number, number, number, boolean, number]>([
    ['callLimit = 0 (all fail)', 10, 0, 0, true, 1],
    ['callLimit = count (all succeed)', 10, 10, 10, false, 10],
    ['callLimit < count (some succeed)', 10, 5, 5, true, 7],
  ])('%s', async (_name, count, callLimit, successes, failed, calls) => {
    let callCnt = 0;
    const fakeErr = new Error('fake error');
    const result = await runSlowStart(count, () => {
      callCnt++;
      if (callCnt > callLimit) throw fakeErr;
    });
    expect(result.successes).toBe(successes);
    expect(result.error).toBe(failed ? fakeErr : undefined);
    expect(callCnt).toBe(calls);
    expect(result.attempted).toBe(calls);
  });
});

describe('podEventObserved (upstream addPod / updatePod / deletePod, §H.5)', () => {
  const pod = (deletionTimestamp?: string) => ({ metadata: { name: 'p', namespace: 'default', ...(deletionTimestamp === undefined ? {} : { deletionTimestamp }) } });
  const T = '2024-01-01T00:00:00Z';

  it('counts an added pod as an observed creation', () => {
    expect(podEventObserved(expectCreations(2, 0), 'Added', pod())?.add).toBe(1);
  });

  it('counts an added pod that is already being deleted as an observed deletion, not a creation', () => {
    const exp = { ...expectDeletions(['default/p'], 0), add: 1 };
    const next = podEventObserved(exp, 'Added', pod(T));
    expect(next).toMatchObject({ add: 1, del: 0 });
  });

  it('counts a deletion when an update first sets deletionTimestamp, and only once', () => {
    const exp = expectDeletions(['default/p', 'default/q'], 0);
    const once = podEventObserved(exp, 'Modified', pod(T), pod());
    expect(once?.del).toBe(1);
    expect(podEventObserved(once, 'Modified', pod(T), pod(T))).toBe(once);
    expect(podEventObserved(once, 'Deleted', pod(T))?.del).toBe(1);
  });

  it('changes nothing for an ordinary update or without expectations', () => {
    const exp = expectCreations(1, 0);
    expect(podEventObserved(exp, 'Modified', pod(), pod())).toBe(exp);
    expect(podEventObserved(undefined, 'Added', pod())).toBeUndefined();
  });
});

describe('deletionObserved over a large burst (shared key sets)', () => {
  it('counts each key once and leaves earlier values unchanged', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `default/p-${i}`);
    const start = expectDeletions(keys, 0);
    let exp: ControllerExpectations | undefined = start;
    const snapshots: ControllerExpectations[] = [];
    for (const k of keys.slice(0, 150)) {
      exp = deletionObserved(exp, k);
      exp = deletionObserved(exp, k);
      snapshots.push(exp as ControllerExpectations);
    }
    expect(exp?.del).toBe(50);
    expect(exp?.deleteKeys.size).toBe(50);
    expect([...(exp?.deleteKeys ?? [])]).toEqual(keys.slice(150));
    expect(exp?.deleteKeys.has('default/p-10')).toBe(false);
    expect(exp?.deleteKeys.has('default/p-160')).toBe(true);
    // Immutable: the first values still hold what they held.
    expect(start.deleteKeys.size).toBe(200);
    expect(snapshots[0]?.deleteKeys.size).toBe(199);
    expect(snapshots[0]?.deleteKeys.has('default/p-1')).toBe(true);
    expect(snapshots[40]?.deleteKeys.has('default/p-40')).toBe(false);
    expect(snapshots[40]?.deleteKeys.has('default/p-41')).toBe(true);
    const seen: string[] = [];
    snapshots[33]?.deleteKeys.forEach((k) => seen.push(k));
    expect(seen).toEqual(keys.slice(34));
  });
});
