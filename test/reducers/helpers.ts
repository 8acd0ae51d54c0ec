// Builders for reducer tests, named after the helpers of the upstream kubelet tests
// (pkg/kubelet/kubelet_pods_test.go: runningState, stoppedState, waitingStateWithLastTermination, ...).
import type { Container, ContainerStatus, Pod, PodCondition, PodSpec, PodStatus } from 'podkit';
import { toTimestamp } from 'podkit/model';

/** 2024-05-01T10:00:00Z, the origin of test time. */
export const T0 = Date.parse('2024-05-01T10:00:00Z');
/** ms at `s` seconds after T0. */
export const at = (s: number): number => T0 + s * 1000;
/** RFC 3339 text at `s` seconds after T0. */
export const iso = (s: number): string => toTimestamp(at(s));

export function cs(name: string, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: false, restartCount: 0, image: '', imageID: '', ...extra };
}
export const waitingState = (name: string, reason?: string): ContainerStatus =>
  cs(name, { state: { waiting: reason === undefined ? {} : { reason } } });
export const waitingStateWithLastTermination = (name: string): ContainerStatus =>
  cs(name, { state: { waiting: {} }, lastState: { terminated: { exitCode: 0 } } });
export const waitingStateWithNonZeroTermination = (name: string): ContainerStatus =>
  cs(name, { state: { waiting: {} }, lastState: { terminated: { exitCode: -1 } } });
export const runningState = (name: string): ContainerStatus => cs(name, { state: { running: {} } });
export const startedState = (name: string): ContainerStatus => cs(name, { state: { running: {} }, started: true });
export const stoppedState = (name: string): ContainerStatus => cs(name, { state: { terminated: { exitCode: 0 } } });
export const succeededState = (name: string): ContainerStatus => cs(name, { state: { terminated: { exitCode: 0 } } });
export const failedState = (name: string): ContainerStatus => cs(name, { state: { terminated: { exitCode: -1 } } });
export const ready = (s: ContainerStatus): ContainerStatus => ({ ...s, ready: true });
export const emptyState = (name: string): ContainerStatus => cs(name, { state: {} });

export const sidecar = (name: string, extra: Partial<Container> = {}): Container => ({ name, restartPolicy: 'Always', ...extra });

/** A pod with the given spec (containers default to none) and status. */
export function podOf(spec: Partial<PodSpec>, status?: PodStatus, metadata: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'pod', namespace: 'default', uid: 'uid-1', ...metadata },
    spec: { containers: [], ...spec },
    ...(status === undefined ? {} : { status }),
  };
}

export const cond = (type: string, status: PodCondition['status'], reason?: string, message?: string): PodCondition => ({
  type,
  status,
  ...(reason === undefined ? {} : { reason }),
  ...(message === undefined ? {} : { message }),
});
