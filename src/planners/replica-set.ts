import type { Pod, ReplicaSet, ReplicaSetStatus } from '../model/index.js';
import { objectKey } from '../model/pod-utils.js';
import { podFacts } from './pod-facts.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { type ControllerExpectations, expectationsSatisfied, expectCreations, expectDeletions } from './expectations.js';
import { claimPods, getControllerOf } from './ownership.js';
import { sortPodsForDeletion } from './rank-pods.js';
import { calculateReplicaSetStatus, desiredReplicas } from './replica-set-status.js';
import { slowStartBatches } from './slow-start.js';
import { expandTemplate } from './template.js';

/** The most pods a ReplicaSet creates or deletes in one sync (upstream `BurstReplicas`). */
export const REPLICA_SET_BURST_REPLICAS = 500;

/** Inputs of {@link planReplicaSet} besides the ReplicaSet and its namespace's pods. */
export interface PlanReplicaSetContext {
  /** The current time (epoch ms, Date or RFC 3339). */
  readonly now: TimeInput;
  /** The expectations the shell holds for this ReplicaSet's key (undefined: none, satisfied). */
  readonly expectations?: ControllerExpectations | undefined;
  /** The error of the shell's last create/delete round, if it failed (drives `ReplicaFailure`). */
  readonly manageError?: string | undefined;
  /**
   * Pods of every ReplicaSet controlled by the same owner as this one (same Deployment), used to
   * rank pods for deletion by co-location (§H.4). Default: this ReplicaSet's claimed pods.
   */
  readonly relatedPods?: readonly Pod[] | undefined;
  /** Create/delete cap per sync (default 500). */
  readonly burstReplicas?: number | undefined;
  /** Report `status.terminatingReplicas` (gate DeploymentReplicaSetTerminatingReplicas). Default false. */
  readonly trackTerminatingReplicas?: boolean | undefined;
}

/**
 * What one ReplicaSet sync should do. The shell applies it in this order: `release` and `adopt`
 * (patch ownerReferences; on any failure stop and requeue, as upstream aborts the sync), then set
 * `expectations` (when defined) and run `creates` in `createBatches` (slow start: stop after a
 * batch with a failure, lowering the expectations by the creations that failed or were never
 * attempted) or `deletes` (in parallel; a failed or not-found delete lowers the expectations with
 * `deletionObserved`), then write `status` (recomputed with {@link calculateReplicaSetStatus} and
 * the actual manage error if one happened), then requeue after `requeueAfterMs` if set.
 */
export interface ReplicaSetPlan {
  /** The ReplicaSet's key, `namespace/name` (the expectations key). */
  readonly key: string;
  /** Whether expectations were satisfied (so creates/deletes were planned at all). */
  readonly needsSync: boolean;
  /** The active pods this ReplicaSet owns after the claim (the basis of the status). */
  readonly claimed: readonly Pod[];
  /** Orphans to adopt (patch in the controllerRef). */
  readonly adopt: readonly Pod[];
  /** Owned pods whose labels stopped matching (patch away the controllerRef). */
  readonly release: readonly Pod[];
  /** New pods from the template (`generateName`, no name), at most `burstReplicas`. */
  readonly creates: readonly Pod[];
  /** Slow-start batch sizes for `creates` (1, 2, 4, ...), summing to `creates.length`. */
  readonly createBatches: readonly number[];
  /** Pods to delete, most deletable first (§H.4), at most `burstReplicas`. */
  readonly deletes: readonly Pod[];
  /** `namespace/name` of each pod in `deletes`. */
  readonly deleteKeys: readonly string[];
  /** Expectations to record before creating/deleting; undefined when nothing is created or deleted. */
  readonly expectations?: ControllerExpectations | undefined;
  /** The status to write (computed from `claimed` and `ctx.manageError`). */
  readonly status: ReplicaSetStatus;
  /** Requeue after this many ms: minReadySeconds (+1 ms, past the strict availability boundary) when all pods are ready but not yet all available. */
  readonly requeueAfterMs?: number | undefined;
}

/**
 * Plans one sync of a ReplicaSet (upstream `syncReplicaSet` + `manageReplicas`, §H.1–H.7).
 * `pods` are the pods of the ReplicaSet's namespace (pods of other namespaces are ignored);
 * inactive pods (terminal or being deleted) are ignored, the rest are claimed (adopt/release).
 * When expectations are satisfied and the ReplicaSet is not being deleted, the difference
 * `claimed − spec.replicas` becomes creates (from the template, cookie-cutter) or ranked
 * deletes, capped by `burstReplicas`. The status is always computed. Pure: executes nothing.
 *
 * @example
 * ```ts
 * import { planReplicaSet } from 'podkit';
 * const plan = planReplicaSet(rs, podsInNamespace, { now: clock.now(), expectations: exp.get(key) });
 * for (const pod of plan.creates) store.create(pod);
 * ```
 */
export function planReplicaSet(rs: ReplicaSet, pods: readonly Pod[], ctx: PlanReplicaSetContext): ReplicaSetPlan {
  const now = toMillis(ctx.now);
  const key = objectKey(rs);
  const namespace = rs.metadata.namespace ?? 'default';
  const burst = ctx.burstReplicas ?? REPLICA_SET_BURST_REPLICAS;
  const inNamespace: Pod[] = [];
  const active: Pod[] = [];
  for (const p of pods) {
    const facts = podFacts(p);
    if (facts.namespace !== namespace) continue;
    inNamespace.push(p);
    if (facts.active) active.push(p);
  }
  const { claimed, adopt, release } = claimPods(rs, rs.spec.selector, active);
  const needsSync = expectationsSatisfied(ctx.expectations, now);
  const deleting = rs.metadata.deletionTimestamp !== undefined;

  let creates: Pod[] = [];
  let deletes: Pod[] = [];
  let expectations: ControllerExpectations | undefined;
  if (needsSync && !deleting) {
    const diff = claimed.length - desiredReplicas(rs);
    if (diff < 0) {
      const n = Math.min(-diff, burst);
      creates = Array.from({ length: n }, () => expandTemplate(rs.spec.template, rs, { namespace }));
      expectations = expectCreations(n, now);
    } else if (diff > 0) {
      const n = Math.min(diff, burst);
      deletes = podsToDelete(claimed, ctx.relatedPods ?? claimed, n, now);
      expectations = expectDeletions(deletes.map(objectKey), now);
    }
  }

  const uid = rs.metadata.uid;
  const terminatingPods = ctx.trackTerminatingReplicas
    ? inNamespace.filter((p) => p.metadata.deletionTimestamp !== undefined && getControllerOf(p)?.uid === uid)
    : undefined;
  const status = calculateReplicaSetStatus(rs, claimed, ctx.manageError, now, terminatingPods === undefined ? {} : { terminatingPods });
  const replicas = desiredReplicas(rs);
  const minReady = rs.spec.minReadySeconds ?? 0;
  const requeue =
    ctx.manageError === undefined && minReady > 0 && status.readyReplicas === replicas && status.availableReplicas !== replicas;

  return {
    key,
    needsSync,
    claimed,
    adopt,
    release,
    creates,
    createBatches: slowStartBatches(creates.length),
    deletes,
    deleteKeys: deletes.map(objectKey),
    ...(expectations === undefined ? {} : { expectations }),
    status,
    // Upstream requeues after exactly minReadySeconds; on a real clock the sync then runs a little
    // later, past IsPodAvailable's strict `Before`. On a virtual clock "exactly" is the boundary
    // itself, where the pods are not yet available: 1 ms more is the earliest instant a real clock
    // could reach, so availability shows at minReadySeconds, not at the next unrelated event.
    ...(requeue ? { requeueAfterMs: minReady * 1000 + 1 } : {}),
  };
}

/**
 * The `count` pods to delete (upstream `getPodsToDelete`): when every pod goes, no sorting;
 * otherwise ranked by {@link sortPodsForDeletion} with ranks from `relatedPods`.
 */
export function podsToDelete(pods: readonly Pod[], relatedPods: readonly Pod[], count: number, now?: TimeInput): Pod[] {
  if (count >= pods.length) return [...pods];
  return sortPodsForDeletion(pods, { relatedPods, limit: count, ...(now === undefined ? {} : { now }) });
}
