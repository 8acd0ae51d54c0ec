// `podkit serve --store etcd://… --runtime docker` killed with SIGKILL and started again on the
// same etcd: every object is there with the same uid, the containers that ran on are re-adopted
// (no pod is duplicated or restarted), and a Job completes exactly `completions` times (issue
// 19's restart proof), driven with kubectl.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeKubectl, kubectlWith } from '../server/kubectl-env.js';
import { until } from '../server/helpers.js';
import { createDockerRuntime } from 'podkit/docker';
import { describeIfEngine } from '../docker/docker-env.js';
import { describeEtcd, startEtcd, type EtcdCluster } from './etcd-env.js';

const CLI = fileURLToPath(new URL('../../src/cli/podkit.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function serve(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

interface Item {
  metadata: { name: string; uid: string; ownerReferences?: { kind: string; name: string }[] };
  status?: { phase?: string; succeeded?: number; conditions?: { type: string; status: string }[] };
}

const MANIFEST = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 10
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: busybox:1.36, command: [sh, -c, "sleep 3600"]}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  completions: 4
  parallelism: 1
  backoffLimit: 10
  template:
    spec:
      restartPolicy: Never
      containers: [{name: work, image: busybox:1.36, command: [sh, -c, "sleep 2"]}]
`;

describeKubectl('podkit serve on etcd', () => {
  describeIfEngine('on Docker', () => describeEtcd('restart', () => {
    let etcd: EtcdCluster;
    beforeAll(async () => {
      etcd = await startEtcd({ name: 'serve' });
    }, 60_000);
    afterAll(async () => {
      await etcd?.stop();
    });

    it('SIGKILL and start again: same objects and uids, no duplicate pods, the Job completes exactly completions times', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'podkit-serve-etcd-'));
      const kubeconfig = join(dir, 'podkit.kubeconfig');
      const manifest = join(dir, 'workloads.yaml');
      writeFileSync(manifest, MANIFEST);
      const store = `etcd://${(etcd.endpoints[0] ?? '').replace('http://', '')}`;
      const prefix = `etcd-restart-${process.pid}`;
      const args = ['--store', store, '--runtime', 'docker', '--node-name-prefix', prefix, '--port', '0', '--kubeconfig', kubeconfig];
      const first = serve([...args, '-f', manifest]);
      await until('the first server', () => (first.out().includes('job/batch applied') ? true : undefined), 30_000);
      expect(first.out()).toContain(`etcd store ${etcd.endpoints[0] ?? ''} with 0 pods`);
      const { kubectl } = kubectlWith(kubeconfig);
      const pods = async (): Promise<Item[]> => (JSON.parse((await kubectl(['get', 'pods', '-o', 'json'])).stdout) as { items: Item[] }).items;
      const job = async (): Promise<Item> => JSON.parse((await kubectl(['get', 'job', 'batch', '-o', 'json'])).stdout) as Item;
      await until('10 web pods Running and one Job pod succeeded', async () => {
        const list = await pods();
        const web = list.filter((p) => p.metadata.name.startsWith('web-') && p.status?.phase === 'Running').length;
        return web === 10 && ((await job()).status?.succeeded ?? 0) >= 1 ? true : undefined;
      }, 40_000);
      const before = await pods();
      const rsUid = (JSON.parse((await kubectl(['get', 'rs', 'web', '-o', 'json'])).stdout) as Item).metadata.uid;
      const jobUid = (await job()).metadata.uid;
      first.child.kill('SIGKILL');
      await first.exited;

      const second = serve(args);
      await until('the second server', () => (second.out().includes('podkit API at') ? true : undefined), 30_000);
      const loaded = /with (\d+) pods/.exec(second.out());
      expect(Number(loaded?.[1])).toBeGreaterThanOrEqual(before.length - 1);
      const { kubectl: kubectl2 } = kubectlWith(kubeconfig);
      const after = (JSON.parse((await kubectl2(['get', 'pods', '-o', 'json'])).stdout) as { items: Item[] }).items;
      // Every web pod from before is there with its uid: none was lost or replaced.
      const webBefore = before.filter((p) => p.metadata.name.startsWith('web-')).map((p) => `${p.metadata.name} ${p.metadata.uid}`).sort();
      expect(after.filter((p) => p.metadata.name.startsWith('web-')).map((p) => `${p.metadata.name} ${p.metadata.uid}`).sort()).toEqual(webBefore);
      expect((JSON.parse((await kubectl2(['get', 'rs', 'web', '-o', 'json'])).stdout) as Item).metadata.uid).toBe(rsUid);
      // The Job runs on to exactly 4 completions, no more.
      await until('the Job complete', async () => {
        const j = JSON.parse((await kubectl2(['get', 'job', 'batch', '-o', 'json'])).stdout) as Item;
        return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true ? j : undefined;
      }, 60_000);
      const final = (JSON.parse((await kubectl2(['get', 'pods', '-o', 'json'])).stdout) as { items: Item[] }).items;
      const j = JSON.parse((await kubectl2(['get', 'job', 'batch', '-o', 'json'])).stdout) as Item;
      expect(j.metadata.uid).toBe(jobUid);
      expect(j.status?.succeeded).toBe(4);
      expect(final.filter((p) => p.metadata.ownerReferences?.some((r) => r.kind === 'Job') === true && p.status?.phase === 'Succeeded')).toHaveLength(4);
      expect(final.filter((p) => p.metadata.name.startsWith('web-'))).toHaveLength(10);
      // Nothing restarted: the web containers that ran through the kill were adopted, not re-created.
      const restarts = final.filter((p) => p.metadata.name.startsWith('web-')).map((p) => (p.status as { containerStatuses?: { restartCount: number }[] } | undefined)?.containerStatuses?.[0]?.restartCount);
      expect(restarts).toEqual(Array.from({ length: 10 }, () => 0));
      // SIGTERM stops the server; with a durable store the pods, and so their containers, outlive it.
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      const docker = await createDockerRuntime();
      const left = await docker.listPodSandboxes({ labels: { 'io.podkit.node-name': `${prefix}-1` } });
      expect(left.length).toBeGreaterThanOrEqual(10);
      for (const sb of left) await docker.removePodSandbox(sb.id);
      await docker.close();
    }, 150_000);
  }));
});
