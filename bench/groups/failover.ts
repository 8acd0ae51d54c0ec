/**
 * F1: failover time of `podkit serve` leader election on etcd (default timings: 15 s lease, 10 s
 * renew deadline, 2 s retry): two servers on one etcd member, a ReplicaSet of 100 being created,
 * SIGKILL the leader; the time until the standby prints that it leads (and starts the
 * controllers). Goal from issue 19: ≤ lease duration + 2 s. Skipped without `etcd` on PATH.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEtcdStore } from '../../src/etcd.js';
import { checkEtcd, startEtcd } from '../../test/etcd/etcd-env.js';
import { skipped, type BenchResult } from '../lib/report.js';
import { summarize } from '../lib/stats.js';
import type { BenchContext, BenchGroup } from './group.js';

const CLI = fileURLToPath(new URL('../../src/cli/podkit.ts', import.meta.url));

function serve(args: string[]): { child: ChildProcess; wait: (text: string, timeoutMs: number) => Promise<number> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const waiters: { text: string; resolve: (at: number) => void }[] = [];
  const take = (c: Buffer): void => {
    out += c.toString();
    for (const w of [...waiters]) if (out.includes(w.text)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(performance.now()); }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return {
    child,
    wait: (text, timeoutMs) =>
      new Promise((resolve, reject) => {
        if (out.includes(text)) return resolve(performance.now());
        waiters.push({ text, resolve });
        setTimeout(() => reject(new Error(`timed out waiting for "${text}"; output:\n${out}`)), timeoutMs);
      }),
  };
}

export const failoverGroup: BenchGroup = {
  ids: ['F1'],
  name: 'leader failover (F1)',
  async run(ctx: BenchContext): Promise<BenchResult[]> {
    const title = 'podkit serve failover: SIGKILL the leader, until the standby leads (default timings)';
    const check = checkEtcd();
    if (!check.available) return [skipped('F1', title, `${check.reason}; run scripts/etcd-setup.sh`)];
    const samples = ctx.quick ? 1 : 3;
    const times: number[] = [];
    const etcd = await startEtcd({ name: 'failover-bench' });
    const dir = mkdtempSync(join(tmpdir(), 'podkit-f1-'));
    try {
      for (let i = 0; i < samples; i++) {
        const prefix = `/f1-${i}`;
        const args = ['--store', `etcd://${(etcd.endpoints[0] ?? '').replace('http://', '')}`, '--etcd-prefix', prefix, '--port', '0'];
        const a = serve([...args, '--kubeconfig', join(dir, `a${i}`)]);
        await a.wait('starting the controllers', 60_000);
        const b = serve([...args, '--kubeconfig', join(dir, `b${i}`)]);
        await b.wait('serving the API only', 60_000);
        const store = await createEtcdStore({ endpoints: etcd.endpoints, prefix });
        store.create({
          apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default' },
          spec: { replicas: 100, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] } } },
        });
        while (store.list('Pod').length < 20) await new Promise((r) => setTimeout(r, 20));
        const killed = performance.now();
        a.child.kill('SIGKILL');
        const led = await b.wait('starting the controllers', 60_000);
        times.push(led - killed);
        ctx.log(`F1 sample ${i + 1}: ${Math.round(led - killed)} ms`);
        b.child.kill('SIGKILL');
        await store.close();
      }
    } finally {
      await etcd.stop();
    }
    const s = summarize(times);
    return [
      {
        id: 'F1', title, unit: 'ms', median: s.median, p10: s.p10, p90: s.p90, samples: times.length,
        target: '≤ lease duration + 2 s (17 s)', pass: s.p90 <= 17_000,
        extra: { min: Math.round(Math.min(...times)), max: Math.round(Math.max(...times)) },
      },
    ];
  },
};
