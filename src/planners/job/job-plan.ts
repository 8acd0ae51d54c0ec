// The input and output types of `planJob` (the contract with the Job controller shell).
import type { Job, JobStatus, Pod, WorkloadCondition } from '../../model/index.js';
import type { TimeInput } from '../../model/time.js';
import type { ControllerExpectations } from '../expectations.js';
import type { JobBackoffRecord } from './backoff.js';

/** Inputs of {@link planJob} besides the Job and the pods of its namespace. */
export interface PlanJobContext {
  /** The current time (epoch ms, Date or RFC 3339). */
  readonly now: TimeInput;
  /** The Job's back-off record kept by the shell since the previous sync (undefined: none). */
  readonly backoff?: JobBackoffRecord | undefined;
  /** The pod-creation/deletion expectations the shell holds for this Job's key. */
  readonly expectations?: ControllerExpectations | undefined;
  /** Overrides the check of `expectations` (true: the informer has seen every write). */
  readonly expectationsSatisfied?: boolean | undefined;
  /**
   * UIDs of pods whose finalizer removal was requested but not yet observed (upstream
   * `finalizerExpectations`); such pods are treated as already counted. Default: none.
   */
  readonly expectedFinalizerRemovals?: ReadonlySet<string> | readonly string[] | undefined;
}

/** A pod the plan deletes. */
export interface JobPodDeletion {
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
  /**
   * Remove the `batch.kubernetes.io/job-tracking` finalizer before deleting (manageJob's deletions
   * for suspend or scale-down: such pods are never counted as failed). False when the Job is
   * finishing: the pod is deleted with its finalizer and counted by the tracking step.
   */
  readonly removeFinalizerFirst: boolean;
}

/** An event the shell records on the Job (upstream `recorder.Event`). */
export interface JobEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/**
 * What one Job sync should do (upstream `syncJob`). The shell applies it in this order:
 * 1. `release` then `adopt` (patch ownerReferences; adopted pods also get the tracking finalizer).
 * 2. Set `expectations` (when defined), then `deletes` (in parallel; a failed or not-found delete
 *    lowers the expectations) or `creates` in `createBatches` (slow start: stop after a batch with a
 *    failure and lower the expectations for failed and skipped pods). Upstream then reports
 *    `active` minus the failed and skipped creations: the shell should subtract them from
 *    `status.active` / `interimStatus.active`. If a delete of a finishing Job fails, skip steps 3–5
 *    and requeue with rate limit (upstream writes the status without the terminal condition; the
 *    next sync converges to the same result).
 * 3. If `writeInterimStatus`, write `interimStatus` (`uncountedTerminatedPods` and the interim
 *    `FailureTarget` / `SuccessCriteriaMet` condition); on success store `backoff` as the Job's
 *    record. On failure stop and requeue.
 * 4. Remove the tracking finalizer from `removeFinalizers`, recording them as expected removals.
 *    If some removals fail, write {@link jobStatusAfterFinalizerRemoval}`(plan, failedUids)` and
 *    requeue with rate limit.
 * 5. Otherwise, if `writeStatus`, write `status`; then record `events`.
 * 6. Requeue after `requeueAfterMs` if set; delete the Job (propagation Foreground) if `deleteJob`.
 */
export interface JobPlan {
  /** The Job's key, `namespace/name` (the expectations and back-off key). */
  readonly key: string;
  /** `sync`: a normal sync; `finished`: the Job had already finished (only TTL work); `skip`: not ours. */
  readonly action: 'sync' | 'finished' | 'skip';
  /** Why the sync was skipped (`action: 'skip'`). */
  readonly skipReason?: string;
  /** The Job with the API defaults applied (what the plan was computed from). */
  readonly job: Job;
  /** Orphans to adopt: patch in the controllerRef and the tracking finalizer. */
  readonly adopt: readonly Pod[];
  /** Owned pods whose labels stopped matching: patch away the controllerRef. */
  readonly release: readonly Pod[];
  /** Pods to delete. */
  readonly deletes: readonly JobPodDeletion[];
  /** New pods (generateName, no name), at most 500. */
  readonly creates: readonly Pod[];
  /** Slow-start batch sizes for `creates` (1, 2, 4, ...). */
  readonly createBatches: readonly number[];
  /** Expectations to set before deleting or creating (manageJob only). */
  readonly expectations?: ControllerExpectations;
  /**
   * The status before the finalizer removals: `uncountedTerminatedPods` filled, interim
   * `FailureTarget` / `SuccessCriteriaMet` condition added. Written only if `writeInterimStatus`.
   */
  readonly interimStatus: JobStatus;
  /** Whether `interimStatus` must be written before removing finalizers (upstream's first flush). */
  readonly writeInterimStatus: boolean;
  /** Pods whose tracking finalizer is removed after `interimStatus` is written. */
  readonly removeFinalizers: readonly Pod[];
  /** UIDs of the pods that keep their finalizer (for {@link jobStatusAfterFinalizerRemoval}). */
  readonly keepFinalizer: readonly string[];
  /** The Job status after the whole sync, assuming every write and removal succeeds. */
  readonly status: JobStatus;
  /** Whether `status` must be written after the finalizer removals. */
  readonly writeStatus: boolean;
  /** The `Complete` or `Failed` condition this sync adds, if the Job finishes now. */
  readonly finished?: WorkloadCondition;
  /** The back-off record to keep for the next sync (undefined: drop it). */
  readonly backoff: JobBackoffRecord | undefined;
  /** Sync again after this many ms (back-off, activeDeadlineSeconds, TTL). */
  readonly requeueAfterMs?: number;
  /** Delete the Job (its TTL after finishing expired), with foreground propagation. */
  readonly deleteJob?: { readonly propagationPolicy: 'Foreground' };
  /** Events to record once the status is written. */
  readonly events: readonly JobEvent[];
}
