// Real kubectl 1.32 `exec -i` against serveKubeApi on a cluster whose node is a real Docker engine:
// the stdin frames are written into the exec's hijacked connection, which is half-closed at the
// v5 close signal so the command reads end-of-file (§Z.1).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import type { DockerRuntime } from 'podkit/docker';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';
import { podManifest, until } from '../server/helpers.js';
import { describeKubectl, kubectlWith } from '../server/kubectl-env.js';
import { describeIfEngine, newTestRuntime, rawObjects } from './docker-env.js';

describeIfEngine('kubectl exec -i on a Docker node', () => {
  describeKubectl('with kubectl', () => {
    let runtime: DockerRuntime;
    let cluster: Cluster;
    let api: KubeApiServer;
    let kubectl: ReturnType<typeof kubectlWith>['kubectl'];
    let kubeconfig: string;

    beforeAll(async () => {
      runtime = await newTestRuntime();
      cluster = createCluster({ clock: new SystemClock(), nodes: [{ name: 'docker-1', runtime }] });
      api = await serveKubeApi(cluster);
      kubeconfig = join(mkdtempSync(join(tmpdir(), 'podkit-docker-stdin-')), 'kubeconfig');
      await api.writeKubeconfig(kubeconfig);
      ({ kubectl } = kubectlWith(kubeconfig));
      const pod = podManifest('p');
      pod.spec.containers[0].imagePullPolicy = 'IfNotPresent';
      cluster.apply(pod);
      await until('p running', () => (cluster.get('Pod', 'p')?.status?.containerStatuses?.[0]?.state?.running !== undefined ? true : undefined), 60_000);
    }, 90_000);
    afterAll(async () => {
      await api?.close();
      await cluster?.close();
      if (runtime === undefined) return;
      await runtime.gc([]);
      const left = await rawObjects(runtime.options.labelNamespace);
      await runtime.close();
      expect(left, 'podkit-labelled objects left behind').toEqual({ containers: [], volumes: [] });
    }, 60_000);

    it('pipes stdin to cat and wc -l on the engine, ending it at end-of-file', async () => {
      expect(await kubectl(['exec', '-i', 'p', '--', 'cat'], { input: 'hi\n' })).toMatchObject({ code: 0, stdout: 'hi\n' });
      expect(await kubectl(['exec', '-i', 'p', '--', 'wc', '-l'], { input: 'a\nb\n' })).toMatchObject({ code: 0, stdout: '2\n' });
      const r = await kubectl(['exec', '-i', 'p', '--', 'sh', '-c', 'read x; echo "x=$x"; cat; exit 4'], { input: 'first\nrest\n' });
      expect(r).toMatchObject({ code: 4, stdout: 'x=first\nrest\n' });
    }, 60_000);

    it('answers typed input while the command runs on the engine (output relayed as written)', async () => {
      const cache = mkdtempSync(join(tmpdir(), 'podkit-kubectl-cache-'));
      const child = spawn('kubectl', ['exec', '-i', 'p', '--', 'sh', '-c', 'echo "name?"; read n; echo "hello $n"'], {
        env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cache, HOME: cache },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        await until('the prompt', () => (out === 'name?\n' ? true : undefined), 20_000);
        expect(child.exitCode).toBeNull();
        child.stdin.end('docker\n');
        expect(await exited).toBe(0);
        expect(out).toBe('name?\nhello docker\n');
      } finally {
        if (child.exitCode === null) child.kill();
      }
    }, 60_000);

    it('runs kubectl exec -it on the engine\'s terminal: CR LF, echo of typed input, the exit code (§Z.2)', async () => {
      // kubectl -t needs a terminal for its stdin: util-linux `script` runs it on a pseudo-terminal.
      const cache = mkdtempSync(join(tmpdir(), 'podkit-kubectl-cache-'));
      const child = spawn('script', ['-qec', `kubectl exec -it p -- sh -c 'printf "name? "; read n; echo "hello $n" >&2; exit 3'`, '/dev/null'], {
        env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cache, HOME: cache },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        await until('the prompt', () => (out === 'name? ' ? true : undefined), 20_000);
        child.stdin.write('docker\r');
        expect(await exited).toBe(3);
        expect(out).toBe('name? docker\r\nhello docker\r\ncommand terminated with exit code 3\r\n');
      } finally {
        if (child.exitCode === null) child.kill();
      }
    }, 60_000);
  });
});
