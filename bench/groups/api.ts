/**
 * A1/A2: the Kubernetes API of podkit/server (HTTPS with its generated CA, as kubectl uses it):
 * listing 10k pods as JSON and as a Table, and fanning 10k pod updates out to 10 watchers.
 */
import { request } from 'node:https';
import { createCluster, MemoryStore, SystemClock, type Pod } from '../../src/index.js';
import { serveKubeApi, type KubeApiServer } from '../../src/server.js';
import { interleaveAsync } from '../lib/measure.js';
import type { BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

function pod(i: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${String(i).padStart(5, '0')}`, namespace: 'default', labels: { app: 'bench' } },
    spec: { nodeName: `node-${i % 100}`, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
    status: {
      phase: 'Running',
      podIP: `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`,
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }],
      containerStatuses: [{ name: 'app', image: 'busybox:1.36', imageID: 'sha256:1', ready: true, restartCount: 0, state: { running: { startedAt: '2024-01-01T00:00:00Z' } } }],
    },
  } as Pod;
}

function get(api: KubeApiServer, path: string, accept: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, api.url), { ca: api.caPem, headers: { Authorization: `Bearer ${api.token}`, Accept: accept } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`status ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A watch that counts events; resolves `done` after `expected` events. */
function countingWatch(api: KubeApiServer, path: string, expected: number): { ready: Promise<void>; done: Promise<void>; stop: () => void } {
  let resolveReady: () => void = () => undefined;
  let resolveDone: () => void = () => undefined;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const done = new Promise<void>((r) => (resolveDone = r));
  let seen = 0;
  const req = request(new URL(path, api.url), { ca: api.caPem, headers: { Authorization: `Bearer ${api.token}`, Accept: 'application/json' } }, (res) => {
    resolveReady();
    res.on('data', (c: Buffer) => {
      for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) seen++;
      if (seen >= expected) resolveDone();
    });
  });
  req.on('error', () => undefined);
  req.end();
  return { ready, done, stop: () => req.destroy() };
}

export const apiGroup: BenchGroup = {
  ids: ['A1', 'A1.json', 'A1.table', 'A2'],
  name: 'Kubernetes API (A1, A2)',
  async run(ctx: BenchContext, only): Promise<BenchResult[]> {
    const out: BenchResult[] = [];
    const n = ctx.quick ? 2_000 : 10_000;
    const clock = new SystemClock();
    const store = new MemoryStore({ clock, historySize: 50_000 });
    for (let i = 0; i < n; i++) store.create(pod(i));
    // No nodes, no controllers: the API's own cost, over a store holding n pods.
    const cluster = createCluster({ clock, store, controllers: { scheduler: false, nodeLifecycle: false, replicaSet: false } });
    const api = await serveKubeApi(cluster);
    try {
      for (const [id, accept, title] of [['A1.json', 'application/json', 'list pods as JSON'], ['A1.table', TABLE, 'list pods as a Table (kubectl get)']] as const) {
        if (!only(id)) continue;
        let bytes = 0;
        const p = await interleaveAsync(
          async () => void (bytes = await get(api, '/api/v1/namespaces/default/pods', accept)),
          async () => void JSON.stringify({ items: store.list('Pod') }),
          ctx.quick ? { warmup: 1, samples: 5 } : { warmup: 2, samples: 15 },
        );
        const ms = p.subject.median;
        out.push({
          id,
          title: `${title}, ${n} pods over HTTPS`,
          unit: 'ms',
          median: ms,
          p10: p.subject.p10,
          p90: p.subject.p90,
          samples: p.subject.n,
          comparator: 'JSON.stringify of the same list',
          comparatorMedian: p.comparator.median,
          ratio: ms / p.comparator.median,
          target: '≤ 200 ms at 10k pods',
          ...(ctx.quick ? {} : { pass: ms <= 200 }),
          extra: { bytes, pods: n },
        });
      }
      if (only('A2')) {
        const watchers = 10;
        const updates = n;
        const samples: number[] = [];
        for (let round = 0; round < (ctx.quick ? 1 : 3); round++) {
          const rv = store.resourceVersion;
          const ws = Array.from({ length: watchers }, () => countingWatch(api, `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${rv}`, updates));
          await Promise.all(ws.map((w) => w.ready));
          const t0 = performance.now();
          for (const p of store.list('Pod')) store.update({ ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, round: String(round) } } });
          await Promise.all(ws.map((w) => w.done));
          samples.push(performance.now() - t0);
          for (const w of ws) w.stop();
        }
        samples.sort((a, b) => a - b);
        const ms = samples[Math.floor(samples.length / 2)] as number;
        const rate = (watchers * updates) / (ms / 1000);
        out.push({
          id: 'A2',
          title: `watch fan-out: ${updates} pod updates to ${watchers} watchers over HTTPS`,
          unit: 'ms',
          median: ms,
          p10: samples[0] as number,
          p90: samples[samples.length - 1] as number,
          samples: samples.length,
          target: '≥ 50 000 events/s delivered',
          ...(ctx.quick ? {} : { pass: rate >= 50_000 }),
          extra: { eventsPerSecond: Math.round(rate), watchers, updates },
          note: `${Math.round(rate).toLocaleString('en-US')} events/s (writes included)`,
        });
      }
    } finally {
      await api.close();
      await cluster.close();
    }
    return out;
  },
};
