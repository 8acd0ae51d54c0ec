/**
 * Internal lookups shared by the pod reducers: which spec container a name refers to, its kind
 * (regular init container, sidecar, regular container) and its status. Linear scans: pods have a
 * handful of containers, and scans allocate nothing.
 */
import type { Container, ContainerStatus, Pod, PodSpec, PodStatus } from '../model/index.js';
import { isSidecar } from '../model/pod-utils.js';

/** The role of a container in its pod: a regular init container, a sidecar (restartable init container) or a regular container. */
export type ContainerKind = 'init' | 'sidecar' | 'regular';

/** A spec container with its kind and index in its list. */
export interface ContainerRef {
  readonly name: string;
  readonly kind: ContainerKind;
  /** Index in `spec.initContainers` (init, sidecar) or `spec.containers` (regular). */
  readonly index: number;
  readonly spec: Container;
}

/** The spec container named `name`, or undefined. */
export function findContainer(spec: PodSpec, name: string): ContainerRef | undefined {
  const init = spec.initContainers;
  if (init !== undefined) {
    for (let i = 0; i < init.length; i++) {
      const c = init[i]!;
      if (c.name === name) return { name, kind: isSidecar(c) ? 'sidecar' : 'init', index: i, spec: c };
    }
  }
  const regular = spec.containers;
  for (let i = 0; i < regular.length; i++) {
    const c = regular[i]!;
    if (c.name === name) return { name, kind: 'regular', index: i, spec: c };
  }
  return undefined;
}

/** The status named `name` in a list, or undefined. */
export function statusIn(list: readonly ContainerStatus[] | undefined, name: string): ContainerStatus | undefined {
  if (list === undefined) return undefined;
  for (const s of list) if (s.name === name) return s;
  return undefined;
}

/**
 * The status of a container looked up by name over init then regular statuses, the way the
 * kubelet looks it up in the concatenated list (§A.1).
 */
export function findStatus(status: PodStatus | undefined, name: string): ContainerStatus | undefined {
  if (status === undefined) return undefined;
  return statusIn(status.initContainerStatuses, name) ?? statusIn(status.containerStatuses, name);
}

/** True iff both status lists are absent: the kubelet's "statuses are nil" (no information at all). */
export function hasNoStatusInfo(status: PodStatus | undefined): boolean {
  return status === undefined || (status.initContainerStatuses === undefined && status.containerStatuses === undefined);
}

/**
 * True iff a regular container has state running or terminated (kubelet
 * `HasAnyRegularContainerStarted`, the API-status definition of "the pod has initialized", §A.1).
 */
export function hasAnyRegularContainerStarted(pod: Pick<Pod, 'spec' | 'status'>): boolean {
  const statuses = pod.status?.containerStatuses;
  if (statuses === undefined) return false;
  for (const c of pod.spec.containers) {
    const s = statusIn(statuses, c.name);
    if (s?.state?.running !== undefined || s?.state?.terminated !== undefined) return true;
  }
  return false;
}

/** The default waiting reason of a container with no runtime record (§B.1). */
export function defaultWaitingReason(spec: PodSpec): 'PodInitializing' | 'ContainerCreating' {
  return spec.initContainers !== undefined && spec.initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
}

/** `name_namespace(uid)`, the kubelet's `format.Pod` text used in its messages. */
export function formatPodRef(pod: Pod): string {
  return `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})`;
}
