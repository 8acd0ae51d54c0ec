/**
 * C3: an Indexed Job (completions 10k, parallelism 500, each pod `sleep 10` on FakeRuntime nodes)
 * against the analytic bound ceil(completions / parallelism) × 10 s of virtual time.
 */
import type { Job } from '../../src/index.js';
import { benchCluster } from '../lib/cluster-fixtures.js';
import { gc } from '../lib/measure.js';
import type { BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

function indexedJob(completions: number, parallelism: number): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'batch', namespace: 'default' },
    spec: {
      completions,
      parallelism,
      completionMode: 'Indexed',
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.36', command: ['sleep', '10'] }] } },
    },
  } as Job;
}

export const jobGroup: BenchGroup = {
  ids: ['C3'],
  name: 'Indexed Job (C3)',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const completions = ctx.quick ? 500 : 10_000;
    const parallelism = ctx.quick ? 50 : 500;
    const guardMs = ctx.quick ? 30_000 : 120_000;
    const boundMs = Math.ceil(completions / parallelism) * 10_000;
    gc();
    const { clock, cluster } = benchCluster(parallelism, { job: true, nodes: 5 });
    const v0 = clock.now();
    const t0 = performance.now();
    let guarded = false;
    const complete = (): boolean => {
      const job = cluster.store.tryGet('Job', 'batch');
      if (job?.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true) return true;
      if (performance.now() - t0 > guardMs) return (guarded = true);
      return false;
    };
    cluster.apply(indexedJob(completions, parallelism));
    let error: string | undefined;
    try {
      await cluster.runUntil(complete, { timeout: `${Math.ceil((boundMs * 3) / 1000)}s` });
    } catch (e) {
      error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
    const wall = performance.now() - t0;
    const virtualMs = clock.now() - v0;
    const succeeded = cluster.store.tryGet('Job', 'batch')?.status?.succeeded ?? 0;
    await cluster.close();
    const over = virtualMs / boundMs - 1;
    const done = !guarded && error === undefined;
    return [
      {
        id: 'C3', title: `Indexed Job ${completions} completions, parallelism ${parallelism}, 10 s pods`, unit: 'ms wall', median: wall, p10: wall, p90: wall, samples: 1,
        comparator: 'analytic bound (virtual ms)', comparatorMedian: boundMs, ratio: virtualMs / boundMs,
        target: ctx.quick ? 'virtual ≤ bound + 5 % (wall target at 10k)' : 'virtual ≤ bound + 5 %; ≤ 2 s wall',
        pass: done && over <= 0.05 && (ctx.quick || wall <= 2_000),
        extra: { virtualMs, boundMs, overBoundPct: over * 100, succeeded },
        ...(guarded ? { note: `stopped by the ${guardMs / 1000} s wall guard at ${succeeded} succeeded` } : error === undefined ? {} : { note: error }),
      },
    ];
  },
};
