// When a CronJob should run: upstream pkg/controller/cronjob/utils.go mostRecentScheduleTime,
// nextScheduleTime, nextScheduleTimeDuration, and cronjob_controllerv2.go formatSchedule
// (kubernetes-rules.md §Q.3, §Q.8).
import type { CronJob } from '../../model/cron-job.js';
import { parseCronSchedule, type CronSchedule } from '../../model/cron-job-schedule.js';
import { loadTimeZone, UTC_ZONE, type TimeZone } from '../../model/cron-job-time-zone.js';
import { toMillis } from '../../model/time.js';

/** Upstream `nextScheduleDelta`: the requeue lands 100 ms after the schedule time (NTP skew). */
export const CRON_JOB_NEXT_SCHEDULE_DELTA_MS = 100;

/** More missed start times than this and upstream warns `TooManyMissedTimes` (and still schedules only the most recent). */
export const CRON_JOB_MANY_MISSED_LIMIT = 100;

/** Go's zero `time.Time` (January 1, year 1, UTC), what robfig's `Next` returns when nothing matches. */
const GO_ZERO_MS = -62135596800000;

/** How many start times were missed since the earliest time: upstream `missedSchedulesType`. */
export type MissedSchedules = 'none' | 'few' | 'many';

/** The result of {@link mostRecentScheduleTime}. */
export interface MostRecentScheduleTime {
  /** The last schedule time, the creation time, or the starting deadline, whichever counted. */
  readonly earliestMs: number;
  /** The most recent time a Job should have been created, at or before now; `undefined` if none. */
  readonly mostRecentMs: number | undefined;
  readonly missed: MissedSchedules;
  /** Set for a schedule that parses but never (or too rarely) fires, e.g. `59 23 31 2 *`. */
  readonly error?: string;
}

const next = (s: CronSchedule, t: number): number => s.next(t) ?? GO_ZERO_MS;

/**
 * Upstream `mostRecentScheduleTime`: from the earliest time (`status.lastScheduleTime`, else the
 * creation time, moved up to `now − startingDeadlineSeconds` when `includeStartingDeadline` and
 * that is later), the schedule's next two times t1 < t2 decide: none yet (now < t1), exactly t1
 * (now < t2), or several missed. Then the number of missed times is estimated as
 * `⌊(now − t1) / (t2 − t1)⌋ + 1` (in whole seconds) and the most recent one is found by walking
 * the schedule from `t1 + (missed − 2) · (t2 − t1)`, so a controller that was down for years
 * does not enumerate every missed start. More than 100 missed is `many`.
 *
 * @example
 * ```ts
 * import { parseCronSchedule } from 'podkit/model';
 * import { mostRecentScheduleTime } from 'podkit/planners';
 * const s = parseCronSchedule('0 * * * *');
 * // created 10:00, now 12:30: the 12:00 run is due and 2 were missed
 * typeof s === 'string' ? s : mostRecentScheduleTime(cronJob, Date.UTC(2024, 0, 1, 12, 30), s, true);
 * ```
 */
export function mostRecentScheduleTime(cj: CronJob, nowMs: number, schedule: CronSchedule, includeStartingDeadline: boolean): MostRecentScheduleTime {
  const created = cj.metadata.creationTimestamp;
  let earliestMs = created === undefined || created === '' ? GO_ZERO_MS : toMillis(created);
  const last = cj.status?.lastScheduleTime;
  if (last !== undefined && last !== '') earliestMs = toMillis(last);
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadline && sds !== undefined) {
    const deadline = nowMs - sds * 1000;
    if (deadline > earliestMs) earliestMs = deadline;
  }
  const t1 = next(schedule, earliestMs);
  const t2 = next(schedule, t1);
  if (nowMs < t1) return { earliestMs, mostRecentMs: undefined, missed: 'none' };
  if (nowMs < t2) return { earliestMs, mostRecentMs: t1, missed: 'none' };
  // time.Duration.Round(time.Second).Seconds(), as int64.
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) {
    return { earliestMs, mostRecentMs: undefined, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  }
  const elapsed = Math.trunc((nowMs - t1) / 1000);
  const missedCount = Math.floor(elapsed / between) + 1;
  let mostRecentMs: number | undefined;
  const potentialEarliest = t1 + (missedCount - 1 - 1) * between * 1000;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= nowMs; t = schedule.next(t)) mostRecentMs = t;
  const missed: MissedSchedules = missedCount > CRON_JOB_MANY_MISSED_LIMIT ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliestMs, mostRecentMs, missed };
}

/**
 * Upstream `nextScheduleTimeDuration`: how long until the controller should look at the CronJob
 * again: the schedule's next time after the most recent one (ignoring the starting deadline; after
 * now when times were missed or the schedule is invalid, after the earliest time when none is due)
 * plus {@link CRON_JOB_NEXT_SCHEDULE_DELTA_MS}, minus now. `undefined` when the schedule never
 * fires again.
 *
 * @example
 * ```ts
 * import { nextScheduleTimeDuration } from 'podkit/planners';
 * nextScheduleTimeDuration(cronJob, now, schedule); // e.g. 299_100 for `*\/5 * * * *` just after a run
 * ```
 */
export function nextScheduleTimeDuration(cj: CronJob, nowMs: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, nowMs, schedule, false);
  let from: number;
  if (r.error !== undefined) from = nowMs;
  else if (r.mostRecentMs === undefined) from = r.missed === 'none' ? r.earliestMs : nowMs;
  else from = r.mostRecentMs;
  const t = schedule.next(from);
  return t === undefined ? undefined : t + CRON_JOB_NEXT_SCHEDULE_DELTA_MS - nowMs;
}

/** Parsed schedules by text (schedules are immutable values; every sync of a CronJob reuses its own). */
const parsedSchedules = new Map<string, CronSchedule | string>();
const PARSED_SCHEDULES_LIMIT = 1024;

/** The schedule of a CronJob as the controller parses it, or why it cannot. */
export type CronJobScheduleResult =
  | { readonly schedule: CronSchedule; readonly zone: TimeZone; readonly tzInSchedule: boolean }
  | { readonly error: 'UnknownTimeZone' | 'UnparseableSchedule'; readonly message: string };

/**
 * Upstream `formatSchedule` + `cron.ParseStandard`: a schedule that mentions `TZ` is parsed as
 * written (and flagged: the controller warns `UnsupportedSchedule`); otherwise `spec.timeZone`
 * (when it loads) is prefixed as `TZ=<zone> `. Without a zone the schedule runs in UTC (podkit's
 * stand-in for the kube-controller-manager's local zone).
 *
 * @example
 * ```ts
 * import { cronJobSchedule } from 'podkit/planners';
 * const r = cronJobSchedule(cronJob);
 * 'error' in r ? r.message : r.schedule.next(clock.now());
 * ```
 */
export function cronJobSchedule(cj: CronJob): CronJobScheduleResult {
  const tz = cj.spec.timeZone;
  let zone: TimeZone = UTC_ZONE;
  if (tz !== undefined) {
    const z = loadTimeZone(tz);
    if (typeof z === 'string') return { error: 'UnknownTimeZone', message: `invalid timeZone: ${JSON.stringify(tz)}: ${z}` };
    zone = z;
  }
  const raw = cj.spec.schedule;
  const tzInSchedule = raw.includes('TZ');
  const text = tzInSchedule || tz === undefined ? raw : `TZ=${tz} ${raw}`;
  let parsed = parsedSchedules.get(text);
  if (parsed === undefined) {
    parsed = parseCronSchedule(text);
    if (parsedSchedules.size >= PARSED_SCHEDULES_LIMIT) parsedSchedules.clear();
    parsedSchedules.set(text, parsed);
  }
  if (typeof parsed === 'string') return { error: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(raw)} : ${parsed}` };
  return { schedule: parsed, zone, tzInSchedule };
}
