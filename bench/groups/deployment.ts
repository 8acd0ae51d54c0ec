/**
 * DP1: a Deployment of 10k replicas on FakeRuntime nodes and a VirtualClock with zero latencies:
 * the first rollout (0 → 10k Ready) and a rolling update of every pod to a new image (maxSurge and
 * maxUnavailable 25 %), measured until the Deployment reports the rollout complete (§O.3, §O.4).
 */
import type { Cluster, Deployment } from '../../src/index.js';
import { benchCluster } from '../lib/cluster-fixtures.js';
import { gc } from '../lib/measure.js';
import type { BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

const label = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));

function deployment(replicas: number, image: string): Deployment {
  const labels = { app: 'web' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image }] } } },
  };
}

function complete(c: Cluster, n: number, image: string): boolean {
  const d = c.store.tryGet('Deployment', 'web');
  const s = d?.status;
  return d !== undefined && s !== undefined && d.spec.template.spec.containers[0]?.image === image && s.observedGeneration === d.metadata.generation &&
    s.updatedReplicas === n && s.replicas === n && s.availableReplicas === n;
}

async function run(n: number, guardMs: number): Promise<{ upMs: number; rolloutMs: number; virtualRolloutMs: number; maxPods: number } | { guarded: string; wallMs: number }> {
  gc();
  // 200 pods a node at most: each node's pod network is a /24 (254 addresses), and a rollout runs
  // up to 125 % of the replicas.
  const { clock, cluster } = benchCluster(n, { nodes: Math.ceil(n / 200) });
  let maxPods = 0;
  let live = 0;
  let guarded: string | undefined;
  let phase = 'deploy';
  let t0 = performance.now();
  let events = 0;
  const sub = cluster.store.watch('Pod').subscribe((ev) => {
    if (ev.type === 'Added') live++;
    else if (ev.type === 'Deleted') live--;
    maxPods = Math.max(maxPods, live);
    if ((++events & 1023) === 0 && performance.now() - t0 > guardMs) guarded ??= phase;
  });
  const until = async (image: string): Promise<void> => {
    await cluster.runUntil((c) => guarded !== undefined || complete(c, n, image), { timeout: '1h' });
  };
  cluster.apply(deployment(n, 'busybox:1.36'));
  await until('busybox:1.36');
  const upMs = performance.now() - t0;
  if (guarded !== undefined) {
    sub.unsubscribe();
    await cluster.close();
    return { guarded, wallMs: upMs };
  }
  phase = 'rollout';
  maxPods = live;
  const v0 = clock.now();
  t0 = performance.now();
  cluster.apply(deployment(n, 'busybox:1.37'));
  await until('busybox:1.37');
  const rolloutMs = performance.now() - t0;
  const virtualRolloutMs = clock.now() - v0;
  sub.unsubscribe();
  await cluster.close();
  if (guarded !== undefined) return { guarded, wallMs: rolloutMs };
  return { upMs, rolloutMs, virtualRolloutMs, maxPods };
}

export const deploymentGroup: BenchGroup = {
  ids: ['DP1'],
  name: 'Deployment rollout (DP1)',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const n = ctx.quick ? 1_000 : 10_000;
    const guardMs = ctx.quick ? 30_000 : 120_000;
    ctx.log(`DP1 ${label(n)} replicas (guard ${guardMs / 1000} s)`);
    const r = await run(n, guardMs);
    const id = `DP1.${label(n)}`;
    const title = `Deployment of ${label(n)} replicas: rolling update of every pod (25 % surge/unavailable)`;
    const target = n === 10_000 ? '≤ 5 s wall' : 'info (target at 10k)';
    if ('guarded' in r) {
      return [{ id, title, unit: 'ms', median: r.wallMs, p10: Number.NaN, p90: Number.NaN, samples: 1, target, pass: false, note: `stopped by the ${guardMs / 1000} s wall guard during the ${r.guarded}` }];
    }
    return [{
      id, title, unit: 'ms', median: r.rolloutMs, p10: r.rolloutMs, p90: r.rolloutMs, samples: 1, target, ...(n === 10_000 ? { pass: r.rolloutMs <= 5_000 } : {}),
      extra: { replicas: n, firstRolloutMs: r.upMs, virtualRolloutMs: r.virtualRolloutMs, maxLivePods: r.maxPods },
    }];
  },
};
