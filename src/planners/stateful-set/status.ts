// StatefulSet status (upstream stateful_set_control.go computeReplicaStatus, updateStatus,
// completeRollingUpdate, inconsistentStatus; §P.7).
import type { Pod } from '../../model/index.js';
import { isPodReady } from '../../model/pod-utils.js';
import type { StatefulSet, StatefulSetStatus } from '../../model/stateful-set.js';
import type { TimeInput } from '../../model/time.js';
import { isPodAvailable } from '../replica-set-status.js';
import { podRevision } from './identity.js';

/** `isRunningAndReady`: phase Running and the Ready condition True. */
export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

/** `isRunningAndAvailable`: running and ready for more than `minReadySeconds`. */
export function isRunningAndAvailable(pod: Pod, minReadySeconds: number, now: TimeInput): boolean {
  return pod.status?.phase === 'Running' && isPodAvailable(pod, minReadySeconds, now);
}

/** `isTerminating`: the pod has a deletionTimestamp. */
export function isTerminating(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

/** `isHealthy`: running, ready and not terminating. */
export function isHealthy(pod: Pod): boolean {
  return isRunningAndReady(pod) && !isTerminating(pod);
}

/** The replica counters of a StatefulSet status. */
export interface StatefulSetReplicaCounts {
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly currentReplicas: number;
  readonly updatedReplicas: number;
}

/**
 * `computeReplicaStatus` over existing pods (§P.7): `replicas` counts them all, `readyReplicas`
 * the running and ready ones, `availableReplicas` those ready for more than `minReadySeconds`,
 * `currentReplicas` / `updatedReplicas` the non-terminating ones labelled with the current /
 * update revision name.
 *
 * @example
 * ```ts
 * import { countStatefulSetReplicas } from 'podkit/planners';
 * countStatefulSetReplicas(pods, 0, 'web-1', 'web-2', clock.now()).readyReplicas;
 * ```
 */
export function countStatefulSetReplicas(
  pods: readonly Pod[],
  minReadySeconds: number,
  currentRevision: string,
  updateRevision: string,
  now: TimeInput,
): StatefulSetReplicaCounts {
  let replicas = 0;
  let readyReplicas = 0;
  let availableReplicas = 0;
  let currentReplicas = 0;
  let updatedReplicas = 0;
  for (const pod of pods) {
    replicas++;
    if (isRunningAndReady(pod)) {
      readyReplicas++;
      if (isRunningAndAvailable(pod, minReadySeconds, now)) availableReplicas++;
    }
    if (!isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === currentRevision) currentReplicas++;
      if (rev === updateRevision) updatedReplicas++;
    }
  }
  return { replicas, readyReplicas, availableReplicas, currentReplicas, updatedReplicas };
}

/**
 * `completeRollingUpdate`: with RollingUpdate, once every replica is updated and ready, the update
 * revision becomes the current one (`currentReplicas = updatedReplicas`).
 */
export function completeRollingUpdate(sts: StatefulSet, status: StatefulSetStatus): StatefulSetStatus {
  const want = sts.spec.replicas ?? 1;
  if (
    (sts.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' &&
    status.updatedReplicas === want && status.readyReplicas === want && status.replicas === want
  ) {
    return { ...status, currentReplicas: status.updatedReplicas, ...(status.updateRevision === undefined ? {} : { currentRevision: status.updateRevision }) };
  }
  return status;
}

/** `inconsistentStatus`: whether the computed status differs from the stored one (and must be written). */
export function statefulSetStatusChanged(sts: StatefulSet, status: StatefulSetStatus): boolean {
  const old = sts.status;
  return (
    (status.observedGeneration ?? 0) > (old?.observedGeneration ?? 0) ||
    status.replicas !== (old?.replicas ?? 0) ||
    (status.currentReplicas ?? 0) !== (old?.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (old?.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (old?.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (old?.currentRevision ?? '') ||
    (status.availableReplicas ?? 0) !== (old?.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (old?.updateRevision ?? '') ||
    (status.collisionCount ?? 0) !== (old?.collisionCount ?? 0)
  );
}
