/** Builders shared by the cluster benchmark groups (C1, C2, M1): a VirtualClock cluster of FakeRuntime nodes. */
import { createCluster, type Cluster, type Node, type ReplicaSet } from '../../src/index.js';
import { FakeRuntime, VirtualClock } from '../../src/testing.js';

/** Pods per fake node: 100k pods spread over 100 nodes. */
export const PODS_PER_NODE = 1_100;

export interface BenchCluster {
  readonly clock: VirtualClock;
  readonly cluster: Cluster;
}

/** A cluster with enough FakeRuntime nodes (zero latencies) for `pods` pods. */
export function benchCluster(pods: number, extra: { readonly job?: boolean; readonly daemonSet?: boolean; readonly nodes?: number; readonly recordCalls?: boolean } = {}): BenchCluster {
  const clock = new VirtualClock();
  const nodeCount = extra.nodes ?? Math.max(1, Math.ceil(pods / 1_000));
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    name: `node-${i + 1}`,
    runtime: new FakeRuntime({ clock, ...(extra.recordCalls === undefined ? {} : { recordCalls: extra.recordCalls }) }),
    capacity: { cpu: 1_000, memory: '4Ti', pods: PODS_PER_NODE },
  }));
  // 1 100 pods per node need more than a /24 each (254 pod IPs): /21 ranges (2 046) of a /8.
  const cluster = createCluster({ clock, nodes, clusterCIDR: '10.0.0.0/8', nodeCIDRMaskSize: 21, controllers: { job: extra.job ?? false, daemonSet: extra.daemonSet ?? false } });
  return { clock, cluster };
}

/** A ReplicaSet of `replicas` one-container pods (busybox pause). */
export function replicaSetManifest(name: string, replicas: number): ReplicaSet {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } },
    },
  } as ReplicaSet;
}

/** True when the ReplicaSet's status reports `n` ready replicas for its current generation. */
export function rsSettled(cluster: Cluster, name: string, n: number): boolean {
  const rs = cluster.store.tryGet('ReplicaSet', name);
  if (rs === undefined) return false;
  const s = rs.status;
  return s !== undefined && s.observedGeneration === rs.metadata.generation && s.replicas === n && (s.readyReplicas ?? 0) === n;
}

/** A Ready Node object with no kubelet behind it (C4's fake nodes). */
export function fakeNode(name: string): Node {
  const capacity = { cpu: '64', memory: '256Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: '2024-01-01T00:00:00Z', lastTransitionTime: '2024-01-01T00:00:00Z' }],
    },
  } as Node;
}
