// Real kubectl against a podkit API server: a describe block that runs when kubectl is on the
// PATH (these machines have 1.32), says plainly that it skipped otherwise, and fails under
// PODKIT_KUBECTL=required (what .ci/run sets).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import type { Cluster } from 'podkit';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';

const run = promisify(execFile);

/** `PODKIT_KUBECTL=required` makes a missing kubectl a failure instead of a visible skip. */
export const KUBECTL_REQUIRED = process.env['PODKIT_KUBECTL'] === 'required';

async function probe(): Promise<{ available: boolean; reason: string }> {
  try {
    const { stdout } = await run('kubectl', ['version', '--client', '-o', 'json'], { timeout: 10_000 });
    const v = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } };
    return { available: true, reason: v.clientVersion?.gitVersion ?? 'unknown version' };
  } catch (e) {
    return { available: false, reason: e instanceof Error ? e.message.split('\n')[0] ?? String(e) : String(e) };
  }
}

const found = await probe();

/** A describe block that runs only with kubectl; a test in it reports the skip or fails under PODKIT_KUBECTL=required. */
export function describeKubectl(name: string, body: () => void): void {
  describe(name, () => {
    it('has kubectl to run', () => {
      if (found.available) return;
      if (KUBECTL_REQUIRED) throw new Error(`PODKIT_KUBECTL=required but kubectl is not usable: ${found.reason}. Install kubectl (1.32) on the PATH.`);
      console.log(`kubectl not available (${found.reason}): kubectl tests skipped (set PODKIT_KUBECTL=required to fail instead)`);
    });
    describe.runIf(found.available)('with kubectl', body);
  });
}

/** The result of one kubectl run. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl with a kubeconfig (its own cache dir, so runs do not share discovery caches). */
export function kubectlWith(kubeconfig: string): { kubectl: (args: readonly string[], options?: { input?: string; timeoutMs?: number }) => Promise<KubectlResult>; spawnKubectl: (args: readonly string[]) => ChildProcess } {
  const cache = mkdtempSync(join(tmpdir(), 'podkit-kubectl-cache-'));
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cache, HOME: cache };
  return {
    kubectl: (args, options = {}) =>
      new Promise((resolve) => {
        const child = execFile('kubectl', [...args], { env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1;
          resolve({ code, stdout, stderr });
        });
        if (options.input !== undefined) child.stdin?.end(options.input);
      }),
    spawnKubectl: (args) => spawn('kubectl', [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  };
}

/** A cluster served for kubectl by {@link servedForKubectl}. */
export interface ServedCluster {
  readonly cluster: Cluster;
  readonly api: KubeApiServer;
  readonly kubectl: ReturnType<typeof kubectlWith>['kubectl'];
  readonly spawnKubectl: ReturnType<typeof kubectlWith>['spawnKubectl'];
}

/**
 * The scaffolding of a kubectl test file: a scratch directory (`file` writes a manifest into it),
 * `start` serves a cluster with `serveKubeApi` defaults (HTTPS, token, generated CA) and binds
 * kubectl to its kubeconfig, `ok` runs kubectl and throws with its stderr unless it exits 0, and
 * `stop` closes the server and the cluster.
 */
export function servedForKubectl(prefix: string): {
  readonly dir: string;
  file(name: string, text: string): string;
  ok(args: readonly string[]): Promise<string>;
  start(cluster: Cluster): Promise<ServedCluster>;
  stop(): Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let served: ServedCluster | undefined;
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async ok(args) {
      if (served === undefined) throw new Error('servedForKubectl: start() first');
      const r = await served.kubectl(args);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
      return r.stdout;
    },
    async start(cluster) {
      const api = await serveKubeApi(cluster);
      const kubeconfig = join(dir, 'kubeconfig');
      await api.writeKubeconfig(kubeconfig);
      served = { cluster, api, ...kubectlWith(kubeconfig) };
      return served;
    },
    async stop() {
      await served?.api.close();
      await served?.cluster.close();
    },
  };
}
