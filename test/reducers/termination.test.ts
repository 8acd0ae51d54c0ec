import { describe, expect, it } from 'vitest';
import type { Container, Pod, PodEvent } from 'podkit';
import { planTermination, podReducer, podStatusText } from 'podkit';
import {
  activeDeadlineAt,
  containersToSignal,
  deletionGracePeriodSeconds,
  isActiveDeadlineExceeded,
  killGracePeriodSeconds,
  sigkillAt,
} from 'podkit/planners';
import { at, cs, iso, podOf, sidecar } from './helpers.js';

const run = (pod: Pod, events: PodEvent[]): Pod => events.reduce(podReducer, pod);
const statusOf = (pod: Pod, name: string) => [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s) => s.name === name);
const base = (containers: Container[], extra: Partial<Pod['spec']> = {}): Pod =>
  podOf({ containers, restartPolicy: 'Always', nodeName: 'node-1', terminationGracePeriodSeconds: 30, ...extra }, { phase: 'Pending' }, { name: 'web', uid: 'u-1' });
const startAll = (pod: Pod, names: string[], s = 2): Pod =>
  run(pod, [{ type: 'SandboxCreated', at: at(1), podIP: '10.0.0.9' }, ...names.map((n): PodEvent => ({ type: 'ContainerStarted', at: at(s), container: n, containerID: `fake://${n}` }))]);

describe('deletionGracePeriodSeconds (§F.1)', () => {
  it.each<[string, Pod, number | undefined, number]>([
    ['uses spec.terminationGracePeriodSeconds', base([{ name: 'web' }], { terminationGracePeriodSeconds: 45 }), undefined, 45],
    ['defaults to 30 s', podOf({ containers: [{ name: 'web' }], nodeName: 'n' }), undefined, 30],
    ['prefers the request override', base([{ name: 'web' }]), 5, 5],
    ['is 0 for an unscheduled pod', podOf({ containers: [{ name: 'web' }], terminationGracePeriodSeconds: 30 }), undefined, 0],
    ['is 0 for a terminal pod', podOf({ containers: [{ name: 'web' }], nodeName: 'n' }, { phase: 'Succeeded' }), undefined, 0],
    ['turns a negative override into 1', base([{ name: 'web' }]), -5, 1],
    ['keeps a force delete at 0', base([{ name: 'web' }]), 0, 0],
  ])('%s', (_n, pod, override, expected) => {
    expect(deletionGracePeriodSeconds(pod, override)).toBe(expected);
  });
});

describe('killGracePeriodSeconds (§F.2)', () => {
  const probed = base([{ name: 'web', livenessProbe: { exec: { command: ['x'] }, terminationGracePeriodSeconds: 3 }, startupProbe: { exec: { command: ['x'] } } }]);
  it('uses the liveness probe grace for a liveness kill', () => {
    expect(killGracePeriodSeconds(probed, 'web', 'liveness')).toBe(3);
  });
  it('uses the pod grace for a startup kill without a probe grace, and for deletion', () => {
    expect(killGracePeriodSeconds(probed, 'web', 'startup')).toBe(30);
    expect(killGracePeriodSeconds(probed, 'web', 'deletion')).toBe(30);
  });
  it('uses deletionGracePeriodSeconds once the pod is deleted', () => {
    const deleted = podReducer(probed, { type: 'DeletionRequested', at: at(0), gracePeriodSeconds: 7 });
    expect(killGracePeriodSeconds(deleted, 'web', 'liveness')).toBe(7);
  });
});

describe('podReducer DeletionRequested (§F.1)', () => {
  it('sets deletionTimestamp = now + grace and deletionGracePeriodSeconds', () => {
    const pod = podReducer(base([{ name: 'web' }]), { type: 'DeletionRequested', at: at(10) });
    expect(pod.metadata).toMatchObject({ deletionTimestamp: iso(40), deletionGracePeriodSeconds: 30 });
    expect(podStatusText(pod)).toBe('Terminating');
  });
  it('lets a second delete shorten the grace period, never lengthen it', () => {
    const first = podReducer(base([{ name: 'web' }]), { type: 'DeletionRequested', at: at(10) });
    const shorter = podReducer(first, { type: 'DeletionRequested', at: at(12), gracePeriodSeconds: 0 });
    expect(shorter.metadata).toMatchObject({ deletionTimestamp: iso(12), deletionGracePeriodSeconds: 0 });
    expect(podReducer(shorter, { type: 'DeletionRequested', at: at(13), gracePeriodSeconds: 60 })).toBe(shorter);
  });
});

describe('planTermination (§F.2, §F.3)', () => {
  const spec = [{ name: 'web', lifecycle: { preStop: { sleep: { seconds: 5 } } } }, { name: 'worker', lifecycle: { stopSignal: 'SIGQUIT' } }];
  const pod = startAll(base(spec, { initContainers: [sidecar('log-shipper'), sidecar('proxy', { lifecycle: { preStop: { exec: { command: ['drain'] } } } })] }), ['log-shipper', 'proxy', 'web', 'worker']);
  const plan = planTermination(pod, at(100));

  it('stops regular containers first, then sidecars in reverse spec order', () => {
    expect(plan.steps.map((s) => [s.container, s.kind, s.waitFor])).toEqual([
      ['web', 'regular', []],
      ['worker', 'regular', []],
      ['proxy', 'sidecar', ['web', 'worker']],
      ['log-shipper', 'sidecar', ['web', 'worker', 'proxy']],
    ]);
  });

  it('runs preStop hooks of every container at once, sidecars included, and honours stopSignal', () => {
    expect(plan.steps.map((s) => [s.container, s.preStop, s.stopSignal])).toEqual([
      ['web', true, 'SIGTERM'],
      ['worker', false, 'SIGQUIT'],
      ['proxy', true, 'SIGTERM'],
      ['log-shipper', false, 'SIGTERM'],
    ]);
  });

  it('uses the pod grace period, the deletion grace, or an override', () => {
    expect(plan).toMatchObject({ gracePeriodSeconds: 30, startedAt: at(100), deadline: at(130) });
    const deleted = podReducer(pod, { type: 'DeletionRequested', at: at(99), gracePeriodSeconds: 10 });
    expect(planTermination(deleted, at(100)).deadline).toBe(at(110));
    expect(planTermination(pod, at(100), { gracePeriodSeconds: 0 }).steps.every((s) => !s.preStop)).toBe(true);
  });

  it('signals sidecars only once the containers they wait for exited, or at the deadline', () => {
    expect(containersToSignal(plan, [], at(100))).toEqual(['web', 'worker']);
    expect(containersToSignal(plan, ['web', 'worker'], at(110))).toEqual(['proxy']);
    expect(containersToSignal(plan, ['web', 'worker', 'proxy'], at(111))).toEqual(['log-shipper']);
    expect(containersToSignal(plan, ['web'], at(130))).toEqual(['worker', 'proxy', 'log-shipper']);
  });

  it('kills at the deadline but never less than 2 s after the stop signal', () => {
    expect(sigkillAt(plan, at(105))).toBe(at(130));
    expect(sigkillAt(plan, at(129))).toBe(at(131));
  });

  it('leaves containers that are not running out of the plan', () => {
    const partly = podReducer(pod, { type: 'ContainerExited', at: at(50), container: 'worker', exitCode: 0 });
    expect(planTermination(partly, at(100)).steps.map((s) => s.container)).toEqual(['web', 'proxy', 'log-shipper']);
  });
});

describe('activeDeadlineSeconds (§A.5.3)', () => {
  const pod = startAll(base([{ name: 'web' }], { activeDeadlineSeconds: 60 }), ['web']);
  it('runs out activeDeadlineSeconds after startTime', () => {
    expect(activeDeadlineAt(pod)).toBe(at(61));
    expect(isActiveDeadlineExceeded(pod, at(60))).toBe(false);
    expect(isActiveDeadlineExceeded(pod, at(61))).toBe(true);
    expect(activeDeadlineAt(base([{ name: 'web' }]))).toBeUndefined();
  });
});

describe('podReducer PodTerminated (§A.6)', () => {
  it('makes a deleted Always pod Succeeded when every container exited 0', () => {
    const pod = run(startAll(base([{ name: 'a' }, { name: 'b' }]), ['a', 'b']), [
      { type: 'DeletionRequested', at: at(10) },
      { type: 'ContainerExited', at: at(11), container: 'a', exitCode: 0 },
      { type: 'ContainerExited', at: at(11), container: 'b', exitCode: 0 },
    ]);
    expect(pod.status?.phase).toBe('Running');
    const done = podReducer(pod, { type: 'PodTerminated', at: at(12) });
    expect(done.status?.phase).toBe('Succeeded');
    expect(done.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
    expect(podStatusText(done)).toBe('Completed');
  });

  it('makes it Failed when a container exited non-zero (143 after SIGTERM)', () => {
    const pod = run(startAll(base([{ name: 'a' }]), ['a']), [{ type: 'ContainerExited', at: at(11), container: 'a', exitCode: 143 }, { type: 'PodTerminated', at: at(12) }]);
    expect(pod.status?.phase).toBe('Failed');
  });

  it('turns a container that never reported its exit into ContainerStatusUnknown 137', () => {
    const pod = podReducer(startAll(base([{ name: 'a' }]), ['a']), { type: 'PodTerminated', at: at(12) });
    expect(statusOf(pod, 'a')?.state?.terminated).toEqual({ exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' });
    expect(pod.status?.phase).toBe('Failed');
    expect(podStatusText(pod)).toBe('ContainerStatusUnknown');
  });

  it('forces a Pending pod to Failed and leaves regular containers of an uninitialized pod waiting', () => {
    const pod = run(base([{ name: 'a' }], { initContainers: [{ name: 'i1' }, { name: 'i2' }] }), [
      { type: 'SandboxCreated', at: at(1) },
      { type: 'ContainerStarted', at: at(2), container: 'i1', containerID: 'fake://i1' },
      { type: 'PodTerminated', at: at(5) },
    ]);
    expect(pod.status?.phase).toBe('Failed');
    expect(statusOf(pod, 'i1')?.state?.terminated?.reason).toBe('ContainerStatusUnknown');
    expect(statusOf(pod, 'i2')?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(statusOf(pod, 'a')?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('marks the first init container when none started', () => {
    const pod = run(base([{ name: 'a' }], { initContainers: [{ name: 'i1' }, { name: 'i2' }] }), [{ type: 'Admitted', at: at(1) }, { type: 'PodTerminated', at: at(5) }]);
    expect(statusOf(pod, 'i1')?.state?.terminated?.reason).toBe('ContainerStatusUnknown');
    expect(statusOf(pod, 'i2')?.state?.waiting).toBeDefined();
  });

  it('marks regular containers once the last init container succeeded', () => {
    const pod = podReducer(
      podOf({ containers: [{ name: 'a' }], initContainers: [{ name: 'i1' }], nodeName: 'n' }, {
        phase: 'Pending',
        startTime: iso(0),
        initContainerStatuses: [cs('i1', { ready: true, state: { terminated: { exitCode: 0 } } })],
        containerStatuses: [cs('a', { state: { waiting: { reason: 'PodInitializing' } } })],
      }),
      { type: 'PodTerminated', at: at(5) },
    );
    expect(statusOf(pod, 'a')?.state?.terminated?.reason).toBe('ContainerStatusUnknown');
  });
});
