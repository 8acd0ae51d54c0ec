// The facts one Job sync derives from the Job and its pods before deciding anything (upstream
// `syncJobCtx` and its helpers: getNewFinishedPods, calculateSucceededIndexes,
// calculateFailedIndexes, getPodsWithDelayedDeletionPerIndex). Internal to the Job planner.
import type { Pod, WorkloadCondition } from '../../model/index.js';
import { isPodActive, isPodReady, isPodTerminal, objectKey } from '../../model/pod-utils.js';
import { indexFailureCount, indexIgnoredFailureCount, type JobBackoffRecord, podFinishedTime } from './backoff.js';
import { type IndexInterval, intervalsHas, parseIndexIntervals, sortedUnique, withOrderedIndexes } from './indexes.js';
import { getCompletionIndex, hasJobTrackingFinalizer, isJobPodFailed, UNKNOWN_COMPLETION_INDEX } from './job-pods.js';
import type { ResolvedJob } from './job-spec.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** The pod's UID, the key of `uncountedTerminatedPods` (its `namespace/name` when it has no UID). */
export function podUid(pod: Pod): string {
  return pod.metadata.uid ?? objectKey(pod);
}

/** Mutable state of one sync (upstream `syncJobCtx`). */
export interface JobSyncState {
  readonly rj: ResolvedJob;
  readonly now: number;
  readonly nowText: string;
  /** Claimed pods (adopted ones already carry the tracking finalizer). */
  readonly pods: readonly Pod[];
  readonly activePods: readonly Pod[];
  readonly uncountedSucceeded: ReadonlySet<string>;
  readonly uncountedFailed: ReadonlySet<string>;
  readonly expectedRmFinalizers: ReadonlySet<string>;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  newBackoff: JobBackoffRecord;
  finishedCondition: WorkloadCondition | undefined;
  prevSucceededIndexes: IndexInterval[];
  succeededIndexes: IndexInterval[];
  failedIndexes: IndexInterval[] | undefined;
  podsWithDelayedDeletionPerIndex: Map<number, Pod> | undefined;
}

/** True for a pod being deleted that is not terminal yet (upstream `IsPodTerminating`). */
export function isPodTerminating(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined;
}

/** True iff the pod has a valid completion index for this Indexed Job (or the Job is not Indexed). */
function hasValidIndex(rj: ResolvedJob, pod: Pod): boolean {
  if (!rj.indexed) return true;
  const ix = getCompletionIndex(pod);
  return ix !== UNKNOWN_COMPLETION_INDEX && ix < (rj.completions as number);
}

/**
 * Upstream `getValidPodsWithFilter`: pods that still carry the tracking finalizer, are not in
 * `exclude` nor expected to lose their finalizer, have a valid index (Indexed Jobs), and pass
 * `filter`.
 */
export function validPods(
  rj: ResolvedJob,
  pods: readonly Pod[],
  expectedRm: ReadonlySet<string>,
  exclude: ReadonlySet<string> | undefined,
  filter: (pod: Pod) => boolean,
): Pod[] {
  const out: Pod[] = [];
  for (const p of pods) {
    const uid = podUid(p);
    if (!hasJobTrackingFinalizer(p) || exclude?.has(uid) === true || expectedRm.has(uid)) continue;
    if (!hasValidIndex(rj, p)) continue;
    if (filter(p)) out.push(p);
  }
  return out;
}

/** Whether the failure of this pod fails its index (upstream `isIndexFailed`, §I.7). */
function isIndexFailed(rj: ResolvedJob, pod: Pod): boolean {
  if (!isJobPodFailed(pod, rj.onlyReplaceFailedPods)) return false;
  let counted = true;
  const pfp = rj.job.spec.podFailurePolicy;
  if (pfp !== undefined) {
    const m = matchPodFailurePolicy(pfp, pod);
    if (m.action === 'FailIndex') return true;
    counted = m.countFailed;
  }
  return counted && indexFailureCount(pod) >= (rj.backoffLimitPerIndex as number);
}

/** Sorted indexes (valid, below completions, with finalizer) of the pods passing `filter`. */
function newIndexes(rj: ResolvedJob, pods: readonly Pod[], filter: (p: Pod) => boolean): number[] {
  const completions = rj.completions as number;
  const out: number[] = [];
  for (const p of pods) {
    const ix = getCompletionIndex(p);
    if (ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && hasJobTrackingFinalizer(p) && filter(p)) out.push(ix);
  }
  return sortedUnique(out);
}

/** The indexes held by the pods (valid ones only), as a set. */
export function podIndexes(pods: readonly Pod[]): Set<number> {
  const out = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p);
    if (ix !== UNKNOWN_COMPLETION_INDEX) out.add(ix);
  }
  return out;
}

/**
 * Upstream `getPodsWithDelayedDeletionPerIndex`: per index that is neither succeeded, failed nor
 * active, the failed pod with the highest absolute failure count (latest finish breaking ties)
 * whose finalizer is kept until its replacement exists.
 */
function delayedDeletionPerIndex(s: JobSyncState): Map<number, Pod> {
  const active = podIndexes(s.activePods);
  const result = new Map<number, Pod>();
  const completions = s.rj.completions as number;
  for (const p of validPods(s.rj, s.pods, s.expectedRmFinalizers, undefined, () => true)) {
    if (!isJobPodFailed(p, s.rj.onlyReplaceFailedPods)) continue;
    const ix = getCompletionIndex(p);
    if (ix === UNKNOWN_COMPLETION_INDEX || ix >= completions) continue;
    if (intervalsHas(s.succeededIndexes, ix) || intervalsHas(s.failedIndexes ?? [], ix) || active.has(ix)) continue;
    const last = result.get(ix);
    if (last === undefined) result.set(ix, p);
    else if (
      indexFailureCount(last) + indexIgnoredFailureCount(last) <= indexFailureCount(p) + indexIgnoredFailureCount(p) &&
      !(podFinishedTime(p) < podFinishedTime(last))
    ) {
      result.set(ix, p);
    }
  }
  return result;
}

/** Inputs of {@link newSyncState}. */
export interface SyncStateInput {
  readonly now: number;
  readonly nowText: string;
  readonly expectedRmFinalizers: ReadonlySet<string>;
  readonly backoff: (newSucceeded: readonly Pod[], newFailed: readonly Pod[]) => JobBackoffRecord;
}

/**
 * Builds the sync state from the claimed pods: active, ready and terminating pods, the
 * newly finished pods (for counters and the back-off record), and for Indexed Jobs the succeeded
 * and failed indexes and the pods whose deletion is delayed per index.
 */
export function newSyncState(rj: ResolvedJob, pods: readonly Pod[], input: SyncStateInput): JobSyncState {
  const status = rj.job.status;
  const activePods = pods.filter(isPodActive);
  const uncountedSucceeded = new Set(status?.uncountedTerminatedPods?.succeeded ?? []);
  const uncountedFailed = new Set(status?.uncountedTerminatedPods?.failed ?? []);
  const newSucceeded = validPods(rj, pods, input.expectedRmFinalizers, uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
  const newFailed = validPods(rj, pods, input.expectedRmFinalizers, uncountedFailed, (p) => isJobPodFailed(p, rj.onlyReplaceFailedPods));
  const pfp = rj.job.spec.podFailurePolicy;
  const nonIgnored = pfp === undefined ? newFailed.length : newFailed.filter((p) => matchPodFailurePolicy(pfp, p).countFailed).length;
  const s: JobSyncState = {
    rj,
    now: input.now,
    nowText: input.nowText,
    pods,
    activePods,
    uncountedSucceeded,
    uncountedFailed,
    expectedRmFinalizers: input.expectedRmFinalizers,
    ready: activePods.filter(isPodReady).length,
    terminating: pods.filter(isPodTerminating).length,
    succeeded: (status?.succeeded ?? 0) + newSucceeded.length + uncountedSucceeded.size,
    failed: (status?.failed ?? 0) + nonIgnored + uncountedFailed.size,
    newBackoff: input.backoff(newSucceeded, newFailed),
    finishedCondition: undefined,
    prevSucceededIndexes: [],
    succeededIndexes: [],
    failedIndexes: undefined,
    podsWithDelayedDeletionPerIndex: undefined,
  };
  return s;
}

/**
 * The Indexed part of a sync (upstream `calculateSucceededIndexes`, `calculateFailedIndexes`):
 * succeeded indexes = the status string ∪ indexes of Succeeded pods still holding the finalizer;
 * `succeeded` becomes their count. With backoffLimitPerIndex, also the failed indexes.
 */
export function computeIndexes(s: JobSyncState): void {
  const rj = s.rj;
  const completions = rj.completions as number;
  const status = rj.job.status;
  s.prevSucceededIndexes = parseIndexIntervals(status?.completedIndexes, completions);
  s.succeededIndexes = withOrderedIndexes(
    s.prevSucceededIndexes,
    newIndexes(rj, s.pods, (p) => p.status?.phase === 'Succeeded'),
  );
  let total = 0;
  for (const v of s.succeededIndexes) total += v.last - v.first + 1;
  s.succeeded = total;
  if (rj.backoffLimitPerIndex !== undefined) {
    const prevFailed = status?.failedIndexes === undefined ? [] : parseIndexIntervals(status.failedIndexes, completions);
    s.failedIndexes = withOrderedIndexes(prevFailed, newIndexes(rj, s.pods, (p) => isIndexFailed(rj, p)));
  }
}

/** Fills `podsWithDelayedDeletionPerIndex` (Jobs with backoffLimitPerIndex), after the indexes. */
export function computeDelayedDeletions(s: JobSyncState): void {
  if (s.rj.backoffLimitPerIndex !== undefined) s.podsWithDelayedDeletionPerIndex = delayedDeletionPerIndex(s);
}
