// No CronJob schedule time fires twice under faults (seeded): status-write conflicts right after
// a Job was created (the name is the lock, §Q.5), failed creates, lost Job watch events,
// controller restarts and Jobs deleted from under the CronJob.
import { describe, expect, it } from 'vitest';
import { createCronJobController, EventRecorder, MemoryStore, type Job } from 'podkit';
import { CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION } from 'podkit/model';
import { newCronJob, VirtualClock, withStoreFaults } from 'podkit/testing';

const MIN = 60_000;

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('CronJob controller under faults (seeded)', () => {
  it.each([1, 7, 42])('seed %i: every Job is a distinct time of the schedule, at every store event; most times run (§Q.3, §Q.5, §Q.6)', async (seed) => {
    const random = rng(seed);
    const clock = new VirtualClock();
    const inner = new MemoryStore({ clock });
    const { store, faults } = withStoreFaults(inner, clock);
    const recorder = new EventRecorder({ clock, component: 'test' });
    const seen = new Set<string>();
    const violations: string[] = [];
    inner.watch('Job').subscribe((ev) => {
      if (ev.type !== 'Added') return;
      const job = ev.object;
      const name = job.metadata.name ?? '';
      const minutes = Number(name.split('-').pop());
      if (seen.has(name)) violations.push(`${name} created twice`);
      if (minutes % 5 !== 0) violations.push(`${name} is not a */5 time`);
      const stamp = job.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION];
      if (stamp !== new Date(minutes * MIN).toISOString().replace('.000Z', 'Z')) violations.push(`${name} stamped ${stamp}`);
      seen.add(name);
      // The Job "runs" 1–9 minutes (the Job controller's part, on the inner store).
      clock.setTimeout(() => {
        const cur = inner.tryGet('Job', name, 'default');
        if (cur === undefined) return;
        const now = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
        inner.updateStatus<Job>({ ...cur, status: { startTime: cur.metadata.creationTimestamp ?? now, completionTime: now, succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } });
      }, (1 + Math.floor(random() * 9)) * MIN);
    });
    let ctrl = createCronJobController();
    ctrl.start({ store, clock, recorder });
    inner.create(newCronJob({ name: 'chaos', schedule: '*/5 * * * *' }));
    let restarts = 0;
    for (let minute = 0; minute < 12 * 60; minute++) {
      const r = random();
      if (r < 0.05) faults.conflictNextUpdates('CronJob', 1);
      else if (r < 0.08) faults.failNextCreates('Job', 1);
      else if (r < 0.12) faults.dropWatchEvents('Job', 1);
      else if (r < 0.14) {
        await ctrl.stop();
        ctrl = createCronJobController();
        ctrl.start({ store, clock, recorder });
        restarts++;
      } else if (r < 0.16) {
        const jobs = inner.list('Job');
        const victim = jobs[Math.floor(random() * jobs.length)];
        if (victim !== undefined) inner.delete('Job', victim.metadata.name ?? '', { namespace: 'default' });
      }
      await clock.advance(MIN);
    }
    await ctrl.stop();
    expect(violations).toEqual([]);
    expect(faults.fired.conflict + faults.fired.createFailed + faults.fired.dropped).toBeGreaterThan(0);
    expect(restarts).toBeGreaterThan(0);
    // 144 times in 12 h; a failed create is retried within seconds, so at most a few are lost.
    expect(seen.size).toBeGreaterThanOrEqual(140);
    expect(seen.size).toBeLessThanOrEqual(144);
  });
});

describe('the Job name is the lock (§Q.5)', () => {
  it('a status write that fails right after the create: the retry finds the Job by name (AlreadyExists) and takes it into status.active', async () => {
    const clock = new VirtualClock();
    const inner = new MemoryStore({ clock });
    const { store, faults } = withStoreFaults(inner, clock);
    const recorder = new EventRecorder({ clock, component: 'test' });
    const ctrl = createCronJobController();
    ctrl.start({ store, clock, recorder });
    inner.create(newCronJob({ name: 'lock', schedule: '*/5 * * * *' }));
    await clock.advance(4 * MIN);
    faults.conflictNextUpdates('CronJob', 1);
    await clock.advance(MIN + 30_000);
    expect(faults.fired.conflict).toBe(1);
    const jobs = inner.list('Job');
    expect(jobs).toHaveLength(1);
    const cj = inner.get('CronJob', 'lock', 'default');
    expect(cj.status?.active?.map((r) => r.uid)).toEqual([jobs[0]?.metadata.uid]);
    expect(cj.status?.lastScheduleTime).toBe('2024-01-01T00:05:00Z');
    expect(recorder.list().filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(1);
    await ctrl.stop();
  });
});
