import type { Container, DaemonSet, Job, Node, Pod, ReplicaSet } from '../model/index.js';
import { rejectUnknownOptions } from './fixture-options.js';

type Labels = Record<string, string>;
const DEFAULT_CONTAINERS = (): Container[] => [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }];

/**
 * Overrides shared by the workload fixture builders, named as in every fixture builder (see the
 * testing guide): identity, `labels` (the object's own), `selectorLabels` (its pods' and the
 * selector), `containers` and `podSpec` (the pod template's), `metadata`, `spec`, `status`.
 * Unknown keys throw `invalid_argument`.
 */
export interface NewWorkloadOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  /** The workload object's own labels (`metadata.labels`); its pods' are `selectorLabels`. */
  readonly labels?: Labels;
  /** Pod labels (template labels and `matchLabels`); default `{ app: <name> }`. */
  readonly selectorLabels?: Labels;
  /** The template's containers; default one `app` container running `busybox:1.36`. */
  readonly containers?: Container[];
  /** Merged over the template's pod spec. */
  readonly podSpec?: Partial<Pod['spec']>;
  /** Merged over the default metadata, last. */
  readonly metadata?: Partial<ReplicaSet['metadata']>;
}

/** The option keys of {@link NewWorkloadOptions}, for `rejectUnknownOptions` in a workload builder. */
export const WORKLOAD_OPTIONS = ['name', 'namespace', 'uid', 'labels', 'selectorLabels', 'containers', 'podSpec', 'metadata'] as const;

/** A workload builder's metadata: identity, own `labels`, then `metadata`. @internal */
export function workloadMeta(o: NewWorkloadOptions, fallback: string): ReplicaSet['metadata'] {
  const name = o.name ?? fallback;
  return { name, namespace: o.namespace ?? 'default', uid: o.uid ?? `uid-${name}`, ...(o.labels === undefined ? {} : { labels: o.labels }), ...o.metadata };
}

/** A workload builder's pod template: `selectorLabels`, `containers`, `podSpec`. @internal */
export function workloadTemplate(o: NewWorkloadOptions, labels: Labels, restartPolicy: 'Always' | 'Never' | 'OnFailure'): ReplicaSet['spec']['template'] {
  return {
    metadata: { labels: { ...labels } },
    spec: { containers: o.containers ?? DEFAULT_CONTAINERS(), restartPolicy, terminationGracePeriodSeconds: 30, ...o.podSpec },
  };
}

/** Overrides for {@link newReplicaSet}. */
export interface NewReplicaSetOptions extends NewWorkloadOptions {
  /** Default 1. */
  readonly replicas?: number;
  /** Merged over the spec (after `replicas`, selector and template). */
  readonly spec?: Partial<ReplicaSet['spec']>;
  readonly status?: ReplicaSet['status'];
}

/**
 * Builds a valid apps/v1 ReplicaSet for tests: 1 replica of one busybox container, selecting and
 * labelling its pods `app: <name>`, in namespace `default`. Anything can be overridden.
 *
 * @example
 * ```ts
 * import { newReplicaSet } from 'podkit/testing';
 * const rs = newReplicaSet({ name: 'web', replicas: 3 });
 * ```
 */
export function newReplicaSet(options: NewReplicaSetOptions = {}): ReplicaSet {
  rejectUnknownOptions('newReplicaSet', options, [...WORKLOAD_OPTIONS, 'replicas', 'spec', 'status']);
  const metadata = workloadMeta(options, 'rs');
  const labels = options.selectorLabels ?? { app: metadata.name ?? 'rs' };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata,
    spec: { replicas: options.replicas ?? 1, selector: { matchLabels: labels }, template: workloadTemplate(options, labels, 'Always'), ...options.spec },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

/** Overrides for {@link newJob}. */
export interface NewJobOptions extends NewWorkloadOptions {
  /** Default 1. */
  readonly completions?: number;
  /** Default 1. */
  readonly parallelism?: number;
  /** Default 6 (Kubernetes' default). */
  readonly backoffLimit?: number;
  /** `Indexed` or `NonIndexed` (default). */
  readonly completionMode?: 'Indexed' | 'NonIndexed';
  /** Merged over the spec. */
  readonly spec?: Partial<Job['spec']>;
  readonly status?: Job['status'];
}

/**
 * Builds a valid batch/v1 Job for tests: 1 completion, parallelism 1, backoffLimit 6, pods with
 * restartPolicy `Never` labelled `job-name: <name>`. The selector is left to the API server's
 * defaulting (as `kubectl create` does); pass `spec.selector` with `manualSelector` to set one.
 *
 * @example
 * ```ts
 * import { newJob } from 'podkit/testing';
 * const job = newJob({ name: 'batch', completions: 5, parallelism: 2, completionMode: 'Indexed' });
 * ```
 */
export function newJob(options: NewJobOptions = {}): Job {
  rejectUnknownOptions('newJob', options, [...WORKLOAD_OPTIONS, 'completions', 'parallelism', 'backoffLimit', 'completionMode', 'spec', 'status']);
  const metadata = workloadMeta(options, 'job');
  const labels = options.selectorLabels ?? { 'job-name': metadata.name ?? 'job' };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata,
    spec: {
      completions: options.completions ?? 1,
      parallelism: options.parallelism ?? 1,
      backoffLimit: options.backoffLimit ?? 6,
      ...(options.completionMode === undefined ? {} : { completionMode: options.completionMode }),
      template: workloadTemplate(options, labels, 'Never'),
      ...options.spec,
    },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

/** Overrides for {@link newDaemonSet}. */
export interface NewDaemonSetOptions extends NewWorkloadOptions {
  /** Merged over the spec. */
  readonly spec?: Partial<DaemonSet['spec']>;
  readonly status?: DaemonSet['status'];
}

/**
 * Builds a valid apps/v1 DaemonSet for tests: one busybox container per node, selecting and
 * labelling its pods `app: <name>`, in namespace `default`.
 *
 * @example
 * ```ts
 * import { newDaemonSet } from 'podkit/testing';
 * const ds = newDaemonSet({ name: 'agent', podSpec: { nodeSelector: { disk: 'ssd' } } });
 * ```
 */
export function newDaemonSet(options: NewDaemonSetOptions = {}): DaemonSet {
  rejectUnknownOptions('newDaemonSet', options, [...WORKLOAD_OPTIONS, 'spec', 'status']);
  const metadata = workloadMeta(options, 'ds');
  const labels = options.selectorLabels ?? { app: metadata.name ?? 'ds' };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata,
    spec: { selector: { matchLabels: labels }, template: workloadTemplate(options, labels, 'Always'), ...options.spec },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}

/** Overrides for {@link newNode}. */
export interface NewNodeOptions {
  readonly name?: string;
  readonly labels?: Labels;
  /** Default true: a `Ready=True` condition. */
  readonly ready?: boolean;
  readonly spec?: Node['spec'];
  /** Merged over the default status. */
  readonly status?: Partial<NonNullable<Node['status']>>;
  readonly metadata?: Partial<Node['metadata']>;
}

/**
 * Builds a valid v1 Node object for tests (cluster-scoped): labelled `kubernetes.io/hostname`,
 * 4 CPUs, 16Gi, 110 pods, `Ready=True`. This is only the API object — to run pods on a node,
 * give `createTestCluster` / `createCluster` a node with a runtime.
 *
 * @example
 * ```ts
 * import { newNode } from 'podkit/testing';
 * const node = newNode({ name: 'node-2', ready: false, spec: { unschedulable: true } });
 * ```
 */
export function newNode(options: NewNodeOptions = {}): Node {
  rejectUnknownOptions('newNode', options, ['name', 'labels', 'ready', 'spec', 'status', 'metadata']);
  const name = options.name ?? 'node';
  const capacity = { cpu: '4', memory: '16Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name, ...options.labels }, ...options.metadata },
    ...(options.spec === undefined ? {} : { spec: options.spec }),
    status: {
      capacity,
      allocatable: capacity,
      conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True', reason: options.ready === false ? 'KubeletNotReady' : 'KubeletReady' }],
      ...options.status,
    },
  };
}
