import type { ConditionStatus, Node, NodeCondition, Taint } from '../model/index.js';
import { toMillis, toTimestamp } from '../model/time.js';
import { TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, TAINT_NODE_UNSCHEDULABLE } from './taints.js';

/** `node-monitor-grace-period`: no heartbeat for this long marks a node Unknown (50 s since 1.32). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
/** `node-startup-grace-period`: a node that never posted status gets this long (60 s). */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;

/** The node conditions the lifecycle controller forces to Unknown besides Ready. */
const PRESSURE_CONDITIONS = ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/**
 * The status of the node's `Ready` condition; `Unknown` when the node has none.
 *
 * @example
 * ```ts
 * import { nodeReadyStatus } from 'podkit/planners';
 * nodeReadyStatus(node); // 'True'
 * ```
 */
export function nodeReadyStatus(node: Node): ConditionStatus {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status ?? 'Unknown';
}

/** When the node last proved alive (epoch ms), and how long it may stay silent. */
export interface NodeProbe {
  readonly since: number;
  readonly graceMs: number;
}

/**
 * The node's liveness reference: the explicit heartbeat (a Lease renewal) if given, else the
 * Ready condition's `lastHeartbeatTime` with the monitor grace period, else its
 * `creationTimestamp` with the startup grace period. `undefined` when none is known.
 */
export function nodeProbe(node: Node, heartbeat: number | undefined, graceMs: number, startupGraceMs: number): NodeProbe | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  const hb = heartbeat ?? (ready?.lastHeartbeatTime === undefined ? undefined : toMillis(ready.lastHeartbeatTime));
  if (hb !== undefined) return { since: hb, graceMs };
  const created = node.metadata.creationTimestamp;
  return created === undefined ? undefined : { since: toMillis(created), graceMs: startupGraceMs };
}

/**
 * The node's conditions once its kubelet is considered gone (upstream `tryUpdateNodeHealth`):
 * Ready and the pressure conditions become Unknown (reason `NodeStatusUnknown`, message
 * "Kubelet stopped posting node status."; conditions that never existed are added with
 * `NodeStatusNeverUpdated`, "Kubelet never posted node status."). `lastTransitionTime` is set to
 * `now` on the changed conditions. Returns `undefined` when nothing changes.
 */
export function unknownNodeConditions(node: Node, now: number): NodeCondition[] | undefined {
  const conditions = [...(node.status?.conditions ?? [])];
  let changed = false;
  for (const type of ['Ready', ...PRESSURE_CONDITIONS]) {
    const i = conditions.findIndex((c) => c.type === type);
    const existing = conditions[i];
    if (existing === undefined) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastTransitionTime: toTimestamp(now),
      });
      changed = true;
    } else if (existing.status !== 'Unknown') {
      conditions[i] = {
        ...existing,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: toTimestamp(now),
      };
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  return a.length === b.length && a.every((t, i) => JSON.stringify(t) === JSON.stringify(b[i]));
}

/** Node condition → NoSchedule taint key (upstream `nodeConditionToTaintKeyStatusMap`). */
const CONDITION_TAINTS: Readonly<Record<string, Partial<Record<ConditionStatus, string>>>> = {
  Ready: { False: TAINT_NODE_NOT_READY, Unknown: TAINT_NODE_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const MANAGED_NO_SCHEDULE = new Set([
  ...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)),
  TAINT_NODE_UNSCHEDULABLE,
]);
const MANAGED_NO_EXECUTE = new Set([TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]);

/**
 * The node's taints as the node lifecycle controller maintains them (§L.3, TaintNodesByCondition):
 * NoSchedule taints mirror the conditions (`not-ready` for Ready False, `unreachable` for Ready
 * Unknown, `memory-pressure`, `disk-pressure`, `pid-pressure`, `network-unavailable` when True)
 * and `spec.unschedulable` (`node.kubernetes.io/unschedulable`); the NoExecute taint `not-ready` or
 * `unreachable` follows Ready (with `timeAdded`). A node without a Ready condition (still within
 * its startup grace) gets no Ready taints. Other taints are kept; a NoExecute taint without
 * `timeAdded` gets `now`, so eviction timing is deterministic. `undefined` when unchanged.
 */
export function desiredNodeTaints(node: Node, now: number): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const noSchedule: string[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key !== undefined) noSchedule.push(key);
  }
  if (node.spec?.unschedulable === true) noSchedule.push(TAINT_NODE_UNSCHEDULABLE);
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const noExecute = ready === 'False' ? TAINT_NODE_NOT_READY : ready === 'Unknown' ? TAINT_NODE_UNREACHABLE : undefined;
  const next: Taint[] = [];
  for (const t of current) {
    if (t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key) && !noSchedule.includes(t.key)) continue;
    if (t.effect === 'NoExecute' && MANAGED_NO_EXECUTE.has(t.key) && t.key !== noExecute) continue;
    next.push(t.effect === 'NoExecute' && t.timeAdded === undefined ? { ...t, timeAdded: toTimestamp(now) } : t);
  }
  if (noExecute !== undefined && !next.some((t) => t.key === noExecute && t.effect === 'NoExecute')) {
    next.push({ key: noExecute, effect: 'NoExecute', timeAdded: toTimestamp(now) });
  }
  for (const key of noSchedule) {
    if (!next.some((t) => t.key === key && t.effect === 'NoSchedule')) next.push({ key, effect: 'NoSchedule' });
  }
  return sameTaints(current, next) ? undefined : next;
}
