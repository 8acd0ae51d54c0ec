/**
 * One C4 size in a child process: a DaemonSet over n fake Node objects (no kubelets; the
 * DaemonSet controller creates the pods, the scheduler binds them) until every node has a bound
 * pod and the status says so, then 10 % node churn. A wall guard (checked on pod watch events,
 * since zero-latency work runs within one virtual instant) stops it and reports how far it got.
 * Usage: node --expose-gc --import tsx bench/d-child.ts <nodes> <guardMs>
 */
import { createCluster, type DaemonSet } from '../src/index.js';
import { VirtualClock } from '../src/testing.js';
import { fakeNode } from './lib/cluster-fixtures.js';
import { gc } from './lib/measure.js';

const nodes = Number(process.argv[2]);
const guardMs = Number(process.argv[3] ?? 120_000);

const DS: DaemonSet = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } },
  },
} as DaemonSet;

gc();
const clock = new VirtualClock();
const cluster = createCluster({ clock, controllers: { replicaSet: false, job: false, nodeLifecycle: false, daemonSet: true, scheduler: true } });
const names = new Set<string>();
for (let i = 0; i < nodes; i++) {
  cluster.store.create(fakeNode(`n-${i}`));
  names.add(`n-${i}`);
}

function bound(): number {
  const seen = new Set<string>();
  for (const p of cluster.store.list('Pod')) {
    const n = p.spec.nodeName;
    if (n !== undefined && p.metadata.deletionTimestamp === undefined && names.has(n)) seen.add(n);
  }
  return seen.size;
}

function settled(): boolean {
  const ds = cluster.store.tryGet('DaemonSet', 'agent');
  const st = ds?.status;
  return st !== undefined && st.observedGeneration === ds?.metadata.generation && st.desiredNumberScheduled === nodes && st.currentNumberScheduled === nodes && bound() === nodes;
}

let phase = 'up';
let t0 = performance.now();
let events = 0;
cluster.store.watch('Pod').subscribe(() => {
  if ((++events & 127) === 0 && performance.now() - t0 > guardMs) {
    process.stdout.write(`${JSON.stringify({ nodes, guarded: phase, wallMs: performance.now() - t0, boundAtGuard: bound() })}\n`);
    process.exit(0);
  }
});
cluster.store.create(DS);
await cluster.runUntil(settled, { timeout: '1h' });
const upMs = performance.now() - t0;
phase = 'churn';
t0 = performance.now();
const churn = Math.round(nodes / 10);
for (let i = 0; i < churn; i++) {
  cluster.store.delete('Node', `n-${i * 10}`);
  names.delete(`n-${i * 10}`);
  cluster.store.create(fakeNode(`m-${i}`));
  names.add(`m-${i}`);
}
await cluster.runUntil(settled, { timeout: '1h' });
const churnMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ nodes, upMs, churnMs, bound: bound() })}\n`);
process.exit(0);
