// Finished Jobs: the ttl-after-finished controller (k8s-semantics §I.9) and the shell's fallback
// when only some finalizer removals succeed.
import type { Job, JobStatus, WorkloadCondition } from '../../model/index.js';
import { toMillis } from '../../model/time.js';
import { JobConditionType } from './job-constants.js';
import type { JobPlan } from './job-plan.js';
import { countPodsWithoutFinalizers } from './job-tracking.js';

/** The `Complete` or `Failed` condition (status True) of a finished Job, if any. */
export function jobFinishedCondition(job: Pick<Job, 'status'>): WorkloadCondition | undefined {
  return job.status?.conditions?.find(
    (c) => (c.type === JobConditionType.Complete || c.type === JobConditionType.Failed) && c.status === 'True',
  );
}

/**
 * Milliseconds until a finished Job's TTL expires at `now` (ttl-after-finished `timeLeft`):
 * `finish + ttlSecondsAfterFinished − now`, where finish is the `lastTransitionTime` of the
 * Complete or Failed condition. `undefined` when the Job has no TTL, is not finished, is being
 * deleted, or has no finish time. A value `<= 0` means: delete it now.
 *
 * @example
 * ```ts
 * import { jobTtlRemainingMs } from 'podkit/planners';
 * jobTtlRemainingMs(job, clock.now()); // e.g. 42000
 * ```
 */
export function jobTtlRemainingMs(job: Job, now: number): number | undefined {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === undefined || job.metadata.deletionTimestamp !== undefined) return undefined;
  const finishedAt = jobFinishedCondition(job)?.lastTransitionTime;
  if (finishedAt === undefined || finishedAt === '') return undefined;
  return toMillis(finishedAt) + ttl * 1000 - now;
}

/** The plan of a Job that had already finished: drop its back-off record; delete it after its TTL. */
export function finishedJobPlan(job: Job, key: string, now: number): JobPlan {
  const remaining = jobTtlRemainingMs(job, now);
  const status = job.status ?? {};
  return {
    key,
    action: 'finished',
    job,
    adopt: [],
    release: [],
    deletes: [],
    creates: [],
    createBatches: [],
    interimStatus: status,
    writeInterimStatus: false,
    removeFinalizers: [],
    keepFinalizer: [],
    status,
    writeStatus: false,
    backoff: undefined,
    ...(remaining === undefined ? {} : remaining <= 0 ? { deleteJob: { propagationPolicy: 'Foreground' as const } } : { requeueAfterMs: remaining }),
    events: [],
  };
}

/**
 * The status to write when some of `plan.removeFinalizers` could not be removed (upstream's
 * partial-progress flush in `flushUncountedAndRemoveFinalizers`): starting from
 * `plan.interimStatus`, only the UIDs whose pod really lost its finalizer are counted; no terminal
 * condition is added. The shell writes it and requeues with rate limit.
 *
 * @example
 * ```ts
 * import { jobStatusAfterFinalizerRemoval } from 'podkit/planners';
 * const status = jobStatusAfterFinalizerRemoval(plan, new Set(['uid-of-pod-whose-patch-failed']));
 * ```
 */
export function jobStatusAfterFinalizerRemoval(plan: JobPlan, failedUids: ReadonlySet<string>): JobStatus {
  const keep = new Set<string>([...plan.keepFinalizer, ...failedUids]);
  return countPodsWithoutFinalizers(plan.interimStatus, keep).status;
}
