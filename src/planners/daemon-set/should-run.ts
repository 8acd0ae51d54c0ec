// Which nodes run a daemon pod (upstream daemon_controller.go `NodeShouldRunDaemonPod` and
// `predicates`, k8s-semantics §J.1).
import type { DaemonSet, Node, Toleration } from '../../model/index.js';
import { podMatchesNodeSelectorAndAffinity } from '../node-selector.js';
import { DO_NOT_SCHEDULE_EFFECTS, findUntoleratedTaint } from '../taints.js';
import { withDaemonPodTolerations } from './tolerations.js';

/** The result of {@link nodeShouldRunDaemonPod}. */
export interface DaemonNodeFit {
  /** A daemon pod should be created on the node if it has none. */
  readonly shouldRun: boolean;
  /** An existing daemon pod may stay on the node. */
  readonly shouldContinueRunning: boolean;
}

const NO: DaemonNodeFit = Object.freeze({ shouldRun: false, shouldContinueRunning: false });
const YES: DaemonNodeFit = Object.freeze({ shouldRun: true, shouldContinueRunning: true });
const KEEP: DaemonNodeFit = Object.freeze({ shouldRun: false, shouldContinueRunning: true });

const NO_EXECUTE = (t: { effect: string }): boolean => t.effect === 'NoExecute';

/**
 * A checker for one DaemonSet, to run over many nodes (the candidate pod and its tolerations are
 * built once). Same semantics as {@link nodeShouldRunDaemonPod}.
 */
export function daemonNodeChecker(ds: DaemonSet): (node: Node) => DaemonNodeFit {
  const spec = ds.spec.template.spec;
  const templateNodeName = spec.nodeName ?? '';
  const candidate = { spec };
  const tolerations: readonly Toleration[] = withDaemonPodTolerations(spec).tolerations ?? [];
  return (node) => {
    const name = node.metadata.name ?? '';
    if (templateNodeName !== '' && templateNodeName !== name) return NO;
    if (!podMatchesNodeSelectorAndAffinity(candidate, node)) return NO;
    const taints = node.spec?.taints;
    if (taints === undefined || taints.length === 0) return YES;
    if (findUntoleratedTaint(taints, tolerations, DO_NOT_SCHEDULE_EFFECTS) === undefined) return YES;
    return findUntoleratedTaint(taints, tolerations, NO_EXECUTE) === undefined ? KEEP : NO;
  };
}

/**
 * Whether a DaemonSet should run a pod on a node, exactly as upstream `NodeShouldRunDaemonPod`
 * (§J.1). The candidate pod is the template plus the daemon tolerations (§J.2):
 * - a template `nodeName` naming another node → `{ false, false }`;
 * - the node fails the template's `nodeSelector` or required node affinity → `{ false, false }`;
 * - a NoSchedule or NoExecute taint is not tolerated → `{ false, true }` when none of the
 *   untolerated taints is NoExecute (an existing pod stays), else `{ false, false }` (evicted);
 * - otherwise `{ true, true }`.
 * Resources, host ports, PreferNoSchedule taints and `spec.unschedulable` are ignored (a cordoned
 * node still runs daemons: its taint is tolerated).
 *
 * @example
 * ```ts
 * import { nodeShouldRunDaemonPod } from 'podkit/planners';
 * nodeShouldRunDaemonPod(node, ds); // { shouldRun: true, shouldContinueRunning: true }
 * ```
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): DaemonNodeFit {
  return daemonNodeChecker(ds)(node);
}
