import type { Node, NodeCondition, Pod, PodCondition, Taint, Toleration } from '../model/index.js';
import { toMillis, toTimestamp, type TimeInput } from '../model/time.js';
import {
  NODE_MONITOR_GRACE_PERIOD_MS,
  NODE_STARTUP_GRACE_PERIOD_MS,
  nodeProbe,
  nodeReadyStatus,
  desiredNodeTaints,
  unknownNodeConditions,
} from './node-health.js';
import { tolerates } from './taints.js';

/** A decision of {@link planNodeLifecycle}; the shell applies them in order. */
export type NodeLifecycleAction =
  /** Replace the node's `status.conditions` (the node went Unknown). */
  | { readonly type: 'SetNodeConditions'; readonly nodeName: string; readonly conditions: readonly NodeCondition[] }
  /** Replace the node's `spec.taints` (not-ready / unreachable taints added or removed). */
  | { readonly type: 'SetNodeTaints'; readonly nodeName: string; readonly taints: readonly Taint[] }
  /** Replace the pod's `status.conditions`: its Ready condition flipped to False. */
  | { readonly type: 'MarkPodNotReady'; readonly pod: Pod; readonly conditions: readonly PodCondition[] }
  /** Add `condition` (DisruptionTarget) to the pod's status, then delete the pod (default grace). */
  | { readonly type: 'EvictPod'; readonly pod: Pod; readonly condition: PodCondition };

/** Inputs of {@link planNodeLifecycle}. */
export interface NodeLifecycleInput {
  readonly nodes: readonly Node[];
  /** The pods bound to each node, by node name. */
  readonly podsByNode: ReadonlyMap<string, readonly Pod[]>;
  /** The last heartbeat per node name (epoch ms), e.g. Lease renewals; else the Ready condition's lastHeartbeatTime. */
  readonly heartbeats?: ReadonlyMap<string, number> | undefined;
  readonly now: TimeInput;
  /** Default 50 000 (`node-monitor-grace-period`). */
  readonly gracePeriodMs?: number | undefined;
  /** Default 60 000 (`node-startup-grace-period`). */
  readonly startupGracePeriodMs?: number | undefined;
}

/** The result of {@link planNodeLifecycle}. */
export interface NodeLifecyclePlan {
  readonly actions: readonly NodeLifecycleAction[];
  /** When the next decision can change with no new input (a grace period or toleration expiring). */
  readonly requeueAfterMs?: number | undefined;
}

/** The DisruptionTarget condition the taint-eviction controller sets before deleting a pod (§C.6, §L.5). */
export function taintEvictionCondition(now: TimeInput): PodCondition {
  return {
    type: 'DisruptionTarget',
    status: 'True',
    reason: 'DeletionByTaintManager',
    message: 'Taint manager: deleting due to NoExecute taint',
    lastTransitionTime: toTimestamp(now),
  };
}

/**
 * When a pod on a node with these NoExecute taints must be evicted (upstream taint-eviction
 * controller): `now`-independent, as epoch ms. `undefined` means never (no NoExecute taints, or
 * all tolerated without `tolerationSeconds`); the earliest `timeAdded` when some taint is not
 * tolerated; otherwise the earliest `timeAdded` plus the smallest `tolerationSeconds` among the
 * tolerations used (a value <= 0 means at once).
 */
export function evictionTime(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, fallbackStart: number): number | undefined {
  const noExecute = taints.filter((t) => t.effect === 'NoExecute');
  if (noExecute.length === 0) return undefined;
  const start = Math.min(...noExecute.map((t) => (t.timeAdded === undefined ? fallbackStart : toMillis(t.timeAdded))));
  let minSeconds = Number.POSITIVE_INFINITY;
  for (const taint of noExecute) {
    const used = (tolerations ?? []).find((tol) => tolerates(tol, taint));
    if (used === undefined) return start;
    if (used.tolerationSeconds !== undefined) minSeconds = Math.min(minSeconds, Math.max(0, used.tolerationSeconds));
  }
  return minSeconds === Number.POSITIVE_INFINITY ? undefined : start + minSeconds * 1000;
}

function markNotReady(pod: Pod, now: number): PodCondition[] | undefined {
  const conditions = pod.status?.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === 'Ready');
  const ready = conditions[i];
  if (ready === undefined || ready.status === 'False') return undefined;
  const next = [...conditions];
  next[i] = { ...ready, status: 'False', lastTransitionTime: toTimestamp(now) };
  return next;
}

/**
 * The node lifecycle and taint-eviction controllers as one pure step (§L): input state in, a list
 * of actions out.
 * 1. A node silent for longer than the grace period (50 s; 60 s after creation for a node that
 *    never posted) gets Ready (and the pressure conditions) Unknown, reason `NodeStatusUnknown`.
 * 2. Its taints follow its conditions (see `desiredNodeTaints`): `unreachable` (Ready Unknown) or
 *    `not-ready` (Ready False) as NoExecute with `timeAdded` and as NoSchedule, pressure taints,
 *    and `node.kubernetes.io/unschedulable` for a cordoned node; removed when no longer true.
 * 3. Pods on a node that is not Ready get their Ready condition set to False; phase is untouched.
 * 4. Pods (not already being deleted) on a node with NoExecute taints are evicted at once if some
 *    taint is not tolerated, else after the smallest `tolerationSeconds` counted from `timeAdded`
 *    (300 s with the default tolerations); tolerations without seconds keep them forever (the
 *    DaemonSet case). Eviction sets DisruptionTarget (reason `DeletionByTaintManager`) first.
 *
 * @example
 * ```ts
 * import { planNodeLifecycle } from 'podkit';
 * import { indexPodsByNode } from 'podkit/planners';
 * const { actions, requeueAfterMs } = planNodeLifecycle({ nodes, podsByNode: indexPodsByNode(pods), now: clock.now() });
 * ```
 */
export function planNodeLifecycle(input: NodeLifecycleInput): NodeLifecyclePlan {
  const now = toMillis(input.now);
  const grace = input.gracePeriodMs ?? NODE_MONITOR_GRACE_PERIOD_MS;
  const startupGrace = input.startupGracePeriodMs ?? NODE_STARTUP_GRACE_PERIOD_MS;
  const actions: NodeLifecycleAction[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const node of input.nodes) {
    const nodeName = node.metadata.name ?? '';
    let current = node;
    const probe = nodeProbe(node, input.heartbeats?.get(nodeName), grace, startupGrace);
    if (probe !== undefined) {
      if (now - probe.since > probe.graceMs) {
        const conditions = unknownNodeConditions(node, now);
        if (conditions !== undefined) {
          actions.push({ type: 'SetNodeConditions', nodeName, conditions });
          current = { ...current, status: { ...current.status, conditions } };
        }
      } else next = Math.min(next, probe.since + probe.graceMs + 1);
    }
    const ready = nodeReadyStatus(current);
    const taints = desiredNodeTaints(current, now);
    if (taints !== undefined) {
      actions.push({ type: 'SetNodeTaints', nodeName, taints });
      current = { ...current, spec: { ...current.spec, taints } };
    }
    for (const pod of input.podsByNode.get(nodeName) ?? []) {
      if (ready !== 'True') {
        const conditions = markNotReady(pod, now);
        if (conditions !== undefined) actions.push({ type: 'MarkPodNotReady', pod, conditions });
      }
      if (pod.metadata.deletionTimestamp !== undefined) continue;
      const at = evictionTime(current.spec?.taints ?? [], pod.spec.tolerations, now);
      if (at === undefined) continue;
      if (at <= now) actions.push({ type: 'EvictPod', pod, condition: taintEvictionCondition(now) });
      else next = Math.min(next, at);
    }
  }
  return { actions, ...(next === Number.POSITIVE_INFINITY ? {} : { requeueAfterMs: next - now }) };
}
