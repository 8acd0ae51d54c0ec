// The pure CronJob planner: upstream pkg/controller/cronjob/cronjob_controllerv2.go
// cleanupFinishedJobs + removeOldestJobs + syncCronJob, with utils.go (kubernetes-rules.md §Q).
import type { CronJob, CronJobStatus } from '../../model/cron-job.js';
import { loadTimeZone } from '../../model/cron-job-time-zone.js';
import type { Job, ObjectReference } from '../../model/index.js';
import { objectKey } from '../../model/pod-utils.js';
import { toMillis, toTimestamp } from '../../model/time.js';
import type { CronJobDeletion, CronJobEvent, CronJobPlan } from './cron-job-plan.js';
import { cronJobJobName, jobFromCronJobTemplate } from './job-from-template.js';
import { cronJobSchedule, mostRecentScheduleTime, nextScheduleTimeDuration } from './schedule-times.js';

/** Options of {@link planCronJob}. */
export interface PlanCronJobOptions {
  /**
   * Whether a Job still exists though it is not among `jobs` (upstream asks the API server before
   * dropping an active reference as `MissingJob`). Default: it does not.
   */
  readonly jobExists?: (namespace: string, name: string) => boolean;
}

/**
 * Upstream `getFinishedStatus`: the first True `Complete` or `Failed` condition of a Job.
 *
 * @example
 * ```ts
 * import { cronJobFinishedCondition } from 'podkit/planners';
 * cronJobFinishedCondition(job); // 'Complete', 'Failed' or undefined while it runs
 * ```
 */
export function cronJobFinishedCondition(job: Job): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

/** Upstream `byJobStartTime`: started before not started, then by start time, then by name. */
function byJobStartTime(a: Job, b: Job): number {
  const sa = a.status?.startTime;
  const sb = b.status?.startTime;
  const ha = sa !== undefined && sa !== '';
  const hb = sb !== undefined && sb !== '';
  if (ha !== hb) return ha ? -1 : 1;
  const ta = ha ? toMillis(sa) : 0;
  const tb = hb ? toMillis(sb) : 0;
  if (ta === tb) {
    const na = a.metadata.name ?? '';
    const nb = b.metadata.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return ta - tb;
}

/** Go's `t.UTC().Format(time.RFC1123Z)`: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toUTCString().replace('GMT', '+0000');
}

const refOf = (job: Job): ObjectReference => ({
  kind: 'Job',
  namespace: job.metadata.namespace ?? 'default',
  name: job.metadata.name ?? '',
  ...(job.metadata.uid === undefined ? {} : { uid: job.metadata.uid }),
  apiVersion: 'batch/v1',
});

/** The stored status with the planned `active` list and `lastSuccessfulTime` (empty fields left out). */
function withBookkeeping(stored: CronJobStatus | undefined, active: readonly ObjectReference[], lastSuccessfulTime: string | undefined): CronJobStatus {
  const out: { -readonly [K in keyof CronJobStatus]: CronJobStatus[K] } = {};
  if (stored?.lastScheduleTime !== undefined) out.lastScheduleTime = stored.lastScheduleTime;
  if (active.length > 0) out.active = [...active];
  if (lastSuccessfulTime !== undefined) out.lastSuccessfulTime = lastSuccessfulTime;
  return out;
}

/**
 * The ObjectReference the controller keeps in `status.active` for a Job it created (upstream
 * `getRef`): apiVersion `batch/v1`, kind `Job`, namespace, name, uid.
 *
 * @example
 * ```ts
 * import { cronJobActiveRef } from 'podkit/planners';
 * cronJobActiveRef(job); // { kind: 'Job', namespace: 'default', name: 'report-28401300', uid: '…', apiVersion: 'batch/v1' }
 * ```
 */
export function cronJobActiveRef(job: Job): ObjectReference {
  return refOf(job);
}

/**
 * Plans one sync of a CronJob (upstream `ControllerV2.sync`): `jobs` are the Jobs whose
 * controller reference names this CronJob (upstream `getJobsToBeReconciled` matches by name),
 * `nowMs` the controller's clock.
 *
 * 1. History (§Q.7): finished Jobs beyond `successfulJobsHistoryLimit` / `failedJobsHistoryLimit`
 *    are deleted, oldest start time first (not started last, ties by name).
 * 2. Bookkeeping (§Q.6): a finished Job in `status.active` leaves it (`SawCompletedJob`); a
 *    succeeded Job moves `lastSuccessfulTime` to its completion time if later; an unfinished Job
 *    not in the list is reported (`UnexpectedJob`) but not adopted; an active reference whose Job
 *    is gone is dropped (`MissingJob`).
 * 3. Nothing more while the CronJob is being deleted, its time zone does not load
 *    (`UnknownTimeZone`), it is suspended, or its schedule does not parse (`UnparseableSchedule`):
 *    no requeue (the next change wakes it).
 * 4. The most recent due time (§Q.3) with the starting deadline; none due: requeue for the next
 *    one. More than 100 missed: `TooManyMissedTimes`, and still only the most recent is started.
 *    Past the deadline: `MissSchedule`. Already started (its Job is active, or it is
 *    `lastScheduleTime`): requeue.
 * 5. Concurrency (§Q.4): Forbid with an active Job skips this time (`JobAlreadyActive`); Replace
 *    deletes every active Job first; Allow runs alongside.
 * 6. The Job for that time (§Q.5), named `<cronjob>-<minutes since epoch>`; after it,
 *    `lastScheduleTime` is that time and the requeue is for the next time + 100 ms (§Q.8).
 *
 * Pure: no clock, no I/O. The shell applies deletes, then the create, then the status.
 *
 * @example
 * ```ts
 * import { planCronJob } from 'podkit';
 * const plan = planCronJob(cronJob, jobsOfCronJob, clock.now());
 * plan.create?.job.metadata.name; // 'report-28401300'
 * ```
 */
export function planCronJob(cj: CronJob, jobs: readonly Job[], nowMs: number, options: PlanCronJobOptions = {}): CronJobPlan {
  const key = objectKey(cj);
  const events: CronJobEvent[] = [];
  const deletes: CronJobDeletion[] = [];
  let active: ObjectReference[] = [...(cj.status?.active ?? [])];
  let lastSuccessfulTime = cj.status?.lastSuccessfulTime;
  let updateStatus = false;
  const dropActive = (uid: string | undefined): void => {
    active = active.filter((r) => r.uid !== uid);
  };

  // cleanupFinishedJobs / removeOldestJobs
  const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = cj.spec;
  if (okLimit !== undefined || failLimit !== undefined) {
    const succeeded: Job[] = [];
    const failed: Job[] = [];
    for (const j of jobs) {
      const c = cronJobFinishedCondition(j);
      if (c === 'Complete') succeeded.push(j);
      else if (c === 'Failed') failed.push(j);
    }
    for (const [list, limit] of [[succeeded, okLimit], [failed, failLimit]] as const) {
      if (limit === undefined) continue;
      const n = list.length - limit;
      if (n <= 0) continue;
      for (const j of [...list].sort(byJobStartTime).slice(0, n)) {
        deletes.push({ job: j, why: 'history' });
        dropActive(j.metadata.uid);
        updateStatus = true;
      }
    }
  }

  // syncCronJob: bookkeeping
  const children = new Set<string | undefined>();
  for (const j of jobs) {
    children.add(j.metadata.uid);
    const found = active.some((r) => r.uid === j.metadata.uid);
    const finished = cronJobFinishedCondition(j);
    if (!found && finished === undefined) {
      events.push({ type: 'Warning', reason: 'UnexpectedJob', message: `Saw a job that the controller did not create or forgot: ${j.metadata.name ?? ''}` });
    } else if (finished !== undefined) {
      if (found) {
        dropActive(j.metadata.uid);
        events.push({ type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${j.metadata.name ?? ''}, condition: ${finished}` });
        updateStatus = true;
      }
      const done = j.status?.completionTime;
      if (finished === 'Complete' && done !== undefined && done !== '') {
        if (lastSuccessfulTime === undefined || toMillis(done) > toMillis(lastSuccessfulTime)) {
          lastSuccessfulTime = done;
          updateStatus = true;
        }
      }
    }
  }
  for (const r of [...active]) {
    if (children.has(r.uid)) continue;
    if (options.jobExists?.(r.namespace ?? cj.metadata.namespace ?? 'default', r.name) === true) continue;
    events.push({ type: 'Normal', reason: 'MissingJob', message: `Active job went missing: ${r.name}` });
    dropActive(r.uid);
    updateStatus = true;
  }

  const status = (): CronJobStatus => withBookkeeping(cj.status, active, lastSuccessfulTime);
  const done = (requeueAfterMs: number | undefined): CronJobPlan => ({ key, deletes, create: undefined, status: status(), updateStatus, events, requeueAfterMs });

  if (cj.metadata.deletionTimestamp !== undefined) return done(undefined);
  const tz = cj.spec.timeZone;
  if (tz !== undefined) {
    const z = loadTimeZone(tz);
    if (typeof z === 'string') {
      events.push({ type: 'Warning', reason: 'UnknownTimeZone', message: `invalid timeZone: ${JSON.stringify(tz)}: ${z}` });
      return done(undefined);
    }
  }
  if (cj.spec.suspend === true) return done(undefined);
  const parsed = cronJobSchedule(cj);
  if ('error' in parsed) {
    events.push({ type: 'Warning', reason: parsed.error, message: parsed.message });
    return done(undefined);
  }
  const { schedule, zone } = parsed;
  if (parsed.tzInSchedule) {
    events.push({
      type: 'Warning',
      reason: 'UnsupportedSchedule',
      message: `CRON_TZ or TZ used in schedule ${JSON.stringify(cj.spec.schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    });
  }
  // The CronJob as it stands after the bookkeeping above (what upstream's cronJobCopy holds).
  const current: CronJob = { ...cj, status: status() };
  const requeue = (): number | undefined => nextScheduleTimeDuration(current, nowMs, schedule);

  // nextScheduleTime
  const recent = mostRecentScheduleTime(current, nowMs, schedule, true);
  const scheduled = recent.mostRecentMs;
  if (scheduled === undefined || scheduled > nowMs) {
    if (recent.error !== undefined) {
      events.push({ type: 'Warning', reason: 'InvalidSchedule', message: `invalid schedule: ${cj.spec.schedule} : ${recent.error}` });
      return done(undefined);
    }
    return done(requeue());
  }
  if (recent.missed === 'many') {
    events.push({
      type: 'Warning',
      reason: 'TooManyMissedTimes',
      message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    });
  }
  const sds = cj.spec.startingDeadlineSeconds;
  if (sds !== undefined && scheduled + sds * 1000 < nowMs) {
    events.push({ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${rfc1123z(scheduled)}` });
    return done(requeue());
  }
  const name = cronJobJobName(cj.metadata.name ?? '', scheduled);
  const ns = cj.metadata.namespace ?? 'default';
  const last = cj.status?.lastScheduleTime;
  if (active.some((r) => r.name === name && (r.namespace ?? ns) === ns) || (last !== undefined && last !== '' && toMillis(last) === scheduled)) {
    return done(requeue());
  }
  const policy = cj.spec.concurrencyPolicy;
  if (policy === 'Forbid' && active.length > 0) {
    events.push({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    return done(requeue());
  }
  if (policy === 'Replace') {
    for (const r of [...active]) {
      const job = jobs.find((j) => j.metadata.uid === r.uid) ?? jobs.find((j) => j.metadata.name === r.name);
      if (job === undefined) continue;
      deletes.push({ job, why: 'replace' });
      dropActive(r.uid);
      updateStatus = true;
    }
  }
  const job = jobFromCronJobTemplate(cj, scheduled, zone);
  const after: CronJob = { ...cj, status: { ...status(), lastScheduleTime: toTimestamp(scheduled) } };
  return {
    key,
    deletes,
    create: { job, scheduledMs: scheduled, requeueAfterMs: nextScheduleTimeDuration(after, nowMs, schedule) },
    status: status(),
    updateStatus,
    events,
    requeueAfterMs: undefined,
  };
}
