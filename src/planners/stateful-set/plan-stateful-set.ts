// The StatefulSet planner (upstream pkg/controller/statefulset stateful_set_control.go
// updateStatefulSet, processReplica, processCondemned, runForAll,
// updateStatefulSetAfterInvariantEstablished, newVersionedStatefulSetPod; stateful_set.go
// getPodsForStatefulSet; §P.4–§P.7). Pure: the shell executes the actions in order.
import type { Pod } from '../../model/index.js';
import type { ControllerRevision, PersistentVolumeClaim, StatefulSet, StatefulSetStatus } from '../../model/stateful-set.js';
import type { TimeInput } from '../../model/time.js';
import { claimPods, getControllerOf } from '../ownership.js';
import {
  claimsForOrdinal, identityMatches, isMemberOf, newStatefulSetPod, podInOrdinalRange, podOrdinal, podRevision,
  startOrdinal, statefulSetReplicas, storageMatches, withIdentity, withStorage,
} from './identity.js';
import { claimsToReown, podClaimIsStale } from './retention.js';
import { revisionTemplate } from './revisions.js';
import { completeRollingUpdate, countStatefulSetReplicas, isHealthy, isRunningAndAvailable, isRunningAndReady, isTerminating, statefulSetStatusChanged } from './status.js';

/** One write of a StatefulSet plan, executed in order; the shell stops at the first failure. */
export type StatefulSetAction =
  /** Create the claims that do not exist yet, then the pod (`CreateStatefulPod`). */
  | { readonly type: 'createPod'; readonly ordinal: number; readonly pod: Pod; readonly claims: readonly PersistentVolumeClaim[] }
  /** Delete a pod: a failed or succeeded replica (it is recreated later), a condemned one (scale down), or an old revision (update). */
  | { readonly type: 'deletePod'; readonly ordinal: number; readonly pod: Pod; readonly reason: 'Terminated' | 'ScaleDown' | 'Update' }
  /** Restore a pod's identity labels and claim volumes, creating missing claims (`UpdateStatefulPod`). */
  | { readonly type: 'updatePod'; readonly ordinal: number; readonly pod: Pod; readonly claims: readonly PersistentVolumeClaim[] }
  /** A pending pod's missing claims (`createMissingPersistentVolumeClaims`). */
  | { readonly type: 'createClaims'; readonly ordinal: number; readonly claims: readonly PersistentVolumeClaim[] }
  /** Rewrite the owner references of a pod's claims for the retention policy (`UpdatePodClaimForRetentionPolicy`, §P.8). */
  | { readonly type: 'updateClaims'; readonly ordinal: number; readonly claims: readonly PersistentVolumeClaim[] };

/** Inputs of {@link planStatefulSet} besides the set and its pods. */
export interface PlanStatefulSetContext {
  readonly now: TimeInput;
  /** The current revision (from `planStatefulSetRevisions`). */
  readonly currentRevision: ControllerRevision;
  /** The update revision (from `planStatefulSetRevisions`, after it was created). */
  readonly updateRevision: ControllerRevision;
  /** The collision count the update revision was named with. */
  readonly collisionCount: number;
  /** The PersistentVolumeClaims of the set's namespace, by name (default: none). */
  readonly claims?: ReadonlyMap<string, PersistentVolumeClaim>;
  /**
   * The MaxUnavailableStatefulSet feature gate (alpha since 1.24, **off by default in 1.32**):
   * when on, RollingUpdate replaces up to `rollingUpdate.maxUnavailable` pods at a time. Default false.
   */
  readonly maxUnavailableStatefulSet?: boolean;
}

/** What {@link planStatefulSet} decides. */
export interface StatefulSetPlan {
  /** Orphans to adopt (selector and name match). */
  readonly adopt: readonly Pod[];
  /** Owned pods to release (selector or name no longer match). */
  readonly release: readonly Pod[];
  /** The pods the set owns after the claim (the input of the next steps). */
  readonly pods: readonly Pod[];
  /** Writes, in the order upstream performs them. */
  readonly actions: readonly StatefulSetAction[];
  /** The status to record. */
  readonly status: StatefulSetStatus;
  /** True iff `status` differs from the stored one (`inconsistentStatus`). */
  readonly writeStatus: boolean;
  /** Resync after this long (minReadySeconds pending), if set. */
  readonly requeueAfterMs?: number;
}

/**
 * `getStatefulSetMaxUnavailable`: an int or a percent of replicas rounded down; at least 1
 * (used only with the MaxUnavailableStatefulSet gate, §P.6).
 *
 * @example
 * ```ts
 * import { statefulSetMaxUnavailable } from 'podkit/planners';
 * statefulSetMaxUnavailable(sts, 10); // 2 for maxUnavailable '25%'
 * ```
 */
export function statefulSetMaxUnavailable(sts: StatefulSet, replicas: number): number {
  const v = sts.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1;
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    const p = /^([0-9]+)%$/.exec(v);
    n = p === null ? Number.parseInt(v, 10) : Math.floor((Number(p[1]) * replicas) / 100);
    if (Number.isNaN(n)) n = 1;
  }
  return n < 1 ? 1 : n;
}

function claimPodsForSet(sts: StatefulSet, candidates: readonly Pod[]): { claimed: Pod[]; adopt: Pod[]; release: Pod[] } {
  const members: Pod[] = [];
  const release: Pod[] = [];
  for (const pod of candidates) {
    if (isMemberOf(sts, pod)) members.push(pod);
    else if (getControllerOf(pod)?.uid === sts.metadata.uid && sts.metadata.deletionTimestamp === undefined) release.push(pod);
  }
  const r = claimPods(sts, sts.spec.selector, members);
  return { claimed: [...r.claimed], adopt: [...r.adopt], release: [...release, ...r.release] };
}

/**
 * Plans one sync of a StatefulSet (§P.4–§P.7), as upstream `updateStatefulSet`:
 *
 * 1. Claims pods (selector match and a name `<sts>-<ordinal>`), splits them into replicas (ordinal
 *    in `[start, start + replicas)`) and condemned (other valid ordinals, highest first); a missing
 *    replica becomes a new pod at the current revision below the partition, else the update revision.
 * 2. Each replica in ordinal order: a Failed or Succeeded pod is deleted (recreated on a later
 *    sync); a missing one is created with its claims; a pending one gets its missing claims; with
 *    `OrderedReady` the sync stops after a create, at a terminating pod, or at a pod that is not
 *    Running and Ready (and available for `minReadySeconds`); a pod whose identity or claim
 *    volumes drifted is repaired.
 * 3. Condemned pods, highest ordinal first: `OrderedReady` deletes one and stops, waits for a
 *    terminating one, and waits while a pod other than the first unhealthy one is not ready;
 *    `Parallel` deletes them all.
 * 4. `OnDelete` stops here. `RollingUpdate` deletes, from the highest ordinal down to the
 *    partition, the first pod not at the update revision — one at a time, waiting for each
 *    replaced pod to be healthy (with the MaxUnavailableStatefulSet gate: up to `maxUnavailable`
 *    minus the unhealthy replicas).
 * 5. The status counts the observed pods; a finished RollingUpdate makes the update revision
 *    current.
 *
 * A set being deleted only gets its status. Pure: no writes, time and revisions are inputs.
 *
 * @example
 * ```ts
 * import { planStatefulSet } from 'podkit';
 * import { planStatefulSetRevisions } from 'podkit/planners';
 * const rev = planStatefulSetRevisions(sts, revisions);
 * const plan = planStatefulSet(sts, pods, { now: clock.now(), currentRevision: rev.current, updateRevision: rev.update, collisionCount: rev.collisionCount });
 * ```
 */
export function planStatefulSet(sts: StatefulSet, candidates: readonly Pod[], ctx: PlanStatefulSetContext): StatefulSetPlan {
  const { claimed, adopt, release } = claimPodsForSet(sts, candidates);
  const currentName = ctx.currentRevision.metadata.name ?? '';
  const updateName = ctx.updateRevision.metadata.name ?? '';
  const minReady = sts.spec.minReadySeconds ?? 0;
  const replicaCount = statefulSetReplicas(sts);
  const start = startOrdinal(sts);
  const claims = ctx.claims ?? new Map<string, PersistentVolumeClaim>();
  const currentTemplate = revisionTemplate(sts, ctx.currentRevision);
  const updateTemplate = revisionTemplate(sts, ctx.updateRevision);
  const partition = sts.spec.updateStrategy?.rollingUpdate?.partition;

  // Replicas by index (undefined = not created yet) and condemned pods, highest ordinal first.
  const existing: (Pod | undefined)[] = new Array<Pod | undefined>(replicaCount).fill(undefined);
  const condemned: Pod[] = [];
  for (const pod of claimed) {
    if (podInOrdinalRange(pod, sts)) existing[podOrdinal(pod) - start] = pod;
    else if (podOrdinal(pod) >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => podOrdinal(b) - podOrdinal(a));
  const observed = [...existing.filter((p): p is Pod => p !== undefined), ...condemned];

  const newPodAt = (ordinal: number): Pod => {
    const atCurrent = partition !== undefined && ordinal < start + partition;
    return atCurrent ? newStatefulSetPod(sts, currentTemplate, ordinal, currentName) : newStatefulSetPod(sts, updateTemplate, ordinal, updateName);
  };
  const missingClaims = (ordinal: number): PersistentVolumeClaim[] => claimsForOrdinal(sts, ordinal).filter((c) => !claims.has(c.metadata.name ?? ''));

  // The first unhealthy pod: the lowest-index unhealthy replica (a missing one counts), else the
  // lowest-ordinal unhealthy condemned pod.
  let firstUnhealthy: Pod | undefined;
  for (const p of existing) if (p === undefined || !isHealthy(p)) { firstUnhealthy = p; break; }
  if (firstUnhealthy === undefined && !existing.some((p) => p === undefined)) {
    for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i] as Pod)) { firstUnhealthy = condemned[i]; break; }
  }

  const counts = countStatefulSetReplicas(observed, minReady, currentName, updateName, ctx.now);
  let status: StatefulSetStatus = {
    observedGeneration: sts.metadata.generation ?? 0,
    ...counts,
    currentRevision: currentName,
    updateRevision: updateName,
    collisionCount: ctx.collisionCount,
  };
  const actions: StatefulSetAction[] = [];
  const finish = (): StatefulSetPlan => {
    const final = completeRollingUpdate(sts, status);
    const requeue = minReady > 0 && (final.availableReplicas ?? 0) !== replicaCount ? minReady * 1000 : undefined;
    return { adopt, release, pods: claimed, actions, status: final, writeStatus: statefulSetStatusChanged(sts, final), ...(requeue === undefined ? {} : { requeueAfterMs: requeue }) };
  };
  if (sts.metadata.deletionTimestamp !== undefined) return finish();
  const monotonic = sts.spec.podManagementPolicy !== 'Parallel';

  // processReplica: returns true when a monotonic sync must stop.
  const processReplica = (i: number): boolean => {
    const ordinal = start + i;
    const pod = existing[i];
    if (pod !== undefined && (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded')) {
      if (!isTerminating(pod)) actions.push({ type: 'deletePod', ordinal, pod, reason: 'Terminated' });
      return true;
    }
    if (pod === undefined) {
      const fresh = newPodAt(ordinal);
      // A claim still owned by an earlier pod of this name (or being deleted) goes first (PodClaimIsStale).
      if (podClaimIsStale(sts, fresh.metadata.name ?? '', ordinal, claims) || claimsForOrdinal(sts, ordinal).some((c) => claims.get(c.metadata.name ?? '')?.metadata.deletionTimestamp !== undefined)) return true;
      actions.push({ type: 'createPod', ordinal, pod: fresh, claims: missingClaims(ordinal) });
      return monotonic;
    }
    if (pod.status?.phase === 'Pending') {
      const missing = missingClaims(ordinal);
      if (missing.length > 0) actions.push({ type: 'createClaims', ordinal, claims: missing });
    }
    if (isTerminating(pod) && monotonic) return true;
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (!isRunningAndAvailable(pod, minReady, ctx.now) && monotonic) return true;
    const reown = claimsToReown(sts, pod, ordinal, claims);
    if (reown.length > 0) actions.push({ type: 'updateClaims', ordinal, claims: reown });
    if (identityMatches(sts, pod) && storageMatches(sts, pod)) return false;
    actions.push({ type: 'updatePod', ordinal, pod: withStorage(sts, withIdentity(sts, pod, ordinal), ordinal), claims: missingClaims(ordinal) });
    return false;
  };
  for (let i = 0; i < replicaCount; i++) if (processReplica(i) && monotonic) return finish();

  // The claims of condemned pods get their scale-down owners (fixPodClaim), then processCondemned.
  for (const pod of condemned) {
    const reown = claimsToReown(sts, pod, podOrdinal(pod), claims);
    if (reown.length > 0) actions.push({ type: 'updateClaims', ordinal: podOrdinal(pod), claims: reown });
  }
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return finish();
      continue;
    }
    if (monotonic && pod !== firstUnhealthy && (!isRunningAndReady(pod) || !isRunningAndAvailable(pod, minReady, ctx.now))) return finish();
    actions.push({ type: 'deletePod', ordinal: podOrdinal(pod), pod, reason: 'ScaleDown' });
    if (monotonic) return finish();
  }

  const strategy = sts.spec.updateStrategy?.type ?? 'RollingUpdate';
  if (strategy === 'OnDelete') return finish();
  const updateMin = partition ?? 0;
  let current = status.currentReplicas ?? 0;
  if (ctx.maxUnavailableStatefulSet === true) {
    const maxUnavailable = statefulSetMaxUnavailable(sts, replicaCount);
    const unavailable = existing.filter((p) => p === undefined || !isHealthy(p)).length;
    if (unavailable < maxUnavailable) {
      let deleted = 0;
      for (let i = replicaCount - 1; i >= updateMin && deleted < maxUnavailable - unavailable; i--) {
        const pod = existing[i];
        if (pod !== undefined && podRevision(pod) !== updateName && !isTerminating(pod)) {
          actions.push({ type: 'deletePod', ordinal: start + i, pod, reason: 'Update' });
          deleted++;
          current--;
        }
      }
    }
  } else {
    for (let i = replicaCount - 1; i >= updateMin; i--) {
      const pod = existing[i];
      if (pod !== undefined && podRevision(pod) !== updateName && !isTerminating(pod)) {
        actions.push({ type: 'deletePod', ordinal: start + i, pod, reason: 'Update' });
        current--;
        break;
      }
      if (pod === undefined || !isHealthy(pod)) break;
    }
  }
  status = { ...status, currentReplicas: current };
  return finish();
}

