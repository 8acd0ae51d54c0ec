// Upstream `manageJob` (k8s-semantics §I.4): how many pods a Job should run, which to delete and
// which (indexes) to create, honouring the failure back-off. Pure: returns what to do.
import type { Pod } from '../../model/index.js';
import { isPodReady } from '../../model/pod-utils.js';
import { remainingBackoffMs, remainingBackoffPerIndexMs } from './backoff.js';
import { type IndexInterval, mergeIntervals, withOrderedIndexes } from './indexes.js';
import { JOB_MAX_POD_CREATE_DELETE_PER_SYNC } from './job-constants.js';
import { activePodsForRemoval, jobPodTemplate, newJobPod } from './job-pods.js';
import { isPodTerminating, type JobSyncState, podIndexes } from './job-sync-state.js';

/** What {@link manageJob} decided. */
export interface ManageResult {
  /** The active count to report (upstream's return value; 0 while waiting for back-off). */
  readonly active: number;
  /** Pods to delete; manageJob removes their tracking finalizer first (they are not counted). */
  readonly deletes: readonly Pod[];
  /** New pods. */
  readonly creates: readonly Pod[];
  /** Wait this long before creating (back-off), if set. */
  readonly requeueAfterMs?: number;
}

/**
 * Upstream `firstPendingIndexes`: the lowest `count` indexes below `completions` that are not
 * succeeded, not held by an active pod, not failed and — when only failed pods are replaced — not
 * held by a terminating pod. Bounded by the number of intervals plus `count`.
 */
export function firstPendingIndexes(s: JobSyncState, count: number, completions: number): number[] {
  if (count === 0) return [];
  let nonPending: IndexInterval[] = withOrderedIndexes(s.succeededIndexes, [...podIndexes(s.activePods)].sort((a, b) => a - b));
  if (s.rj.onlyReplaceFailedPods) {
    nonPending = withOrderedIndexes(nonPending, [...podIndexes(s.pods.filter(isPodTerminating))].sort((a, b) => a - b));
  }
  if (s.failedIndexes !== undefined) nonPending = mergeIntervals(nonPending, s.failedIndexes);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

/**
 * Runs upstream `manageJob` on the sync state. Suspended: every active pod is deleted. Otherwise
 * the wanted active count is `parallelism` (work queue without success yet), the current count
 * (work queue after a success) or `clamp(completions − succeeded, 0, parallelism)`; surplus pods are
 * deleted (invalid or duplicate indexes first); missing pods are created unless the back-off (global,
 * or per index with backoffLimitPerIndex) is still running. Deletions and creations never happen in
 * the same sync; each is capped at 500. Updates `s.terminating` and `s.ready` for the deletions.
 */
export function manageJob(s: JobSyncState): ManageResult {
  const rj = s.rj;
  let active = s.activePods.length;
  if (rj.suspended) {
    const deletes = activePodsForRemoval(s.activePods, active, rj.indexed ? rj.completions : undefined);
    s.terminating += deletes.length;
    s.ready -= deletes.filter(isPodReady).length;
    return { active: active - deletes.length, deletes, creates: [] };
  }
  let wantActive: number;
  if (rj.completions === undefined) wantActive = s.succeeded > 0 ? active : rj.parallelism;
  else wantActive = Math.max(0, Math.min(rj.completions - s.succeeded, rj.parallelism));

  const rmAtLeast = Math.max(0, active - wantActive);
  const deletes = activePodsForRemoval(s.activePods, rmAtLeast, rj.indexed ? rj.completions : undefined).slice(
    0,
    JOB_MAX_POD_CREATE_DELETE_PER_SYNC,
  );
  if (deletes.length > 0) {
    s.terminating += deletes.length;
    s.ready -= deletes.filter(isPodReady).length;
    return { active: active - deletes.length, deletes, creates: [] };
  }

  const terminating = rj.onlyReplaceFailedPods ? s.terminating : 0;
  let diff = wantActive - terminating - active;
  if (diff <= 0) return { active, deletes: [], creates: [] };
  if (rj.backoffLimitPerIndex === undefined) {
    const remaining = remainingBackoffMs(s.newBackoff, s.now);
    // Upstream returns 0 as the active count while the back-off runs.
    if (remaining > 0) return { active: 0, deletes: [], creates: [], requeueAfterMs: remaining };
  }
  diff = Math.min(diff, JOB_MAX_POD_CREATE_DELETE_PER_SYNC);
  let indexes: number[] | undefined;
  if (rj.indexed) {
    indexes = firstPendingIndexes(s, diff, rj.completions as number);
    if (rj.backoffLimitPerIndex !== undefined) {
      const delayed = s.podsWithDelayedDeletionPerIndex ?? new Map<number, Pod>();
      const now: number[] = [];
      let minRemaining: number | undefined;
      for (const ix of indexes) {
        const r = remainingBackoffPerIndexMs(delayed.get(ix), s.now);
        if (r === 0) now.push(ix);
        else if (minRemaining === undefined || r < minRemaining) minRemaining = r;
      }
      if (now.length === 0 && minRemaining !== undefined && minRemaining > 0) {
        return { active: 0, deletes: [], creates: [], requeueAfterMs: minRemaining };
      }
      indexes = now;
    }
    diff = indexes.length;
  }
  const template = jobPodTemplate(rj.job, rj.indexed);
  const creates: Pod[] = [];
  for (let i = 0; i < diff; i++) {
    const ix = indexes?.[i];
    creates.push(
      ix === undefined
        ? newJobPod(rj.job, template)
        : newJobPod(rj.job, template, {
            index: ix,
            perIndex: rj.backoffLimitPerIndex !== undefined,
            podBeingReplaced: s.podsWithDelayedDeletionPerIndex?.get(ix),
          }),
    );
  }
  return { active: active + creates.length, deletes: [], creates };
}
