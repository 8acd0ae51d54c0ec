import type { Pod } from '../model/index.js';
import { isPodTerminal } from '../model/pod-utils.js';
import { getControllerOf } from './ownership.js';
import { podRequests, type Resources } from './resources.js';

/** A host port a pod binds (`ports[].hostPort`), with protocol and host IP. */
export interface HostPort {
  readonly port: number;
  readonly protocol: string;
  readonly hostIP: string;
}

/**
 * What the pods bound to one node use, as the scheduler's `NodeInfo` aggregates it: exact and
 * non-zero requests, pod count, host ports and pods per controller uid. Only non-terminal pods
 * count (terminating pods still do).
 */
export interface NodeUsage {
  readonly requested: Resources;
  readonly nonZeroRequested: Resources;
  readonly podCount: number;
  readonly hostPorts: readonly HostPort[];
  readonly podsByController: ReadonlyMap<string, number>;
}

/**
 * Pods per node name (`spec.nodeName`), or their precomputed {@link NodeUsage}: the scheduler's
 * view of the cluster. A shell can keep `NodeUsage` values up to date incrementally instead of
 * handing over pod lists.
 */
export type PodsOnNodes = ReadonlyMap<string, readonly Pod[] | NodeUsage>;

/** The host ports a pod asks for (containers and init containers, non-zero `hostPort` only). */
export function podHostPorts(pod: Pick<Pod, 'spec'>): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort === undefined || p.hostPort === 0) continue;
      out.push({ port: p.hostPort, protocol: p.protocol ?? 'TCP', hostIP: p.hostIP ?? '0.0.0.0' });
    }
  }
  return out;
}

/** Aggregates the usage of the given pods (terminal pods are skipped). O(n). */
export function nodeUsage(pods: readonly Pod[]): NodeUsage {
  let cpu = 0n;
  let mem = 0n;
  let nzCpu = 0n;
  let nzMem = 0n;
  let count = 0;
  const hostPorts: HostPort[] = [];
  const byController = new Map<string, number>();
  for (const pod of pods) {
    if (isPodTerminal(pod)) continue;
    count++;
    const r = podRequests(pod);
    const nz = podRequests(pod, true);
    cpu += r.milliCpu;
    mem += r.memory;
    nzCpu += nz.milliCpu;
    nzMem += nz.memory;
    hostPorts.push(...podHostPorts(pod));
    const ref = getControllerOf(pod);
    if (ref !== undefined) byController.set(ref.uid, (byController.get(ref.uid) ?? 0) + 1);
  }
  return {
    requested: { milliCpu: cpu, memory: mem },
    nonZeroRequested: { milliCpu: nzCpu, memory: nzMem },
    podCount: count,
    hostPorts,
    podsByController: byController,
  };
}

const EMPTY = nodeUsage([]);

/** The usage of a node from a {@link PodsOnNodes} map (empty when the node has no entry). */
export function usageOf(source: PodsOnNodes, nodeName: string): NodeUsage {
  const entry = source.get(nodeName);
  if (entry === undefined) return EMPTY;
  return Array.isArray(entry) ? nodeUsage(entry as readonly Pod[]) : (entry as NodeUsage);
}

/**
 * Groups pods by `spec.nodeName` (unassigned pods are left out). O(n).
 *
 * @example
 * ```ts
 * import { schedulePod } from 'podkit';
 * import { indexPodsByNode } from 'podkit/planners';
 * schedulePod(pod, nodes, indexPodsByNode(allPods));
 * ```
 */
export function indexPodsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = pod.spec.nodeName;
    if (node === undefined || node === '') continue;
    const list = out.get(node);
    if (list === undefined) out.set(node, [pod]);
    else list.push(pod);
  }
  return out;
}

/** True iff two host ports collide (same protocol and port, and overlapping host IPs). */
export function hostPortsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  return a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0' || a.hostIP === b.hostIP;
}
