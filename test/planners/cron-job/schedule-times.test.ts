// Upstream pkg/controller/cronjob/utils_test.go: TestMostRecentScheduleTime,
// TestNextScheduleTimeDuration, TestNextScheduleTime, TestGetJobFromTemplate2, TestByJobStartTime.
import { describe, expect, it } from 'vitest';
import { planCronJob, type CronJob, type Job } from 'podkit';
import {
  CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION,
  loadTimeZone,
  parseCronSchedule,
  type CronSchedule,
  type TimeZone,
} from 'podkit/model';
import {
  CRON_JOB_NEXT_SCHEDULE_DELTA_MS as DELTA,
  jobFromCronJobTemplate,
  mostRecentScheduleTime,
  nextScheduleTimeDuration,
} from 'podkit/planners';

const TOP = Date.parse('2016-05-19T10:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (delta: number): number => TOP + delta;
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const sched = (s: string): CronSchedule => {
  const p = parseCronSchedule(s);
  if (typeof p === 'string') throw new Error(p);
  return p;
};

function cj(schedule: string, created: number, last?: number, sds?: number): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'mycronjob', namespace: 'default', uid: '1a2b3c', creationTimestamp: iso(created) },
    spec: {
      schedule,
      ...(sds === undefined ? {} : { startingDeadlineSeconds: sds }),
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'foo/bar' }] } } } },
    },
    ...(last === undefined ? {} : { status: { lastScheduleTime: iso(last) } }),
  };
}

describe('mostRecentScheduleTime (upstream TestMostRecentScheduleTime, §Q.3)', () => {
  const cases: [string, CronJob, boolean, number, number, number | undefined, 'none' | 'few' | 'many'][] = [
    ['now before next schedule', cj('0 * * * *', TOP), false, at(30_000), TOP, undefined, 'none'],
    ['now just after next schedule', cj('0 * * * *', TOP), false, at(61 * MIN), TOP, at(60 * MIN), 'none'],
    ['missed 5 schedules', cj('0 * * * *', at(10_000)), false, at(301 * MIN), at(10_000), at(300 * MIN), 'few'],
    ['complex schedule', cj('30 6-16/4 * * 1-5', TOP, at(30 * MIN)), false, at(DAY + 31 * MIN), at(30 * MIN), at(DAY + 30 * MIN), 'few'],
    // The estimate starts the walk after Friday 12:30, so that run is not found (upstream behaviour).
    ['another complex schedule', cj('30 10,11,12 * * 1-5', TOP, at(30 * MIN)), false, at(30 * HOUR + 30 * MIN), at(30 * MIN), undefined, 'few'],
    ['complex schedule with longer diff between executions', cj('30 6-16/4 * * 1-5', TOP, at(30 * MIN)), false, at(96 * HOUR + 31 * MIN), at(30 * MIN), at(96 * HOUR + 30 * MIN), 'few'],
    ['complex schedule with shorter diff between executions', cj('30 6-16/4 * * 1-5', TOP), false, at(DAY + 31 * MIN), TOP, at(DAY + 30 * MIN), 'few'],
    ['@every schedule', cj('@every 1h', at(-59 * MIN), at(MIN), 10), false, at(7 * DAY), at(MIN), at(6 * DAY + 23 * HOUR + MIN), 'many'],
    ['earliestTime being CreationTimestamp and LastScheduleTime', cj('0 * * * *', TOP, TOP), false, at(30_000), TOP, undefined, 'none'],
    ['earliestTime being LastScheduleTime', cj('*/5 * * * *', TOP, at(30 * MIN)), false, at(31 * MIN), at(30 * MIN), undefined, 'none'],
    ['earliestTime being LastScheduleTime (within StartingDeadlineSeconds)', cj('*/5 * * * *', TOP, at(30 * MIN), 60), false, at(31 * MIN), at(30 * MIN), undefined, 'none'],
    ['earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)', cj('*/5 * * * *', TOP, at(30 * MIN), 60), true, at(32 * MIN), at(31 * MIN), undefined, 'none'],
  ];
  it.each(cases)('%s', (_n, c, includeSds, now, earliest, recent, missed) => {
    const r = mostRecentScheduleTime(c, now, sched(c.spec.schedule), includeSds);
    expect(r.error).toBeUndefined();
    expect(r.earliestMs).toBe(earliest);
    expect(r.mostRecentMs).toBe(recent);
    expect(r.missed).toBe(missed);
  });

  it('rogue cronjob "59 23 31 2 *": an error, no time', () => {
    const c = cj('59 23 31 2 *', at(10_000));
    const r = mostRecentScheduleTime(c, at(HOUR), sched(c.spec.schedule), false);
    expect(r.mostRecentMs).toBeUndefined();
    expect(r.error).toBe('time difference between two schedules is less than 1 second');
  });
});

describe('nextScheduleTimeDuration (upstream TestNextScheduleTimeDuration, §Q.8)', () => {
  const cases: [string, CronJob, number, number][] = [
    ['complex schedule skipping weekend', cj('30 6-16/4 * * 1-5', TOP, at(30 * MIN)), at(DAY + 31 * MIN), 3 * HOUR + 59 * MIN + DELTA],
    ['another complex schedule skipping weekend', cj('30 10,11,12 * * 1-5', TOP, at(30 * MIN)), at(30 * HOUR + 30 * MIN), 66 * HOUR + DELTA],
    ['once a week cronjob, missed two runs', cj('0 12 * * 4', TOP, at(2 * HOUR)), at(19 * DAY + HOUR + 30 * MIN), 48 * HOUR + 30 * MIN + DELTA],
    ['no previous run of a cronjob', cj('0 12 * * 5', TOP), at(6 * HOUR), 20 * HOUR + DELTA],
  ];
  it.each(cases)('%s', (_n, c, now, want) => {
    expect(nextScheduleTimeDuration(c, now, sched(c.spec.schedule))).toBe(want);
  });
});

describe('nextScheduleTime through planCronJob (upstream TestNextScheduleTime, §Q.3)', () => {
  const T1 = TOP;
  const T2 = TOP + HOUR;
  const due = (c: CronJob, now: number): number | undefined => planCronJob(c, [], now).create?.scheduledMs;
  it('case 1: no known start times, none needed yet', () => expect(due(cj('0 * * * ?', T1 - 10 * MIN), T1 - 7 * MIN)).toBeUndefined());
  it('case 2: no known start times, one needed', () => expect(due(cj('0 * * * ?', T1 - 10 * MIN), T1 + 2000)).toBe(T1));
  it('case 3: known lastScheduleTime, no start needed', () => expect(due(cj('0 * * * ?', T1 - 10 * MIN, T1), T1 + 2 * MIN)).toBeUndefined());
  it('case 4: known lastScheduleTime, a start needed', () => expect(due(cj('0 * * * ?', T1 - 10 * MIN, T1), T2 + 5 * MIN)).toBe(T2));
  it('case 5: two starts needed: the most recent only', () => expect(due(cj('0 * * * ?', T1 - 2 * HOUR, T1 - HOUR), T2 + 5 * MIN)).toBe(T2));
  it('case 6: way ahead, no deadline: still one start', () => expect(due(cj('0 * * * ?', T1 - 2 * HOUR, T1 - HOUR), T2 + 10 * DAY)).toBe(T2 + 10 * DAY));
  it('case 7: way ahead, a 2 h deadline: one start', () => expect(due(cj('0 * * * ?', T1 - 2 * HOUR, T1 - HOUR, 7200), T2 + 10 * DAY)).toBe(T2 + 10 * DAY));
});

describe('jobFromCronJobTemplate (upstream TestGetJobFromTemplate2, §Q.5)', () => {
  const base: CronJob = {
    ...cj('* * * * ?', TOP),
    metadata: { name: 'mycronjob', namespace: 'snazzycats', uid: '1a2b3c' },
  };
  const withTemplate = (annotations: Record<string, string>, timeZone?: string): CronJob => ({
    ...base,
    spec: {
      ...base.spec,
      ...(timeZone === undefined ? {} : { timeZone }),
      jobTemplate: {
        metadata: { labels: { a: 'b' }, annotations },
        spec: { activeDeadlineSeconds: 1, manualSelector: false, template: { metadata: { labels: { foo: 'bar' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'foo/bar' }] } } },
      },
    },
  });
  const zone = (name: string): TimeZone => loadTimeZone(name) as TimeZone;
  it.each([
    ['UTC timezone and one annotation', { x: 'y' }, 'UTC', 2, '2016-05-19T10:00:00Z'],
    ['nil timezone and one annotation', { x: 'y' }, undefined, 2, '2016-05-19T10:00:00Z'],
    ['correct timezone and multiple annotation', { x: 'y', z: 'x' }, 'Europe/Rome', 3, '2016-05-19T12:00:00+02:00'],
  ] as const)('%s', (_n, annotations, tz, count, stamp) => {
    const c = withTemplate({ ...annotations }, tz);
    const job = jobFromCronJobTemplate(c, TOP, tz === undefined ? undefined : zone(tz));
    expect(job.metadata.name).toBe(`mycronjob-${TOP / MIN}`);
    expect(job.metadata.namespace).toBe('snazzycats');
    expect(job.metadata.labels).toEqual({ a: 'b' });
    expect(Object.keys(job.metadata.annotations ?? {})).toHaveLength(count);
    expect(job.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION]).toBe(stamp);
    expect(job.spec.activeDeadlineSeconds).toBe(1);
    // A deep copy: changing the Job does not change the CronJob.
    job.spec.template.spec.containers[0]!.image = 'changed';
    expect(c.spec.jobTemplate.spec.template.spec.containers[0]!.image).toBe('foo/bar');
  });
  it('the planner stamps the annotation in spec.timeZone (New York, DST offset) (§Q.5, §Q.10)', () => {
    const c = { ...withTemplate({}, 'America/New_York'), metadata: { ...base.metadata, creationTimestamp: iso(TOP - 10 * MIN) } };
    const plan = planCronJob({ ...c, spec: { ...c.spec, schedule: '0 * * * *' } }, [], TOP + MIN);
    expect(plan.create?.job.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION]).toBe('2016-05-19T06:00:00-04:00');
  });
});

describe('history limits (upstream cleanupFinishedJobs / removeOldestJobs / TestByJobStartTime, §Q.7)', () => {
  const finished = (name: string, type: 'Complete' | 'Failed', start?: string): Job => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default', uid: `u-${name}`, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'mycronjob', uid: '1a2b3c', controller: true }] },
    spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } },
    status: { ...(start === undefined ? {} : { startTime: start }), conditions: [{ type, status: 'True' }], ...(type === 'Complete' ? { completionTime: start ?? iso(TOP) } : {}) },
  });
  const withLimits = (ok: number | undefined, failed: number | undefined): CronJob => {
    const c = cj('0 * * * *', TOP - HOUR, TOP);
    return { ...c, spec: { ...c.spec, ...(ok === undefined ? {} : { successfulJobsHistoryLimit: ok }), ...(failed === undefined ? {} : { failedJobsHistoryLimit: failed }) } };
  };
  it('deletes the oldest succeeded Jobs beyond the limit, by start time', () => {
    const jobs = [finished('c', 'Complete', '2016-05-19T09:03:00Z'), finished('a', 'Complete', '2016-05-19T09:01:00Z'), finished('b', 'Complete', '2016-05-19T09:02:00Z')];
    const plan = planCronJob(withLimits(1, 1), jobs, TOP + MIN);
    expect(plan.deletes.map((d) => [d.job.metadata.name, d.why])).toEqual([['a', 'history'], ['b', 'history']]);
    expect(plan.updateStatus).toBe(true);
  });
  it('failed Jobs have their own limit; unstarted Jobs go last, ties by name (byJobStartTime)', () => {
    const jobs = [finished('nil-b', 'Failed'), finished('nil-a', 'Failed'), finished('set-b', 'Failed', '2018-01-01T02:03:04Z'), finished('set-a', 'Failed', '2018-01-01T02:03:04Z'), finished('later', 'Failed', '2019-01-01T02:03:04Z')];
    const plan = planCronJob(withLimits(3, 1), jobs, TOP + MIN);
    expect(plan.deletes.map((d) => d.job.metadata.name)).toEqual(['set-a', 'set-b', 'later', 'nil-a']);
  });
  it('a limit of 0 keeps none; no limit keeps all', () => {
    const jobs = [finished('a', 'Complete', '2016-05-19T09:01:00Z'), finished('f', 'Failed', '2016-05-19T09:01:00Z')];
    expect(planCronJob(withLimits(0, undefined), jobs, TOP + MIN).deletes.map((d) => d.job.metadata.name)).toEqual(['a']);
    expect(planCronJob(withLimits(undefined, undefined), jobs, TOP + MIN).deletes).toEqual([]);
  });
  it('running Jobs are never history', () => {
    const running: Job = { ...finished('r', 'Complete'), status: { startTime: iso(TOP) } };
    expect(planCronJob(withLimits(0, 0), [running], TOP + MIN).deletes).toEqual([]);
  });
});
