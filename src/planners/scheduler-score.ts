import type { Node, Pod, Toleration } from '../model/index.js';
import { matchesNodeSelectorTerm } from './node-selector.js';
import { type PodsOnNodes, usageOf } from './node-usage.js';
import { getControllerOf } from './ownership.js';
import { nodeAllocatable, podRequests } from './resources.js';
import { tolerationsTolerateTaint } from './taints.js';

/** The highest score one plugin gives a node (upstream `MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;

/** Plugin weights of the default scheduler profile that podkit models. */
export const SCORE_WEIGHTS = { leastAllocated: 1, nodeAffinity: 2, taintToleration: 3, spreading: 2 } as const;

/** One node's score, with each plugin's normalized (0–100) part. */
export interface NodeScore {
  readonly node: Node;
  /** Weighted sum of the parts. */
  readonly score: number;
  readonly leastAllocated: number;
  readonly nodeAffinity: number;
  readonly taintToleration: number;
  readonly spreading: number;
}

/**
 * Below 2^46, Number math gives BigInt's floor division exactly: `(c - r) * 100` is an exact
 * integer double, the quotient q ≤ 100 is correctly rounded (error ≤ 2^-47 < 1/c), and a
 * non-integer quotient is at least 1/c away from the next integer, so the floor cannot change.
 */
const EXACT_LIMIT = 2n ** 46n;

function leastAllocatedPart(capacity: bigint | undefined, requested: bigint): number {
  if (capacity === undefined) return MAX_NODE_SCORE;
  if (capacity === 0n || requested > capacity) return 0;
  if (capacity < EXACT_LIMIT && requested >= 0n) {
    const c = Number(capacity);
    return Math.floor(((c - Number(requested)) * MAX_NODE_SCORE) / c);
  }
  return Number(((capacity - requested) * BigInt(MAX_NODE_SCORE)) / capacity);
}

/** Upstream `DefaultNormalizeScore`: scale to 0–100 by the maximum, optionally reversed. */
function normalize(raw: readonly number[], reverse: boolean): number[] {
  const max = Math.max(0, ...raw);
  if (max === 0) return raw.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return raw.map((r) => {
    const s = Math.floor((MAX_NODE_SCORE * r) / max);
    return reverse ? MAX_NODE_SCORE - s : s;
  });
}

function preferNoScheduleTolerations(pod: Pod): Toleration[] {
  return (pod.spec.tolerations ?? []).filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
}

/**
 * Scores feasible nodes like the default scheduler profile, best first:
 * - NodeResourcesFit LeastAllocated (weight 1): free cpu and memory share after adding the pod,
 *   with 100m/200Mi assumed for containers that request nothing;
 * - NodeAffinity (weight 2): sum of matching preferred-term weights, normalized;
 * - TaintToleration (weight 3): fewer untolerated PreferNoSchedule taints is better;
 * - spreading (weight 2): fewer pods of the same controller (controllerRef uid) on the node is better.
 *
 * Ties are broken by node name (upstream picks randomly among equals). Not modelled: balanced
 * allocation, image locality, inter-pod affinity, topology spread constraints.
 *
 * @example
 * ```ts
 * import { filterNodes, scoreNodes, indexPodsByNode } from 'podkit/planners';
 * const byNode = indexPodsByNode(pods);
 * const [best] = scoreNodes(pod, filterNodes(pod, nodes, byNode).feasible, byNode);
 * ```
 */
export function scoreNodes(pod: Pod, feasible: readonly Node[], podsOnNodes: PodsOnNodes): NodeScore[] {
  const podReq = podRequests(pod, true);
  const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const tolerations = preferNoScheduleTolerations(pod);
  const ownerUid = getControllerOf(pod)?.uid;
  const least: number[] = [];
  const affinityRaw: number[] = [];
  const taintRaw: number[] = [];
  const spreadRaw: number[] = [];
  for (const node of feasible) {
    const usage = usageOf(podsOnNodes, node.metadata.name ?? '');
    const alloc = nodeAllocatable(node);
    const cpu = leastAllocatedPart(alloc.milliCpu, usage.nonZeroRequested.milliCpu + podReq.milliCpu);
    const mem = leastAllocatedPart(alloc.memory, usage.nonZeroRequested.memory + podReq.memory);
    least.push(Math.floor((cpu + mem) / 2));
    affinityRaw.push(preferred.reduce((sum, term) => (matchesNodeSelectorTerm(node, term.preference) ? sum + term.weight : sum), 0));
    taintRaw.push(
      (node.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, t)).length,
    );
    spreadRaw.push(ownerUid === undefined ? 0 : (usage.podsByController.get(ownerUid) ?? 0));
  }
  const affinity = normalize(affinityRaw, false);
  const taint = normalize(taintRaw, true);
  const spread = normalize(spreadRaw, true);
  const scores = feasible.map((node, i) => {
    const parts = {
      leastAllocated: least[i] as number,
      nodeAffinity: affinity[i] as number,
      taintToleration: taint[i] as number,
      spreading: spread[i] as number,
    };
    const score =
      parts.leastAllocated * SCORE_WEIGHTS.leastAllocated +
      parts.nodeAffinity * SCORE_WEIGHTS.nodeAffinity +
      parts.taintToleration * SCORE_WEIGHTS.taintToleration +
      parts.spreading * SCORE_WEIGHTS.spreading;
    return { node, score, ...parts };
  });
  return scores.sort((a, b) => b.score - a.score || compareNames(a.node, b.node));
}

function compareNames(a: Node, b: Node): number {
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
