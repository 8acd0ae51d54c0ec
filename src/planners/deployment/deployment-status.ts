// The Deployment status (upstream pkg/controller/deployment sync.go `calculateStatus`,
// `syncDeploymentStatus`, progress.go `syncRolloutStatus`, `requeueStuckDeployment`), §O.8, §O.9.
import type { Deployment, DeploymentStatus } from '../../model/deployment.js';
import type { ReplicaSet, WorkloadCondition } from '../../model/index.js';
import { toMillis, type TimeInput } from '../../model/time.js';
import { REPLICA_FAILURE } from '../replica-set-status.js';
import {
  DeploymentConditionReason as R,
  actualReplicaCount,
  availableReplicaCount,
  deploymentComplete,
  deploymentProgressing,
  deploymentReplicas,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  maxUnavailableOf,
  newDeploymentCondition,
  readyReplicaCount,
  removeDeploymentCondition,
  setDeploymentCondition,
  specReplicaCount,
  terminatingReplicaCount,
} from './deployment-util.js';

/**
 * Upstream `calculateStatus` (§O.8): replicas (Σ status.replicas), updatedReplicas (the new
 * ReplicaSet's status.replicas), readyReplicas, availableReplicas, unavailableReplicas
 * (Σ spec.replicas − available, at least 0), terminatingReplicas (when every ReplicaSet reports
 * it), observedGeneration, the kept collisionCount and conditions, and `Available` True
 * (`MinimumReplicasAvailable`) iff available ≥ replicas − maxUnavailable, else False
 * (`MinimumReplicasUnavailable`).
 *
 * @example
 * ```ts
 * import { calculateDeploymentStatus } from 'podkit/planners';
 * calculateDeploymentStatus(deployment, replicaSets, newReplicaSet, clock.now()).availableReplicas;
 * ```
 */
export function calculateDeploymentStatus(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: TimeInput): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = specReplicaCount(allRSs);
  const terminating = terminatingReplicaCount(allRSs);
  let status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    ...(terminating === undefined ? {} : { terminatingReplicas: terminating }),
    ...(d.status?.conditions === undefined ? {} : { conditions: [...d.status.conditions] }),
    ...(d.status?.collisionCount === undefined ? {} : { collisionCount: d.status.collisionCount }),
  };
  status = available >= deploymentReplicas(d) - maxUnavailableOf(d)
    ? setDeploymentCondition(status, newDeploymentCondition('Available', 'True', R.MinimumReplicasAvailable, 'Deployment has minimum availability.', now))
    : setDeploymentCondition(status, newDeploymentCondition('Available', 'False', R.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  return status;
}

/**
 * Upstream `syncRolloutStatus` (§O.9): the calculated status plus the Progressing condition —
 * removed without a progress deadline; left alone once the rollout completed
 * (`NewReplicaSetAvailable` and no old replicas); else `NewReplicaSetAvailable` when complete,
 * `ReplicaSetUpdated` (lastUpdateTime refreshed, lastTransitionTime kept while True) when
 * progressing, `ProgressDeadlineExceeded` (False) when timed out — and the `ReplicaFailure`
 * condition of the new (else any) ReplicaSet.
 *
 * @example
 * ```ts
 * import { deploymentRolloutStatus } from 'podkit/planners';
 * deploymentRolloutStatus(deployment, replicaSets, newRS, clock.now()).conditions;
 * ```
 */
export function rolloutStatus(d: Deployment, allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined, now: TimeInput): DeploymentStatus {
  let status = calculateDeploymentStatus(d, allRSs, newRS, now);
  if (!hasProgressDeadline(d)) status = removeDeploymentCondition(status, 'Progressing');
  const current = getDeploymentCondition(d.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === R.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const name = d.metadata.name ?? '';
    if (deploymentComplete(d, status)) {
      const msg = newRS !== undefined ? `ReplicaSet "${newRS.metadata.name ?? ''}" has successfully progressed.` : `Deployment "${name}" has successfully progressed.`;
      status = setDeploymentCondition(status, newDeploymentCondition('Progressing', 'True', R.NewReplicaSetAvailable, msg, now));
    } else if (deploymentProgressing(d, status)) {
      const msg = newRS !== undefined ? `ReplicaSet "${newRS.metadata.name ?? ''}" is progressing.` : `Deployment "${name}" is progressing.`;
      let condition = newDeploymentCondition('Progressing', 'True', R.ReplicaSetUpdated, msg, now);
      if (current !== undefined) {
        if (current.status === 'True' && current.lastTransitionTime !== undefined) condition = { ...condition, lastTransitionTime: current.lastTransitionTime };
        status = removeDeploymentCondition(status, 'Progressing');
      }
      status = setDeploymentCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      const msg = newRS !== undefined ? `ReplicaSet "${newRS.metadata.name ?? ''}" has timed out progressing.` : `Deployment "${name}" has timed out progressing.`;
      status = setDeploymentCondition(status, newDeploymentCondition('Progressing', 'False', R.ProgressDeadlineExceeded, msg, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure !== undefined) {
    status = setDeploymentCondition(status, {
      type: REPLICA_FAILURE,
      status: failure.status,
      ...(failure.lastTransitionTime === undefined ? {} : { lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime }),
      ...(failure.reason === undefined ? {} : { reason: failure.reason }),
      ...(failure.message === undefined ? {} : { message: failure.message }),
    });
  } else status = removeDeploymentCondition(status, REPLICA_FAILURE);
  return status;
}

function replicaFailure(allRSs: readonly ReplicaSet[], newRS: ReplicaSet | undefined): WorkloadCondition | undefined {
  const fromNew = newRS?.status?.conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (fromNew !== undefined) return fromNew;
  for (const rs of allRSs) {
    const c = rs.status?.conditions?.find((x) => x.type === REPLICA_FAILURE);
    if (c !== undefined) return c;
  }
  return undefined;
}

/**
 * Upstream `requeueStuckDeployment` (§O.9): with a progress deadline and a Progressing condition
 * that is neither complete nor timed out, when to look again — lastUpdateTime +
 * progressDeadlineSeconds − now, plus one second (0 when under a second). Undefined otherwise.
 *
 * @example
 * ```ts
 * import { stuckDeploymentRequeueMs } from 'podkit/planners';
 * stuckDeploymentRequeueMs(deployment, deployment.status ?? {}, clock.now()); // e.g. 31_000
 * ```
 */
export function stuckDeploymentRequeueMs(d: Deployment, status: DeploymentStatus, now: TimeInput): number | undefined {
  const current = getDeploymentCondition(status, 'Progressing');
  if (!hasProgressDeadline(d) || current === undefined) return undefined;
  if (deploymentComplete(d, status) || current.reason === R.ProgressDeadlineExceeded) return undefined;
  if (current.lastUpdateTime === undefined) return undefined;
  const after = toMillis(current.lastUpdateTime) + (d.spec.progressDeadlineSeconds ?? 0) * 1000 - toMillis(now);
  return after < 1000 ? 0 : after + 1000;
}
