/**
 * D1 / D2: pod up (sandbox + one container) and teardown through podkit's DockerRuntime against
 * the same Engine API calls made directly with dockerode, interleaved. Runs only when an engine
 * answers.
 */
import Docker from 'dockerode';
import type { ContainerConfig, PodSandboxConfig } from '../../src/index.js';
import { createDockerRuntime, type DockerRuntime } from '../../src/docker.js';
import type { BenchResult } from '../lib/report.js';
import { skipped } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext, BenchGroup } from './group.js';

const IMAGE = 'busybox:1.36';
const INFRA_CMD = ['sleep', '2147483647'];
const APP_CMD = ['sleep', '3600'];
let seq = 0;

async function podkitPod(rt: DockerRuntime): Promise<void> {
  const i = seq++;
  const config: PodSandboxConfig = { podUid: `bench-${process.pid}-${i}`, namespace: 'default', name: `bench-${i}`, attempt: 0, hostNetwork: false, labels: {}, volumes: [], portMappings: [] };
  const sandbox = await rt.runPodSandbox(config);
  const c: ContainerConfig = { name: 'app', attempt: 0, image: IMAGE, command: APP_CMD, env: [], mounts: [], labels: {} };
  const id = await rt.createContainer(sandbox, c);
  await rt.startContainer(id);
  await rt.stopPodSandbox(sandbox);
  await rt.removePodSandbox(sandbox);
}

const RAW_SANDBOX_LABEL = 'bench.podkit.raw.sandbox';

/**
 * The raw side: the Engine API calls podkit makes for a pod whose sandbox the runtime object ran
 * (create + start of the infra container and of the app container; then, as podkit must, the
 * sandbox's members are listed by label before the stop and before the removal, because
 * `stopPodSandbox` / `removePodSandbox` receive only the sandbox id and must also reach
 * containers another runtime object created in it; stops with t=0; removals with force).
 */
async function rawPod(docker: Docker): Promise<void> {
  const i = seq++;
  const infra = await docker.createContainer({
    name: `pkbench-raw-${process.pid}-${i}`,
    Image: IMAGE,
    Cmd: INFRA_CMD,
    Hostname: `bench-${i}`,
    Labels: { 'bench.podkit.raw': String(process.pid) },
    HostConfig: { NetworkMode: 'bridge', IpcMode: 'shareable' },
  });
  await infra.start();
  const app = await docker.createContainer({
    name: `pkbench-raw-${process.pid}-${i}-app`,
    Image: IMAGE,
    Cmd: APP_CMD,
    Labels: { 'bench.podkit.raw': String(process.pid), [RAW_SANDBOX_LABEL]: infra.id },
    HostConfig: { NetworkMode: `container:${infra.id}`, IpcMode: `container:${infra.id}` },
  });
  await app.start();
  const members = async (): Promise<Docker.ContainerInfo[]> => docker.listContainers({ all: true, filters: { label: [`${RAW_SANDBOX_LABEL}=${infra.id}`] } });
  await Promise.all((await members()).map((m) => docker.getContainer(m.Id).stop({ t: 0 })));
  await infra.stop({ t: 0 });
  await Promise.all((await members()).map((m) => docker.getContainer(m.Id).remove({ force: true })));
  await infra.remove({ force: true });
}

async function pool(count: number, concurrency: number, one: () => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next++ < count) await one();
  }));
  return performance.now() - t0;
}

export const dockerGroup: BenchGroup = {
  ids: ['D1', 'D2'],
  name: 'Docker (D1, D2)',
  async run(ctx: BenchContext, only): Promise<BenchResult[]> {
    const docker = new Docker();
    try {
      await Promise.race([docker.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2_000))]);
      await docker.getImage(IMAGE).inspect();
    } catch (e) {
      const reason = `no Docker engine answered (or ${IMAGE} is missing): ${e instanceof Error ? e.message : String(e)}`;
      return [skipped('D1', 'Docker pod up + teardown', reason), skipped('D2', 'Docker throughput', reason)];
    }
    const rt = await createDockerRuntime({ sandboxImage: IMAGE, sandboxCommand: INFRA_CMD, namePrefix: `pkbench${process.pid}`, labelNamespace: `bench.podkit.p${process.pid}` });
    const out: BenchResult[] = [];
    try {
      await rt.ping();
      // Warm-up: one of each.
      await podkitPod(rt);
      await rawPod(docker);
      if (only('D1')) {
        const n = ctx.quick ? 5 : 30;
        ctx.log(`D1 ${n} pods each side`);
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < n; i++) {
          const order = i % 2 === 0;
          const t0 = performance.now();
          await (order ? podkitPod(rt) : rawPod(docker));
          const t1 = performance.now();
          await (order ? rawPod(docker) : podkitPod(rt));
          const t2 = performance.now();
          a.push(order ? t1 - t0 : t2 - t1);
          b.push(order ? t2 - t1 : t1 - t0);
        }
        const s = summarize(a);
        const r = summarize(b);
        const overhead = s.median - r.median;
        out.push({
          id: 'D1', title: 'Docker pod up (sandbox + 1 container) and teardown', unit: 'ms', ...s, samples: s.n, comparator: 'raw Engine API (dockerode)', comparatorMedian: r.median,
          ratio: s.median / r.median, target: 'overhead ≤ 3 % of raw median or ≤ 10 ms', pass: overhead <= 0.03 * r.median || overhead <= 10,
          extra: { overheadMs: overhead, overheadPct: (100 * overhead) / r.median },
        });
      }
      if (only('D2')) {
        const pods = ctx.quick ? 6 : 40;
        for (const [k, c] of (ctx.quick ? [1, 4] : [1, 4, 8]).entries()) {
          ctx.log(`D2 ${pods} pods at concurrency ${c} (two halves each side, ABBA order)`);
          // A B B A halves: a load drift on the shared machine hits both sides alike.
          const podkitFirst = k % 2 === 0;
          const half = pods / 2;
          let pk = 0;
          let raw = 0;
          for (const podkitTurn of [podkitFirst, !podkitFirst, !podkitFirst, podkitFirst]) {
            if (podkitTurn) pk += await pool(half, c, () => podkitPod(rt));
            else raw += await pool(half, c, () => rawPod(docker));
          }
          const share = raw / pk;
          out.push({
            id: `D2.c${c}`, title: `Docker ${pods} pods (2 × ${half}) at concurrency ${c}`, unit: 'pods/s', median: (pods * 1000) / pk, p10: Number.NaN, p90: Number.NaN, samples: 1,
            comparator: 'raw API', comparatorMedian: (pods * 1000) / raw, ratio: share, target: '≥ 95 % of raw throughput', pass: share >= 0.95,
          });
        }
      }
    } finally {
      await rt.gc([]).catch(() => undefined);
      await rt.close();
      const left = await docker.listContainers({ all: true, filters: { label: [`bench.podkit.raw=${process.pid}`] } });
      await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
    }
    return out;
  },
};
