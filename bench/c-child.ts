/**
 * One C1 / C2 size, run in a child process (so a 100k run cannot exhaust the parent, and a wall
 * guard can stop it): floor, podkit, floor (interleaved), then podkit scale to 0 vs the Map floor.
 * Prints one JSON line. Usage: node --import tsx bench/c-child.ts <pods> <guardMs> <samples>
 */
import { benchCluster, PODS_PER_NODE, replicaSetManifest, rsSettled } from './lib/cluster-fixtures.js';
import { floorScaleDown, floorScaleUp } from './lib/floor.js';
import { gc } from './lib/measure.js';

const n = Number(process.argv[2]);
const guardMs = Number(process.argv[3] ?? 180_000);
const samples = Number(process.argv[4] ?? 1);

function floor(): { up: number; upCpu: number; down: number } {
  gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { pods, ready } = floorScaleUp('web', n, PODS_PER_NODE);
  const t1 = performance.now();
  const cpu = process.cpuUsage(c0);
  if (ready !== n) throw new Error(`floor made ${ready} of ${n} pods ready`);
  floorScaleDown(pods);
  return { up: t1 - t0, upCpu: (cpu.user + cpu.system) / 1000, down: performance.now() - t1 };
}

function readyPods(c: ReturnType<typeof benchCluster>['cluster']): number {
  let k = 0;
  for (const p of c.store.list('Pod')) if (p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') === true) k++;
  return k;
}

async function podkit(): Promise<Record<string, number | boolean>> {
  gc();
  const { clock, cluster } = benchCluster(n);
  const v0 = clock.now();
  let events = 0;
  let guarded = false;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // The guard: checked on every 256th pod watch event (zero latencies run everything within one virtual instant).
  const sub = cluster.store.watch('Pod').subscribe(() => {
    if ((++events & 255) === 0 && performance.now() - t0 > guardMs) {
      guarded = true;
      process.stdout.write(`${JSON.stringify({ n, guarded: true, wallMs: performance.now() - t0, readyAtGuard: readyPods(cluster), podsAtGuard: cluster.store.list('Pod').length, floors })}\n`);
      process.exit(0);
    }
  });
  cluster.apply(replicaSetManifest('web', n));
  await cluster.runUntil((c) => rsSettled(c, 'web', n), { timeout: '1h' });
  const up = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const upCpu = (cpu.user + cpu.system) / 1000;
  const virtualUp = clock.now() - v0;
  const t1 = performance.now();
  cluster.scale('ReplicaSet', 'web', 0);
  await cluster.runUntil((c) => rsSettled(c, 'web', 0) && c.store.list('Pod').length === 0, { timeout: '1h' });
  const down = performance.now() - t1;
  sub.unsubscribe();
  await cluster.close();
  return { up, upCpu, down, virtualUp, guarded };
}

const floors: { up: number; upCpu: number; down: number }[] = [floor()];
const runs: Record<string, number | boolean>[] = [];
for (let s = 0; s < samples; s++) {
  runs.push(await podkit());
  floors.push(floor());
}
process.stdout.write(`${JSON.stringify({ n, floors, runs })}\n`);
process.exit(0);
