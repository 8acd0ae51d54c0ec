// `kubectl get jobs` text (upstream pkg/printers/internalversion `printJob`, k8s-semantics §G.6).
import type { Job } from '../../model/index.js';
import { toMillis, type TimeInput } from '../../model/time.js';
import { humanDuration } from '../../reducers/human-duration.js';
import { ageOf, formatTable } from '../printers.js';
import { JobConditionType } from './job-constants.js';

function hasTrueCondition(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/**
 * kubectl's Job STATUS (§G.6): the first of `Complete`, `Failed` (True conditions),
 * `Terminating` (deletionTimestamp), `Suspended`, `FailureTarget` (True conditions), else
 * `Running`.
 *
 * @example
 * ```ts
 * import { jobStatusText } from 'podkit';
 * jobStatusText(job); // 'Running'
 * ```
 */
export function jobStatusText(job: Job): string {
  if (hasTrueCondition(job, JobConditionType.Complete)) return 'Complete';
  if (hasTrueCondition(job, JobConditionType.Failed)) return 'Failed';
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (hasTrueCondition(job, JobConditionType.Suspended)) return 'Suspended';
  if (hasTrueCondition(job, JobConditionType.FailureTarget)) return 'FailureTarget';
  return 'Running';
}

/**
 * kubectl's COMPLETIONS cell: `succeeded/completions`; for a work-queue Job `succeeded/1`, or
 * `succeeded/1 of <parallelism>` when parallelism > 1.
 */
export function jobCompletionsText(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/**
 * kubectl's DURATION cell: empty before the Job started, `now − startTime` while it has no
 * completionTime, else `completionTime − startTime`, in HumanDuration text.
 */
export function jobDurationText(job: Job, now: TimeInput): string {
  const start = job.status?.startTime;
  if (start === undefined || start === '') return '';
  const end = job.status?.completionTime;
  return humanDuration((end === undefined || end === '' ? toMillis(now) : toMillis(end)) - toMillis(start));
}

/**
 * `kubectl get jobs` text: `NAME STATUS COMPLETIONS DURATION AGE`, laid out like kubectl's tab
 * writer (see {@link formatTable}).
 *
 * @example
 * ```ts
 * import { formatJobTable } from 'podkit';
 * console.log(formatJobTable(store.list('Job'), clock.now()));
 * // NAME   STATUS     COMPLETIONS   DURATION   AGE
 * // pi     Complete   1/1           12s        5m
 * ```
 */
export function formatJobTable(jobs: readonly Job[], now: TimeInput): string {
  const rows = jobs.map((job) => [
    job.metadata.name ?? '',
    jobStatusText(job),
    jobCompletionsText(job),
    jobDurationText(job, now),
    ageOf(job.metadata.creationTimestamp, now),
  ]);
  return formatTable([['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], ...rows]);
}
