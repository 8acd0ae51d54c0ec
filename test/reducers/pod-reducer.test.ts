import { describe, expect, it } from 'vitest';
import type { Container, Pod, PodEvent } from 'podkit';
import { PodkitError, podReducer, podStatusText } from 'podkit';
import { at, iso, podOf, sidecar } from './helpers.js';

const web: Container = { name: 'web', image: 'nginx:1.25' };
const fresh = (containers: Container[] = [web], extra: Partial<Pod['spec']> = {}): Pod =>
  podOf({ containers, restartPolicy: 'Always', terminationGracePeriodSeconds: 30, ...extra }, { phase: 'Pending' }, { name: 'web', uid: 'u-1', creationTimestamp: iso(0) });
const run = (pod: Pod, events: PodEvent[]): Pod => events.reduce(podReducer, pod);
const cond = (pod: Pod, type: string) => pod.status?.conditions?.find((c) => c.type === type);
const statusOf = (pod: Pod, name: string) => [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find((s) => s.name === name);

const scheduled: PodEvent = { type: 'Scheduled', at: at(0), nodeName: 'node-1' };
const sandbox: PodEvent = { type: 'SandboxCreated', at: at(1), podIP: '10.0.0.7' };
const started = (container: string, s: number, id = `fake://${container}-${s}`): PodEvent => ({ type: 'ContainerStarted', at: at(s), container, containerID: id, imageID: 'sha256:abc' });
const exited = (container: string, s: number, exitCode: number, extra: Partial<Extract<PodEvent, { type: 'ContainerExited' }>> = {}): PodEvent => ({ type: 'ContainerExited', at: at(s), container, exitCode, ...extra });
const running = (pod: Pod = fresh()): Pod => run(pod, [scheduled, sandbox, started('web', 2)]);

describe('podReducer: scheduling', () => {
  it('binds the pod and sets PodScheduled=True without kubelet conditions yet (§C.5)', () => {
    const pod = podReducer(fresh(), scheduled);
    expect(pod.spec.nodeName).toBe('node-1');
    expect(pod.status?.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: iso(0) }]);
    expect(pod.status?.phase).toBe('Pending');
  });

  it('records an unschedulable pod, and kubectl shows SchedulingGated for gated pods (§C.5, §G.1)', () => {
    const unschedulable = podReducer(fresh(), { type: 'SchedulingFailed', at: at(0), message: '0/3 nodes are available' });
    expect(cond(unschedulable, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' });
    expect(podStatusText(unschedulable)).toBe('Pending');
    const gated = podReducer(fresh(), { type: 'SchedulingFailed', at: at(0), reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' });
    expect(podStatusText(gated)).toBe('SchedulingGated');
  });

  it('ignores a binding to another node once bound', () => {
    const pod = podReducer(fresh(), scheduled);
    expect(podReducer(pod, { type: 'Scheduled', at: at(3), nodeName: 'node-2' })).toBe(pod);
  });

  it('ignores a scheduling failure of a bound pod', () => {
    const pod = podReducer(fresh(), scheduled);
    expect(podReducer(pod, { type: 'SchedulingFailed', at: at(1) })).toBe(pod);
  });
});

describe('podReducer: the kubelet\'s first status', () => {
  it('sets startTime once and gives every container the default waiting reason ContainerCreating (§B.1, §C.7)', () => {
    const pod = run(fresh([{ name: 'web' }, { name: 'app' }]), [scheduled, { type: 'Admitted', at: at(1) }]);
    expect(pod.status?.startTime).toBe(iso(1));
    expect(pod.status?.containerStatuses?.map((s) => [s.name, s.state])).toEqual([
      ['app', { waiting: { reason: 'ContainerCreating' } }],
      ['web', { waiting: { reason: 'ContainerCreating' } }],
    ]);
    expect(podReducer(pod, { type: 'SandboxCreated', at: at(9) }).status?.startTime).toBe(iso(1));
  });

  it('uses PodInitializing for init and regular containers when the pod has init containers (§B.1)', () => {
    const pod = run(fresh([web], { initContainers: [{ name: 'init-db' }] }), [scheduled, { type: 'Admitted', at: at(1) }]);
    expect(statusOf(pod, 'init-db')?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(statusOf(pod, 'web')?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(podStatusText(pod)).toBe('Init:0/1');
  });

  it('writes the kubelet conditions in the kubelet order (§C)', () => {
    const pod = run(fresh(), [scheduled, { type: 'Admitted', at: at(1) }]);
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=False',
      'Initialized=True',
      'Ready=False',
      'ContainersReady=False',
      'PodScheduled=True',
    ]);
    expect(cond(pod, 'Ready')).toMatchObject({ reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
  });

  it('adds PodScheduled=True for a pod bound without the scheduler (§C.5)', () => {
    const pod = podReducer(fresh([web], { nodeName: 'node-1' }), { type: 'Admitted', at: at(1) });
    expect(cond(pod, 'PodScheduled')).toMatchObject({ status: 'True', lastTransitionTime: iso(1) });
  });

  it('sets PodReadyToStartContainers and the pod IPs when the sandbox is up (§C.4)', () => {
    const pod = run(fresh(), [scheduled, sandbox]);
    expect(cond(pod, 'PodReadyToStartContainers')).toMatchObject({ status: 'True', lastTransitionTime: iso(1) });
    expect(pod.status?.podIP).toBe('10.0.0.7');
    expect(pod.status?.podIPs).toEqual([{ ip: '10.0.0.7' }]);
    expect(podStatusText(pod)).toBe('ContainerCreating');
    expect(cond(podReducer(pod, { type: 'SandboxDied', at: at(5) }), 'PodReadyToStartContainers')).toMatchObject({ status: 'False', lastTransitionTime: iso(5) });
  });

  it('rejects a pod at admission with phase Failed and the kubelet message', () => {
    const pod = run(fresh(), [scheduled, { type: 'AdmissionRejected', at: at(1), reason: 'OutOfcpu', message: 'Node didn\'t have enough resource: cpu' }]);
    expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'OutOfcpu', message: 'Pod was rejected: Node didn\'t have enough resource: cpu' });
    expect(podStatusText(pod)).toBe('OutOfcpu');
  });
});

describe('podReducer: container states (§B)', () => {
  it('runs a container: running state, started and ready without probes, phase Running, Ready=True', () => {
    const pod = running();
    expect(statusOf(pod, 'web')).toMatchObject({
      state: { running: { startedAt: iso(2) } },
      ready: true,
      started: true,
      restartCount: 0,
      containerID: 'fake://web-2',
      imageID: 'sha256:abc',
      image: 'nginx:1.25',
    });
    expect(pod.status?.phase).toBe('Running');
    expect(cond(pod, 'Ready')).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: iso(2) });
  });

  it('keeps a container with a startup probe not started and not ready (§B.3)', () => {
    const pod = running(fresh([{ ...web, startupProbe: { exec: { command: ['true'] } } }]));
    expect(statusOf(pod, 'web')).toMatchObject({ started: false, ready: false });
  });

  it('keeps a container with a readiness probe unready until the probe succeeds (§E.1)', () => {
    const pod = running(fresh([{ ...web, readinessProbe: { httpGet: { port: 80 } } }]));
    expect(statusOf(pod, 'web')).toMatchObject({ started: true, ready: false });
    expect(cond(pod, 'ContainersReady')).toMatchObject({ status: 'False', message: 'containers with unready status: [web]' });
  });

  it.each<[number, string | undefined, number | undefined, string]>([
    [0, undefined, undefined, 'Completed'],
    [1, undefined, undefined, 'Error'],
    [137, 'OOMKilled', undefined, 'OOMKilled'],
    [128, 'StartError', undefined, 'StartError'],
    [137, undefined, 9, 'Error'],
  ])('terminates with exit %d and the runtime reason %s (§B.1)', (exitCode, reason, signal, expected) => {
    const pod = podReducer(running(), exited('web', 5, exitCode, { ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) }));
    expect(statusOf(pod, 'web')?.state?.terminated).toEqual({
      exitCode,
      ...(signal ? { signal } : {}),
      reason: expected,
      startedAt: iso(2),
      finishedAt: iso(5),
      containerID: 'fake://web-2',
    });
    expect(statusOf(pod, 'web')).toMatchObject({ ready: false, started: false });
    expect(podStatusText(pod)).toBe(expected);
  });

  it('moves the previous exit to lastState and counts the restart on a new instance (§B.3)', () => {
    const pod = run(running(), [exited('web', 5, 1), started('web', 6)]);
    const s = statusOf(pod, 'web');
    expect(s?.restartCount).toBe(1);
    expect(s?.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error', finishedAt: iso(5), containerID: 'fake://web-2' });
    expect(s?.state?.running?.startedAt).toBe(iso(6));
  });

  it('takes restartCount from the instance attempt, never decreasing (§B.3)', () => {
    const pod = run(running(), [exited('web', 5, 1), { type: 'ContainerCreated', at: at(6), container: 'web', containerID: 'fake://w7', attempt: 4 }]);
    expect(statusOf(pod, 'web')).toMatchObject({ restartCount: 4, state: { waiting: {} }, containerID: 'fake://w7' });
    const next = run(pod, [{ type: 'ContainerStarted', at: at(7), container: 'web', containerID: 'fake://w7' }]);
    expect(statusOf(next, 'web')?.restartCount).toBe(4);
    const lower = podReducer(podReducer(next, exited('web', 8, 1)), { type: 'ContainerStarted', at: at(9), container: 'web', containerID: 'fake://w9', attempt: 2 });
    expect(statusOf(lower, 'web')?.restartCount).toBe(4);
  });

  it('shows CrashLoopBackOff with the upstream message, keeping the exit in lastState (§B.2, §D)', () => {
    const pod = run(running(), [exited('web', 5, 1), started('web', 5), exited('web', 7, 1), { type: 'BackOffStarted', at: at(7), container: 'web', delaySeconds: 10 }]);
    const s = statusOf(pod, 'web');
    expect(s?.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=web pod=web_default(u-1)' } });
    expect(s?.lastState?.terminated).toMatchObject({ exitCode: 1, finishedAt: iso(7) });
    expect(s?.restartCount).toBe(1);
    expect(pod.status?.phase).toBe('Running');
    expect(podStatusText(pod)).toBe('CrashLoopBackOff');
  });

  it('ignores a waiting reason for a running container', () => {
    const pod = running();
    expect(podReducer(pod, { type: 'BackOffStarted', at: at(3), container: 'web', delaySeconds: 10 })).toBe(pod);
    expect(podReducer(pod, { type: 'ContainerWaiting', at: at(3), container: 'web', reason: 'CreateContainerConfigError' })).toBe(pod);
  });

  it('shows ErrImagePull, then ImagePullBackOff carrying the pull error (§B.2)', () => {
    const failed = run(fresh([{ name: 'web', image: 'nginx:nope' }]), [scheduled, sandbox, { type: 'ImagePullFailed', at: at(2), container: 'web', message: 'manifest unknown' }]);
    expect(statusOf(failed, 'web')?.state).toEqual({ waiting: { reason: 'ErrImagePull', message: 'manifest unknown' } });
    const backOff = podReducer(failed, { type: 'ImagePullBackOff', at: at(3), container: 'web' });
    expect(statusOf(backOff, 'web')?.state).toEqual({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:nope": manifest unknown' } });
    expect(podStatusText(backOff)).toBe('ImagePullBackOff');
    expect(podReducer(backOff, { type: 'ImagePullBackOff', at: at(4), container: 'web' })).toBe(backOff);
    expect(podReducer(backOff, { type: 'ImagePulling', at: at(5), container: 'web' })).toBe(backOff);
  });

  it('shows a kubelet start error such as CreateContainerConfigError (§B.2)', () => {
    const pod = run(fresh(), [scheduled, sandbox, { type: 'ContainerWaiting', at: at(2), container: 'web', reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' }]);
    expect(statusOf(pod, 'web')?.state).toEqual({ waiting: { reason: 'CreateContainerConfigError', message: 'configmap "cfg" not found' } });
    expect(podStatusText(pod)).toBe('CreateContainerConfigError');
  });

  it('renders a running container that vanished as ContainerStatusUnknown with two spaces (§B.3)', () => {
    const pod = podReducer(running(), { type: 'ContainerLost', at: at(9), container: 'web' });
    expect(statusOf(pod, 'web')).toMatchObject({
      state: { waiting: { reason: 'ContainerCreating' } },
      lastState: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running' } },
      restartCount: 1,
    });
    const deleting = run(running(), [{ type: 'DeletionRequested', at: at(8) }, { type: 'ContainerLost', at: at(9), container: 'web' }]);
    expect(statusOf(deleting, 'web')?.restartCount).toBe(0);
  });

  it('makes a regular init container ready when it exits 0 (§B.3)', () => {
    const pod = run(fresh([web], { initContainers: [{ name: 'init-db' }] }), [scheduled, sandbox, started('init-db', 2), exited('init-db', 4, 0)]);
    expect(statusOf(pod, 'init-db')).toMatchObject({ ready: true, state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    expect(cond(pod, 'Initialized')?.status).toBe('True');
    expect(podStatusText(pod)).toBe('PodInitializing');
  });
});

describe('podReducer: probes (§E)', () => {
  const probed = fresh([{ ...web, readinessProbe: { httpGet: { port: 80 } }, startupProbe: { tcpSocket: { port: 80 } } }]);
  it('starts on startup success and becomes ready on readiness success', () => {
    let pod = running(probed);
    pod = podReducer(pod, { type: 'ProbeSucceeded', at: at(5), container: 'web', probe: 'startup' });
    expect(statusOf(pod, 'web')).toMatchObject({ started: true, ready: false });
    pod = podReducer(pod, { type: 'ProbeSucceeded', at: at(6), container: 'web', probe: 'readiness' });
    expect(statusOf(pod, 'web')?.ready).toBe(true);
    expect(cond(pod, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: iso(6) });
    pod = podReducer(pod, { type: 'ProbeFailed', at: at(9), container: 'web', probe: 'readiness' });
    expect(cond(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', lastTransitionTime: iso(9) });
    expect(podStatusText(pod)).toBe('Running');
  });

  it('does not make a container ready before its startup probe succeeded (§E.2)', () => {
    const pod = running(probed);
    expect(podReducer(pod, { type: 'ProbeSucceeded', at: at(5), container: 'web', probe: 'readiness' })).toBe(pod);
  });

  it('changes no status for a liveness failure: the kubelet kills the container (§E.4)', () => {
    const pod = running();
    expect(podReducer(pod, { type: 'ProbeFailed', at: at(5), container: 'web', probe: 'liveness' })).toBe(pod);
  });
});

describe('podReducer: phase post-processing (§A.5)', () => {
  it('fails the pod with DeadlineExceeded and keeps that reason while containers stop', () => {
    let pod = podReducer(running(), { type: 'DeadlineExceeded', at: at(60) });
    expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(cond(pod, 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
    pod = podReducer(pod, exited('web', 61, 0));
    expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded' });
    expect(podStatusText(pod)).toBe('Completed');
  });

  it('keeps a terminal phase forever and starts nothing on a terminal pod (§A.5.4)', () => {
    const done = run(fresh([web], { restartPolicy: 'Never' }), [scheduled, sandbox, started('web', 2), exited('web', 4, 0)]);
    expect(done.status?.phase).toBe('Succeeded');
    expect(podReducer(done, started('web', 5))).toBe(done);
    expect(podReducer(done, { type: 'DeadlineExceeded', at: at(6) })).toBe(done);
    expect(podReducer(done, { type: 'PodTerminated', at: at(7) }).status?.phase).toBe('Succeeded');
  });

  it('keeps the reason and message while the phase is unchanged and drops them when it changes (§A.5.2)', () => {
    const pod = podOf({ containers: [web], restartPolicy: 'Never', nodeName: 'n' }, { phase: 'Running', reason: 'Custom', message: 'kept', startTime: iso(0), containerStatuses: [{ name: 'web', ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} }, containerID: 'x://1' }] });
    const same = podReducer(pod, { type: 'ProbeFailed', at: at(3), container: 'web', probe: 'readiness' });
    expect(same.status).toMatchObject({ phase: 'Running', reason: 'Custom', message: 'kept' });
    const changed = podReducer(same, exited('web', 4, 0));
    expect(changed.status?.phase).toBe('Succeeded');
    expect(changed.status?.reason).toBeUndefined();
    expect(changed.status?.message).toBeUndefined();
  });

  it('evicts the pod: phase Failed, reason Evicted, DisruptionTarget=True (§C.6)', () => {
    const pod = podReducer(running(), { type: 'Evicted', at: at(30), message: 'The node was low on resource: memory.' });
    expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' });
    expect(cond(pod, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'TerminationByKubelet' });
    expect(pod.status?.conditions?.[0]?.type).toBe('DisruptionTarget');
  });
});

describe('podReducer: other writers', () => {
  it('recomputes Ready from a readiness gate set by another component (§C.2)', () => {
    const gated = running(fresh([web], { readinessGates: [{ conditionType: 'example.com/lb' }] }));
    expect(cond(gated, 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    const pod = podReducer(gated, { type: 'ConditionChanged', at: at(8), conditionType: 'example.com/lb', status: 'True' });
    expect(cond(pod, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: iso(8) });
    expect(pod.status?.conditions?.[0]?.type).toBe('example.com/lb');
  });

  it('marks Ready=False for a lost node and keeps the phase (§L.4)', () => {
    const pod = podReducer(running(), { type: 'NodeLost', at: at(50) });
    expect(cond(pod, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: iso(50) });
    expect(cond(pod, 'ContainersReady')?.status).toBe('True');
    expect(pod.status?.phase).toBe('Running');
    const legacy = run(running(), [{ type: 'NodeLost', at: at(50), legacyReason: true }, { type: 'DeletionRequested', at: at(60) }]);
    expect(legacy.status?.message).toBe('Node node-1 which was running pod web is unresponsive');
    expect(podStatusText(legacy)).toBe('Unknown');
  });
});

describe('podReducer: conditions written by other components', () => {
  it('keeps a lost node\'s Ready=False when the taint manager adds DisruptionTarget (§L.4, §L.5)', () => {
    const lost = podReducer(running(), { type: 'NodeLost', at: at(50) });
    const marked = podReducer(lost, { type: 'ConditionChanged', at: at(350), conditionType: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    expect(cond(marked, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: iso(50) });
    expect(cond(marked, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', lastTransitionTime: iso(350) });
    expect(marked.status?.phase).toBe('Running');
  });
});

describe('podReducer: event details', () => {
  it('records the host IP at admission and dual-stack pod IPs (§C.4)', () => {
    const pod = run(fresh(), [scheduled, { type: 'Admitted', at: at(1), hostIP: '192.168.1.10' }, { type: 'SandboxCreated', at: at(2), podIPs: ['10.0.0.7', 'fd00::7'] }]);
    expect(pod.status).toMatchObject({ hostIP: '192.168.1.10', podIP: '10.0.0.7', podIPs: [{ ip: '10.0.0.7' }, { ip: 'fd00::7' }] });
  });

  it('uses the image pull reason and a default message naming the image (§B.2)', () => {
    const pod = run(fresh(), [scheduled, { type: 'ImagePullFailed', at: at(2), container: 'web', reason: 'ErrImageNeverPull' }]);
    expect(statusOf(pod, 'web')?.state).toEqual({ waiting: { reason: 'ErrImageNeverPull', message: 'Failed to pull image "nginx:1.25"' } });
    expect(podStatusText(pod)).toBe('ErrImageNeverPull');
  });

  it('takes the image reported by the runtime on start', () => {
    const pod = run(fresh(), [scheduled, { type: 'ContainerStarted', at: at(2), container: 'web', containerID: 'x://1', image: 'docker.io/library/nginx:1.25' }]);
    expect(statusOf(pod, 'web')?.image).toBe('docker.io/library/nginx:1.25');
  });

  it('ignores an exit reported for an older instance while a newer one runs', () => {
    const pod = run(running(), [exited('web', 5, 1), started('web', 6)]);
    expect(podReducer(pod, exited('web', 7, 1, { containerID: 'fake://web-2' }))).toBe(pod);
  });

  it('records a start failure reported before any ContainerCreated as a new instance (StartError, §B.1)', () => {
    const pod = run(fresh(), [scheduled, sandbox, exited('web', 3, 128, { reason: 'StartError', containerID: 'fake://w1', message: 'exec: "nope": not found' })]);
    expect(statusOf(pod, 'web')).toMatchObject({ containerID: 'fake://w1', restartCount: 0, state: { terminated: { exitCode: 128, reason: 'StartError', message: 'exec: "nope": not found' } } });
    expect(podStatusText(pod)).toBe('StartError');
  });

  it('changes nothing for a lost node when Ready is already False (MarkPodsNotReady, §L.4)', () => {
    const pod = running(fresh([{ ...web, readinessProbe: { httpGet: { port: 80 } } }]));
    expect(podReducer(pod, { type: 'NodeLost', at: at(50) })).toBe(pod);
  });

  it('deletes an unscheduled pod with grace 0 (§F.1)', () => {
    const pod = podReducer(fresh(), { type: 'DeletionRequested', at: at(5) });
    expect(pod.metadata).toMatchObject({ deletionTimestamp: iso(5), deletionGracePeriodSeconds: 0 });
  });

  it('keeps a pod initialized while its sidecar restarts (§C.3.4)', () => {
    const base = fresh([web], { initContainers: [sidecar('proxy')] });
    const pod = run(base, [scheduled, sandbox, started('proxy', 2), started('web', 3), exited('proxy', 4, 1)]);
    expect(cond(pod, 'Initialized')?.status).toBe('True');
    expect(cond(pod, 'ContainersReady')).toMatchObject({ status: 'False', message: 'containers with unready status: [proxy]' });
    expect(pod.status?.phase).toBe('Running');
  });
});

describe('podReducer: contract', () => {
  it('returns the same object for an event that changes nothing', () => {
    const pod = running();
    expect(podReducer(pod, started('web', 2))).toBe(pod);
    expect(podReducer(pod, { type: 'ImagePulled', at: at(9), container: 'web' })).toBe(pod);
    expect(podReducer(pod, { type: 'ContainerStarted', at: at(9), container: 'ghost', containerID: 'x' })).toBe(pod);
    expect(podReducer(pod, sandbox)).toBe(pod);
  });

  it('deeply freezes its output, including an unfrozen input', () => {
    const pod = running();
    expect(Object.isFrozen(pod)).toBe(true);
    expect(Object.isFrozen(pod.status?.containerStatuses?.[0]?.state?.running)).toBe(true);
    expect(Object.isFrozen(pod.spec.containers[0])).toBe(true);
    const input = fresh();
    const same = podReducer(input, { type: 'ImagePulling', at: at(0), container: 'ghost' });
    expect(same).toBe(input);
    expect(Object.isFrozen(input.metadata)).toBe(true);
  });

  it('does not change its input', () => {
    const input = running();
    const snapshot = JSON.stringify(input);
    podReducer(input, exited('web', 5, 1));
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('rejects an unparseable time with a PodkitError naming the field', () => {
    expect(() => podReducer(fresh(), { type: 'Admitted', at: 'yesterday' })).toThrow(PodkitError);
    expect(() => podReducer(fresh(), { type: 'Admitted', at: 'yesterday' })).toThrow(/event\.at/);
    expect(() => podReducer(running(), { ...exited('web', 5, 1), finishedAt: 'soon' } as PodEvent)).toThrow(/event\.finishedAt/);
  });

  it('walks a pod with a sidecar through Init:0/1, PodInitializing and Running (§A.2.2, §G.1)', () => {
    const base = fresh([web], { initContainers: [sidecar('proxy', { startupProbe: { tcpSocket: { port: 15000 } } })] });
    let pod = run(base, [scheduled, sandbox, started('proxy', 2)]);
    expect([pod.status?.phase, podStatusText(pod)]).toEqual(['Pending', 'Init:0/1']);
    pod = podReducer(pod, { type: 'ProbeSucceeded', at: at(3), container: 'proxy', probe: 'startup' });
    expect([pod.status?.phase, podStatusText(pod), cond(pod, 'Initialized')?.status]).toEqual(['Pending', 'PodInitializing', 'True']);
    pod = podReducer(pod, started('web', 4));
    expect([pod.status?.phase, podStatusText(pod), cond(pod, 'Ready')?.status]).toEqual(['Running', 'Running', 'True']);
  });
});
