// Restated from kubernetes/kubernetes staging/src/k8s.io/client-go/util/flowcontrol/backoff_test.go
// (TestSlowBackoff, TestBackoffReset, TestBackoffHighWaterMark, TestBackoffGC, TestIsInBackOffSinceUpdate)
// and the kubelet's doBackOff rule (§D.3).
import { describe, expect, it } from 'vitest';
import type { BackOffState } from 'podkit';
import type { BackOffPolicy } from 'podkit/planners';
import { emptyBackOffState } from 'podkit';
import {
  advanceBackOff,
  backOffDelay,
  backOffKey,
  crashLoopBackOffMessage,
  crashLoopBackOffPolicy,
  imagePullBackOffPolicy,
  isInBackOff,
  isInBackOffSinceUpdate,
  pruneBackOff,
  stepBackOff,
} from 'podkit/planners';
import { at, podOf } from './helpers.js';

const step = 1000;
/** client-go's NewBackOff(step, max) with its default expiry (2 × max). */
const policy = (max: number): BackOffPolicy => ({ initialMs: step, maxMs: max, resetAfterMs: 2 * max });
const id = 'key';

describe('advanceBackOff (client-go Backoff.Next)', () => {
  it('doubles from the initial delay to the cap (TestSlowBackoff)', () => {
    const p = policy(50 * step);
    let state: BackOffState = emptyBackOffState;
    const seen: number[] = [];
    for (let i = 1; i <= 10; i++) {
      seen.push(backOffDelay(state, id) / step);
      state = advanceBackOff(state, id, at(i), at(i), p);
    }
    expect(seen).toEqual([0, 1, 2, 4, 8, 16, 32, 50, 50, 50]);
  });

  it('stays at the high water mark while events keep coming (TestBackoffHighWaterMark)', () => {
    const p = policy(5 * step);
    let state: BackOffState = emptyBackOffState;
    let t = 0;
    for (let i = 0; i <= 5; i++) state = advanceBackOff(state, id, at(++t), at(t), p);
    t += 6;
    state = advanceBackOff(state, id, at(t), at(t), p);
    expect(backOffDelay(state, id)).toBe(5 * step);
  });

  it('restarts from the initial delay after the expiry (§D.3 reset rule)', () => {
    const p = policy(5 * step);
    let state = advanceBackOff(emptyBackOffState, id, at(0), at(0), p);
    state = advanceBackOff(state, id, at(1), at(1), p);
    expect(backOffDelay(state, id)).toBe(2 * step);
    state = advanceBackOff(state, id, at(12), at(12), p);
    expect(backOffDelay(state, id)).toBe(step);
  });
});

describe('isInBackOff (client-go IsInBackOffSince)', () => {
  it('is not in back-off once the delay passed (TestBackoffReset)', () => {
    const p = policy(5 * step);
    let state: BackOffState = emptyBackOffState;
    let t = 0;
    for (let i = 0; i <= 5; i++) state = advanceBackOff(state, id, at(++t), at(t), p);
    expect(isInBackOff(state, id, at(t), at(t), p)).toBe(true);
    const lastUpdate = t;
    t += 11;
    expect(isInBackOff(state, id, at(lastUpdate), at(t), p)).toBe(false);
  });

  it('is never in back-off without an entry', () => {
    expect(isInBackOff(emptyBackOffState, id, at(0), at(0))).toBe(false);
  });
});

describe('pruneBackOff (client-go Backoff.GC, TestBackoffGC)', () => {
  it('keeps an entry younger than twice the cap and drops it afterwards', () => {
    const p = policy(5 * step);
    let state: BackOffState = emptyBackOffState;
    let t = 0;
    for (let i = 0; i <= 5; i++) state = advanceBackOff(state, id, at(++t), at(t), p);
    t += 6;
    const kept = pruneBackOff(state, at(t), p);
    expect(kept).toBe(state);
    t += 6;
    expect(pruneBackOff(kept, at(t), p)[id]).toBeUndefined();
  });
});

describe('isInBackOffSinceUpdate (client-go, TestIsInBackOffSinceUpdate; image pull back-off §B.2)', () => {
  const cases: [tick: number, inBackOff: boolean, value: number][] = [
    [0, false, 0], [1, false, 1], [2, true, 2], [3, false, 2], [4, true, 4], [5, true, 4], [6, true, 4], [7, false, 4],
    [8, true, 8], [9, true, 8], [10, true, 8], [11, true, 8], [12, true, 8], [13, true, 8], [14, true, 8], [15, false, 8],
    [16, true, 10], [17, true, 10], [18, true, 10], [19, true, 10], [20, true, 10], [21, true, 10], [22, true, 10], [23, true, 10],
    [24, true, 10], [25, false, 10], [26, true, 10], [27, true, 10], [28, true, 10], [29, true, 10], [30, true, 10], [31, true, 10],
    [32, true, 10], [33, true, 10], [34, true, 10], [35, false, 10], [56, false, 0], [57, false, 1],
  ];
  const p = policy(10 * step);
  let state: BackOffState = emptyBackOffState;
  it.each(cases)('at tick %d is in back-off: %s (delay %d s)', (tick, inBackOff, value) => {
    expect(isInBackOffSinceUpdate(state, id, at(tick), p)).toBe(inBackOff);
    if (inBackOff) expect(backOffDelay(state, id)).toBe(value * step);
    else state = advanceBackOff(state, id, at(tick), at(tick), p);
  });
});

describe('stepBackOff (kubelet doBackOff, §D.3)', () => {
  const pod = podOf({ containers: [{ name: 'web', image: 'nginx:1.25' }] }, undefined, { name: 'web', uid: 'u-1' });
  const key = backOffKey(pod, pod.spec.containers[0]!);

  it('restarts immediately after the first crash', () => {
    const s = stepBackOff(emptyBackOffState, key, at(5), at(5));
    expect(s).toMatchObject({ decision: 'start', delayMs: 10_000 });
  });

  it('waits 10 s after the second crash, measured from its finish time', () => {
    const first = stepBackOff(emptyBackOffState, key, at(5), at(5));
    const wait = stepBackOff(first.state, key, at(8), at(9));
    expect(wait).toMatchObject({ decision: 'wait', delayMs: 10_000, remainingMs: 9_000, retryAt: at(18) });
    expect(wait.state).toBe(first.state);
    expect(stepBackOff(first.state, key, at(8), at(18))).toMatchObject({ decision: 'start', delayMs: 20_000 });
  });

  it('waits 10, 20, 40, 80, 160, 300, 300 s for a container that crashes at once (§D.2)', () => {
    let state: BackOffState = emptyBackOffState;
    let t = 0;
    const waits: number[] = [];
    for (let crash = 0; crash < 8; crash++) {
      const finished = t;
      let s = stepBackOff(state, key, at(finished), at(t));
      while (s.decision === 'wait') {
        t = (s.retryAt - at(0)) / 1000;
        s = stepBackOff(state, key, at(finished), at(t));
      }
      waits.push(t - finished);
      state = s.state;
    }
    expect(waits).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
  });

  it('resets after the container ran for more than 10 minutes (§D.3)', () => {
    let state = stepBackOff(emptyBackOffState, key, at(0), at(0)).state;
    state = stepBackOff(state, key, at(1), at(11)).state;
    expect(backOffDelay(state, key)).toBe(20_000);
    const long = stepBackOff(state, key, at(11 + 601), at(11 + 601));
    expect(long).toMatchObject({ decision: 'start', delayMs: 10_000 });
  });

  it('does not reset after exactly 10 minutes (§D.3: more than 600 s)', () => {
    const state = stepBackOff(emptyBackOffState, key, at(0), at(0)).state;
    expect(stepBackOff(state, key, at(600), at(601))).toMatchObject({ decision: 'wait' });
  });

  it('keys containers separately', () => {
    const other = backOffKey(pod, { name: 'sidecar', image: 'nginx:1.25' });
    const state = stepBackOff(emptyBackOffState, key, at(0), at(0)).state;
    expect(stepBackOff(state, other, at(1), at(1)).decision).toBe('start');
  });

  it('starts a fresh back-off when the image changes (§D.2)', () => {
    const changed = backOffKey(pod, { name: 'web', image: 'nginx:1.26' });
    expect(changed).not.toBe(key);
    expect(key.startsWith('default/web/u-1/web/')).toBe(true);
  });

  it('exposes the kubelet constants: 10 s doubling to 300 s, reset after 600 s', () => {
    expect(crashLoopBackOffPolicy).toEqual({ initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 });
    expect(imagePullBackOffPolicy).toEqual({ initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 });
    expect(Object.isFrozen(crashLoopBackOffPolicy)).toBe(true);
  });
});

describe('crashLoopBackOffMessage (§B.2)', () => {
  it.each<[number, string]>([
    [10_000, '10s'],
    [80_000, '1m20s'],
    [300_000, '5m0s'],
  ])('formats a %d ms back-off as %s', (ms, text) => {
    const pod = podOf({ containers: [{ name: 'web' }] }, undefined, { name: 'web', namespace: 'default', uid: '6d4f' });
    expect(crashLoopBackOffMessage(pod, 'web', ms)).toBe(`back-off ${text} restarting failed container=web pod=web_default(6d4f)`);
  });
});
