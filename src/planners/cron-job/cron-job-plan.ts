// The plan of one CronJob sync (upstream ControllerV2.sync = cleanupFinishedJobs + syncCronJob).
import type { CronJobStatus } from '../../model/cron-job.js';
import type { Job } from '../../model/index.js';

/** An Event the CronJob controller records on the CronJob (upstream reasons and messages). */
export interface CronJobEvent {
  readonly type: 'Normal' | 'Warning';
  /**
   * `SawCompletedJob`, `UnexpectedJob`, `MissingJob`, `UnknownTimeZone`, `UnsupportedSchedule`,
   * `UnparseableSchedule`, `InvalidSchedule`, `TooManyMissedTimes`, `MissSchedule`,
   * `JobAlreadyActive`.
   */
  readonly reason: string;
  readonly message: string;
}

/** A Job the sync deletes (Background propagation), and why. */
export interface CronJobDeletion {
  readonly job: Job;
  /** `history`: over `successfulJobsHistoryLimit`/`failedJobsHistoryLimit`; `replace`: Replace policy. */
  readonly why: 'history' | 'replace';
}

/** The Job the sync creates for a scheduled time. */
export interface CronJobCreation {
  /** The Job to create (no uid yet). */
  readonly job: Job;
  /** Its scheduled time (epoch ms); `status.lastScheduleTime` once created. */
  readonly scheduledMs: number;
  /**
   * The requeue after a successful create (upstream computes it with the new lastScheduleTime):
   * ms from now, or `undefined` for none.
   */
  readonly requeueAfterMs: number | undefined;
}

/**
 * What one sync decided, in the order the shell applies it: `deletes` (history cleanup first,
 * then Replace), then `create`; `status` is the CronJob's status after the deletes and the
 * bookkeeping but before the create (the shell appends the created Job's reference and sets
 * `lastScheduleTime`); `events` are recorded before the writes.
 */
export interface CronJobPlan {
  /** `namespace/name`. */
  readonly key: string;
  readonly deletes: readonly CronJobDeletion[];
  readonly create: CronJobCreation | undefined;
  readonly status: CronJobStatus;
  /** True when `status` differs from the stored one (or a delete/create will change it): write it. */
  readonly updateStatus: boolean;
  readonly events: readonly CronJobEvent[];
  /** When there is no create: look again after this many ms (`undefined`: only on a change). */
  readonly requeueAfterMs: number | undefined;
}
