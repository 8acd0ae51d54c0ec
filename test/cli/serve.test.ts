// The `podkit` command: help for every flag, and `podkit serve` end to end — it prints the URL and
// kubeconfig path on one line, applies -f manifests, answers kubectl, and stops on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { describeKubectl, kubectlWith } from '../server/kubectl-env.js';
import { until } from '../server/helpers.js';

const CLI = fileURLToPath(new URL('../../src/cli/podkit.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function podkit(args: string[]): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

describe('podkit --help', () => {
  it('documents the serve command and every one of its flags', async () => {
    const top = podkit(['--help']);
    expect(await top.exited).toBe(0);
    expect(top.out()).toMatch(/serve \[options\]\s+Start a podkit cluster/);
    const serve = podkit(['serve', '--help']);
    expect(await serve.exited).toBe(0);
    const text = serve.out().replace(/\s+/g, ' ');
    for (const flag of ['--runtime <runtime>', '--nodes <n>', '--host <address>', '--port <port>', '--kubeconfig <path>', '-f, --filename <manifest...>', '--sandbox-image <image>', '--node-name-prefix <prefix>', '--insecure-http', '--store <url>', '--etcd-prefix <prefix>', '--leader-elect <bool>', '--leader-elect-lease-duration <duration>', '--leader-elect-renew-deadline <duration>', '--leader-elect-retry-period <duration>']) {
      expect(text).toContain(flag);
    }
    expect(text).toContain('(choices: "fake", "docker", default: "fake")');
    expect(text).toContain('(default: 6443)');
    expect(text).toContain('(default: "./podkit.kubeconfig")');
  }, 30_000);

  it('rejects a bad flag value with a clear message and exit code 1', async () => {
    const bad = podkit(['serve', '--runtime', 'podman']);
    expect(await bad.exited).toBe(1);
    expect(bad.err()).toContain("argument 'podman' is invalid. Allowed choices are fake, docker.");
    const nodes = podkit(['serve', '--nodes', '0', '--port', '0']);
    expect(await nodes.exited).toBe(1);
    expect(nodes.err()).toContain('--nodes: expected an integer from 1 to 1000, received 0.');
    const store = podkit(['serve', '--store', 'redis://127.0.0.1:6379', '--port', '0']);
    expect(await store.exited).toBe(1);
    expect(store.err()).toContain('--store: expected memory or etcd://host:port[,host:port...], received "redis://127.0.0.1:6379".');
    const lease = podkit(['serve', '--leader-elect-lease-duration', '15', '--port', '0']);
    expect(await lease.exited).toBe(1);
    expect(lease.err()).toContain('--leader-elect-lease-duration');
  }, 30_000);
});

describeKubectl('podkit serve', () => {
  it('serves a fake cluster with the -f manifests applied, answers kubectl, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podkit-serve-'));
    const manifest = join(dir, 'pod.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: Pod\nmetadata: {name: served}\nspec:\n  containers: [{name: app, image: busybox:1.36, command: [sh, -c, "echo served; sleep 3600"]}]\n');
    const kubeconfig = join(dir, 'podkit.kubeconfig');
    const p = podkit(['serve', '--nodes', '2', '--port', '0', '--kubeconfig', kubeconfig, '-f', manifest]);
    const line = await until('the URL line', () => p.out().split('\n').find((l) => l.startsWith('podkit API at ')), 30_000);
    expect(line).toMatch(new RegExp(`^podkit API at https://127\\.0\\.0\\.1:\\d+ \\(fake runtime, 2 nodes\\); kubeconfig ${kubeconfig.replace(/[.]/g, '\\.')}$`));
    await until('applied', () => (p.out().includes('pod/served applied') ? true : undefined), 10_000);
    const { kubectl } = kubectlWith(kubeconfig);
    expect((await kubectl(['get', 'nodes', '-o', 'name'])).stdout).toBe('node/node-1\nnode/node-2\n');
    await until('served Running', async () => ((await kubectl(['get', 'pod', 'served', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running' ? true : undefined), 20_000);
    expect((await kubectl(['logs', 'served'])).stdout).toBe('served\n');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('SIGTERM: stopping');
  }, 60_000);
});
