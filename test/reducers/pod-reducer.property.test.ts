// Property tests of the pod state machine over random, well-typed event sequences.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Pod, PodEvent } from 'podkit';
import { derivePodConditions, podReducer } from 'podkit';
import { toTimestamp } from 'podkit/model';
import { at, podOf, sidecar } from './helpers.js';

const shapes: Pod[] = [
  podOf({ containers: [{ name: 'web', image: 'nginx' }], restartPolicy: 'Always' }, { phase: 'Pending' }, { name: 'a' }),
  podOf(
    { initContainers: [{ name: 'init' }, sidecar('proxy', { startupProbe: { tcpSocket: { port: 1 } } })], containers: [{ name: 'app' }, { name: 'job' }], restartPolicy: 'Never' },
    { phase: 'Pending' },
    { name: 'b' },
  ),
  podOf(
    { containers: [{ name: 'web', readinessProbe: { httpGet: { port: 80 } } }], restartPolicy: 'OnFailure', readinessGates: [{ conditionType: 'gate' }], nodeName: 'n1' },
    undefined,
    { name: 'c' },
  ),
];

const names = ['web', 'init', 'proxy', 'app', 'job', 'ghost'];
const container = fc.constantFrom(...names);
const probe = fc.constantFrom('liveness' as const, 'readiness' as const, 'startup' as const);
const id = fc.integer({ min: 1, max: 4 }).map((n) => `fake://${n}`);

/** An event without its time (added in order by the sequence arbitrary). */
const eventBody: fc.Arbitrary<Omit<PodEvent, 'at'>> = fc.oneof(
  fc.constant({ type: 'Scheduled' as const, nodeName: 'n1' }),
  fc.constant({ type: 'SchedulingFailed' as const }),
  fc.constant({ type: 'Admitted' as const }),
  fc.constant({ type: 'AdmissionRejected' as const, reason: 'OutOfcpu', message: 'no cpu' }),
  fc.constant({ type: 'SandboxCreated' as const, podIP: '10.0.0.1' }),
  fc.constant({ type: 'SandboxDied' as const }),
  container.map((c) => ({ type: 'ImagePulling' as const, container: c })),
  container.map((c) => ({ type: 'ImagePulled' as const, container: c })),
  container.map((c) => ({ type: 'ImagePullFailed' as const, container: c })),
  container.map((c) => ({ type: 'ImagePullBackOff' as const, container: c })),
  fc.record({ container, containerID: id }).map((e) => ({ type: 'ContainerCreated' as const, ...e })),
  container.map((c) => ({ type: 'ContainerWaiting' as const, container: c, reason: 'CreateContainerConfigError' })),
  fc.record({ container, containerID: id, attempt: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }).map(({ attempt, ...e }) => ({
    type: 'ContainerStarted' as const,
    ...e,
    ...(attempt === undefined ? {} : { attempt }),
  })),
  fc.record({ container, exitCode: fc.constantFrom(0, 1, 137, 143), oom: fc.boolean() }).map(({ oom, ...e }) => ({
    type: 'ContainerExited' as const,
    ...e,
    ...(oom ? { reason: 'OOMKilled' } : {}),
  })),
  container.map((c) => ({ type: 'ContainerLost' as const, container: c })),
  fc.record({ container, delaySeconds: fc.constantFrom(10, 20, 300) }).map((e) => ({ type: 'BackOffStarted' as const, ...e })),
  fc.record({ container, probe }).map((e) => ({ type: 'ProbeSucceeded' as const, ...e })),
  fc.record({ container, probe }).map((e) => ({ type: 'ProbeFailed' as const, ...e })),
  fc.record({ status: fc.constantFrom('True' as const, 'False' as const) }).map((e) => ({ type: 'ConditionChanged' as const, conditionType: 'gate', ...e })),
  fc.option(fc.integer({ min: -5, max: 60 }), { nil: undefined }).map((g) => ({ type: 'DeletionRequested' as const, ...(g === undefined ? {} : { gracePeriodSeconds: g }) })),
  fc.constant({ type: 'DeadlineExceeded' as const }),
  fc.constant({ type: 'Evicted' as const, message: 'low memory' }),
  fc.boolean().map((legacyReason) => ({ type: 'NodeLost' as const, legacyReason })),
  fc.constant({ type: 'PodTerminated' as const }),
) as fc.Arbitrary<Omit<PodEvent, 'at'>>;

const scenario = fc.record({
  shape: fc.integer({ min: 0, max: shapes.length - 1 }),
  steps: fc.array(fc.record({ body: eventBody, dt: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 40 }),
});

function events(steps: { body: Omit<PodEvent, 'at'>; dt: number }[]): PodEvent[] {
  let t = 0;
  return steps.map(({ body, dt }) => ({ ...body, at: at((t += dt)) }) as PodEvent);
}

/** Walks every step, handing (previous, event, next) to `check`. */
function walk(shape: number, evs: PodEvent[], check: (prev: Pod, event: PodEvent, next: Pod) => void): void {
  let pod = shapes[shape]!;
  for (const e of evs) {
    const next = podReducer(pod, e);
    check(pod, e, next);
    pod = next;
  }
}

const allStatuses = (pod: Pod) => [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
const terminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

function deeplyFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(deeplyFrozen);
}

const runs = { numRuns: 300 };

describe('podReducer properties', () => {
  it('never throws on a well-typed event sequence and never reports Unknown (§A.3)', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        walk(shape, events(steps), (_p, _e, next) => {
          if (next.status !== undefined) expect(['Pending', 'Running', 'Succeeded', 'Failed']).toContain(next.status?.phase);
        });
      }),
      runs,
    );
  });

  it('keeps terminal phases sticky (§A.5.4)', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        walk(shape, events(steps), (prev, _e, next) => {
          if (terminal(prev)) expect(next.status?.phase).toBe(prev.status?.phase);
        });
      }),
      runs,
    );
  });

  it('never decreases restartCount (§B.3)', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        walk(shape, events(steps), (prev, _e, next) => {
          for (const before of allStatuses(prev)) {
            const after = allStatuses(next).find((s) => s.name === before.name);
            expect(after?.restartCount ?? 0).toBeGreaterThanOrEqual(before.restartCount);
          }
        });
      }),
      runs,
    );
  });

  it('changes lastTransitionTime only when a condition status flips (§C.7)', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        walk(shape, events(steps), (prev, e, next) => {
          for (const after of next.status?.conditions ?? []) {
            const before = prev.status?.conditions?.find((c) => c.type === after.type);
            if (before === undefined) continue;
            if (before.status === after.status) expect(after.lastTransitionTime).toBe(before.lastTransitionTime);
            else expect(after.lastTransitionTime).toBe(toTimestamp(e.at));
          }
        });
      }),
      runs,
    );
  });

  it('returns the identical object when an event changes nothing (applying it twice)', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        walk(shape, events(steps), (_p, e, next) => {
          expect(podReducer(next, e)).toBe(next);
        });
      }),
      runs,
    );
  });

  it('deeply freezes every output', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        walk(shape, events(steps), (_p, _e, next) => {
          expect(deeplyFrozen(next)).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('sets startTime once and never changes it (§C.7)', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        walk(shape, events(steps), (prev, _e, next) => {
          if (prev.status?.startTime !== undefined) expect(next.status?.startTime).toBe(prev.status.startTime);
        });
      }),
      runs,
    );
  });

  it('keeps the kubelet conditions equal to derivePodConditions of its own output (one source of truth)', () => {
    fc.assert(
      fc.property(scenario, ({ shape, steps }) => {
        let nodeLost = false;
        walk(shape, events(steps), (_p, e, next) => {
          // NodeLost is written by the node controller, not derived: the kubelet is gone from then on.
          nodeLost ||= e.type === 'NodeLost';
          if (nodeLost || next.status?.startTime === undefined) return;
          expect(derivePodConditions(next, e.at)).toEqual(next.status?.conditions);
        });
      }),
      runs,
    );
  });
});
