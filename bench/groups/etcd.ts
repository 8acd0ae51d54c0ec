/**
 * E1: pods created through the etcd store (`podkit/etcd`) vs raw etcd3 puts of the same objects,
 * on one local etcd member (data dir on /dev/shm when it exists, fsync on). Both sides write one
 * object at a time and wait for it (a synchronous store's write is acknowledged only once etcd
 * committed it), so the ratio is what the store adds per write: admission, defaults, validation,
 * the compare-and-swap transaction instead of a plain put, the worker-thread hop and waiting for
 * the watch to deliver the write. A pipelined raw run (64 puts in flight) is reported beside it.
 * Skipped without `etcd` on PATH (scripts/etcd-setup.sh installs it).
 */
import { Etcd3 } from 'etcd3';
import { createEtcdStore } from '../../src/etcd.js';
import type { Pod } from '../../src/index.js';
import { checkEtcd, startEtcd } from '../../test/etcd/etcd-env.js';
import { gc } from '../lib/measure.js';
import { skipped, type BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

function pod(i: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  };
}

export const etcdGroup: BenchGroup = {
  ids: ['E1'],
  name: 'etcd store (E1)',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const check = checkEtcd();
    const n = ctx.quick ? 1_000 : 10_000;
    const title = `create ${n} pods through the etcd store vs raw etcd3 puts`;
    if (!check.available) return [skipped('E1', title, `${check.reason}; run scripts/etcd-setup.sh`)];
    const etcd = await startEtcd({ name: 'bench' });
    try {
      // The objects as the store writes them (defaults applied), for the raw puts.
      const probe = await createEtcdStore({ endpoints: etcd.endpoints, prefix: '/probe' });
      const stored = JSON.stringify(probe.create(pod(0)));
      await probe.close();
      const client = new Etcd3({ hosts: etcd.endpoints });
      // Raw, one at a time.
      gc();
      let t0 = performance.now();
      for (let i = 0; i < n; i++) await client.put(`/raw/pods/default/web-${i}`).value(stored.replace('"web-0"', `"web-${i}"`));
      const rawMs = performance.now() - t0;
      // Raw, pipelined (64 in flight).
      t0 = performance.now();
      for (let i = 0; i < n; i += 64) {
        const batch: Promise<unknown>[] = [];
        for (let j = i; j < Math.min(n, i + 64); j++) batch.push(client.put(`/rawp/pods/default/web-${j}`).value(stored.replace('"web-0"', `"web-${j}"`)).exec());
        await Promise.all(batch);
      }
      const pipelinedMs = performance.now() - t0;
      // Raw compare-and-swap transactions, one at a time (what the store sends): the floor of the store's write.
      t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const key = `/rawtxn/pods/default/web-${i}`;
        await client.if(key, 'Create', '==', 0).then(client.put(key).value(stored.replace('"web-0"', `"web-${i}"`))).commit();
      }
      const txnMs = performance.now() - t0;
      client.close();
      // podkit: store.create, one at a time (it blocks until etcd answers).
      const store = await createEtcdStore({ endpoints: etcd.endpoints, prefix: '/registry' });
      gc();
      const cpu0 = process.cpuUsage();
      t0 = performance.now();
      for (let i = 0; i < n; i++) store.create(pod(i));
      const podkitMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const listed = store.list('Pod').length;
      await store.close();
      const podkitRate = (n / podkitMs) * 1000;
      const rawRate = (n / rawMs) * 1000;
      const ratio = podkitRate / rawRate;
      ctx.log(`E1: podkit ${podkitRate.toFixed(0)} pods/s, raw ${rawRate.toFixed(0)} puts/s, raw CAS txns ${((n / txnMs) * 1000).toFixed(0)}/s, pipelined raw ${((n / pipelinedMs) * 1000).toFixed(0)} puts/s`);
      return [
        {
          id: 'E1', title, unit: 'pods/s', median: podkitRate, p10: podkitRate, p90: podkitRate, samples: 1,
          comparator: 'raw etcd3 put, one at a time', comparatorMedian: rawRate, ratio,
          target: 'ratio ≥ 70 % of raw puts', pass: listed === n && ratio >= 0.7,
          extra: { pods: n, podkitMs: Math.round(podkitMs), rawMs: Math.round(rawMs), pipelinedRawPerSecond: Math.round((n / pipelinedMs) * 1000), rawTxnPerSecond: Math.round((n / txnMs) * 1000), cpuMs: Math.round((cpu.user + cpu.system) / 1000), bytesPerPod: stored.length },
          ...(listed === n ? {} : { note: `the store lists ${listed} of ${n} pods` }),
        },
      ];
    } finally {
      await etcd.stop();
    }
  },
};
