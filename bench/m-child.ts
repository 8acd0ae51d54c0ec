/**
 * M1 in a child process: retained heap per managed pod (store + runtime + controller state) at n
 * pods vs plain pod objects in a Map, and the heap after each of `cycles` scale down/up cycles of
 * `cycleN` pods. Prints one JSON line. Usage: node --expose-gc --import tsx bench/m-child.ts <n> <cycleN> <cycles> [norecord]
 */
import { benchCluster, PODS_PER_NODE, replicaSetManifest, rsSettled } from './lib/cluster-fixtures.js';
import { floorScaleUp } from './lib/floor.js';
import { gc } from './lib/measure.js';

const n = Number(process.argv[2]);
const cycleN = Number(process.argv[3]);
const cycles = Number(process.argv[4]);
/** `norecord`: FakeRuntime without its call log (recordCalls: false). */
const recordCalls = process.argv[5] !== 'norecord';

function heap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

// Plain pods in a Map (the comparator).
let h0 = heap();
let plain: Map<string, unknown> | undefined = floorScaleUp('web', n, PODS_PER_NODE).pods;
const plainPerPod = (heap() - h0) / n;
if (plain.size !== n) throw new Error('floor size');
plain = undefined;

// podkit at n pods.
h0 = heap();
let env: ReturnType<typeof benchCluster> | undefined = benchCluster(n, { recordCalls });
env.cluster.apply(replicaSetManifest('web', n));
await env.cluster.runUntil((c) => rsSettled(c, 'web', n), { timeout: '1h' });
const podkitPerPod = (heap() - h0) / n;
await env.cluster.close();
env = undefined;

// Scale cycles.
const c = benchCluster(cycleN, { recordCalls });
c.cluster.apply(replicaSetManifest('web', cycleN));
const after: number[] = [];
for (let i = 0; i < cycles; i++) {
  if (i > 0) {
    c.cluster.scale('ReplicaSet', 'web', 0);
    await c.cluster.runUntil((x) => rsSettled(x, 'web', 0) && x.store.list('Pod').length === 0, { timeout: '1h' });
    c.cluster.scale('ReplicaSet', 'web', cycleN);
  }
  await c.cluster.runUntil((x) => rsSettled(x, 'web', cycleN), { timeout: '1h' });
  await c.clock.advance('1m');
  after.push(heap());
}
await c.cluster.close();
process.stdout.write(`${JSON.stringify({ n, plainPerPod, podkitPerPod, cycleN, after })}\n`);
process.exit(0);
