import { describe, expect, it } from 'vitest';
import type { ProberState } from 'podkit';
import { initialProberState, proberReducer } from 'podkit';
import {
  initialProbeResult,
  isProbeDue,
  nextProbeTime,
  probeDefaults,
  probeFailureMessages,
  proberContainerChanged,
  proberPodDeleting,
  resolveProbe,
} from 'podkit/planners';
import { at, cs, iso } from './helpers.js';

const probe = { httpGet: { port: 80 } };
const feed = (state: ProberState, results: ('Success' | 'Failure')[], from = 10) => {
  let s = state;
  const steps = results.map((r, i) => {
    const step = proberReducer(s, r, at(from + i * 10));
    s = step.state;
    return step;
  });
  return { state: s, steps };
};

describe('probeDefaults and resolveProbe (§E)', () => {
  it('exposes period 10 s, timeout 1 s, success 1, failure 3, initial delay 0', () => {
    expect(probeDefaults).toEqual({ initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  });
  it('treats 0 as the default, as the API server does', () => {
    expect(resolveProbe({ periodSeconds: 0, failureThreshold: 5, initialDelaySeconds: 4, terminationGracePeriodSeconds: 2 })).toEqual({
      initialDelaySeconds: 4,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 5,
      terminationGracePeriodSeconds: 2,
    });
  });
  it.each([['readiness', 'Failure'], ['liveness', 'Success'], ['startup', 'Unknown']] as const)('starts %s at %s before the first probe (§E.1)', (kind, result) => {
    expect(initialProbeResult(kind)).toBe(result);
    expect(initialProberState('web', kind, probe).result).toBe(result);
  });
});

describe('proberReducer (§E.3, §E.4)', () => {
  it('publishes liveness Failure only after failureThreshold consecutive failures, then asks for a kill and holds', () => {
    const { state, steps } = feed(initialProberState('web', 'liveness', probe, 'x://1'), ['Failure', 'Failure', 'Failure']);
    expect(steps.map((s) => [s.changed, s.kill])).toEqual([[false, false], [false, false], [true, true]]);
    expect(steps[2]?.event).toEqual({ type: 'ProbeFailed', at: at(30), container: 'web', probe: 'liveness' });
    expect(state).toMatchObject({ result: 'Failure', onHold: true, resultRun: 0 });
    expect(proberReducer(state, 'Success', at(40))).toMatchObject({ changed: false, kill: false, state });
  });

  it('resets the count when a different result interrupts the run', () => {
    const { state } = feed(initialProberState('web', 'liveness', probe), ['Failure', 'Failure', 'Success', 'Failure', 'Failure']);
    expect(state).toMatchObject({ result: 'Success', resultRun: 2, onHold: false });
  });

  it('makes readiness Success after successThreshold and Failure after failureThreshold, without kills', () => {
    let s = initialProberState('web', 'readiness', { ...probe, successThreshold: 2, failureThreshold: 1 });
    let step = proberReducer(s, 'Success', at(1));
    expect(step.changed).toBe(false);
    step = proberReducer((s = step.state), 'Success', at(2));
    expect(step).toMatchObject({ changed: true, kill: false, event: { type: 'ProbeSucceeded', probe: 'readiness' } });
    step = proberReducer((s = step.state), 'Failure', at(3));
    expect(step).toMatchObject({ changed: true, kill: false, event: { type: 'ProbeFailed', probe: 'readiness' } });
    expect(s.result).toBe('Success');
  });

  it('stops a startup worker on success and kills on failure', () => {
    const ok = proberReducer(initialProberState('web', 'startup', probe), 'Success', at(1));
    expect(ok).toMatchObject({ changed: true, state: { result: 'Success', stopped: true }, event: { type: 'ProbeSucceeded', probe: 'startup' } });
    const { steps } = feed(initialProberState('web', 'startup', { ...probe, failureThreshold: 2 }), ['Failure', 'Failure']);
    expect(steps[1]).toMatchObject({ kill: true, event: { type: 'ProbeFailed', probe: 'startup' } });
  });

  it('lifts the hold and resets for a new container instance (§E.4)', () => {
    const { state } = feed(initialProberState('web', 'liveness', probe, 'x://1'), ['Failure', 'Failure', 'Failure']);
    const fresh = proberContainerChanged(state, 'x://2');
    expect(fresh).toMatchObject({ containerID: 'x://2', result: 'Success', resultRun: 0, onHold: false });
    expect(fresh.lastProbeAt).toBeUndefined();
    expect(proberContainerChanged(fresh, 'x://2')).toBe(fresh);
  });

  it('makes liveness and startup quiet on deletion; readiness keeps running (§E.5)', () => {
    const startup = proberPodDeleting(initialProberState('web', 'startup', probe), at(5));
    expect(startup).toMatchObject({ changed: true, state: { result: 'Success', stopped: true }, event: { type: 'ProbeSucceeded', probe: 'startup' } });
    const readiness = initialProberState('web', 'readiness', probe);
    expect(proberPodDeleting(readiness, at(5)).state).toBe(readiness);
  });
});

describe('nextProbeTime and isProbeDue (§E.2)', () => {
  const running = cs('web', { state: { running: { startedAt: iso(0) } }, containerID: 'x://1', started: true });
  it('probes first after initialDelaySeconds, then every periodSeconds', () => {
    let s = initialProberState('web', 'liveness', { ...probe, initialDelaySeconds: 15, periodSeconds: 5 }, 'x://1');
    expect(nextProbeTime(s, iso(0))).toBe(at(15));
    expect(isProbeDue(s, running, at(14))).toBe(false);
    expect(isProbeDue(s, running, at(15))).toBe(true);
    s = proberReducer(s, 'Success', at(15)).state;
    expect(nextProbeTime(s, iso(0))).toBe(at(20));
  });

  it('gates liveness and readiness until the container is started, and stops startup once started', () => {
    const notStarted = { ...running, started: false };
    expect(isProbeDue(initialProberState('web', 'readiness', probe, 'x://1'), notStarted, at(100))).toBe(false);
    expect(isProbeDue(initialProberState('web', 'startup', probe, 'x://1'), notStarted, at(100))).toBe(true);
    expect(isProbeDue(initialProberState('web', 'startup', probe, 'x://1'), running, at(100))).toBe(false);
  });

  it('does not probe a container that is not running, another instance, or while on hold', () => {
    const s = initialProberState('web', 'liveness', probe, 'x://1');
    expect(isProbeDue(s, cs('web', { state: { waiting: {} } }), at(100))).toBe(false);
    expect(isProbeDue(s, { ...running, containerID: 'x://2' }, at(100))).toBe(false);
    const held = feed(s, ['Failure', 'Failure', 'Failure']).state;
    expect(nextProbeTime(held, iso(0))).toBeUndefined();
    expect(isProbeDue(held, running, at(100))).toBe(false);
  });
});

describe('probeFailureMessages (§E.4)', () => {
  it('words the Unhealthy and Killing events as the kubelet does', () => {
    expect(probeFailureMessages('liveness', 'web', 'HTTP probe failed with statuscode: 500')).toEqual({
      unhealthy: 'Liveness probe failed: HTTP probe failed with statuscode: 500',
      killing: 'Container web failed liveness probe, will be restarted',
    });
    expect(probeFailureMessages('readiness', 'web', 'timeout')).toEqual({ unhealthy: 'Readiness probe failed: timeout' });
    expect(probeFailureMessages('startup', 'web', 'x').killing).toBe('Container web failed startup probe, will be restarted');
  });
});
