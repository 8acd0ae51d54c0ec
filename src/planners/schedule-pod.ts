import type { Node, Pod } from '../model/index.js';
import { indexPodsByNode, type NodeUsage, type PodsOnNodes, usageOf } from './node-usage.js';
import { filterNodes, unschedulableMessage } from './scheduler-filters.js';
import { scoreNodes } from './scheduler-score.js';

/** The scheduler's message when the cluster has no nodes (upstream `ErrNoNodesAvailable`). */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** The decision of {@link schedulePod}: a node to bind to, or why none fits. */
export type ScheduleResult =
  | { readonly nodeName: string; readonly unschedulable?: undefined }
  | { readonly unschedulable: string; readonly nodeName?: undefined };

/**
 * Picks a node for a pending pod: {@link filterNodes}, then {@link scoreNodes}; the best node
 * wins (ties by name). When no node fits, the result carries the FailedScheduling message in
 * Kubernetes' shape (`0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu},
 * 2 node(s) didn't match Pod's node affinity/selector.`); with no nodes at all it is
 * `no nodes available to schedule pods`.
 *
 * `pods` are the cluster's pods (or pods already grouped by node, or per-node {@link NodeUsage}
 * that a scheduler shell keeps up to date incrementally: the fast path for large clusters). A pod
 * whose `spec.nodeName` is set is already bound and should not be scheduled: the shell skips it
 * (here it can only fit its own node). Pure: binding (writing `spec.nodeName`, the PodScheduled
 * condition and the event) is the scheduler shell's job. Preemption is not modelled.
 *
 * @example
 * ```ts
 * import { schedulePod } from 'podkit';
 * const result = schedulePod(pod, nodes, pods);
 * if (result.nodeName !== undefined) bind(pod, result.nodeName); else warn(result.unschedulable);
 * ```
 */
export function schedulePod(pod: Pod, nodes: readonly Node[], pods: readonly Pod[] | PodsOnNodes, options: SchedulePodOptions = {}): ScheduleResult {
  if (nodes.length === 0) return { unschedulable: NO_NODES_AVAILABLE };
  const byNode: PodsOnNodes = Array.isArray(pods) ? indexPodsByNode(pods as readonly Pod[]) : (pods as PodsOnNodes);
  // NodeAffinity's PreFilter: a pod pinned by `matchFields metadata.name` (DaemonSet pods) can
  // only fit the named nodes. Filters and scores run on those; no other node can be feasible, so
  // the decision is the same. When none fits, the full evaluation below words the message.
  const named = requiredNodeNames(pod);
  if (named !== undefined) {
    const candidates: Node[] = [];
    const index = options.nodesByName;
    for (const name of named) {
      const node = index !== undefined ? index.get(name) : nodes.find((n) => n.metadata.name === name);
      if (node !== undefined) candidates.push(node);
    }
    const decided = decide(pod, candidates, byNode);
    if (decided?.nodeName !== undefined) return decided;
  }
  return decide(pod, nodes, byNode) ?? { unschedulable: NO_NODES_AVAILABLE };
}

/** Options of {@link schedulePod}. */
export interface SchedulePodOptions {
  /**
   * The same nodes by name (a scheduler cache's index), for the NodeAffinity pre-filter's
   * lookups; without it the pre-filter scans `nodes`.
   */
  readonly nodesByName?: ReadonlyMap<string, Node> | undefined;
}

/** Filters and scores `nodes`; undefined when `nodes` is empty. */
function decide(pod: Pod, nodes: readonly Node[], byNode: PodsOnNodes): ScheduleResult | undefined {
  if (nodes.length === 0) return undefined;
  let usage: PodsOnNodes = byNode;
  if (nodes.some((n) => Array.isArray(byNode.get(n.metadata.name ?? '')))) {
    // Pod lists (not a shell's usage): aggregate each node's pods once for the filters and scores.
    const aggregated = new Map<string, NodeUsage>();
    for (const node of nodes) {
      const name = node.metadata.name ?? '';
      aggregated.set(name, usageOf(byNode, name));
    }
    usage = aggregated;
  }
  const { feasible, reasons } = filterNodes(pod, nodes, usage);
  if (feasible.length === 0) return { unschedulable: unschedulableMessage(nodes.length, reasons) };
  const [best] = scoreNodes(pod, feasible, usage);
  return { nodeName: (best as { node: Node }).node.metadata.name ?? '' };
}

/**
 * The node names a pod's required node affinity restricts it to (upstream NodeAffinity
 * PreFilter): the union over the terms of each term's intersection of `matchFields
 * metadata.name In` values; undefined (any node) when some term has no such requirement.
 */
export function requiredNodeNames(pod: Pick<Pod, 'spec'>): ReadonlySet<string> | undefined {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms === undefined || terms.length === 0) return undefined;
  const names = new Set<string>();
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const r of term.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const values = new Set(r.values ?? []);
      termNames = termNames === undefined ? values : new Set([...termNames].filter((v) => values.has(v)));
    }
    if (termNames === undefined) return undefined;
    for (const n of termNames) names.add(n);
  }
  return names;
}
