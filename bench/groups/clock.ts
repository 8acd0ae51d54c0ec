/**
 * T1: VirtualClock against a plain binary-heap timer queue (1M timers scheduled then run), and
 * 1k pods with 10 s exec readiness probes for one virtual hour on a cluster.
 */
import type { ReplicaSet } from '../../src/index.js';
import { VirtualClock } from '../../src/testing.js';
import { benchCluster, rsSettled } from '../lib/cluster-fixtures.js';
import { gc, interleaveAsync } from '../lib/measure.js';
import { PlainTimerQueue } from '../lib/plain-heap.js';
import type { BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

function delays(n: number): Float64Array {
  const d = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    d[i] = x % 3_600_000;
  }
  return d;
}

function probedReplicaSet(n: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'probed', namespace: 'default' },
    spec: {
      replicas: n,
      selector: { matchLabels: { app: 'probed' } },
      template: {
        metadata: { labels: { app: 'probed' } },
        spec: { containers: [{ name: 'app', image: 'busybox:1.36', readinessProbe: { exec: { command: ['true'] }, periodSeconds: 10 } }] },
      },
    },
  } as ReplicaSet;
}

export const clockGroup: BenchGroup = {
  ids: ['T1', 'T1.timers', 'T1.probes'],
  name: 'virtual time (T1)',
  async run(ctx: BenchContext, only): Promise<BenchResult[]> {
    const out: BenchResult[] = [];
    if (only('T1.timers')) {
      const n = ctx.quick ? 200_000 : 1_000_000;
      const d = delays(n);
      let fired = 0;
      const fire = (): void => void fired++;
      const p = await interleaveAsync(
        async () => {
          const clock = new VirtualClock();
          for (let i = 0; i < n; i++) clock.setTimeout(fire, d[i] as number);
          await clock.advance(3_600_000);
        },
        async () => {
          const q = new PlainTimerQueue();
          for (let i = 0; i < n; i++) q.push(d[i] as number, fire);
          q.runUntil(3_600_000);
        },
        ctx.quick ? { warmup: 1, samples: 3 } : { warmup: 1, samples: 7 },
      );
      const ratio = p.subject.median / p.comparator.median;
      out.push({
        id: 'T1.timers', title: `VirtualClock: ${n / 1000}k timers set and run`, unit: 'ms', ...p.subject, samples: p.subject.n, comparator: 'plain binary heap', comparatorMedian: p.comparator.median, ratio,
        target: '≤ 1.5× the heap', pass: ratio <= 1.5 && fired === (ctx.quick ? 8 : 16) * n, extra: { timers: n, fired, nsPerTimer: (p.subject.median * 1e6) / n },
      });
    }
    if (only('T1.probes')) {
      const pods = ctx.quick ? 100 : 1_000;
      gc();
      // Without FakeRuntime's call log: it would keep all 360k exec calls of the hour (≈ 110 MB), which
      // measures the test log, not probing (M1 measures the same way).
      const { clock, cluster } = benchCluster(pods, { nodes: Math.max(1, Math.ceil(pods / 100)), recordCalls: false });
      cluster.apply(probedReplicaSet(pods));
      await cluster.runUntil((c) => rsSettled(c, 'probed', pods), { timeout: '10m' });
      let execs = 0;
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const v0 = clock.now();
      await clock.advance('1h');
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      // CPU time of the process (all threads, GC included): steadier than wall time on a shared machine.
      const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
      execs = Math.round((clock.now() - v0) / 10_000) * pods;
      await cluster.close();
      out.push({
        id: 'T1.probes', title: `${pods} pods, 10 s exec readiness probes, 1 virtual hour, FakeRuntime recordCalls: false`, unit: 'ms wall', median: wall, p10: wall, p90: wall, samples: 1,
        target: ctx.quick ? 'info (≤ 1 s at 1k pods)' : '≤ 1000 ms', ...(ctx.quick ? {} : { pass: wall <= 1_000 }), extra: { pods, probeRunsExpected: execs, virtualToWall: 3_600_000 / wall, cpuMs },
      });
    }
    return out;
  },
};
