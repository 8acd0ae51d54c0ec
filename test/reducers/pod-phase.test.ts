// Restated from kubernetes/kubernetes pkg/kubelet/kubelet_pods_test.go TestPodPhaseWith* (getPhase).
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, PodPhase, PodSpec } from 'podkit';
import { derivePodPhase } from 'podkit';
import {
  emptyState,
  failedState,
  podOf,
  runningState,
  sidecar,
  startedState,
  stoppedState,
  succeededState,
  waitingState,
  waitingStateWithLastTermination,
  waitingStateWithNonZeroTermination,
} from './helpers.js';

type Row = [name: string, init: ContainerStatus[], regular: ContainerStatus[], terminal: boolean, expected: PodPhase];

function check(spec: Partial<PodSpec>, rows: Row[]): void {
  it.each(rows)('reports %s', (_name, init, regular, terminal, expected) => {
    const status = { ...(init.length > 0 ? { initContainerStatuses: init } : {}), ...(regular.length > 0 ? { containerStatuses: regular } : {}) };
    expect(derivePodPhase(podOf(spec, status), { terminal })).toBe(expected);
  });
}

const two = [{ name: 'containerA' }, { name: 'containerB' }];
const A = 'containerA';
const B = 'containerB';
const X = 'containerX';

describe('derivePodPhase', () => {
  describe('under restartPolicy Always (§A.3)', () => {
    check({ containers: two, restartPolicy: 'Always' }, [
      ['Pending while no container has a status', [], [], false, 'Pending'],
      ['Running when all containers run', [], [runningState(A), runningState(B)], false, 'Running'],
      ['Running when all containers stopped, since they restart', [], [stoppedState(A), stoppedState(B)], false, 'Running'],
      ['Succeeded when all succeeded and the pod is terminal', [], [succeededState(A), succeededState(B)], true, 'Succeeded'],
      ['Failed when one failed and the pod is terminal', [], [succeededState(A), failedState(B)], true, 'Failed'],
      ['Running for one running and one stopped container', [], [runningState(A), stoppedState(B)], false, 'Running'],
      ['Pending while a container has no status', [], [runningState(A)], false, 'Pending'],
      ['Pending while a container is waiting for its first start', [], [runningState(A), waitingState(B)], false, 'Pending'],
      ['Running for a crash-looping container (waiting with a last termination)', [], [runningState(A), waitingStateWithLastTermination(B)], false, 'Running'],
    ]);
  });

  describe('under restartPolicy Always with a regular init container (§A.2.1)', () => {
    check({ initContainers: [{ name: X }], containers: two, restartPolicy: 'Always' }, [
      ['Pending with no statuses', [], [], false, 'Pending'],
      ['Pending while the init container runs', [runningState(X)], [], false, 'Pending'],
      ['Pending when the init container failed, since it is retried', [failedState(X)], [], false, 'Pending'],
      ['Pending when the init container waits after exiting 0', [waitingStateWithLastTermination(X)], [], false, 'Pending'],
      ['Pending when the init container waits after a failure', [waitingStateWithNonZeroTermination(X)], [], false, 'Pending'],
      ['Pending when the init container waits to start', [waitingState(X)], [], false, 'Pending'],
      ['Running once the init container succeeded and containers run', [succeededState(X)], [runningState(A), runningState(B)], false, 'Running'],
    ]);
  });

  describe('under restartPolicy Always with a sidecar (§A.2.2)', () => {
    check({ initContainers: [sidecar(X)], containers: two, restartPolicy: 'Always' }, [
      ['Pending with no statuses', [], [], false, 'Pending'],
      ['Pending while the sidecar runs but is not started', [runningState(X)], [], false, 'Pending'],
      ['Pending when the sidecar stopped', [stoppedState(X)], [], false, 'Pending'],
      ['Pending when the sidecar waits after exiting 0', [waitingStateWithLastTermination(X)], [], false, 'Pending'],
      ['Pending when the sidecar waits after a failure', [waitingStateWithNonZeroTermination(X)], [], false, 'Pending'],
      ['Pending when the sidecar waits to start', [waitingState(X)], [], false, 'Pending'],
      ['Pending when the sidecar started and 1 of 2 containers runs', [startedState(X)], [runningState(A)], false, 'Pending'],
      ['Running when the sidecar started and all containers run', [startedState(X)], [runningState(A), runningState(B)], false, 'Running'],
      ['Running when a not-started sidecar runs and all containers run (the pod has initialized)', [runningState(X)], [runningState(A), runningState(B)], false, 'Running'],
      ['Running when the sidecar stopped and all containers run', [stoppedState(X)], [runningState(A), runningState(B)], false, 'Running'],
      ['Running when the sidecar crash-loops and all containers run', [waitingStateWithLastTermination(X)], [runningState(A), runningState(B)], false, 'Running'],
      ['Succeeded for a failed sidecar and succeeded containers when terminal', [failedState(X)], [succeededState(A), succeededState(B)], true, 'Succeeded'],
      ['Succeeded for a succeeded sidecar and succeeded containers when terminal', [succeededState(X)], [succeededState(A), succeededState(B)], true, 'Succeeded'],
    ]);
  });

  describe('under restartPolicy Always once a regular container has run (§A.1 podHasInitialized)', () => {
    check({ initContainers: [{ name: X }, sidecar('containerY')], containers: [{ name: A }], restartPolicy: 'Always' }, [
      ['Pending while the regular init container runs', [runningState(X), runningState('containerY')], [runningState(A)], false, 'Pending'],
      ['Pending while the regular init container runs and the container stopped', [runningState(X), runningState('containerY')], [stoppedState(A)], false, 'Pending'],
      ['Running when init succeeded, the sidecar runs and the container stopped', [succeededState(X), runningState('containerY')], [stoppedState(A)], false, 'Running'],
      ['Running when init succeeded and the sidecar and the container run', [succeededState(X), runningState('containerY')], [runningState(A)], false, 'Running'],
    ]);
  });

  describe('under restartPolicy Never (§A.3)', () => {
    check({ containers: two, restartPolicy: 'Never' }, [
      ['Pending with no statuses', [], [], false, 'Pending'],
      ['Running when all run', [], [runningState(A), runningState(B)], false, 'Running'],
      ['Succeeded when all succeeded', [], [succeededState(A), succeededState(B)], false, 'Succeeded'],
      ['Failed when all failed', [], [failedState(A), failedState(B)], false, 'Failed'],
      ['Running for one running and one succeeded container', [], [runningState(A), succeededState(B)], false, 'Running'],
      ['Pending while a container has no status', [], [runningState(A)], false, 'Pending'],
      ['Pending while a container waits', [], [runningState(A), waitingState(B)], false, 'Pending'],
      ['Failed for one succeeded and one failed container', [], [succeededState(A), failedState(B)], false, 'Failed'],
    ]);
  });

  describe('under restartPolicy Never with a regular init container (§A.3 failedInit)', () => {
    check({ initContainers: [{ name: X }], containers: two, restartPolicy: 'Never' }, [
      ['Pending with no statuses', [], [], false, 'Pending'],
      ['Pending while the init container runs', [runningState(X)], [], false, 'Pending'],
      ['Failed when the init container failed', [failedState(X)], [], false, 'Failed'],
      ['Pending when the init container waits after exiting 0', [waitingStateWithLastTermination(X)], [], false, 'Pending'],
      ['Failed when the init container waits after a failure', [waitingStateWithNonZeroTermination(X)], [], false, 'Failed'],
      ['Pending when the init container waits to start', [waitingState(X)], [], false, 'Pending'],
      ['Running once the init container succeeded and containers run', [succeededState(X)], [runningState(A), runningState(B)], false, 'Running'],
    ]);
  });

  describe('under restartPolicy Never with a sidecar (§A.3 consequences)', () => {
    check({ initContainers: [sidecar(X)], containers: two, restartPolicy: 'Never' }, [
      ['Pending with no statuses', [], [], false, 'Pending'],
      ['Pending while the sidecar runs but is not started', [runningState(X)], [], false, 'Pending'],
      ['Pending when the sidecar stopped', [stoppedState(X)], [], false, 'Pending'],
      ['Pending when the sidecar waits after exiting 0', [waitingStateWithLastTermination(X)], [], false, 'Pending'],
      ['Pending when the sidecar waits after a failure', [waitingStateWithNonZeroTermination(X)], [], false, 'Pending'],
      ['Pending when the sidecar waits to start', [waitingState(X)], [], false, 'Pending'],
      ['Pending when the sidecar started and one container runs', [startedState(X)], [runningState(A)], false, 'Pending'],
      ['Running when the sidecar started and the containers succeeded', [startedState(X)], [succeededState(A), succeededState(B)], false, 'Running'],
      ['Running when the sidecar runs and the containers succeeded', [runningState(X)], [succeededState(A), succeededState(B)], false, 'Running'],
      ['Succeeded when all containers succeeded', [succeededState(X)], [succeededState(A), succeededState(B)], false, 'Succeeded'],
      ['Succeeded when the sidecar failed and the containers succeeded (terminated sidecars never count)', [failedState(X)], [succeededState(A), succeededState(B)], false, 'Succeeded'],
      ['Succeeded when the sidecar crash-loops and the containers succeeded', [waitingStateWithLastTermination(X)], [succeededState(A), succeededState(B)], false, 'Succeeded'],
      ['Succeeded when the sidecar crash-loops non-zero and the containers succeeded', [waitingStateWithNonZeroTermination(X)], [succeededState(A), succeededState(B)], false, 'Succeeded'],
    ]);
  });

  describe('under restartPolicy OnFailure (§A.3)', () => {
    check({ containers: two, restartPolicy: 'OnFailure' }, [
      ['Pending with no statuses', [], [], false, 'Pending'],
      ['Running when all run', [], [runningState(A), runningState(B)], false, 'Running'],
      ['Succeeded when all succeeded', [], [succeededState(A), succeededState(B)], false, 'Succeeded'],
      ['Running when all failed, since they restart', [], [failedState(A), failedState(B)], false, 'Running'],
      ['Running for one running and one succeeded container', [], [runningState(A), succeededState(B)], false, 'Running'],
      ['Pending while a container has no status', [], [runningState(A)], false, 'Pending'],
      ['Pending while a container waits', [], [runningState(A), waitingState(B)], false, 'Pending'],
      ['Running for a crash-looping container', [], [runningState(A), waitingStateWithLastTermination(B)], false, 'Running'],
      ['Failed when one failed and the pod is terminal', [], [succeededState(A), failedState(B)], true, 'Failed'],
    ]);
  });

  describe('edge rules', () => {
    it('reports Running for a crash-looping container under restartPolicy Always (§A.3)', () => {
      const pod = podOf({ containers: [{ name: 'web' }] }, { containerStatuses: [waitingStateWithNonZeroTermination('web')] });
      expect(derivePodPhase(pod)).toBe('Running');
    });
    it('defaults restartPolicy to Always (§A.1)', () => {
      const pod = podOf({ containers: [{ name: 'web' }] }, { containerStatuses: [succeededState('web')] });
      expect(derivePodPhase(pod)).toBe('Running');
    });
    it('ignores statuses whose name is not in the spec (§A.1)', () => {
      const pod = podOf({ containers: [{ name: 'web' }], restartPolicy: 'Never' }, { containerStatuses: [failedState('ghost'), runningState('web')] });
      expect(derivePodPhase(pod)).toBe('Running');
      const onlyGhost = podOf({ containers: [{ name: 'web' }], restartPolicy: 'Never' }, { containerStatuses: [failedState('ghost')] });
      expect(derivePodPhase(onlyGhost)).toBe('Pending');
    });
    it('counts an empty container state as unknown (§A.2.3)', () => {
      const pod = podOf({ containers: [{ name: A }, { name: B }] }, { containerStatuses: [runningState(A), emptyState(B)] });
      expect(derivePodPhase(pod)).toBe('Pending');
    });
    it('counts an empty sidecar state as pending and unknown (§A.2.2)', () => {
      const pod = podOf({ initContainers: [sidecar(X)], containers: [{ name: A }] }, { initContainerStatuses: [emptyState(X)], containerStatuses: [runningState(A)] });
      expect(derivePodPhase(pod)).toBe('Pending');
    });
    it('never reports Unknown (§A.3)', () => {
      expect(derivePodPhase(podOf({ containers: [{ name: A }] }, { containerStatuses: [emptyState(A)] }))).toBe('Pending');
    });
  });
});
