// Upstream cronjob_controllerv2_test.go TestControllerV2SyncCronJob, restated as a table on the
// pure planner (the SuccessfulCreate / SuccessfulDelete events and the API error cases belong to
// the shell and are tested there).
import { describe, expect, it } from 'vitest';
import { applyDefaults, planCronJob, type CronJob, type Job } from 'podkit';
import {
  cronJobActiveRef,
  CRON_JOB_NEXT_SCHEDULE_DELTA_MS as DELTA,
  jobFromCronJobTemplate,
} from 'podkit/planners';

const T = (s: string): number => Date.parse(s);
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const justBeforeThePriorHour = T('2016-05-19T08:59:00Z');
const justAfterThePriorHour = T('2016-05-19T09:01:00Z');
const justBeforeTheHour = T('2016-05-19T09:59:00Z');
const topOfTheHour = T('2016-05-19T10:00:00Z');
const justAfterTheHour = T('2016-05-19T10:01:00Z');
const justBeforeTheNextHour = T('2016-05-19T10:59:00Z');
const weekAfterTheHour = T('2016-05-26T10:00:00Z');
const MIN = 60_000;
const HOUR = 3_600_000;
const shortDead = 10;
const mediumDead = 2 * 60 * 60;
const longDead = 1_000_000;
const onTheHour = '0 * * * ?';
const everyHour = '@every 1h';
const errorSchedule = 'obvious error schedule';

/** upstream `cronJob()` + `jobSpec()`. */
function cronJob(): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'mycronjob', namespace: 'snazzycats', uid: '1a2b3c', creationTimestamp: iso(justBeforeTheHour) },
    spec: {
      schedule: '* * * * ?',
      concurrencyPolicy: 'Allow',
      jobTemplate: {
        metadata: { labels: { a: 'b' }, annotations: { x: 'y' } },
        spec: {
          parallelism: 1,
          completions: 1,
          template: { metadata: { labels: { foo: 'bar' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'foo/bar' }] } },
        },
      },
    },
  };
}

interface Case {
  concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  schedule: string;
  suspend?: boolean;
  timeZone?: string;
  deadline?: number;
  ranPreviously?: boolean;
  stillActive?: boolean;
  cronjobCreationTime?: number;
  jobCreationTime: number;
  lastScheduleTime?: number;
  now: number;
  expectCreate?: boolean;
  expectDelete?: boolean;
  expectActive?: number;
  expectedWarnings?: number;
  expectRequeueAfter?: number;
  expectUpdateStatus?: boolean;
  jobStillNotFoundInLister?: boolean;
}

const A = 'Allow' as const;
const F = 'Forbid' as const;
const R = 'Replace' as const;

const cases: Record<string, Case> = {
  'never ran, not valid schedule, A': { concurrencyPolicy: A, schedule: errorSchedule, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectedWarnings: 1 },
  'never ran, not valid schedule, F': { concurrencyPolicy: F, schedule: errorSchedule, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectedWarnings: 1 },
  'never ran, not valid time zone': { concurrencyPolicy: A, schedule: onTheHour, timeZone: 'bad timezone', jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectedWarnings: 1 },
  'never ran, not time, A': { concurrencyPolicy: A, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA },
  'never ran, not time, F': { concurrencyPolicy: F, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA },
  'never ran, not time, R': { concurrencyPolicy: R, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA },
  'never ran, not time in zone': { concurrencyPolicy: A, schedule: onTheHour, timeZone: 'America/New_York', jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA },
  'never ran, is time, A': { concurrencyPolicy: A, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time, F': { concurrencyPolicy: F, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time, R': { concurrencyPolicy: R, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time in zone': { concurrencyPolicy: A, schedule: onTheHour, timeZone: 'America/New_York', jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time in zone, but TZ is also set in schedule': { concurrencyPolicy: A, schedule: `TZ=UTC ${onTheHour}`, timeZone: 'America/New_York', jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectedWarnings: 1, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'never ran, is time, suspended': { concurrencyPolicy: A, suspend: true, schedule: onTheHour, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour },
  'never ran, is time, past deadline': { concurrencyPolicy: A, schedule: onTheHour, deadline: shortDead, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour + MIN * (shortDead + 1), expectRequeueAfter: HOUR - MIN - MIN * (shortDead + 1) + DELTA },
  'never ran, is time, not past deadline': { concurrencyPolicy: A, schedule: onTheHour, deadline: longDead, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },

  'prev ran but done, not time, A': { concurrencyPolicy: A, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, not time, F': { concurrencyPolicy: F, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, not time, R': { concurrencyPolicy: R, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectRequeueAfter: MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, A': { concurrencyPolicy: A, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, F': { concurrencyPolicy: F, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, R': { concurrencyPolicy: R, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, suspended': { concurrencyPolicy: A, suspend: true, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectUpdateStatus: true },
  'prev ran but done, is time, past deadline': { concurrencyPolicy: A, schedule: onTheHour, deadline: shortDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'prev ran but done, is time, not past deadline': { concurrencyPolicy: A, schedule: onTheHour, deadline: longDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },

  'still active, not time, A': { concurrencyPolicy: A, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectActive: 1, expectRequeueAfter: MIN + DELTA },
  'still active, not time, F': { concurrencyPolicy: F, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectActive: 1, expectRequeueAfter: MIN + DELTA },
  'still active, not time, R': { concurrencyPolicy: R, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justBeforeTheHour, expectActive: 1, expectRequeueAfter: MIN + DELTA },
  'still active, is time, A': { concurrencyPolicy: A, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 2, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'still active, is time, F': { concurrencyPolicy: F, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA },
  'still active, is time, R': { concurrencyPolicy: R, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectDelete: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'still active, is time, suspended': { concurrencyPolicy: A, suspend: true, schedule: onTheHour, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectActive: 1 },
  'still active, is time, past deadline': { concurrencyPolicy: A, schedule: onTheHour, deadline: shortDead, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA },
  'still active, is time, not past deadline': { concurrencyPolicy: A, schedule: onTheHour, deadline: longDead, ranPreviously: true, stillActive: true, jobCreationTime: justAfterThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 2, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },

  // Too many missed start times: a warning, and only the most recent one runs.
  'prev ran but done, long overdue, not past deadline, A': { concurrencyPolicy: A, schedule: onTheHour, deadline: longDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, not past deadline, R': { concurrencyPolicy: R, schedule: onTheHour, deadline: longDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, not past deadline, F': { concurrencyPolicy: F, schedule: onTheHour, deadline: longDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, no deadline, A': { concurrencyPolicy: A, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, no deadline, F': { concurrencyPolicy: F, schedule: onTheHour, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, past medium deadline, A': { concurrencyPolicy: A, schedule: onTheHour, deadline: mediumDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, past short deadline, A': { concurrencyPolicy: A, schedule: onTheHour, deadline: shortDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },
  'prev ran but done, long overdue, past short deadline, F': { concurrencyPolicy: F, schedule: onTheHour, deadline: shortDead, ranPreviously: true, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR + DELTA, expectUpdateStatus: true },

  // A Job in status.active that the lister does not show but the API still has: kept.
  'this started but went missing, not past deadline, A': { concurrencyPolicy: A, schedule: onTheHour, deadline: longDead, ranPreviously: true, stillActive: true, jobCreationTime: topOfTheHour + 100, now: justAfterTheHour + 100, expectActive: 1, expectRequeueAfter: HOUR - MIN - 100 + DELTA, jobStillNotFoundInLister: true },

  'with @every schedule, never ran, not time': { concurrencyPolicy: A, schedule: everyHour, cronjobCreationTime: justBeforeTheHour, jobCreationTime: justBeforeTheHour, now: topOfTheHour, expectRequeueAfter: HOUR - MIN + DELTA },
  'with @every schedule, never ran, is time': { concurrencyPolicy: A, schedule: everyHour, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, now: justBeforeTheHour, expectRequeueAfter: HOUR + DELTA, expectCreate: true, expectActive: 1, expectUpdateStatus: true },
  'with @every schedule, never ran, is time, past deadline': { concurrencyPolicy: A, schedule: everyHour, deadline: shortDead, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, now: justBeforeTheHour + 1000 * (shortDead + 1), expectRequeueAfter: HOUR - 1000 * (shortDead + 1) + DELTA },
  'with @every schedule, never ran, is time, not past deadline': { concurrencyPolicy: A, schedule: everyHour, deadline: longDead, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, now: justBeforeTheHour + 1000 * (shortDead - 1), expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - 1000 * (shortDead - 1) + DELTA, expectUpdateStatus: true },
  'with @every schedule, prev ran but done, not time': { concurrencyPolicy: A, schedule: everyHour, ranPreviously: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, lastScheduleTime: justBeforeTheHour, now: topOfTheHour, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'with @every schedule, prev ran but done, is time': { concurrencyPolicy: A, schedule: everyHour, ranPreviously: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, lastScheduleTime: justBeforeTheHour, now: topOfTheHour + HOUR, expectCreate: true, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA, expectUpdateStatus: true },
  'with @every schedule, prev ran but done, is time, past deadline': { concurrencyPolicy: A, schedule: everyHour, deadline: shortDead, ranPreviously: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, lastScheduleTime: justBeforeTheHour, now: justBeforeTheNextHour + 1000 * (shortDead + 1), expectRequeueAfter: HOUR - 1000 * (shortDead + 1) + DELTA, expectUpdateStatus: true },
  'with @every schedule, still active, not time': { concurrencyPolicy: A, schedule: everyHour, ranPreviously: true, stillActive: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeTheHour, lastScheduleTime: justBeforeTheHour, now: topOfTheHour, expectActive: 1, expectRequeueAfter: HOUR - MIN + DELTA },
  'with @every schedule, still active, is time': { concurrencyPolicy: A, schedule: everyHour, ranPreviously: true, stillActive: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeThePriorHour, lastScheduleTime: justBeforeThePriorHour, now: justAfterTheHour, expectCreate: true, expectActive: 2, expectRequeueAfter: HOUR - 2 * MIN + DELTA, expectUpdateStatus: true },
  'with @every schedule, still active, is time, past deadline': { concurrencyPolicy: A, schedule: everyHour, deadline: shortDead, ranPreviously: true, stillActive: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeTheHour, lastScheduleTime: justBeforeTheHour, now: justBeforeTheNextHour + 1000 * (shortDead + 1), expectActive: 1, expectRequeueAfter: HOUR - 1000 * (shortDead + 1) + DELTA },
  'with @every schedule, still active, is time, not past deadline': { concurrencyPolicy: A, schedule: everyHour, deadline: longDead, ranPreviously: true, stillActive: true, cronjobCreationTime: justBeforeThePriorHour, jobCreationTime: justBeforeTheHour, lastScheduleTime: justBeforeTheHour, now: justBeforeTheNextHour + 1000 * (shortDead - 1), expectCreate: true, expectActive: 2, expectRequeueAfter: HOUR - 1000 * (shortDead - 1) + DELTA, expectUpdateStatus: true },
  'with @every schedule, prev ran but done, long overdue, no deadline': { concurrencyPolicy: A, schedule: everyHour, ranPreviously: true, cronjobCreationTime: justAfterThePriorHour, lastScheduleTime: justAfterTheHour, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour, expectCreate: true, expectActive: 1, expectedWarnings: 1, expectRequeueAfter: MIN + DELTA, expectUpdateStatus: true },
  // Upstream lists expectActive 1 here, but its harness never checks it (no status update is
  // recorded by syncCronJob): nothing is active and nothing is created.
  'with @every schedule, prev ran but done, long overdue, past deadline': { concurrencyPolicy: A, schedule: everyHour, deadline: shortDead, ranPreviously: true, cronjobCreationTime: justAfterThePriorHour, lastScheduleTime: justAfterTheHour, jobCreationTime: justAfterThePriorHour, now: weekAfterTheHour + MIN + 1000 * (shortDead + 1), expectActive: 0, expectRequeueAfter: HOUR - 1000 * (shortDead + 1) + DELTA, expectUpdateStatus: true },
};

function setup(tc: Case): { cj: CronJob; jobs: Job[]; exists: boolean } {
  let cj = cronJob();
  cj = {
    ...cj,
    spec: {
      ...cj.spec,
      concurrencyPolicy: tc.concurrencyPolicy,
      suspend: tc.suspend ?? false,
      schedule: tc.schedule,
      ...(tc.timeZone === undefined ? {} : { timeZone: tc.timeZone }),
      ...(tc.deadline === undefined ? {} : { startingDeadlineSeconds: tc.deadline }),
    },
  };
  const jobs: Job[] = [];
  if (tc.ranPreviously === true) {
    cj = {
      ...cj,
      metadata: { ...cj.metadata, creationTimestamp: iso(tc.cronjobCreationTime ?? justBeforeThePriorHour) },
      status: { lastScheduleTime: iso(tc.lastScheduleTime ?? justAfterThePriorHour) },
    };
    let job = jobFromCronJobTemplate(cj, tc.jobCreationTime);
    job = { ...job, metadata: { ...job.metadata, uid: '1234', creationTimestamp: iso(tc.jobCreationTime) } };
    if (tc.stillActive === true) {
      cj = { ...cj, status: { ...cj.status, active: [cronJobActiveRef(job)] } };
    } else {
      job = { ...job, status: { completionTime: iso(tc.jobCreationTime + 10_000), conditions: [{ type: 'Complete', status: 'True' }] } };
    }
    if (tc.jobStillNotFoundInLister !== true) jobs.push(job);
  } else {
    cj = { ...cj, metadata: { ...cj.metadata, creationTimestamp: iso(tc.cronjobCreationTime ?? justBeforeTheHour) } };
  }
  return { cj, jobs, exists: tc.jobStillNotFoundInLister === true };
}

describe('planCronJob: upstream TestControllerV2SyncCronJob (§Q.3, §Q.4, §Q.6, §Q.8)', () => {
  it.each(Object.entries(cases))('%s', (_name, tc) => {
    const { cj, jobs, exists } = setup(tc);
    const plan = planCronJob(cj, jobs, tc.now, { jobExists: () => exists });
    expect(plan.create !== undefined).toBe(tc.expectCreate === true);
    expect(plan.deletes.filter((d) => d.why === 'replace')).toHaveLength(tc.expectDelete === true ? 1 : 0);
    expect(plan.events.filter((e) => e.type === 'Warning')).toHaveLength(tc.expectedWarnings ?? 0);
    const requeue = plan.create?.requeueAfterMs ?? plan.requeueAfterMs;
    if (tc.expectRequeueAfter !== undefined) expect(requeue).toBe(tc.expectRequeueAfter);
    expect(plan.updateStatus || plan.create !== undefined).toBe(tc.expectUpdateStatus === true);
    const activeAfter = (plan.status.active?.length ?? 0) + (plan.create === undefined ? 0 : 1);
    expect(activeAfter).toBe(tc.expectActive ?? 0);
    if (tc.ranPreviously === true && tc.stillActive !== true) {
      expect(plan.status.lastSuccessfulTime).toBe(iso(tc.jobCreationTime + 10_000));
    }
    if (plan.create !== undefined) {
      const ref = plan.create.job.metadata.ownerReferences?.[0];
      expect(ref).toEqual({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'mycronjob', uid: '1a2b3c', controller: true, blockOwnerDeletion: true });
    }
  });

  it('Forbid with an active Job records JobAlreadyActive and skips that time (§Q.4)', () => {
    const { cj, jobs } = setup(cases['still active, is time, F']!);
    const plan = planCronJob(cj, jobs, justAfterTheHour);
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' }]);
  });

  it('more than 100 missed start times: TooManyMissedTimes, and one Job for the most recent time (§Q.3)', () => {
    const { cj, jobs } = setup(cases['prev ran but done, long overdue, no deadline, A']!);
    const plan = planCronJob(cj, jobs, weekAfterTheHour);
    expect(plan.events.map((e) => e.reason)).toEqual(['TooManyMissedTimes']);
    expect(plan.events[0]?.message).toBe('too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    expect(plan.create?.scheduledMs).toBe(weekAfterTheHour);
    expect(plan.create?.job.metadata.name).toBe(`mycronjob-${weekAfterTheHour / 60_000}`);
  });

  it('an invalid time zone stops the sync with UnknownTimeZone and no requeue (§Q.4)', () => {
    const { cj, jobs } = setup(cases['never ran, not valid time zone']!);
    const plan = planCronJob(cj, jobs, justBeforeTheHour);
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'UnknownTimeZone', message: 'invalid timeZone: "bad timezone": unknown time zone bad timezone' }]);
    expect(plan.requeueAfterMs).toBeUndefined();
  });

  it('an unparseable schedule: UnparseableSchedule with robfig\'s message, no requeue (§Q.4)', () => {
    const { cj, jobs } = setup(cases['never ran, not valid schedule, A']!);
    const plan = planCronJob(cj, jobs, justBeforeTheHour);
    expect(plan.events).toEqual([
      { type: 'Warning', reason: 'UnparseableSchedule', message: 'unparseable schedule: "obvious error schedule" : expected exactly 5 fields, found 3: [obvious error schedule]' },
    ]);
    expect(plan.requeueAfterMs).toBeUndefined();
  });

  it('a schedule that never fires twice within 5 years is InvalidSchedule (upstream "59 23 31 2 *", §Q.3)', () => {
    const cj = applyDefaults({ ...cronJob(), spec: { ...cronJob().spec, schedule: '59 23 31 2 *' } });
    const plan = planCronJob(cj, [], justAfterTheHour);
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'InvalidSchedule', message: 'invalid schedule: 59 23 31 2 * : time difference between two schedules is less than 1 second' }]);
  });

  it('the starting deadline moves the earliest time up, so a time later than the deadline is never due (§Q.3, §Q.4)', () => {
    // now − deadline is before the due time only when the deadline moved the earliest time back:
    // a lastScheduleTime after now − deadline keeps t1 = 10:00, due and 70 s late with a 60 s deadline.
    const cj: CronJob = { ...cronJob(), spec: { ...cronJob().spec, schedule: onTheHour, startingDeadlineSeconds: 60 }, status: { lastScheduleTime: iso(topOfTheHour - 30_000) } };
    const plan = planCronJob(cj, [], topOfTheHour + 70_000);
    expect(plan.create).toBeUndefined();
    expect(plan.events.map((e) => e.reason)).toEqual([]);
    expect(plan.requeueAfterMs).toBe(HOUR - 70_000 + DELTA);
  });

  it('a finished active Job leaves status.active with SawCompletedJob; a missing one with MissingJob (§Q.6)', () => {
    const { cj, jobs } = setup(cases['still active, not time, A']!);
    const done: Job = { ...jobs[0]!, status: { completionTime: iso(justBeforeTheHour), conditions: [{ type: 'Failed', status: 'True' }] } };
    const plan = planCronJob(cj, [done], justBeforeTheHour);
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${done.metadata.name}, condition: Failed` }]);
    expect(plan.status.active).toBeUndefined();
    expect(plan.status.lastSuccessfulTime).toBeUndefined();
    const gone = planCronJob(cj, [], justBeforeTheHour);
    expect(gone.events).toEqual([{ type: 'Normal', reason: 'MissingJob', message: `Active job went missing: ${done.metadata.name}` }]);
    expect(gone.status.active).toBeUndefined();
  });

  it('an unfinished Job that is not active is reported as UnexpectedJob and not adopted (§Q.6)', () => {
    const { cj } = setup(cases['never ran, not time, A']!);
    const stray: Job = { ...jobFromCronJobTemplate(cj, justAfterThePriorHour), metadata: { ...jobFromCronJobTemplate(cj, justAfterThePriorHour).metadata, uid: 'stray' } };
    const plan = planCronJob(cj, [stray], justBeforeTheHour);
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'UnexpectedJob', message: `Saw a job that the controller did not create or forgot: ${stray.metadata.name}` }]);
    expect(plan.status.active).toBeUndefined();
  });

  it('a CronJob being deleted only does bookkeeping (§Q.4)', () => {
    const { cj } = setup(cases['never ran, is time, A']!);
    const plan = planCronJob({ ...cj, metadata: { ...cj.metadata, deletionTimestamp: iso(justAfterTheHour) } }, [], justAfterTheHour);
    expect(plan.create).toBeUndefined();
    expect(plan.requeueAfterMs).toBeUndefined();
  });

  it('the same scheduled time is never started twice: lastScheduleTime or an active Job of that name stops it (§Q.4, §Q.5)', () => {
    const { cj } = setup(cases['never ran, is time, A']!);
    const first = planCronJob(cj, [], justAfterTheHour);
    expect(first.create?.scheduledMs).toBe(topOfTheHour);
    const after: CronJob = { ...cj, status: { lastScheduleTime: iso(topOfTheHour) } };
    expect(planCronJob(after, [], justAfterTheHour).create).toBeUndefined();
    const job = { ...first.create!.job, metadata: { ...first.create!.job.metadata, uid: 'j1' } };
    const activeOnly: CronJob = { ...cj, status: { active: [cronJobActiveRef(job)] } };
    expect(planCronJob(activeOnly, [job], justAfterTheHour).create).toBeUndefined();
  });
});
