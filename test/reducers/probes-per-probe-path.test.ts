// The per-probe path of the prober reducer (run once per probe, 360k times in the T1.probes
// benchmark): the next state is built field by field and status timestamps are parsed once.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ProberState } from 'podkit';
import { initialProberState, proberReducer } from 'podkit';
import { toMillis } from 'podkit/model';
import { isProbeDue, nextProbeTime } from 'podkit/planners';
import { at, cs, iso } from './helpers.js';

const probe = { exec: { command: ['true'] }, periodSeconds: 10, initialDelaySeconds: 5, failureThreshold: 2, successThreshold: 2 };

/** The reducer's state rule written as a spread of the previous state (how it was built before). */
function spreadNext(state: ProberState, result: 'Success' | 'Failure', now: number): ProberState {
  if (state.onHold || state.stopped) return state;
  const resultRun = state.lastResult === result ? state.resultRun + 1 : 1;
  const threshold = result === 'Failure' ? state.probe.failureThreshold : state.probe.successThreshold;
  const published = resultRun >= threshold ? result : state.result;
  const kill = published === 'Failure' && resultRun >= threshold && (state.kind === 'liveness' || state.kind === 'startup');
  return { ...state, result: published, lastResult: result, resultRun: kill ? 0 : resultRun, lastProbeAt: now, onHold: kill, stopped: state.kind === 'startup' && published === 'Success' };
}

describe('proberReducer next state (§E.3)', () => {
  it.each([
    ['with a container ID', initialProberState('web', 'readiness', probe, 'fake://1')],
    ['without a container ID', initialProberState('web', 'liveness', probe)],
  ])('is frozen and has exactly the fields of a spread of the previous state, %s', (_name, initial) => {
    let s = initial;
    for (const [i, r] of (['Success', 'Failure', 'Failure', 'Success', 'Success'] as const).entries()) {
      const next = proberReducer(s, r, at(10 * (i + 1))).state;
      expect(Object.isFrozen(next)).toBe(true);
      expect(next).toStrictEqual(spreadNext(s, r, at(10 * (i + 1))));
      expect(Object.keys(next)).toEqual(['container', 'kind', 'probe', ...('containerID' in initial ? ['containerID'] : []), 'result', 'resultRun', 'onHold', 'stopped', 'lastResult', 'lastProbeAt']);
      if (next.onHold) break;
      s = next;
    }
  });
});

describe('isProbeDue with remembered startedAt timestamps (§E.2)', () => {
  it('agrees with the unremembered rule for any start time, last probe and now, beyond the cache size', () => {
    const state = initialProberState('web', 'readiness', probe, 'fake://1');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), fc.integer({ min: 0, max: 200 }), (startS, probedAfterS, nowAfterS) => {
        const startedAt = iso(startS);
        const s: ProberState = probedAfterS === undefined ? state : { ...state, lastProbeAt: at(startS + probedAfterS) };
        const status = cs('web', { containerID: 'fake://1', started: true, state: { running: { startedAt } } });
        const now = at(startS + nowAfterS);
        const due = nextProbeTime(s, toMillis(startedAt));
        expect(isProbeDue(s, status, now)).toBe(due !== undefined && now >= due);
      }),
      { numRuns: 6_000 },
    );
  });

  it('reads a changed startedAt text for the same container anew', () => {
    const state = initialProberState('web', 'readiness', { ...probe, initialDelaySeconds: 30 }, 'fake://1');
    const status = (s: number) => cs('web', { containerID: 'fake://1', started: true, state: { running: { startedAt: iso(s) } } });
    expect(isProbeDue(state, status(0), at(30))).toBe(true);
    expect(isProbeDue(state, status(10), at(30))).toBe(false);
    expect(isProbeDue(state, status(10), at(40))).toBe(true);
  });

  it('still rejects an unparseable startedAt', () => {
    const state = initialProberState('web', 'readiness', probe, 'fake://1');
    const status = cs('web', { containerID: 'fake://1', started: true, state: { running: { startedAt: 'not a time' } } });
    expect(() => isProbeDue(state, status, at(0))).toThrow(/Expected a time/);
  });
});
