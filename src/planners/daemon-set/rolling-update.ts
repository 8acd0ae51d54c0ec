// DaemonSet RollingUpdate (upstream update.go `rollingUpdate`, `findUpdatedPodsOnNode`,
// `updatedDesiredNodeCounts`; daemonset_util.go `UnavailableCount` / `SurgeCount`; §J.4).
import { PodkitError } from '../../errors.js';
import type { DaemonSet, IntOrString, Pod } from '../../model/index.js';
import { isPodAvailable } from '../replica-set-status.js';
import { isDaemonPodUpdated } from './daemon-pods.js';
import type { DaemonNodeFit } from './should-run.js';

/**
 * Upstream `intstr.GetScaledValueFromIntOrPercent`: an int as is; `"N%"` of `total`, rounded up
 * (`roundUp`) or down. Throws `invalid_object` naming `field` for anything else.
 *
 * @example
 * ```ts
 * import { scaledIntOrPercent } from 'podkit/planners';
 * scaledIntOrPercent('25%', 10, true); // 3
 * ```
 */
export function scaledIntOrPercent(value: IntOrString | undefined, total: number, roundUp: boolean, field = 'value'): number {
  if (value === undefined) throw new PodkitError('invalid_object', `${field}: nil value for IntOrString`, { details: { field } });
  if (typeof value === 'number') return value;
  const m = /^([+-]?\d+)%$/.exec(value);
  if (m === null) {
    throw new PodkitError('invalid_object', `${field}: invalid value for IntOrString: invalid value ${JSON.stringify(value)}: expected an int or a percentage such as "25%"`, {
      details: { field, value },
    });
  }
  const v = Number(m[1]);
  const scaled = (v * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** Upstream `SurgeCount`: the allowed surge out of `numberToSchedule` (0 unless RollingUpdate with maxSurge). */
export function daemonSetSurgeCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || s?.rollingUpdate?.maxSurge === undefined) return 0;
  return scaledIntOrPercent(s.rollingUpdate.maxSurge, numberToSchedule, true, 'spec.updateStrategy.rollingUpdate.maxSurge');
}

/** Upstream `UnavailableCount`: the allowed unavailability out of `numberToSchedule` (0 unless RollingUpdate). */
export function daemonSetUnavailableCount(ds: DaemonSet, numberToSchedule: number): number {
  const s = ds.spec.updateStrategy;
  if ((s?.type ?? 'RollingUpdate') !== 'RollingUpdate' || s?.rollingUpdate === undefined) return 0;
  return scaledIntOrPercent(s.rollingUpdate.maxUnavailable, numberToSchedule, true, 'spec.updateStrategy.rollingUpdate.maxUnavailable');
}

/** Upstream `AllowsSurge`: the surge of one node is positive. */
export function daemonSetAllowsSurge(ds: DaemonSet): boolean {
  return daemonSetSurgeCount(ds, 1) > 0;
}

/**
 * Upstream `findUpdatedPodsOnNode`: among the node's pods not being deleted, at most one new and one
 * old pod; `undefined` when there are more (the manage loop prunes them first).
 */
export function findUpdatedPodsOnNode(
  pods: readonly Pod[],
  hash: string,
  generation: number | undefined,
): { newPod?: Pod; oldPod?: Pod } | undefined {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp !== undefined) continue;
    if (isDaemonPodUpdated(pod, hash, generation)) {
      if (newPod !== undefined) return undefined;
      newPod = pod;
    } else {
      if (oldPod !== undefined) return undefined;
      oldPod = pod;
    }
  }
  return { ...(newPod === undefined ? {} : { newPod }), ...(oldPod === undefined ? {} : { oldPod }) };
}

/** Inputs of {@link planRollingUpdate}. */
export interface RollingUpdateInput {
  readonly ds: DaemonSet;
  readonly hash: string;
  readonly generation: number | undefined;
  /** Pods per target node (terminal deleted pods excluded), including nodes that are gone. */
  readonly nodePods: ReadonlyMap<string, readonly Pod[]>;
  /** Node names in iteration order (the node list), and each existing node's fit. */
  readonly nodeOrder: readonly string[];
  readonly fits: ReadonlyMap<string, DaemonNodeFit>;
  readonly now: number;
}

/** What a rolling-update step does: old pods to delete and nodes to create a new pod on. */
export interface RollingUpdateStep {
  readonly deletes: readonly Pod[];
  readonly createOnNodes: readonly string[];
  readonly maxUnavailable: number;
  readonly maxSurge: number;
  /** Set when upstream would abort the step (a pod's node no longer exists). */
  readonly error?: string;
}

/**
 * One RollingUpdate step exactly as upstream `rollingUpdate` (§J.4). maxUnavailable and maxSurge
 * are scaled against desiredNumberScheduled, percentages rounded up; when both are 0,
 * maxUnavailable is 1. Without surge: every unavailable old pod plus up to
 * `maxUnavailable − numUnavailable` available old pods are deleted (the manage loop then creates
 * their replacements). With surge: a new pod is created at once beside an unavailable old pod, and
 * beside up to `maxSurge − numSurge` available ones; an old pod is deleted once its node's new pod is
 * available; old pods on nodes that should no longer run them are deleted only while more pods are
 * available than desired. Nodes are visited in `nodeOrder` (upstream iterates a Go map, in random
 * order), then nodes that are gone.
 */
export function planRollingUpdate(input: RollingUpdateInput): RollingUpdateStep {
  const { ds, hash, generation, fits, now } = input;
  const minReady = ds.spec.minReadySeconds ?? 0;
  const available = (p: Pod): boolean => isPodAvailable(p, minReady, now);
  let desired = 0;
  const order: string[] = [];
  const seen = new Set<string>();
  for (const name of input.nodeOrder) {
    if (seen.has(name)) continue;
    const run = fits.get(name)?.shouldRun === true;
    if (run) desired++;
    if (run || input.nodePods.has(name)) {
      order.push(name);
      seen.add(name);
    }
  }
  for (const name of input.nodePods.keys()) if (!seen.has(name)) order.push(name);
  const { maxUnavailable, maxSurge } = daemonSetUpdateLimits(ds, desired);

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: Pod[] = [];
    const candidates: Pod[] = [];
    for (const name of order) {
      const found = findUpdatedPodsOnNode(input.nodePods.get(name) ?? [], hash, generation);
      if (found === undefined) {
        numUnavailable++;
        continue;
      }
      const { newPod, oldPod } = found;
      if ((oldPod === undefined && newPod === undefined) || (oldPod !== undefined && newPod !== undefined)) numUnavailable++;
      else if (newPod !== undefined) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod !== undefined) {
        if (!available(oldPod)) {
          allowed.push(oldPod);
          numUnavailable++;
        } else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { deletes: [...allowed, ...candidates.slice(0, remaining)], createOnNodes: [], maxUnavailable, maxSurge };
  }

  const deletes: Pod[] = [];
  const shouldNotRun: Pod[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const name of order) {
    const found = findUpdatedPodsOnNode(input.nodePods.get(name) ?? [], hash, generation);
    if (found === undefined) {
      numSurge++;
      continue;
    }
    const { newPod, oldPod } = found;
    if (oldPod !== undefined) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod !== undefined && available(newPod)) numAvailable++;
    if (oldPod === undefined) continue;
    if (newPod === undefined) {
      const fit = fits.get(name);
      if (fit === undefined) {
        return { deletes: [], createOnNodes: [], maxUnavailable, maxSurge, error: `couldn't get node for nodeName "${name}": node "${name}" not found` };
      }
      if (!available(oldPod)) {
        if (!fit.shouldRun) deletes.push(oldPod);
        else allowedNodes.push(name);
      } else if (!fit.shouldRun) {
        shouldNotRun.push(oldPod);
      } else if (numSurge < maxSurge) {
        candidateNodes.push(name);
      }
    } else if (!available(newPod)) {
      numSurge++;
    } else {
      deletes.push(oldPod);
    }
  }
  const deletable = Math.min(numAvailable - desired, shouldNotRun.length);
  if (deletable > 0) deletes.push(...shouldNotRun.slice(0, deletable));
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  return { deletes, createOnNodes: [...allowedNodes, ...candidateNodes.slice(0, remaining)], maxUnavailable, maxSurge };
}

/**
 * The rolling-update limits of a DaemonSet for a number of nodes that should run it (upstream
 * `updatedDesiredNodeCounts`, §J.4): `maxUnavailable` and `maxSurge` scaled against
 * `desiredNumberScheduled` with percentages rounded up; when both are 0 (and there is a desired
 * node) `maxUnavailable` becomes 1. Both are 0 for the OnDelete strategy (then the same fallback
 * applies, as upstream). Throws `invalid_object` for a malformed value.
 *
 * @example
 * ```ts
 * import { daemonSetUpdateLimits } from 'podkit/planners';
 * daemonSetUpdateLimits(ds, 3); // { maxUnavailable: 2, maxSurge: 0 } for maxUnavailable "50%"
 * ```
 */
export function daemonSetUpdateLimits(ds: DaemonSet, desiredNumberScheduled: number): { maxUnavailable: number; maxSurge: number } {
  let maxUnavailable = daemonSetUnavailableCount(ds, desiredNumberScheduled);
  const maxSurge = daemonSetSurgeCount(ds, desiredNumberScheduled);
  if (desiredNumberScheduled > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxUnavailable, maxSurge };
}
