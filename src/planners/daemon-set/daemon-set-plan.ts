// The input and output types of `planDaemonSet` (the contract with the DaemonSet controller shell).
import type { DaemonSet, DaemonSetStatus, Pod } from '../../model/index.js';
import type { TimeInput } from '../../model/time.js';
import type { ControllerExpectations } from '../expectations.js';
import type { DaemonSetBackoff } from './failed-pod-backoff.js';

/** Inputs of {@link planDaemonSet} besides the DaemonSet, the nodes and the pods of its namespace. */
export interface PlanDaemonSetContext {
  /** The current time (epoch ms, Date or RFC 3339). */
  readonly now: TimeInput;
  /**
   * The current template hash (the `controller-revision-hash` of the current ControllerRevision).
   * Default: {@link computeTemplateHash}`(ds.spec.template, ds.status.collisionCount)`.
   */
  readonly hash?: string | undefined;
  /** The failed-pod back-off entries kept by the shell since the previous sync (default: none). */
  readonly failedPodsBackoff?: DaemonSetBackoff | undefined;
  /** The expectations the shell holds for this DaemonSet's key. */
  readonly expectations?: ControllerExpectations | undefined;
  /** Overrides the check of `expectations`. */
  readonly expectationsSatisfied?: boolean | undefined;
  /** Create/delete cap per sync (upstream `BurstReplicas`, default 250). */
  readonly burstReplicas?: number | undefined;
}

/** A daemon pod to create, with the node it is bound to (through node affinity). */
export interface DaemonPodCreation {
  readonly nodeName: string;
  readonly pod: Pod;
}

/** A pod the plan deletes. */
export interface DaemonPodDeletion {
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
}

/** An event the shell records on the DaemonSet. */
export interface DaemonSetEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/**
 * What one DaemonSet sync should do (upstream `syncDaemonSet`). The shell applies it in order:
 * 1. `release` then `adopt` (patch ownerReferences).
 * 2. When `expectations` is defined, set it; then create `creates` in `createBatches` (slow start:
 *    stop after a batch with a failure, lowering the expectations for failed and skipped pods) and
 *    delete `deletes` in parallel (a failed or not-found delete lowers the expectations).
 * 3. If `writeStatus`, write `status`; record `events`; keep `backoff` for the next sync.
 * 4. Requeue after `requeueAfterMs` if set (failed-pod back-off, minReadySeconds).
 */
export interface DaemonSetPlan {
  /** The DaemonSet's key, `namespace/name`. */
  readonly key: string;
  /** `sync`, or `skip` (being deleted, or a selector that selects everything). */
  readonly action: 'sync' | 'skip';
  /** Why the sync was skipped. */
  readonly skipReason?: string;
  /** The DaemonSet with the API defaults applied. */
  readonly ds: DaemonSet;
  /** The template hash the plan used. */
  readonly hash: string;
  /** Whether expectations were satisfied (so pods were managed and observedGeneration raised). */
  readonly needsSync: boolean;
  /** Orphans to adopt. */
  readonly adopt: readonly Pod[];
  /** Owned pods whose labels stopped matching. */
  readonly release: readonly Pod[];
  /** New daemon pods, at most `burstReplicas`. */
  readonly creates: readonly DaemonPodCreation[];
  /** Slow-start batch sizes for `creates`. */
  readonly createBatches: readonly number[];
  /** Pods to delete, at most `burstReplicas`. */
  readonly deletes: readonly DaemonPodDeletion[];
  /** Expectations to set before creating and deleting (whenever pods were managed). */
  readonly expectations?: ControllerExpectations;
  /** The status computed from the observed pods (before this plan's writes). */
  readonly status: DaemonSetStatus;
  /** Whether `status` differs from the stored one (upstream `storeDaemonSetStatus`). */
  readonly writeStatus: boolean;
  /** The failed-pod back-off to keep for the next sync. */
  readonly backoff: DaemonSetBackoff;
  /** Sync again after this many ms. */
  readonly requeueAfterMs?: number;
  /** Events to record. */
  readonly events: readonly DaemonSetEvent[];
  /** Upstream would return this error after writing the status (the rolling update was aborted). */
  readonly error?: string;
}
