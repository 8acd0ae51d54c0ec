// Two `podkit serve` processes on one etcd, with the default leader election timings (15 s lease,
// 10 s renew deadline, 2 s retry): both serve the API, exactly one runs the controllers. SIGKILL
// the leader in the middle of a scale-up to 100 pods: the standby takes over within the lease
// duration, there are never more than 100 active pods, and the final count is exact.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Pod } from 'podkit';
import { createEtcdStore } from 'podkit/etcd';
import { describeKubectl, kubectlWith } from '../server/kubectl-env.js';
import { until } from '../server/helpers.js';
import { describeEtcd, startEtcd, type EtcdCluster } from './etcd-env.js';

const CLI = fileURLToPath(new URL('../../src/cli/podkit.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function serve(args: string[]): { child: ChildProcess; out: () => string; lines: { at: number; line: string }[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const lines: { at: number; line: string }[] = [];
  const take = (c: Buffer): void => {
    out += c.toString();
    for (const line of c.toString().split('\n')) if (line !== '') lines.push({ at: Date.now(), line });
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, lines, exited };
}

const active = (p: Pod): boolean => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

describeKubectl('podkit serve leader election on etcd', () => {
  describeEtcd('failover', () => {
    let etcd: EtcdCluster;
    beforeAll(async () => {
      etcd = await startEtcd({ name: 'failover' });
    }, 60_000);
    afterAll(async () => {
      await etcd?.stop();
    });

    it('SIGKILL the leader during a scale-up to 100: the standby leads within the lease duration, never more than 100 active pods, exactly 100 at the end (§R.5)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'podkit-failover-'));
      const store = `etcd://${(etcd.endpoints[0] ?? '').replace('http://', '')}`;
      const a = serve(['--store', store, '--port', '0', '--kubeconfig', join(dir, 'a.kubeconfig'), '--nodes', '2']);
      await until('a to lead', () => (a.out().includes('is the leader; starting the controllers') ? true : undefined), 30_000);
      const b = serve(['--store', store, '--port', '0', '--kubeconfig', join(dir, 'b.kubeconfig'), '--nodes', '2']);
      await until('b to stand by', () => (b.out().includes('is the leader; serving the API only') ? true : undefined), 30_000);
      expect(b.out()).not.toContain('starting the controllers');

      // A third view of the same etcd: at every change, count the active pods.
      const watcher = await createEtcdStore({ endpoints: etcd.endpoints });
      let most = 0;
      const sub = watcher.watch('Pod').subscribe(() => {
        most = Math.max(most, watcher.list('Pod').filter(active).length);
      });

      // Written through the standby's API: followers serve writes too.
      const { kubectl } = kubectlWith(join(dir, 'b.kubeconfig'));
      await kubectl(['create', 'deployment', 'web', '--image=busybox:1.36', '--replicas=100', '--', 'sh', '-c', 'sleep 3600']);
      await until('some pods', () => (watcher.list('Pod').length >= 20 ? true : undefined), 30_000);
      a.child.kill('SIGKILL');
      const killedAt = Date.now();
      await a.exited;
      await until('b to lead', () => (b.out().includes('is the leader; starting the controllers') ? true : undefined), 30_000);
      const tookMs = (b.lines.find((l) => l.line.includes('starting the controllers'))?.at ?? Date.now()) - killedAt;
      // Upstream's bound: the lease (15 s) from b's last observation of a's renewal (at most one
      // retry period, 2 s plus 1.2 × jitter, before the kill), plus one retry period to notice.
      console.log(`failover: the standby started leading ${tookMs} ms after the leader was killed`);
      expect(tookMs).toBeLessThanOrEqual(15_000 + 2 * 4_400 + 1_000);
      await until('100 pods Running', () => (watcher.list('Pod').filter((p) => p.status?.phase === 'Running').length === 100 ? true : undefined), 90_000);
      // Settle a little: nothing more is created.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(watcher.list('Pod').filter(active)).toHaveLength(100);
      expect(watcher.list('Pod')).toHaveLength(100);
      expect(most).toBeLessThanOrEqual(100);
      sub.unsubscribe();
      await watcher.close();
      b.child.kill('SIGTERM');
      expect(await b.exited).toBe(0);
    }, 180_000);
  });
});
