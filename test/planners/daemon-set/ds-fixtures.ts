// Builders for DaemonSet planner tests (restating upstream daemon_controller_test.go's newDaemonSet,
// newNode, newPod, markPodReady).
import type { DaemonSet, DaemonSetSpec, Node, Pod, PodPhase, Taint } from 'podkit';
import { CONTROLLER_REVISION_HASH_LABEL } from 'podkit/model';

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
export const ts = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
export const simpleDaemonSetLabel = { name: 'simple-daemon', type: 'production' };
export const simpleDaemonSetLabel2 = { name: 'simple-daemon', type: 'test' };

export function newDaemonSet(name = 'foo', spec: Partial<DaemonSetSpec> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: ts(T0 - 3_600_000) },
    spec: {
      selector: { matchLabels: simpleDaemonSetLabel },
      template: {
        metadata: { labels: simpleDaemonSetLabel },
        spec: { restartPolicy: 'Always', containers: [{ name: 'foo', image: 'foo/bar' }] },
      },
      ...spec,
    },
  };
}

export function newNode(name: string, labels: Record<string, string> | undefined = undefined, taints: Taint[] = [], unschedulable = false): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, ...(labels === undefined ? {} : { labels }) },
    spec: { taints, unschedulable },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export function nodes(n: number, labels?: Record<string, string>, from = 0): Node[] {
  return Array.from({ length: n }, (_, i) => newNode(`node-${from + i}`, labels));
}

export interface DaemonPodOptions {
  readonly hash?: string;
  readonly phase?: PodPhase;
  readonly ready?: boolean;
  readonly readySince?: number;
  readonly created?: number;
  readonly deleted?: string;
  readonly unscheduledFor?: boolean;
}

/** A daemon pod of `ds` on `nodeName` (bound with nodeName unless `unscheduledFor`). */
export function daemonPod(ds: DaemonSet, name: string, nodeName: string, o: DaemonPodOptions = {}): Pod {
  const labels: Record<string, string> = { ...simpleDaemonSetLabel, ...(o.hash === undefined ? {} : { [CONTROLLER_REVISION_HASH_LABEL]: o.hash }) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels,
      creationTimestamp: ts(o.created ?? T0 - 600_000),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name ?? '', uid: ds.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      ...(o.deleted === undefined ? {} : { deletionTimestamp: o.deleted }),
    },
    spec: {
      containers: [{ name: 'foo', image: 'foo/bar' }],
      ...(o.unscheduledFor === true
        ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } } }
        : { nodeName }),
    },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready === true ? [{ type: 'Ready', status: 'True', lastTransitionTime: ts(o.readySince ?? T0 - 300_000) }] : [],
    },
  };
}
