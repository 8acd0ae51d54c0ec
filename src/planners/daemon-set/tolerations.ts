// The tolerations every DaemonSet pod gets (upstream daemonset_util.go
// `AddOrUpdateDaemonPodTolerations` and v1helper `AddOrUpdateTolerationInPodSpec`, §J.2).
import type { PodSpec, Toleration } from '../../model/index.js';

/** The taint keys of the node lifecycle controller and TaintNodesByCondition (k8s.io/api/core/v1). */
export const NodeTaintKey = Object.freeze({
  NotReady: 'node.kubernetes.io/not-ready',
  Unreachable: 'node.kubernetes.io/unreachable',
  DiskPressure: 'node.kubernetes.io/disk-pressure',
  MemoryPressure: 'node.kubernetes.io/memory-pressure',
  PIDPressure: 'node.kubernetes.io/pid-pressure',
  Unschedulable: 'node.kubernetes.io/unschedulable',
  NetworkUnavailable: 'node.kubernetes.io/network-unavailable',
} as const);

/**
 * The tolerations a daemon pod gets, in upstream's order (§J.2): not-ready and unreachable with
 * effect NoExecute and no tolerationSeconds (tolerated forever); disk-pressure, memory-pressure,
 * pid-pressure and unschedulable with effect NoSchedule; network-unavailable (NoSchedule) only for
 * hostNetwork pods. All use operator `Exists`.
 *
 * @example
 * ```ts
 * import { daemonPodTolerations } from 'podkit/planners';
 * daemonPodTolerations(false).length; // 6
 * ```
 */
export function daemonPodTolerations(hostNetwork: boolean): Toleration[] {
  const out: Toleration[] = [
    { key: NodeTaintKey.NotReady, operator: 'Exists', effect: 'NoExecute' },
    { key: NodeTaintKey.Unreachable, operator: 'Exists', effect: 'NoExecute' },
    { key: NodeTaintKey.DiskPressure, operator: 'Exists', effect: 'NoSchedule' },
    { key: NodeTaintKey.MemoryPressure, operator: 'Exists', effect: 'NoSchedule' },
    { key: NodeTaintKey.PIDPressure, operator: 'Exists', effect: 'NoSchedule' },
    { key: NodeTaintKey.Unschedulable, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) out.push({ key: NodeTaintKey.NetworkUnavailable, operator: 'Exists', effect: 'NoSchedule' });
  return out;
}

/** Upstream `Toleration.MatchToleration`: same key, effect, operator and value. */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && (a.operator ?? '') === (b.operator ?? '') && (a.value ?? '') === (b.value ?? '');
}

function deepEqualToleration(a: Toleration, b: Toleration): boolean {
  return sameToleration(a, b) && a.tolerationSeconds === b.tolerationSeconds;
}

/**
 * Upstream `AddOrUpdateTolerationInPodSpec` on a list: a toleration matching `t` (same key,
 * effect, operator, value) is replaced by `t` (so a daemon toleration loses any
 * tolerationSeconds); otherwise `t` is appended.
 */
export function addOrUpdateToleration(tolerations: readonly Toleration[], t: Toleration): Toleration[] {
  const out: Toleration[] = [];
  let updated = false;
  for (const existing of tolerations) {
    if (sameToleration(t, existing)) {
      if (deepEqualToleration(t, existing)) return [...tolerations];
      out.push({ ...t });
      updated = true;
      continue;
    }
    out.push(existing);
  }
  if (!updated) out.push({ ...t });
  return out;
}

/**
 * The pod spec with the daemon tolerations added or updated (upstream
 * `AddOrUpdateDaemonPodTolerations`). Returns a new spec; the input is not modified.
 */
export function withDaemonPodTolerations(spec: PodSpec): PodSpec {
  let tolerations: Toleration[] = [...(spec.tolerations ?? [])];
  for (const t of daemonPodTolerations(spec.hostNetwork === true)) tolerations = addOrUpdateToleration(tolerations, t);
  return { ...spec, tolerations };
}
