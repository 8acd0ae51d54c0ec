import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../model/index.js';

/** Parses a Gt/Lt operand the way `strconv.ParseInt(v, 10, 64)` does; undefined when invalid. */
function parseInt64(text: string | undefined): bigint | undefined {
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return undefined;
  return BigInt(text);
}

/**
 * True iff one node selector requirement holds for the given key/value map (labels for
 * `matchExpressions`, `{ 'metadata.name': ... }` for `matchFields`). `NotIn` and `DoesNotExist`
 * match a missing key; `Gt`/`Lt` need the key, exactly one integer value and an integer label.
 */
export function matchesNodeSelectorRequirement(
  values: Readonly<Record<string, string>>,
  req: NodeSelectorRequirement,
): boolean {
  const has = Object.hasOwn(values, req.key);
  const v = values[req.key];
  const wanted = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && wanted.includes(v as string);
    case 'NotIn':
      return !has || !wanted.includes(v as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || wanted.length !== 1) return false;
      const label = parseInt64(v);
      const bound = parseInt64(wanted[0]);
      if (label === undefined || bound === undefined) return false;
      return req.operator === 'Gt' ? label > bound : label < bound;
    }
  }
}

/** The fields a `matchFields` requirement can test. Only `metadata.name` is supported upstream. */
function nodeFields(node: Node): Record<string, string> {
  return { 'metadata.name': node.metadata.name ?? '' };
}

/**
 * True iff the node matches at least one of the terms (`nodeSelectorTerms` are ORed; the
 * requirements inside a term, `matchExpressions` over labels and `matchFields` over
 * `metadata.name`, are ANDed). A term with no requirements matches nothing, and so does an
 * empty list of terms (upstream `MatchNodeSelectorTerms`).
 *
 * @example
 * ```ts
 * import { matchesNodeSelectorTerms } from 'podkit/planners';
 * matchesNodeSelectorTerms(node, [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }]);
 * ```
 */
export function matchesNodeSelectorTerms(node: Node, terms: readonly NodeSelectorTerm[]): boolean {
  const labels = node.metadata.labels ?? {};
  for (const term of terms) {
    const exprs = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) continue;
    if (!exprs.every((r) => matchesNodeSelectorRequirement(labels, r))) continue;
    if (fields.length > 0) {
      const f = nodeFields(node);
      if (!fields.every((r) => matchesNodeSelectorRequirement(f, r))) continue;
    }
    return true;
  }
  return false;
}

/** True iff the single term matches (used by preferred node affinity scoring). */
export function matchesNodeSelectorTerm(node: Node, term: NodeSelectorTerm): boolean {
  return matchesNodeSelectorTerms(node, [term]);
}

/**
 * True iff the node satisfies the pod's `spec.nodeSelector` (every pair must be a node label)
 * **and** its required node affinity (`requiredDuringSchedulingIgnoredDuringExecution`), the
 * scheduler's NodeAffinity filter and the DaemonSet eligibility check (§J.1).
 */
export function podMatchesNodeSelectorAndAffinity(pod: Pick<Pod, 'spec'>, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(pod.spec.nodeSelector ?? {})) {
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return false;
  }
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required !== undefined && !matchesNodeSelectorTerms(node, required.nodeSelectorTerms)) return false;
  return true;
}
