// The CronJob controller shell on a bare MemoryStore + VirtualClock: Jobs are finished by hand
// (no Job controller), so the CronJob rules are seen alone (§Q).
import { afterEach, describe, expect, it } from 'vitest';
import {
  createCronJobController,
  EventRecorder,
  MemoryStore,
  type Clock,
  type Controller,
  type CronJob,
  type Job,
  type TimerHandle,
} from 'podkit';
import { CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION } from 'podkit/model';
import { newCronJob, VirtualClock } from 'podkit/testing';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A clock that counts the live timers set through it (the controller's, not the test's). */
function countingClock(inner: VirtualClock): { clock: Clock; live: () => number; dueAt: () => number[] } {
  const live = new Map<TimerHandle, number>();
  const clock: Clock = {
    now: () => inner.now(),
    setTimeout: (fn, ms, options) => {
      const h: TimerHandle = inner.setTimeout(() => {
        live.delete(h);
        fn();
      }, ms, options);
      live.set(h, inner.now() + Math.max(0, ms));
      return h;
    },
    clearTimeout: (h) => {
      live.delete(h);
      inner.clearTimeout(h);
    },
    sleep: (ms) => inner.sleep(ms),
  };
  return { clock, live: () => live.size, dueAt: () => [...live.values()].sort((a, b) => a - b) };
}

interface Env {
  readonly clock: VirtualClock;
  readonly store: MemoryStore;
  readonly recorder: EventRecorder;
  readonly timers: ReturnType<typeof countingClock>;
  /** Every Job name the store ever announced as Added, in order. */
  readonly created: string[];
  /** Scheduled times that fired twice, found at the store event that showed it. */
  readonly violations: string[];
  readonly ctrl: Controller;
}

let running: Env[] = [];
afterEach(async () => {
  for (const e of running) await e.ctrl.stop();
  const violations = running.flatMap((e) => e.violations);
  running = [];
  expect(violations).toEqual([]);
});

/**
 * Starts the controller and checks at every Job event that no scheduled time fires twice: a Job
 * name is never added a second time, and no two Jobs share a scheduled timestamp (§Q.5).
 */
function start(options: { start?: string; noValidation?: boolean } = {}): Env {
  const clock = new VirtualClock(options.start === undefined ? {} : { start: options.start });
  // noValidation: a store that accepts what the API would reject (objects stored by an older server).
  const store = new MemoryStore({ clock, ...(options.noValidation === true ? { validate: () => [] } : {}) });
  const recorder = new EventRecorder({ clock, component: 'test' });
  const timers = countingClock(clock);
  const created: string[] = [];
  const violations: string[] = [];
  const seen = new Set<string>();
  const stamps = new Set<string>();
  store.watch('Job').subscribe((ev) => {
    if (ev.type !== 'Added') return;
    const name = ev.object.metadata.name ?? '';
    const stamp = `${ev.object.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION]}/${ev.object.metadata.ownerReferences?.[0]?.uid}`;
    if (seen.has(name) || stamps.has(stamp)) violations.push(`scheduled time fired twice: ${name} ${stamp}`);
    seen.add(name);
    stamps.add(stamp);
    created.push(name);
  });
  const ctrl = createCronJobController();
  ctrl.start({ store, clock: timers.clock, recorder });
  const e = { clock, store, recorder, timers, created, violations, ctrl };
  running.push(e);
  return e;
}

/** Marks a Job finished (the Job controller's part, by hand). */
function finish(e: Env, name: string, type: 'Complete' | 'Failed' = 'Complete'): void {
  const job = e.store.tryGet('Job', name, 'default');
  if (job === undefined) return;
  const now = new Date(e.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  e.store.updateStatus<Job>({
    ...job,
    status: {
      startTime: job.status?.startTime ?? job.metadata.creationTimestamp ?? now,
      ...(type === 'Complete' ? { completionTime: now, succeeded: 1 } : { failed: 1 }),
      conditions: [{ type, status: 'True', lastTransitionTime: now }],
    },
  });
}

/** Every Job is marked Complete `afterMs` after it is created. */
function finishAfter(e: Env, afterMs: number): void {
  e.store.watch('Job').subscribe((ev) => {
    if (ev.type === 'Added') {
      const name = ev.object.metadata.name ?? '';
      e.clock.setTimeout(() => finish(e, name), afterMs);
    }
  });
}

/** How many times an Event reason was recorded (the recorder aggregates repeats into `count`). */
const reasons = (e: Env, reason: string): number => e.recorder.list().filter((ev) => ev.reason === reason).reduce((n, ev) => n + ev.count, 0);
const cronJobOf = (e: Env, name: string): CronJob => e.store.get('CronJob', name, 'default');
const completeJobs = (e: Env): Job[] => e.store.list('Job').filter((j) => j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True'));

describe('createCronJobController (bare store, Jobs finished by hand)', () => {
  it('*/5 * * * * for a virtual day creates exactly 288 Jobs; the history keeps the 3 newest successful (§Q.5, §Q.7)', async () => {
    const e = start();
    finishAfter(e, MIN);
    e.store.create(newCronJob({ name: 'every5', schedule: '*/5 * * * *' }));
    await e.clock.advance(24 * HOUR + 1000);
    expect(e.created).toHaveLength(288);
    const t0 = Date.UTC(2024, 0, 1);
    expect(e.created[0]).toBe(`every5-${(t0 + 5 * MIN) / MIN}`);
    expect(e.created[287]).toBe(`every5-${(t0 + 24 * HOUR) / MIN}`);
    expect(completeJobs(e).map((j) => j.metadata.name)).toEqual(e.created.slice(284, 287));
    expect(e.store.list('Job')).toHaveLength(4);
    const cj = cronJobOf(e, 'every5');
    expect(cj.status?.lastScheduleTime).toBe('2024-01-02T00:00:00Z');
    expect(cj.status?.active?.map((r) => r.name)).toEqual([e.created[287]]);
    expect(cj.status?.lastSuccessfulTime).toBe('2024-01-01T23:56:00Z');
  });

  it('the next wake-up is one clock timer per CronJob, at the next time + 100 ms: no polling (§Q.8)', async () => {
    const e = start();
    finishAfter(e, 30_000);
    e.store.create(newCronJob({ name: 'a', schedule: '*/5 * * * *' }));
    e.store.create(newCronJob({ name: 'b', schedule: '0 * * * *' }));
    await e.clock.advance(0);
    const t0 = e.clock.now();
    expect(e.timers.dueAt()).toEqual([t0 + 5 * MIN + 100, t0 + HOUR + 100]);
    let max = 0;
    for (let i = 0; i < 24; i++) {
      await e.clock.advance(MIN / 4);
      max = Math.max(max, e.timers.live());
    }
    expect(max).toBeLessThanOrEqual(2);
    expect(e.timers.live()).toBe(2);
    // 6 minutes in: a ran at 00:05, next at 00:10; b waits for 01:00.
    expect(e.timers.dueAt()).toEqual([t0 + 10 * MIN + 100, t0 + HOUR + 100]);
  });

  it('Forbid: a due time is not started while a Job runs (JobAlreadyActive); it starts late if the Job ends before the next time (§Q.4)', async () => {
    const e = start();
    const t0 = Date.UTC(2024, 0, 1);
    e.store.create(newCronJob({ name: 'f', schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' }));
    await e.clock.advance(5 * MIN + 1000);
    expect(e.created).toHaveLength(1);
    await e.clock.advance(7 * MIN); // 00:12: the 00:10 run is held back
    expect(e.created).toHaveLength(1);
    expect(reasons(e, 'JobAlreadyActive')).toBe(1);
    finish(e, e.created[0]!);
    await e.clock.advance(0);
    // 00:10 is still the most recent due time: it starts now, late.
    expect(e.created).toEqual([`f-${(t0 + 5 * MIN) / MIN}`, `f-${(t0 + 10 * MIN) / MIN}`]);
    // Still running at 00:15 and 00:20: both are held back, and only 00:20 is due when it ends.
    await e.clock.advance(9 * MIN);
    finish(e, e.created[1]!);
    await e.clock.advance(0);
    expect(e.created[2]).toBe(`f-${(t0 + 20 * MIN) / MIN}`);
  });

  it('Forbid with startingDeadlineSeconds: a time held back past its deadline is never started (§Q.3, §Q.4)', async () => {
    const e = start();
    e.store.create(newCronJob({ name: 'fd', schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 60 }));
    await e.clock.advance(12 * MIN);
    finish(e, e.created[0]!);
    await e.clock.advance(0);
    expect(e.created).toHaveLength(1);
    await e.clock.advance(3 * MIN + 1000);
    expect(e.created).toEqual([e.created[0], `fd-${(Date.UTC(2024, 0, 1) + 15 * MIN) / MIN}`]);
  });

  it('Replace: the running Job is deleted before the next one is created (§Q.4)', async () => {
    const e = start();
    e.store.create(newCronJob({ name: 'r', schedule: '*/5 * * * *', concurrencyPolicy: 'Replace' }));
    await e.clock.advance(5 * MIN + 1000);
    const first = e.created[0]!;
    await e.clock.advance(5 * MIN);
    expect(e.created).toHaveLength(2);
    expect(e.store.tryGet('Job', first, 'default')).toBeUndefined();
    expect(cronJobOf(e, 'r').status?.active?.map((r) => r.name)).toEqual([e.created[1]]);
    expect(e.recorder.list().filter((ev) => ev.reason === 'SuccessfulDelete').map((ev) => ev.message)).toEqual([`Deleted job ${first}`]);
  });

  it('Allow: Jobs run side by side (§Q.4)', async () => {
    const e = start();
    e.store.create(newCronJob({ name: 'al', schedule: '*/5 * * * *' }));
    await e.clock.advance(15 * MIN + 1000);
    expect(e.created).toHaveLength(3);
    expect(cronJobOf(e, 'al').status?.active).toHaveLength(3);
  });

  it('suspend: nothing runs and no timer is kept; resuming starts only the most recent missed time (§Q.3, §Q.4)', async () => {
    const e = start();
    finishAfter(e, MIN);
    e.store.create(newCronJob({ name: 's', schedule: '*/5 * * * *', suspend: true }));
    await e.clock.advance(HOUR);
    expect(e.created).toHaveLength(0);
    expect(e.timers.live()).toBe(0);
    const cj = cronJobOf(e, 's');
    e.store.update({ ...cj, spec: { ...cj.spec, suspend: false } });
    await e.clock.advance(1000);
    expect(e.created).toEqual([`s-${(Date.UTC(2024, 0, 1) + HOUR) / MIN}`]);
    await e.clock.advance(5 * MIN);
    expect(e.created).toHaveLength(2);
  });

  it('history limits delete the oldest finished Jobs, failed ones separately (§Q.7)', async () => {
    const e = start();
    e.store.watch('Job').subscribe((ev) => {
      if (ev.type !== 'Added') return;
      const name = ev.object.metadata.name ?? '';
      // Alternate success and failure.
      const type = e.created.length % 2 === 0 ? 'Failed' : 'Complete';
      e.clock.setTimeout(() => finish(e, name, type), 10_000);
    });
    e.store.create(newCronJob({ name: 'h', schedule: '* * * * *', spec: { successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 } as Partial<CronJob['spec']> }));
    await e.clock.advance(10 * MIN + 30_000);
    expect(e.created).toHaveLength(10);
    const left = e.store.list('Job').map((j) => j.metadata.name);
    // Even indexes succeeded, odd ones failed: the last failed (9) and the last 2 successful (6, 8) are kept.
    expect(left.sort()).toEqual([e.created[6], e.created[8], e.created[9]].sort());
  });

  it('a time zone across the DST change: 01:30 New York runs twice on the fall-back day, 02:30 not on the spring-forward day (§Q.10)', async () => {
    const e = start({ start: '2024-11-02T12:00:00Z' });
    finishAfter(e, MIN);
    e.store.create(newCronJob({ name: 'fb', schedule: '30 1 * * *', timeZone: 'America/New_York' }));
    await e.clock.advanceTo('2024-11-05T12:00:00Z');
    const stamps = e.created.map((n) => e.store.tryGet('Job', n, 'default')?.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION]);
    expect(e.created.map((n) => new Date(Number(n.split('-')[1]) * MIN).toISOString())).toEqual([
      '2024-11-03T05:30:00.000Z', // 01:30 EDT
      '2024-11-03T06:30:00.000Z', // 01:30 EST
      '2024-11-04T06:30:00.000Z',
      '2024-11-05T06:30:00.000Z',
    ]);
    expect(stamps.slice(1)).toEqual(['2024-11-03T01:30:00-05:00', '2024-11-04T01:30:00-05:00', '2024-11-05T01:30:00-05:00']);

    const s = start({ start: '2024-03-09T12:00:00Z' });
    s.store.create(newCronJob({ name: 'sf', schedule: '30 2 * * *', timeZone: 'America/New_York' }));
    await s.clock.advanceTo('2024-03-12T12:00:00Z');
    // 02:30 on the 9th had passed at the start; the 10th has no 02:30 (02:00 EST → 03:00 EDT).
    expect(s.created.map((n) => new Date(Number(n.split('-')[1]) * MIN).toISOString())).toEqual(['2024-03-11T06:30:00.000Z', '2024-03-12T06:30:00.000Z']);
  });

  it('a Job deleted from under the CronJob leaves status.active (MissingJob) (§Q.6)', async () => {
    const e = start();
    e.store.create(newCronJob({ name: 'm', schedule: '*/5 * * * *' }));
    await e.clock.advance(5 * MIN + 1000);
    e.store.delete('Job', e.created[0]!, { namespace: 'default' });
    await e.clock.advance(1000);
    expect(reasons(e, 'MissingJob')).toBe(1);
    expect(cronJobOf(e, 'm').status?.active).toBeUndefined();
  });

  describe('a schedule change requeues for the new schedule instead of syncing (upstream TestControllerV2UpdateCronJob, §Q.8)', () => {
    it('*/1 replacing 30 * * * * just before the hour: the next sync is at the next minute + 100 ms, and the missed minutes are not started', async () => {
      const e = start({ start: '2016-05-19T09:59:59Z' });
      e.store.create(newCronJob({ name: 'u', schedule: '30 * * * *', metadata: { creationTimestamp: '2016-05-19T09:00:00Z' }, status: { lastScheduleTime: '2016-05-19T09:59:00Z' } }));
      await e.clock.advance(0);
      const cj = cronJobOf(e, 'u');
      e.store.updateStatus({ ...cj, status: { lastScheduleTime: '2016-05-19T09:59:00Z' } });
      e.store.update({ ...cronJobOf(e, 'u'), spec: { ...cj.spec, schedule: '*/1 * * * *' } });
      await e.clock.advance(0);
      expect(e.created).toEqual([]);
      expect(e.timers.dueAt()).toContain(Date.parse('2016-05-19T10:00:00.100Z'));
      await e.clock.advance(1100);
      expect(e.created).toEqual([`u-${Date.parse('2016-05-19T10:00:00Z') / MIN}`]);
    });
    it('@every 3m replacing @every 1m: requeued 2 m 1 s + 100 ms later', async () => {
      const e = start({ start: '2016-05-19T09:59:59Z' });
      e.store.create(newCronJob({ name: 'ev', schedule: '@every 1m', metadata: { creationTimestamp: '2016-05-19T09:00:00Z' } }));
      await e.clock.advance(0);
      const cj = cronJobOf(e, 'ev');
      e.store.updateStatus({ ...cj, status: { lastScheduleTime: '2016-05-19T09:59:00Z' } });
      for (const n of e.created) e.store.delete('Job', n, { namespace: 'default' });
      e.created.length = 0;
      e.store.update({ ...cronJobOf(e, 'ev'), spec: { ...cj.spec, schedule: '@every 3m' } });
      await e.clock.advance(0);
      expect(e.created).toEqual([]);
      await e.clock.advance(2 * MIN + 1000);
      expect(e.created).toEqual([]);
      await e.clock.advance(100);
      expect(e.created).toEqual([`ev-${Date.parse('2016-05-19T10:02:00Z') / MIN}`]);
    });
    it('an unparseable new schedule: UnParseableCronJobSchedule, no requeue; other spec changes sync at once', async () => {
      const e = start({ noValidation: true });
      e.store.create(newCronJob({ name: 'p', schedule: '0 * * * *' }));
      await e.clock.advance(0);
      const store = e.store;
      store.update({ ...cronJobOf(e, 'p'), spec: { ...cronJobOf(e, 'p').spec, schedule: 'not a schedule' } });
      await e.clock.advance(0);
      expect(e.recorder.list().filter((ev) => ev.reason === 'UnParseableCronJobSchedule').map((ev) => ev.message)).toEqual(['unparseable schedule for cronjob: not a schedule']);
      // A label change is not a schedule change: it syncs, and the sync reports the bad schedule.
      store.update({ ...cronJobOf(e, 'p'), metadata: { ...cronJobOf(e, 'p').metadata, labels: { x: 'y' } } });
      await e.clock.advance(0);
      expect(reasons(e, 'UnparseableSchedule')).toBe(1);
    });
  });
});
