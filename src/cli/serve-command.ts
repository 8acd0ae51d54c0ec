// `podkit serve`: a cluster (fake runtime on the system clock, or a Docker engine) with its
// Kubernetes API served for kubectl and client-node. A composition root only: it parses flags,
// wires the library's pieces, and shuts them down on SIGINT/SIGTERM.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createCluster } from '../controllers/cluster/cluster.js';
import type { Cluster } from '../controllers/cluster/cluster-api.js';
import type { NodeOptions } from '../controllers/cluster/node-agent.js';
import { SystemClock } from '../clock/system-clock.js';
import { PodkitError } from '../errors.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { serveKubeApi, type KubeApiServer } from '../server/serve.js';
import { FakeRuntime } from '../testing/fake-runtime/fake-runtime.js';
import type { EtcdStore } from '../etcd/etcd-store.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { builtinControllers, noBuiltinControllers } from '../controllers/cluster/builtin-controllers.js';
import { LeaderElector } from '../controllers/leader-elector.js';

/** Options of {@link runServe} (the flags of `podkit serve`). */
export interface ServeCommandOptions {
  readonly runtime: 'fake' | 'docker';
  readonly nodes: number;
  readonly host: string;
  readonly port: number;
  readonly kubeconfig: string;
  readonly file: readonly string[];
  readonly insecureHttp: boolean;
  /** Docker only: the sandbox image (the busybox image scripts/docker-setup.sh builds). */
  readonly sandboxImage: string;
  /** Nodes are `<prefix>-1`, `<prefix>-2`, ... (two clusters on one engine need different prefixes). */
  readonly nodeNamePrefix: string;
  /** `memory` (default) or `etcd://host:port[,host:port...]`. */
  readonly store?: string | undefined;
  /** The etcd key prefix (default `/registry`). */
  readonly etcdPrefix?: string | undefined;
  /**
   * Run the controllers and nodes only while holding the Lease `kube-system/podkit-controller-manager`
   * (kube-controller-manager's `--leader-elect`); other processes on the same store serve the API.
   * Default: on with an etcd store, off in memory.
   */
  readonly leaderElect?: boolean | undefined;
  /** Leader election timings (defaults 15 s / 10 s / 2 s, as kube-controller-manager). */
  readonly leaderElectLeaseDurationMs?: number | undefined;
  readonly leaderElectRenewDeadlineMs?: number | undefined;
  readonly leaderElectRetryPeriodMs?: number | undefined;
  /** Called when this process lost the leadership it held (kube-controller-manager exits then). */
  readonly onLeadershipLost?: (() => void) | undefined;
}

/** The Lease leader election of `podkit serve` holds (kube-controller-manager's is `kube-system/kube-controller-manager`). */
export const SERVE_LEASE_NAME = 'podkit-controller-manager';

/** The etcd client URLs of `--store etcd://host:port[,host:port...]`, or undefined for `memory`. */
export function parseStoreUrl(url: string): string[] | undefined {
  if (url === 'memory') return undefined;
  const m = /^etcd:\/\/(.+)$/.exec(url);
  const hosts = m?.[1]?.split(',') ?? [];
  if (m === null || hosts.some((h) => !/^[A-Za-z0-9.\-]+:\d{1,5}$/.test(h) && !/^\[[0-9A-Fa-f:]+\]:\d{1,5}$/.test(h))) {
    throw new PodkitError('invalid_argument', `--store: expected memory or etcd://host:port[,host:port...], received ${JSON.stringify(url)}.`);
  }
  return hosts.map((h) => `http://${h}`);
}

/** A running `podkit serve`. */
export interface ServeHandle {
  readonly cluster: Cluster;
  readonly api: KubeApiServer;
  /** Stops the API and the cluster; on Docker with the memory store removes every container and volume of this cluster's nodes (with etcd they stay, for the next start to re-adopt). */
  stop(): Promise<void>;
}


/** Starts the cluster and its API, writes the kubeconfig, applies the manifests. */
export async function runServe(options: ServeCommandOptions, log: (line: string) => void): Promise<ServeHandle> {
  if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > 1000) {
    throw new PodkitError('invalid_argument', `--nodes: expected an integer from 1 to 1000, received ${String(options.nodes)}.`);
  }
  const nodeName = (i: number): string => `${options.nodeNamePrefix}-${i + 1}`;
  const clock = new SystemClock();
  const endpoints = parseStoreUrl(options.store ?? 'memory');
  let store: EtcdStore | undefined;
  if (endpoints !== undefined) {
    const { createEtcdStore } = await import('../etcd/etcd-store.js');
    store = await createEtcdStore({ endpoints, prefix: options.etcdPrefix, clock });
    store.onHealth((h) => log(h.healthy ? 'etcd: connected' : `etcd: connection lost (${h.message ?? 'unknown'}); retrying`));
  }
  const closeStore = async (): Promise<void> => {
    await store?.close();
  };
  const runtimes: ContainerRuntime[] = [];
  let closeRuntime: () => Promise<void> = async () => undefined;
  if (options.runtime === 'docker') {
    const { createDockerRuntime } = await import('../docker/create-docker-runtime.js');
    const docker = await createDockerRuntime({ sandboxImage: options.sandboxImage, sandboxCommand: ['sleep', '2147483647'] });
    await docker.ping();
    for (let i = 0; i < options.nodes; i++) runtimes.push(docker);
    closeRuntime = async () => {
      // In memory the pods die with the process: remove exactly what this cluster's nodes created
      // (other podkit users of the engine keep theirs). With a durable store the pods outlive the
      // process, and so do their containers: the next leader's nodes re-adopt them.
      for (let i = 0; i < (endpoints === undefined ? options.nodes : 0); i++) {
        for (const sb of await docker.listPodSandboxes({ labels: { 'io.podkit.node-name': nodeName(i) } })) await docker.removePodSandbox(sb.id);
      }
      await docker.close();
    };
  } else {
    for (let i = 0; i < options.nodes; i++) runtimes.push(new FakeRuntime({ clock }));
  }
  const nodes: NodeOptions[] = runtimes.map((runtime, i) => ({ name: nodeName(i), runtime }));
  const leaderElect = options.leaderElect ?? endpoints !== undefined;
  let cluster: Cluster;
  try {
    cluster = createCluster({ clock, ...(leaderElect ? { controllers: noBuiltinControllers() } : { nodes }), ...(store === undefined ? {} : { store }) });
  } catch (e) {
    await closeRuntime();
    await closeStore();
    throw e;
  }
  let elector: LeaderElector | undefined;
  let stopping = false;
  if (leaderElect) {
    const identity = `${hostname()}_${randomUUID()}`;
    const c = cluster;
    try {
      elector = new LeaderElector({
        store: cluster.store,
        clock,
        identity,
        name: SERVE_LEASE_NAME,
        namespace: 'kube-system',
        releaseOnCancel: true,
        ...(options.leaderElectLeaseDurationMs === undefined ? {} : { leaseDurationMs: options.leaderElectLeaseDurationMs }),
        ...(options.leaderElectRenewDeadlineMs === undefined ? {} : { renewDeadlineMs: options.leaderElectRenewDeadlineMs }),
        ...(options.leaderElectRetryPeriodMs === undefined ? {} : { retryPeriodMs: options.leaderElectRetryPeriodMs }),
        onStartedLeading: () => {
          log(`leader election: ${identity} is the leader; starting the controllers and ${nodes.length} node${nodes.length === 1 ? '' : 's'}`);
          for (const controller of builtinControllers()) c.addController(controller);
          for (const node of nodes) c.addNode(node);
        },
        onStoppedLeading: () => {
          if (stopping) return;
          log('leader election: leadership lost');
          options.onLeadershipLost?.();
        },
        onNewLeader: (id) => {
          if (id !== identity && id !== '') log(`leader election: ${id} is the leader; serving the API only`);
        },
      });
    } catch (e) {
      await cluster.close();
      await closeRuntime();
      await closeStore();
      throw e;
    }
  }
  let api: KubeApiServer;
  try {
    api = await serveKubeApi(cluster, { host: options.host, port: options.port, ...(options.insecureHttp ? { tls: false as const } : {}) });
  } catch (e) {
    await cluster.close();
    await closeRuntime();
    await closeStore();
    throw e;
  }
  const kubeconfig = resolve(options.kubeconfig);
  await api.writeKubeconfig(kubeconfig);
  const where = endpoints === undefined ? '' : `, etcd store ${endpoints.join(',')} with ${cluster.store.list('Pod').length} pods`;
  elector?.start();
  log(`podkit API at ${api.url} (${options.runtime} runtime, ${options.nodes} node${options.nodes === 1 ? '' : 's'}${where}); kubeconfig ${kubeconfig}`);
  for (const file of options.file) {
    const text = await readFile(file, 'utf8');
    for (const obj of cluster.apply(text, { filename: file })) log(`${obj.kind.toLowerCase()}/${obj.metadata.name ?? ''} applied`);
  }
  let stopped: Promise<void> | undefined;
  return {
    cluster,
    api,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        elector?.stop();
        await api.close();
        await cluster.close();
        await closeRuntime();
        await closeStore();
      })()),
  };
}
