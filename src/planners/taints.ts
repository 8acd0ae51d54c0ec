import type { Pod, Taint, TaintEffect, Toleration } from '../model/index.js';

/** The taint the node lifecycle controller puts on a node whose Ready condition is False (§L.3). */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
/** The taint the node lifecycle controller puts on a node whose Ready condition is Unknown (§L.3). */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** The taint equivalent of `spec.unschedulable` (a cordoned node). */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/**
 * The taint an operator puts on a node that is shut down for good (non-graceful node shutdown):
 * PodGC then force-deletes the node's terminating pods while the node is not Ready.
 */
export const TAINT_NODE_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';
/** The toleration seconds the DefaultTolerationSeconds admission plugin gives (§L.5). */
export const DEFAULT_TOLERATION_SECONDS = 300;

/**
 * True iff the toleration tolerates the taint (upstream `Toleration.ToleratesTaint`): an empty
 * toleration `effect` matches every effect, an empty `key` matches every key, `Exists` ignores
 * the value and `Equal` (the default operator) needs the same value (a missing value counts as
 * `""`). `tolerationSeconds` is not considered here: see {@link planNodeLifecycle} for NoExecute
 * timing.
 *
 * @example
 * ```ts
 * import { tolerates } from 'podkit/planners';
 * tolerates({ key: 'dedicated', operator: 'Equal', value: 'gpu' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }); // true
 * ```
 */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? 'Equal') {
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
  }
}

/** True iff any of the tolerations tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => tolerates(t, taint));
}

/** Which taints a check looks at: a predicate or a list of effects. */
export type TaintFilter = ((taint: Taint) => boolean) | readonly TaintEffect[];

/** The filter the scheduler and DaemonSet controller use: NoSchedule and NoExecute taints. */
export const DO_NOT_SCHEDULE_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/**
 * The first taint (in node order) that passes `filter` and that none of the tolerations
 * tolerates, or `undefined` (upstream `FindMatchingUntoleratedTaint`). Without a filter every
 * taint is considered.
 *
 * @example
 * ```ts
 * import { findUntoleratedTaint } from 'podkit/planners';
 * findUntoleratedTaint(node.spec?.taints, pod.spec.tolerations, ['NoSchedule', 'NoExecute']);
 * ```
 */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter?: TaintFilter,
): Taint | undefined {
  const accept =
    filter === undefined ? () => true : typeof filter === 'function' ? filter : (t: Taint) => filter.includes(t.effect);
  for (const taint of taints ?? []) {
    if (!accept(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/**
 * The two tolerations the DefaultTolerationSeconds admission plugin adds to pods (§L.5):
 * `node.kubernetes.io/not-ready:NoExecute` and `node.kubernetes.io/unreachable:NoExecute`, both
 * `Exists` with `tolerationSeconds: 300`. A fresh array each call.
 */
export function defaultTolerations(): Toleration[] {
  return [
    { key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
    { key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS },
  ];
}

function coversKey(tolerations: readonly Toleration[], key: string): boolean {
  return tolerations.some(
    (t) => (t.key === undefined || t.key === '' || t.key === key) && (t.effect === undefined || t.effect === 'NoExecute'),
  );
}

/**
 * The pod with the DefaultTolerationSeconds tolerations appended where the pod does not already
 * tolerate that key with effect NoExecute (or any effect). Returns the same object when nothing
 * is added. Pure: the admission step an API server (or `createCluster`) runs on pod create.
 *
 * @example
 * ```ts
 * import { addDefaultTolerations } from 'podkit/planners';
 * const admitted = addDefaultTolerations(pod);
 * ```
 */
export function addDefaultTolerations(pod: Pod): Pod {
  const existing = pod.spec.tolerations ?? [];
  const extra = defaultTolerations().filter((t) => !coversKey(existing, t.key as string));
  if (extra.length === 0) return pod;
  return { ...pod, spec: { ...pod.spec, tolerations: [...existing, ...extra] } };
}
