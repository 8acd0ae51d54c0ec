// `podkit serve --runtime docker` with kubectl: the core commands on a real engine, on the
// adapter's default options (label namespace io.podkit, name prefix podkit), and nothing of the
// cluster left on the engine after SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { afterAll, expect, it } from 'vitest';
import { until } from '../server/helpers.js';
import { describeKubectl, kubectlWith } from '../server/kubectl-env.js';
import { describeIfEngine } from './docker-env.js';

const CLI = fileURLToPath(new URL('../../src/cli/podkit.ts', import.meta.url));
const NODE = `serve-${process.pid}`;

describeIfEngine('podkit serve --runtime docker', () => {
  describeKubectl('with kubectl', () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
    });

    it('runs a pod on the engine that kubectl gets, logs and execs into, and leaves no container after SIGTERM', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'podkit-serve-docker-'));
      const kubeconfig = join(dir, 'kubeconfig');
      const manifest = join(dir, 'pod.yaml');
      writeFileSync(manifest, `apiVersion: v1\nkind: Pod\nmetadata: {name: on-docker}\nspec:\n  terminationGracePeriodSeconds: 1\n  containers: [{name: app, image: busybox:1.36, imagePullPolicy: IfNotPresent, command: [sh, -c, "echo from docker; sleep 3600"]}]\n`);
      child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--runtime', 'docker', '--port', '0', '--kubeconfig', kubeconfig, '-f', manifest, '--node-name-prefix', NODE], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
      await until('the URL line', () => (out.includes('podkit API at https://') ? true : undefined), 60_000).catch((e: unknown) => {
        throw new Error(`${String(e)}: ${err}`);
      });
      expect(out).toContain('(docker runtime, 1 node)');
      const { kubectl } = kubectlWith(kubeconfig);
      await until('Running', async () => ((await kubectl(['get', 'pod', 'on-docker', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' ? true : undefined), 60_000);
      expect((await kubectl(['get', 'pods'])).stdout).toMatch(/^on-docker\s+1\/1\s+Running\s+0\s+/m);
      await until('logs', async () => ((await kubectl(['logs', 'on-docker'])).stdout === 'from docker\n' ? true : undefined), 20_000);
      const exec = await kubectl(['exec', 'on-docker', '--', 'sh', '-c', 'echo $((6 * 7)); exit 4']);
      expect(exec).toMatchObject({ code: 4, stdout: '42\n' });
      const id = (await kubectl(['get', 'pod', 'on-docker', '-o', 'jsonpath={.status.containerStatuses[0].containerID}'])).stdout.replace('docker://', '');
      expect((await new Docker().getContainer(id).inspect()).State.Running).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const left = await new Docker().listContainers({ all: true, filters: { label: [`io.podkit.node-name=${NODE}-1`] } });
      expect(left.map((c) => c.Names[0])).toEqual([]);
    }, 120_000);
  });
});
