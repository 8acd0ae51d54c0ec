// The CronJob controller shell (upstream pkg/controller/cronjob/cronjob_controllerv2.go
// ControllerV2.sync): watch → planCronJob → apply, built with the public `createController` API.
// kubernetes-rules.md §Q.
import type { CronJob, CronJobStatus } from '../../model/cron-job.js';
import type { Job } from '../../model/index.js';
import { toTimestamp } from '../../model/time.js';
import { PodkitError } from '../../errors.js';
import { objectKey } from '../../model/pod-utils.js';
import { loadTimeZone } from '../../model/cron-job-time-zone.js';
import { cronJobActiveRef, cronJobFinishedCondition, planCronJob } from '../../planners/cron-job/plan-cron-job.js';
import { cronJobSchedule, nextScheduleTimeDuration } from '../../planners/cron-job/schedule-times.js';
import type { WatchEvent } from '../../store/object-store.js';
import { withLifecycleHooks } from '../cluster/lifecycle-hooks.js';
import { createController, ownerRequests, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import type { RateLimiter } from '../rate-limiter.js';
import { StatusEchoFilter } from '../status-echo.js';
import { withStoredSpec } from './pod-writes.js';

/** The name the CronJob controller records Events under (upstream `cronjob-controller`). */
export const CRON_JOB_CONTROLLER_NAME = 'cronjob-controller';

/** Options of {@link createCronJobController}. */
export interface CronJobControllerOptions {
  /** Concurrent reconciles (default 1; never two for the same CronJob). */
  readonly workers?: number;
  /** Back-off of failed reconciles (default: the controller default). */
  readonly rateLimiter?: RateLimiter<string>;
}

const errorCode = (e: unknown): string | undefined => (e instanceof PodkitError ? e.code : undefined);
const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Upstream `getJobsToBeReconciled`: the Jobs of the namespace whose controller reference has the CronJob's name. */
function jobsOf(ctx: ReconcileContext, cj: CronJob): Job[] {
  const name = cj.metadata.name;
  return ctx.client
    .list('Job', { namespace: cj.metadata.namespace ?? 'default' })
    .filter((j) => j.metadata.ownerReferences?.some((r) => r.controller === true && r.name === name) === true);
}

/**
 * Creates the built-in CronJob controller (upstream `cronjob-controller`, controller v2), built
 * with {@link createController}. For every CronJob it runs the pure `planCronJob` (§Q) and
 * applies the plan: deletes finished Jobs beyond the history limits and, for `Replace`, the
 * running ones (Background propagation, `SuccessfulDelete` / `FailedDelete`); creates the Job of
 * the most recent due time, named `<cronjob>-<minutes since epoch>` (`SuccessfulCreate`; an
 * existing Job of that name that the CronJob controls is taken into `status.active`, as
 * upstream); writes `status.active`, `lastScheduleTime` and `lastSuccessfulTime`; records the
 * plan's Events; and requeues the CronJob for its next schedule time + 100 ms.
 *
 * The wake-up is the work queue's delayed entry on the controller's Clock: one timer per CronJob
 * (an earlier pending one wins, as client-go's `AddAfter`), no polling. Jobs wake their CronJob
 * through their controller reference (finished Jobs, deletions). Suspended CronJobs, unknown time
 * zones and unparseable schedules are not requeued: a change to the CronJob wakes it.
 *
 * A change of `spec.schedule` or `spec.timeZone` is not synced at once: as upstream's
 * `updateCronJob`, it only requeues the CronJob for the new schedule's next time. The store is
 * read-consistent, so upstream's re-reads of a stale lister are not needed. Without
 * `spec.timeZone` schedules run in UTC.
 *
 * @example
 * ```ts
 * import { createCronJobController, MemoryStore, EventRecorder, SystemClock } from 'podkit';
 * const clock = new SystemClock();
 * const cronJobs = createCronJobController();
 * cronJobs.start({ store: new MemoryStore({ clock }), clock, recorder: new EventRecorder({ clock, component: 'cronjob-controller' }) });
 * ```
 */
export function createCronJobController(options: CronJobControllerOptions = {}): Controller {
  const echoes = new StatusEchoFilter();

  const writeStatus = (ctx: ReconcileContext, cj: CronJob, status: CronJobStatus): void => {
    echoes.write(cj, status, () => ctx.client.updateStatus({ ...cj, status }));
  };

  /** Each CronJob's schedule and time zone as last seen, and the CronJobs whose schedule just changed (upstream `updateCronJob`). */
  const schedules = new Map<string, string>();
  const rescheduled = new Set<string>();
  const onCronJobEvent = (ev: WatchEvent): boolean => {
    const cj = ev.object as CronJob;
    const key = objectKey(cj);
    if (ev.type === 'Deleted') {
      schedules.delete(key);
      rescheduled.delete(key);
      return true;
    }
    const sig = JSON.stringify([cj.spec.schedule, cj.spec.timeZone ?? null]);
    const prev = schedules.get(key);
    schedules.set(key, sig);
    if (ev.type === 'Modified' && prev !== undefined && prev !== sig) {
      rescheduled.add(key);
      return true;
    }
    // The echo of the controller's own status write needs no sync (the requeue is already set).
    return !echoes.isEcho(ev);
  };

  /**
   * Upstream `updateCronJob` for a changed schedule or time zone: no sync now, only a requeue for
   * the new schedule's next time (an earlier pending wake-up still wins). An unparseable schedule
   * records `UnParseableCronJobSchedule` and is not requeued.
   */
  const requeueForNewSchedule = (cj: CronJob, ctx: ReconcileContext): Result => {
    const tz = cj.spec.timeZone;
    // formatSchedule leaves a time zone that does not load out (the sync then reports it).
    const { timeZone: _ignored, ...withoutZone } = cj.spec;
    const parsed = cronJobSchedule(tz !== undefined && typeof loadTimeZone(tz) === 'string' ? { ...cj, spec: withoutZone } : cj);
    if ('error' in parsed) {
      ctx.event(cj, 'Warning', 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec.schedule}`);
      return {};
    }
    const after = nextScheduleTimeDuration(cj, ctx.now(), parsed.schedule);
    return after === undefined ? {} : { requeueAfter: Math.max(0, after) };
  };

  const reconcile = async (req: Request, ctx: ReconcileContext): Promise<Result> => {
    const cj = ctx.client.tryGet('CronJob', req.name, req.namespace);
    if (cj === undefined) return {};
    if (rescheduled.delete(objectKey(cj))) return requeueForNewSchedule(cj, ctx);
    const ns = cj.metadata.namespace ?? 'default';
    const plan = planCronJob(cj, jobsOf(ctx, cj), ctx.now(), {
      jobExists: (namespace, name) => ctx.client.tryGet('Job', name, namespace) !== undefined,
    });
    for (const e of plan.events) ctx.event(cj, e.type, e.reason, e.message);
    let status = plan.status;
    let update = plan.updateStatus;
    const finish = (result: Result): Result => {
      if (update) writeStatus(ctx, cj, status);
      return result;
    };

    for (const d of plan.deletes) {
      const name = d.job.metadata.name ?? '';
      try {
        writing = `${ns}/${name}`;
        ctx.client.delete('Job', name, { namespace: ns, propagationPolicy: 'Background' });
        writing = undefined;
        ctx.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
      } catch (e) {
        writing = undefined;
        ctx.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${messageOf(e)}`);
        // Replace could not remove a running Job: keep it active and retry (upstream returns an error).
        if (d.why === 'replace') {
          status = { ...status, active: [...(status.active ?? []), cronJobActiveRef(d.job)] };
          finish({});
          throw new PodkitError('conflict', `could not replace job ${ns}/${name}`, { cause: e });
        }
      }
    }

    const create = plan.create;
    if (create === undefined) return finish(plan.requeueAfterMs === undefined ? {} : { requeueAfter: Math.max(0, plan.requeueAfterMs) });
    let created: Job;
    try {
      writing = `${ns}/${create.job.metadata.name ?? ''}`;
      created = ctx.client.create(withStoredSpec(create.job, cj.spec.jobTemplate.spec));
      writing = undefined;
      ctx.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name ?? ''}`);
    } catch (e) {
      writing = undefined;
      if (errorCode(e) !== 'already_exists') {
        ctx.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${messageOf(e)}`);
        finish({});
        throw e;
      }
      // The name is the lock: the Job of this scheduled time exists already.
      const existing = ctx.client.tryGet('Job', create.job.metadata.name ?? '', ns);
      if (existing === undefined) throw e;
      const controlled = existing.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === cj.metadata.uid) === true;
      if (!controlled || (status.active ?? []).some((r) => r.uid === existing.metadata.uid)) return finish({});
      created = existing;
    }
    status = { ...status, active: [...(status.active ?? []), cronJobActiveRef(created)], lastScheduleTime: toTimestamp(create.scheduledMs) };
    update = true;
    return finish(create.requeueAfterMs === undefined ? {} : { requeueAfter: Math.max(0, create.requeueAfterMs) });
  };

  // What a sync reads of a Job (existence, owner, finished state, times): other changes — the Job
  // controller's active/ready counts while it runs — cannot change a plan and wake nothing.
  const seen = new Map<string, string>();
  let wake = false;
  /** The Job the reconcile is creating or deleting right now: its own write's event needs no sync (the store delivers synchronously). */
  let writing: string | undefined;
  const onJobEvent = (ev: WatchEvent): void => {
    const job = ev.object as Job;
    const key = objectKey(job);
    if (ev.type === 'Deleted') {
      seen.delete(key);
      wake = writing !== key;
      return;
    }
    const ref = job.metadata.ownerReferences?.find((r) => r.controller === true);
    const s = job.status;
    const sig = `${job.metadata.uid}|${ref?.kind}/${ref?.name}/${ref?.uid}|${cronJobFinishedCondition(job) ?? ''}|${s?.completionTime ?? ''}|${s?.startTime ?? ''}`;
    wake = seen.get(key) !== sig && !(ev.type === 'Added' && writing === key);
    seen.set(key, sig);
  };

  const controller = createController({
    name: CRON_JOB_CONTROLLER_NAME,
    for: 'CronJob',
    onEvent: onCronJobEvent,
    // Jobs wake the CronJob that controls them (upstream updateJob), when something it reads changed.
    owns: [{ kind: 'Job', onEvent: onJobEvent, map: (obj) => (wake ? ownerRequests('CronJob', obj) : []) }],
    reconcile,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  // A (re)start replays every Job through a fresh watch: start from an empty memory.
  return withLifecycleHooks(controller, {
    start: () => {
      seen.clear();
      schedules.clear();
      rescheduled.clear();
    },
  });
}
