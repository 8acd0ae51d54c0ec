// Real kubectl 1.32 `exec -i` against serveKubeApi (HTTPS defaults) on a FakeRuntime node: kubectl
// streams its stdin on channel 0 and, at its end, sends the v5 close signal (§Z.1).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podManifest, until } from './helpers.js';
import { describeKubectl, kubectlWith } from './kubectl-env.js';

describeKubectl('kubectl exec -i (stdin) against podkit on the FakeRuntime', () => {
  let cluster: Cluster;
  let api: KubeApiServer;
  let kubectl: ReturnType<typeof kubectlWith>['kubectl'];
  let kubeconfig: string;

  beforeAll(async () => {
    const clock = new SystemClock();
    cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
    api = await serveKubeApi(cluster);
    kubeconfig = join(mkdtempSync(join(tmpdir(), 'podkit-kubectl-stdin-')), 'kubeconfig');
    await api.writeKubeconfig(kubeconfig);
    ({ kubectl } = kubectlWith(kubeconfig));
    cluster.apply(podManifest('p'));
    await until('p running', () => (cluster.get('Pod', 'p')?.status?.containerStatuses?.[0]?.state?.running !== undefined ? true : undefined), 20_000);
  });
  afterAll(async () => {
    await api?.close();
    await cluster?.close();
  });

  it('pipes stdin to cat and wc -l, ending it at end-of-file (echo hi | kubectl exec -i p -- cat)', async () => {
    expect(await kubectl(['exec', '-i', 'p', '--', 'cat'], { input: 'hi\n' })).toMatchObject({ code: 0, stdout: 'hi\n' });
    expect(await kubectl(['exec', '-i', 'p', '--', 'wc', '-l'], { input: 'a\nb\n' })).toMatchObject({ code: 0, stdout: '2\n' });
  });

  it('feeds a shell read and keeps the exit code (kubectl exec -i p -- sh -c)', async () => {
    const r = await kubectl(['exec', '-i', 'p', '--', 'sh', '-c', 'read x; echo "x=$x"; cat; exit 4'], { input: 'first\nrest\n' });
    expect(r).toMatchObject({ code: 4, stdout: 'x=first\nrest\n' });
    expect(r.stderr).toContain('command terminated with exit code 4');
  });

  it('answers typed input while the command runs: output is relayed as it is written', async () => {
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
      expect(child.exitCode).toBeNull(); // waiting for the answer
      child.stdin.end('podkit\n');
      expect(await exited).toBe(0);
      expect(out).toBe('name?\nhello podkit\n');
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });

  // kubectl -t needs a terminal for its stdin: util-linux `script` runs it on a pseudo-terminal.
  const onTerminal = (command: string): ReturnType<typeof spawn> => {
    const cache = mkdtempSync(join(tmpdir(), 'podkit-kubectl-cache-'));
    return spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cache, HOME: cache }, stdio: ['pipe', 'pipe', 'pipe'] });
  };

  it('runs kubectl exec -it on a terminal: stderr on stdout, CR LF, the exit code (§Z.2)', async () => {
    const child = onTerminal(`kubectl exec -it p -- sh -c 'echo hi; echo err >&2; exit 3'`);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect({ code, out }).toEqual({ code: 3, out: 'hi\r\nerr\r\ncommand terminated with exit code 3\r\n' });
  });

  it('answers a prompt typed on the terminal: Enter ends the line and the input is echoed (§Z.2)', async () => {
    const child = onTerminal(`kubectl exec -it p -- sh -c 'printf "name? "; read n; echo "hello $n"'`);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    try {
      await until('the prompt', () => (out === 'name? ' ? true : undefined), 20_000);
      child.stdin?.write('podkit\r');
      expect(await exited).toBe(0);
      expect(out).toBe('name? podkit\r\nhello podkit\r\n');
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });

  it('does not pass stdin without -i (the command reads end-of-file)', async () => {
    expect(await kubectl(['exec', 'p', '--', 'cat'], { input: 'not sent\n' })).toMatchObject({ code: 0, stdout: '' });
  });
});
