/**
 * CJ1: a `*\/1 * * * *` CronJob for 7 virtual days (10 080 Jobs) through the CronJob controller
 * on a MemoryStore + VirtualClock. Each Job is marked Complete 30 s after it is created (the Job
 * controller's and the kubelets' part is left out: an idle cluster's node heartbeats alone cost
 * more than the CronJob work over a week). Measures the controller's sync, the store writes it
 * causes (create, two status writes, the history delete) and its Events.
 */
import { createCronJobController, EventRecorder, MemoryStore, type CronJob, type Job } from '../../src/index.js';
import { VirtualClock } from '../../src/testing.js';
import { gc } from '../lib/measure.js';
import type { BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

const MIN = 60_000;

const CRON_JOB: CronJob = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'every-minute', namespace: 'default' },
  spec: {
    schedule: '*/1 * * * *',
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 30'] }] } } } },
  },
};

async function runDays(days: number): Promise<{ wall: number; cpu: number; jobs: number; left: number; duplicates: number }> {
  const clock = new VirtualClock();
  const store = new MemoryStore({ clock });
  const recorder = new EventRecorder({ clock, component: 'bench' });
  const ctrl = createCronJobController();
  ctrl.start({ store, clock, recorder });
  const names = new Set<string>();
  let jobs = 0;
  let duplicates = 0;
  store.watch('Job').subscribe((ev) => {
    if (ev.type !== 'Added') return;
    const name = ev.object.metadata.name ?? '';
    jobs++;
    if (names.has(name)) duplicates++;
    names.add(name);
    clock.setTimeout(() => {
      const job = store.tryGet('Job', name, 'default');
      if (job === undefined) return;
      const now = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      store.updateStatus<Job>({ ...job, status: { startTime: job.metadata.creationTimestamp ?? now, completionTime: now, succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] } });
    }, 30_000);
  });
  store.create(CRON_JOB);
  gc();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await clock.advance(days * 24 * 60 * MIN + 1000);
  const wall = performance.now() - t0;
  const cu = process.cpuUsage(cpu0);
  const left = store.list('Job').length;
  await ctrl.stop();
  return { wall, cpu: (cu.user + cu.system) / 1000, jobs, left, duplicates };
}

export const cronJobGroup: BenchGroup = {
  ids: ['CJ1'],
  name: 'CronJob week (CJ1)',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const days = ctx.quick ? 1 : 7;
    const r = await runDays(days);
    const expected = days * 24 * 60;
    const ok = r.jobs === expected && r.duplicates === 0 && r.left <= 5;
    return [
      {
        id: 'CJ1', title: `CronJob */1 * * * * for ${days} virtual day(s): ${r.jobs} Jobs`, unit: 'ms wall', median: r.wall, p10: r.wall, p90: r.wall, samples: 1,
        target: ctx.quick ? 'info (target at 7 days)' : '≤ 2 s wall',
        pass: ok && (ctx.quick ? true : r.wall <= 2_000),
        extra: { jobs: r.jobs, expectedJobs: expected, jobsLeft: r.left, duplicates: r.duplicates, cpuMs: Math.round(r.cpu) },
        ...(ok ? {} : { note: `expected ${expected} Jobs without duplicates, got ${r.jobs} (${r.duplicates} duplicates, ${r.left} left)` }),
      },
    ];
  },
};
