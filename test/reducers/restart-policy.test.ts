import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod, PodEvent, RestartPolicy } from 'podkit';
import { emptyBackOffState, planContainerStarts, podReducer } from 'podkit';
import { shouldRestartContainer, stepBackOff, backOffKey } from 'podkit/planners';
import { at, cs, failedState, iso, podOf, runningState, sidecar, succeededState, waitingState, waitingStateWithNonZeroTermination } from './helpers.js';

const run = (pod: Pod, events: PodEvent[]): Pod => events.reduce(podReducer, pod);

describe('shouldRestartContainer (§D.1)', () => {
  const withStatus = (policy: RestartPolicy, status: ContainerStatus | undefined, deleting = false): Pod =>
    podOf({ containers: [{ name: 'c' }], restartPolicy: policy }, status === undefined ? { phase: 'Running' } : { phase: 'Running', containerStatuses: [status] }, deleting ? { deletionTimestamp: iso(0) } : {});
  const exitedWith = (code: number) => cs('c', { state: { terminated: { exitCode: code } }, containerID: 'x://1' });
  it.each<[string, Pod, boolean]>([
    ['never for a pod being deleted', withStatus('Always', exitedWith(1), true), false],
    ['a container with no runtime record, even under Never', withStatus('Never', undefined), true],
    ['a container waiting for its first start under Never', withStatus('Never', waitingState('c', 'ContainerCreating')), true],
    ['never for a running container', withStatus('Always', runningState('c')), false],
    ['a created but not started container', withStatus('Never', cs('c', { state: { waiting: {} }, containerID: 'x://2', lastState: { terminated: { exitCode: 0, containerID: 'x://1' } } })), true],
    ['never after an exit under Never', withStatus('Never', exitedWith(1)), false],
    ['never after exit 0 under OnFailure', withStatus('OnFailure', exitedWith(0)), false],
    ['after a non-zero exit under OnFailure', withStatus('OnFailure', exitedWith(2)), true],
    ['after exit 0 under Always', withStatus('Always', exitedWith(0)), true],
    ['a crash-looping container under Always', withStatus('Always', waitingStateWithNonZeroTermination('c')), true],
    ['never a crash-looping container after exit 0 under OnFailure', withStatus('OnFailure', cs('c', { state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 0 } } })), false],
  ])('restarts %s: %s', (_n, pod, expected) => {
    expect(shouldRestartContainer(pod, 'c')).toBe(expected);
  });

  it.each<[RestartPolicy, number, boolean]>([
    ['Always', 1, true],
    ['OnFailure', 1, true],
    ['Never', 1, false],
    ['Always', 0, false],
  ])('retries a regular init container under %s after exit %d: %s', (policy, code, expected) => {
    const pod = podOf({ initContainers: [{ name: 'i' }], containers: [{ name: 'c' }], restartPolicy: policy }, { initContainerStatuses: [cs('i', { state: { terminated: { exitCode: code } } })] });
    expect(shouldRestartContainer(pod, 'i')).toBe(expected);
  });

  it('restarts a sidecar whatever the pod policy', () => {
    const pod = podOf({ initContainers: [sidecar('s')], containers: [{ name: 'c' }], restartPolicy: 'Never' }, { initContainerStatuses: [cs('s', { state: { terminated: { exitCode: 0 } } })] });
    expect(shouldRestartContainer(pod, 's')).toBe(true);
  });

  it('answers false for a name not in the spec', () => {
    expect(shouldRestartContainer(podOf({ containers: [{ name: 'c' }] }), 'ghost')).toBe(false);
  });
});

describe('planContainerStarts (§D)', () => {
  const spec = { initContainers: [{ name: 'init-a' }, { name: 'init-b' }], containers: [{ name: 'web' }, { name: 'api' }], restartPolicy: 'Always' as const };
  const fresh = podOf(spec, { phase: 'Pending' }, { name: 'p', uid: 'u' });
  const now = at(100);

  it('asks for a sandbox first and starts the first init container alone', () => {
    const plan = planContainerStarts(fresh, emptyBackOffState, now);
    expect(plan.needsSandbox).toBe(true);
    expect(plan.start).toEqual([{ container: 'init-a', kind: 'init', attempt: 0, restart: false }]);
    expect(plan.killPod).toBe(false);
  });

  it('runs init containers one at a time in order', () => {
    const running = run(fresh, [{ type: 'SandboxCreated', at: at(1) }, { type: 'ContainerStarted', at: at(2), container: 'init-a', containerID: 'x://a' }]);
    expect(planContainerStarts(running, emptyBackOffState, now).start).toEqual([]);
    const next = podReducer(running, { type: 'ContainerExited', at: at(3), container: 'init-a', exitCode: 0 });
    expect(planContainerStarts(next, emptyBackOffState, now)).toMatchObject({ needsSandbox: false, start: [{ container: 'init-b', attempt: 0 }] });
  });

  it('starts the regular containers together once init succeeded', () => {
    const pod = podOf(spec, { phase: 'Pending', initContainerStatuses: [succeededState('init-a'), succeededState('init-b')] });
    expect(planContainerStarts(pod, emptyBackOffState, now).start.map((s) => s.container)).toEqual(['web', 'api']);
  });

  it('retries a failed init container after its back-off under Always (§D.1)', () => {
    const pod = podOf(spec, { phase: 'Pending', initContainerStatuses: [cs('init-a', { state: { terminated: { exitCode: 1, finishedAt: iso(90) } }, containerID: 'x://a' })] }, { name: 'p', uid: 'u' });
    const first = planContainerStarts(pod, emptyBackOffState, now);
    expect(first.start).toEqual([{ container: 'init-a', kind: 'init', attempt: 1, restart: true }]);
    const again = planContainerStarts(pod, first.backOffState, at(95));
    expect(again.start).toEqual([]);
    expect(again.backOff).toEqual([{ container: 'init-a', kind: 'init', delayMs: 10_000, remainingMs: 5_000, retryAt: at(100), message: 'back-off 10s restarting failed container=init-a pod=p_default(u)' }]);
  });

  it('starts nothing and kills the pod once a regular init container failed under Never (§A.3)', () => {
    const pod = podOf({ ...spec, restartPolicy: 'Never' }, { phase: 'Failed', initContainerStatuses: [failedState('init-a')] });
    expect(planContainerStarts(pod, emptyBackOffState, now)).toMatchObject({ start: [], killPod: true });
  });

  it('waits for a running sidecar to be started before the next init container (§D.1)', () => {
    const sidecarSpec = { initContainers: [sidecar('proxy'), { name: 'init-b' }], containers: [{ name: 'web' }] };
    const notStarted = podOf(sidecarSpec, { phase: 'Pending', initContainerStatuses: [runningState('proxy')] });
    expect(planContainerStarts(notStarted, emptyBackOffState, now).start).toEqual([]);
    const ready = podOf(sidecarSpec, { phase: 'Pending', initContainerStatuses: [{ ...runningState('proxy'), started: true }] });
    expect(planContainerStarts(ready, emptyBackOffState, now).start.map((s) => s.container)).toEqual(['init-b']);
  });

  it('restarts exited sidecars and regular containers of an initialized pod', () => {
    const pod = podOf(
      { initContainers: [sidecar('proxy')], containers: [{ name: 'web' }], restartPolicy: 'Never' },
      { phase: 'Running', initContainerStatuses: [cs('proxy', { state: { terminated: { exitCode: 1, finishedAt: iso(99) } }, containerID: 'x://p' })], containerStatuses: [runningState('web')] },
    );
    expect(planContainerStarts(pod, emptyBackOffState, now).start).toEqual([{ container: 'proxy', kind: 'sidecar', attempt: 1, restart: true }]);
  });

  it('kills the pod, sidecars included, once no regular container runs or will run again', () => {
    const pod = podOf(
      { initContainers: [sidecar('proxy')], containers: [{ name: 'job' }], restartPolicy: 'OnFailure' },
      { phase: 'Running', initContainerStatuses: [{ ...runningState('proxy'), started: true }], containerStatuses: [succeededState('job')] },
    );
    expect(planContainerStarts(pod, emptyBackOffState, now)).toMatchObject({ start: [], backOff: [], killPod: true });
  });

  it('kills a pod being deleted and starts nothing (§F.6)', () => {
    const pod = podOf(spec, { phase: 'Running' }, { deletionTimestamp: iso(0) });
    expect(planContainerStarts(pod, emptyBackOffState, now)).toMatchObject({ start: [], killPod: true });
  });

  it('keeps a crash-looping container in back-off until its delay passed, then restarts it', () => {
    const pod = podOf({ containers: [{ name: 'web', image: 'nginx' }] }, { phase: 'Running', containerStatuses: [cs('web', { restartCount: 1, state: { terminated: { exitCode: 1, finishedAt: iso(95) } }, containerID: 'x://2' })] }, { name: 'p', uid: 'u' });
    const state = stepBackOff(emptyBackOffState, backOffKey(pod, pod.spec.containers[0]!), at(50), at(50)).state;
    const waiting = planContainerStarts(pod, state, now);
    expect(waiting.backOff).toMatchObject([{ container: 'web', delayMs: 10_000, remainingMs: 5_000 }]);
    const later = planContainerStarts(pod, state, at(105));
    expect(later.start).toEqual([{ container: 'web', kind: 'regular', attempt: 2, restart: true }]);
    expect(Object.values(later.backOffState)[0]?.delayMs).toBe(20_000);
  });

  it('retries an image pull without crash back-off', () => {
    const pod = podOf({ containers: [{ name: 'web' }] }, { phase: 'Pending', containerStatuses: [waitingState('web', 'ImagePullBackOff')] });
    expect(planContainerStarts(pod, emptyBackOffState, now).start).toEqual([{ container: 'web', kind: 'regular', attempt: 0, restart: false }]);
  });
});
