import type { Node, Pod } from '../model/index.js';
import { podMatchesNodeSelectorAndAffinity } from './node-selector.js';
import { hostPortsConflict, podHostPorts, type PodsOnNodes, usageOf } from './node-usage.js';
import { nodeAllocatable, podRequests } from './resources.js';
import { DO_NOT_SCHEDULE_EFFECTS, findUntoleratedTaint, TAINT_NODE_UNSCHEDULABLE, tolerationsTolerateTaint } from './taints.js';

/** Scheduler filter reasons, worded exactly as the upstream plugins report them. */
export const SchedulingReasons = {
  /** NodeUnschedulable: the node is cordoned (`spec.unschedulable`). */
  unschedulable: 'node(s) were unschedulable',
  /** NodeName: `spec.nodeName` names another node. */
  nodeName: "node(s) didn't match the requested node name",
  /** NodeAffinity: nodeSelector or required node affinity not satisfied. */
  nodeAffinity: "node(s) didn't match Pod's node affinity/selector",
  /** NodePorts: a requested host port is taken. */
  nodePorts: "node(s) didn't have free ports for the requested pod ports",
  /** NodeResourcesFit: the node already runs `allocatable.pods` pods. */
  tooManyPods: 'Too many pods',
  /** NodeResourcesFit: not enough CPU left. */
  insufficientCpu: 'Insufficient cpu',
  /** NodeResourcesFit: not enough memory left. */
  insufficientMemory: 'Insufficient memory',
} as const;

/** TaintToleration's reason for an untolerated NoSchedule/NoExecute taint: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`;
}

/**
 * Why the pod cannot run on the node, in upstream filter-plugin order (NodeUnschedulable,
 * NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit); the first failing plugin
 * decides, and NodeResourcesFit may report several resources. An empty array means the node
 * fits. PreferNoSchedule taints never filter.
 */
export function nodeFilterReasons(pod: Pod, node: Node, podsOnNodes: PodsOnNodes): string[] {
  const name = node.metadata.name ?? '';
  if (node.spec?.unschedulable === true && !tolerationsTolerateTaint(pod.spec.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' })) {
    return [SchedulingReasons.unschedulable];
  }
  const wanted = pod.spec.nodeName;
  if (wanted !== undefined && wanted !== '' && wanted !== name) return [SchedulingReasons.nodeName];
  const taint = findUntoleratedTaint(node.spec?.taints, pod.spec.tolerations, DO_NOT_SCHEDULE_EFFECTS);
  if (taint !== undefined) return [untoleratedTaintReason(taint.key, taint.value)];
  if (!podMatchesNodeSelectorAndAffinity(pod, node)) return [SchedulingReasons.nodeAffinity];
  const usage = usageOf(podsOnNodes, name);
  const ports = podHostPorts(pod);
  if (ports.some((p) => usage.hostPorts.some((u) => hostPortsConflict(p, u)))) return [SchedulingReasons.nodePorts];
  const reasons: string[] = [];
  const alloc = nodeAllocatable(node);
  if (usage.podCount + 1 > alloc.pods) reasons.push(SchedulingReasons.tooManyPods);
  const req = podRequests(pod);
  if (req.milliCpu > 0n && alloc.milliCpu !== undefined && req.milliCpu > alloc.milliCpu - usage.requested.milliCpu) {
    reasons.push(SchedulingReasons.insufficientCpu);
  }
  if (req.memory > 0n && alloc.memory !== undefined && req.memory > alloc.memory - usage.requested.memory) {
    reasons.push(SchedulingReasons.insufficientMemory);
  }
  return reasons;
}

/** The result of {@link filterNodes}. */
export interface FilterResult {
  /** Nodes the pod fits on, in input order. */
  readonly feasible: Node[];
  /** How many nodes failed for each reason (a node may count for several resource reasons). */
  readonly reasons: Map<string, number>;
  /** The reasons of every rejected node, by node name. */
  readonly nodeReasons: Map<string, readonly string[]>;
}

/**
 * Runs the scheduler's filters over every node (see {@link nodeFilterReasons}): `nodeName`,
 * cordoning (`spec.unschedulable`, unless tolerated), NoSchedule/NoExecute taints, nodeSelector and
 * required node affinity, host ports, pod count (`allocatable.pods`, default 110) and cpu/memory
 * requests against `allocatable` minus the requests of the non-terminal pods bound to the node.
 * Pure; O(nodes + pods on them).
 *
 * @example
 * ```ts
 * import { filterNodes, indexPodsByNode } from 'podkit/planners';
 * const { feasible, reasons } = filterNodes(pod, nodes, indexPodsByNode(pods));
 * ```
 */
export function filterNodes(pod: Pod, nodes: readonly Node[], podsOnNodes: PodsOnNodes): FilterResult {
  const feasible: Node[] = [];
  const reasons = new Map<string, number>();
  const nodeReasons = new Map<string, readonly string[]>();
  for (const node of nodes) {
    const r = nodeFilterReasons(pod, node, podsOnNodes);
    if (r.length === 0) {
      feasible.push(node);
      continue;
    }
    nodeReasons.set(node.metadata.name ?? '', r);
    for (const reason of r) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return { feasible, reasons, nodeReasons };
}

/**
 * The scheduler's FailedScheduling message (upstream `FitError.Error()`):
 * `0/<total> nodes are available: <count> <reason>, ...` with the `"<count> <reason>"` strings
 * sorted as text, ending with a period (with no reasons: `0/<total> nodes are available.`).
 * Preemption's suffix is not produced (podkit does not preempt).
 *
 * @example
 * ```ts
 * import { unschedulableMessage } from 'podkit/planners';
 * unschedulableMessage(3, new Map([["node(s) didn't match Pod's node affinity/selector", 2], ['node(s) had untolerated taint {dedicated: gpu}', 1]]));
 * // "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector."
 * ```
 */
export function unschedulableMessage(total: number, reasons: ReadonlyMap<string, number>): string {
  const parts = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort();
  if (parts.length === 0) return `0/${total} nodes are available.`;
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}
