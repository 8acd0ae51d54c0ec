// Builders and helpers for the model tests: minimal valid objects, deep path access.
import type { Container, DaemonSet, Job, KubeObject, Node, Pod, ReplicaSet } from 'podkit';

export const container = (over: Partial<Container> = {}): Container => ({ name: 'app', image: 'busybox:1.36', ...over });

export function pod(over: { spec?: Partial<Pod['spec']>; metadata?: Partial<Pod['metadata']> } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', ...over.metadata },
    spec: { containers: [container()], ...over.spec },
  };
}

export function replicaSet(over: { spec?: Partial<ReplicaSet['spec']>; templateSpec?: Partial<Pod['spec']> } = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container()], ...over.templateSpec } },
      ...over.spec,
    },
  };
}

export function daemonSet(over: { spec?: Partial<DaemonSet['spec']>; templateSpec?: Partial<Pod['spec']> } = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [container()], ...over.templateSpec } },
      ...over.spec,
    },
  };
}

export function job(over: { spec?: Partial<Job['spec']>; templateSpec?: Partial<Pod['spec']>; metadata?: Partial<Job['metadata']> } = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'hello', ...over.metadata },
    spec: {
      template: { spec: { containers: [container()], restartPolicy: 'Never', ...over.templateSpec } },
      ...over.spec,
    },
  };
}

export function node(over: Partial<Node> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, ...over };
}

/** Reads `spec.containers[0].ports[0].protocol` from an object. */
export function at(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const seg of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** Recursively freezes an object so any mutation throws. */
export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

export type AnyObject = KubeObject;
