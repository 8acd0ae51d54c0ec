// Finished-pod bookkeeping with the tracking finalizer (upstream
// `trackJobStatusAndRemoveFinalizers`, `flushUncountedAndRemoveFinalizers`,
// `cleanUncountedPodsWithoutFinalizers`, `enactJobFinished`; k8s-semantics §I.2, §I.3.6).
import type { JobStatus, Pod, WorkloadCondition } from '../../model/index.js';
import { formatIndexIntervals, intervalsHas, withOrderedIndexes } from './indexes.js';
import { ensureJobConditionStatus, newJobCondition } from './job-conditions.js';
import { JOB_MAX_UNCOUNTED_PODS, JobConditionType } from './job-constants.js';
import { getCompletionIndex, hasJobTrackingFinalizer, isJobPodFailed, UNKNOWN_COMPLETION_INDEX } from './job-pods.js';
import { type JobSyncState, podUid } from './job-sync-state.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** The outcome of {@link trackJobStatus}. */
export interface TrackResult {
  /** The status to write before removing finalizers (uncounted UIDs added, interim conditions). */
  readonly interimStatus: JobStatus;
  /** Whether `interimStatus` must be written (upstream `needsFlush` before the removals). */
  readonly writeInterim: boolean;
  /** Pods whose tracking finalizer is removed in this sync. */
  readonly removeFinalizers: readonly Pod[];
  /** UIDs of the pods that keep their finalizer (not being removed now). */
  readonly keepFinalizer: readonly string[];
  /** The status once every removal succeeded: uncounted UIDs counted, final condition. */
  readonly status: JobStatus;
  /** Whether `status` must be written after the removals. */
  readonly writeStatus: boolean;
  /** The `Complete` or `Failed` condition added in this sync, if the Job finished. */
  readonly finished: WorkloadCondition | undefined;
}

function uncountedOf(status: JobStatus): { succeeded: string[]; failed: string[] } {
  return {
    succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])],
    failed: [...(status.uncountedTerminatedPods?.failed ?? [])],
  };
}

function withUncounted(status: JobStatus, u: { succeeded: readonly string[]; failed: readonly string[] }): JobStatus {
  return {
    ...status,
    uncountedTerminatedPods: {
      ...(u.succeeded.length > 0 ? { succeeded: [...u.succeeded] } : {}),
      ...(u.failed.length > 0 ? { failed: [...u.failed] } : {}),
    },
  };
}

/**
 * Upstream `cleanUncountedPodsWithoutFinalizers`: UIDs in `uncountedTerminatedPods` whose pod no
 * longer holds the finalizer (not in `withFinalizer`) move into `succeeded` / `failed`. Returns the
 * new status and whether anything changed.
 */
export function countPodsWithoutFinalizers(status: JobStatus, withFinalizer: ReadonlySet<string>): { status: JobStatus; changed: boolean } {
  const u = uncountedOf(status);
  const succeeded = u.succeeded.filter((uid) => withFinalizer.has(uid));
  const failed = u.failed.filter((uid) => withFinalizer.has(uid));
  const changed = succeeded.length !== u.succeeded.length || failed.length !== u.failed.length;
  if (!changed) return { status, changed };
  return {
    status: withUncounted(
      {
        ...status,
        succeeded: (status.succeeded ?? 0) + u.succeeded.length - succeeded.length,
        failed: (status.failed ?? 0) + u.failed.length - failed.length,
      },
      { succeeded, failed },
    ),
    changed,
  };
}

/** Upstream `canRemoveFinalizer`. */
function canRemoveFinalizer(s: JobSyncState, pod: Pod, consideredFailed: boolean): boolean {
  if (s.rj.job.metadata.deletionTimestamp !== undefined || s.finishedCondition !== undefined || pod.status?.phase === 'Succeeded') {
    return true;
  }
  if (!consideredFailed) return false;
  const delayed = s.podsWithDelayedDeletionPerIndex;
  if (delayed !== undefined) {
    const ix = getCompletionIndex(pod);
    if (ix !== UNKNOWN_COMPLETION_INDEX && delayed.get(ix) === pod) return false;
  }
  return true;
}

/**
 * Counts finished pods through `uncountedTerminatedPods` and the tracking finalizer (§I.2):
 * finished pods (and, once the Job is failing, every pod) still holding the finalizer are added to
 * the uncounted lists (Indexed successes go to `completedIndexes` instead), at most 500 entries per
 * sync; the interim `FailureTarget` / `SuccessCriteriaMet` condition is appended; then, assuming the
 * finalizer removals succeed, the uncounted UIDs are counted and the final `Failed` / `Complete`
 * condition is added once nothing is uncounted and no pod is terminating.
 */
export function trackJobStatus(s: JobSyncState, base: JobStatus, needsFlushIn: boolean): TrackResult {
  const rj = s.rj;
  let needsFlush = needsFlushIn;
  let pods = s.pods;
  if (rj.indexed) {
    pods = s.pods
      .map((pod) => ({ pod, ix: getCompletionIndex(pod) }))
      .sort((a, b) => a.ix - b.ix)
      .map((x) => x.pod);
  }
  const withFinalizer = new Set<string>();
  for (const p of pods) if (hasJobTrackingFinalizer(p) && !s.expectedRmFinalizers.has(podUid(p))) withFinalizer.add(podUid(p));

  const cleaned = countPodsWithoutFinalizers(base, withFinalizer);
  if (cleaned.changed) needsFlush = true;
  let status = cleaned.status;
  const uncounted = uncountedOf(status);
  const newSucceededIndexes: number[] = [];
  const removeFinalizers: Pod[] = [];
  const pfp = rj.job.spec.podFailurePolicy;
  const failing = s.finishedCondition !== undefined && s.finishedCondition.type !== JobConditionType.SuccessCriteriaMet;
  let reachedMax = false;
  for (const pod of pods) {
    const uid = podUid(pod);
    if (!hasJobTrackingFinalizer(pod) || s.expectedRmFinalizers.has(uid)) continue;
    const failed = isJobPodFailed(pod, rj.onlyReplaceFailedPods);
    if (!canRemoveFinalizer(s, pod, failed)) continue;
    removeFinalizers.push(pod);
    const ix = getCompletionIndex(pod);
    if (pod.status?.phase === 'Succeeded' && !s.uncountedFailed.has(uid)) {
      if (rj.indexed) {
        if (ix !== UNKNOWN_COMPLETION_INDEX && ix < (rj.completions as number) && !intervalsHas(s.prevSucceededIndexes, ix)) {
          newSucceededIndexes.push(ix);
          needsFlush = true;
        }
      } else if (!s.uncountedSucceeded.has(uid)) {
        needsFlush = true;
        uncounted.succeeded.push(uid);
      }
    } else if (failed || failing) {
      const validIx = !rj.indexed || (ix !== UNKNOWN_COMPLETION_INDEX && ix < (rj.completions as number));
      if (!s.uncountedFailed.has(uid) && validIx && (pfp === undefined || matchPodFailurePolicy(pfp, pod).countFailed)) {
        needsFlush = true;
        uncounted.failed.push(uid);
      }
    }
    if (newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= JOB_MAX_UNCOUNTED_PODS) {
      reachedMax = true;
      break;
    }
  }
  status = withUncounted(status, uncounted);
  if (rj.indexed) {
    s.succeededIndexes = withOrderedIndexes(s.succeededIndexes, newSucceededIndexes);
    const text = formatIndexIntervals(s.succeededIndexes);
    if (text !== (rj.job.status?.completedIndexes ?? '')) needsFlush = true;
    let total = 0;
    for (const v of s.succeededIndexes) total += v.last - v.first + 1;
    const { completedIndexes: _drop, ...rest } = status;
    status = { ...rest, succeeded: total, ...(text === '' ? {} : { completedIndexes: text }) };
    if (s.failedIndexes !== undefined) {
      const failedText = formatIndexIntervals(s.failedIndexes);
      if (failedText !== rj.job.status?.failedIndexes) needsFlush = true;
      status = { ...status, failedIndexes: failedText };
    }
  }
  let finishedCondition = s.finishedCondition;
  if (finishedCondition?.type === JobConditionType.FailureTarget) {
    status = { ...status, conditions: [...(status.conditions ?? []), finishedCondition] };
    needsFlush = true;
    finishedCondition = newJobCondition(JobConditionType.Failed, 'True', finishedCondition.reason ?? '', finishedCondition.message ?? '', s.nowText);
  }
  if (finishedCondition?.type === JobConditionType.SuccessCriteriaMet && finishedCondition.status === 'True') {
    if (!(status.conditions ?? []).some((c) => c.type === JobConditionType.SuccessCriteriaMet && c.status === 'True')) {
      status = { ...status, conditions: [...(status.conditions ?? []), finishedCondition] };
      needsFlush = true;
    }
    finishedCondition = newJobCondition(JobConditionType.Complete, 'True', finishedCondition.reason ?? '', finishedCondition.message ?? '', s.nowText);
  }

  const interimStatus = status;
  const writeInterim = needsFlush;
  needsFlush = false;
  const removed = new Set(removeFinalizers.map(podUid));
  const keep = new Set([...withFinalizer].filter((uid) => !removed.has(uid)));
  const counted = countPodsWithoutFinalizers(status, keep);
  if (counted.changed) needsFlush = true;
  status = counted.status;

  let finished: WorkloadCondition | undefined;
  const u = status.uncountedTerminatedPods;
  const uncountedLeft = (u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0);
  if (!reachedMax && finishedCondition !== undefined && uncountedLeft === 0 && s.terminating === 0) {
    const ensured = ensureJobConditionStatus(
      status.conditions ?? [],
      finishedCondition.type,
      finishedCondition.status,
      finishedCondition.reason ?? '',
      finishedCondition.message ?? '',
      s.nowText,
    );
    status = { ...status, conditions: ensured.conditions };
    if (finishedCondition.type === JobConditionType.Complete) status = { ...status, completionTime: finishedCondition.lastTransitionTime ?? s.nowText };
    finished = ensured.conditions.find((c) => c.type === finishedCondition.type);
    needsFlush = true;
  }
  return {
    interimStatus,
    writeInterim,
    removeFinalizers,
    keepFinalizer: [...keep],
    status,
    writeStatus: needsFlush,
    finished,
  };
}
