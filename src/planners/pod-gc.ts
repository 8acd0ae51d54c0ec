import type { Node, Pod, PodCondition, PodStatus } from '../model/index.js';
import { toMillis, toTimestamp, type TimeInput } from '../model/time.js';
import { TAINT_NODE_OUT_OF_SERVICE } from './taints.js';

/** `terminated-pod-gc-threshold`, the kube-controller-manager default: terminated pods kept before PodGC deletes the oldest. */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
/** `gcCheckPeriod`: how often PodGC runs (20 s). */
export const POD_GC_CHECK_PERIOD_MS = 20_000;
/** `quarantineTime`: how long PodGC waits for a missing node to show up before its pods count as orphaned (40 s). */
export const POD_GC_QUARANTINE_MS = 40_000;

/** Why PodGC deletes a pod (upstream's metric reasons, in the order its passes run). */
export type PodGcReason = 'Terminated' | 'TerminatingOutOfService' | 'Orphaned' | 'TerminatingUnscheduled';

/**
 * A decision of {@link planPodGc}: force-delete the pod (grace 0). When `markFailed` is set the pod
 * is not terminal yet, and its status must first be written with phase `Failed` (and `condition`,
 * if any) — upstream `markFailedAndDeletePodWithCondition`, so that a pod with no kubelet left
 * still reaches a terminal phase (a Job counts it as failed).
 */
export interface PodGcAction {
  readonly type: 'DeletePod';
  readonly pod: Pod;
  readonly reason: PodGcReason;
  readonly markFailed: boolean;
  /** Added to the status with the Failed phase (orphaned pods: `DisruptionTarget`, `DeletionByPodGC`). */
  readonly condition?: PodCondition;
}

/** Inputs of {@link planPodGc}: the whole cluster's pods and nodes at `now`, and the quarantine of the previous run. */
export interface PodGcInput {
  readonly pods: readonly Pod[];
  readonly nodes: readonly Node[];
  readonly now: TimeInput;
  /**
   * Missing node names waiting out their quarantine: name → when the wait ends (epoch ms). Pass the
   * previous plan's `quarantine`; start with an empty map.
   */
  readonly quarantine?: ReadonlyMap<string, number> | undefined;
  /** Default {@link TERMINATED_POD_GC_THRESHOLD}; 0 or less turns the terminated-pod pass off. */
  readonly terminatedPodThreshold?: number | undefined;
  /** Default {@link POD_GC_QUARANTINE_MS}. */
  readonly quarantineMs?: number | undefined;
}

/** The result of {@link planPodGc}. */
export interface PodGcPlan {
  /** In upstream's order: terminated pods over the threshold, out-of-service, orphaned, unscheduled terminating. A pod appears at most once. */
  readonly actions: readonly PodGcAction[];
  /** The quarantine to pass to the next run. */
  readonly quarantine: ReadonlyMap<string, number>;
}

/**
 * The DisruptionTarget condition PodGC adds to an orphaned pod before deleting it (§C.6): reason
 * `DeletionByPodGC`, message "PodGC: node no longer exists".
 *
 * @example
 * ```ts
 * import { podGcOrphanedCondition } from 'podkit/planners';
 * podGcOrphanedCondition(Date.UTC(2024, 0, 1)).reason; // 'DeletionByPodGC'
 * ```
 */
export function podGcOrphanedCondition(now: TimeInput): PodCondition {
  return { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: toTimestamp(now) };
}

/**
 * The status PodGC writes before deleting a pod that is not terminal: phase `Failed`, and the
 * condition set as apimachinery's `UpdatePodCondition` does (its `lastTransitionTime` kept when
 * the status does not flip). Reason and message of the status are left as they are.
 *
 * @example
 * ```ts
 * import { podGcFailedStatus, podGcOrphanedCondition } from 'podkit/planners';
 * const status = podGcFailedStatus(pod, podGcOrphanedCondition(now), now); // phase 'Failed'
 * ```
 */
export function podGcFailedStatus(pod: Pod, condition: PodCondition | undefined, now: TimeInput): PodStatus {
  const status: PodStatus = { ...pod.status, phase: 'Failed' };
  if (condition === undefined) return status;
  const conditions = [...(status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === condition.type);
  const old = i < 0 ? undefined : conditions[i];
  const lastTransitionTime = old !== undefined && old.status === condition.status ? old.lastTransitionTime : (condition.lastTransitionTime ?? toTimestamp(now));
  const next = { ...condition, ...(lastTransitionTime === undefined ? {} : { lastTransitionTime }) };
  if (i < 0) conditions.push(next);
  else conditions[i] = next;
  return { ...status, conditions };
}

const isTerminated = (pod: Pod): boolean => {
  // Upstream isPodTerminated: any phase but Pending, Running and Unknown.
  const phase = pod.status?.phase;
  return phase !== 'Pending' && phase !== 'Running' && phase !== 'Unknown';
};
const isTerminal = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
const isEvicted = (pod: Pod): boolean => pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
const isNodeReady = (node: Node): boolean => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** Upstream `byEvictionAndCreationTimestamp`: evicted pods first, then oldest first, then by name. */
function byEvictionAndCreation(a: Pod, b: Pod): number {
  const ea = isEvicted(a);
  const eb = isEvicted(b);
  if (ea !== eb) return ea ? -1 : 1;
  const ta = a.metadata.creationTimestamp === undefined ? 0 : toMillis(a.metadata.creationTimestamp);
  const tb = b.metadata.creationTimestamp === undefined ? 0 : toMillis(b.metadata.creationTimestamp);
  if (ta !== tb) return ta - tb;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/**
 * The pod garbage collector (upstream `pkg/controller/podgc` `gc`) as one pure step. Its passes,
 * in upstream's order, over the same pods:
 * 1. **Terminated** (`gcTerminated`, only with a threshold > 0): when more pods than the threshold
 *    are terminated (any phase but Pending, Running, Unknown), the excess is deleted — evicted
 *    pods first, then the oldest, then by name.
 * 2. **Terminating on an out-of-service node** (`gcTerminating`): pods being deleted whose node
 *    exists, is not Ready and has the `node.kubernetes.io/out-of-service` taint (any effect).
 * 3. **Orphaned** (`gcOrphaned`): pods bound to a node that does not exist. A missing node name
 *    is first put in quarantine (`quarantineMs`, 40 s); only a run after the quarantine that
 *    still misses the node deletes its pods, with `DisruptionTarget` (`DeletionByPodGC`, "PodGC:
 *    node no longer exists"). The quarantine works like upstream's delaying queue: an entry is
 *    taken out once due, whether or not its node came back.
 * 4. **Unscheduled terminating** (`gcUnscheduledTerminating`): pods being deleted with no
 *    `spec.nodeName`.
 *
 * Every deletion is a force deletion (grace 0); a pod that is not terminal is first marked Failed
 * (`markFailed`). Nothing is decided from wall time: `now` is an input.
 *
 * @example
 * ```ts
 * import { planPodGc } from 'podkit';
 * let quarantine = new Map<string, number>();
 * const plan = planPodGc({ pods, nodes, now: clock.now(), quarantine });
 * quarantine = new Map(plan.quarantine);
 * for (const a of plan.actions) console.log(a.reason, a.pod.metadata.name);
 * ```
 */
export function planPodGc(input: PodGcInput): PodGcPlan {
  const now = toMillis(input.now);
  const threshold = input.terminatedPodThreshold ?? TERMINATED_POD_GC_THRESHOLD;
  const quarantineMs = input.quarantineMs ?? POD_GC_QUARANTINE_MS;
  const nodes = new Map(input.nodes.map((n) => [n.metadata.name ?? '', n]));
  const actions: PodGcAction[] = [];
  const planned = new Set<Pod>();
  const add = (pod: Pod, reason: PodGcReason, condition?: PodCondition): void => {
    if (planned.has(pod)) return;
    planned.add(pod);
    const markFailed = !isTerminal(pod);
    actions.push({ type: 'DeletePod', pod, reason, markFailed, ...(markFailed && condition !== undefined ? { condition } : {}) });
  };

  if (threshold > 0) {
    const terminated = input.pods.filter(isTerminated);
    const excess = terminated.length - threshold;
    if (excess > 0) for (const pod of [...terminated].sort(byEvictionAndCreation).slice(0, excess)) add(pod, 'Terminated');
  }

  const outOfService = input.pods.filter((pod) => {
    if (pod.metadata.deletionTimestamp === undefined) return false;
    const node = nodes.get(pod.spec.nodeName ?? '');
    return node !== undefined && !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === TAINT_NODE_OUT_OF_SERVICE);
  });
  for (const pod of outOfService.sort(byEvictionAndCreation)) add(pod, 'TerminatingOutOfService');

  // Quarantine: due entries leave the waiting set first (upstream's delaying queue hands them out).
  const waiting = new Map<string, number>();
  const due = new Set<string>();
  for (const [name, at] of input.quarantine ?? []) {
    if (at <= now) due.add(name);
    else waiting.set(name, at);
  }
  for (const pod of input.pods) {
    const name = pod.spec.nodeName;
    if (name !== undefined && name !== '' && !nodes.has(name) && !waiting.has(name)) waiting.set(name, now + quarantineMs);
  }
  const deletedNodes = new Set([...due].filter((name) => !nodes.has(name)));
  if (deletedNodes.size > 0) {
    for (const pod of input.pods) if (deletedNodes.has(pod.spec.nodeName ?? '')) add(pod, 'Orphaned', podGcOrphanedCondition(now));
  }

  for (const pod of input.pods) {
    if (pod.metadata.deletionTimestamp !== undefined && (pod.spec.nodeName === undefined || pod.spec.nodeName === '')) add(pod, 'TerminatingUnscheduled');
  }
  return { actions, quarantine: waiting };
}
