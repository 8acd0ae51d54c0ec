// DaemonSet status (upstream daemon_controller.go `updateDaemonSetStatus` / `storeDaemonSetStatus`, §J.5).
import type { DaemonSet, DaemonSetStatus, Node, Pod } from '../../model/index.js';
import { isPodReady } from '../../model/pod-utils.js';
import { isPodAvailable } from '../replica-set-status.js';
import { compareDaemonPods, isDaemonPodUpdated } from './daemon-pods.js';
import type { DaemonNodeFit } from './should-run.js';

/** Inputs of {@link calculateDaemonSetStatus}. */
export interface DaemonSetStatusInput {
  readonly nodes: readonly Node[];
  /** Each node's fit, in `nodes` order. */
  readonly fits: readonly DaemonNodeFit[];
  /** Pods per target node (terminal pods being deleted excluded). */
  readonly nodePods: ReadonlyMap<string, readonly Pod[]>;
  readonly hash: string;
  readonly generation: number | undefined;
  readonly now: number;
  /** Raise `observedGeneration` to `metadata.generation` (false while expectations are pending). */
  readonly updateObservedGeneration: boolean;
}

/**
 * The DaemonSet status, exactly as upstream `updateDaemonSetStatus` (§J.5), per node:
 * `desiredNumberScheduled` counts nodes that should run the pod; of those, nodes with a daemon pod
 * count in `currentNumberScheduled`, and their oldest pod (scheduled first, then oldest) counts in
 * `numberReady` when Ready, `numberAvailable` when available for minReadySeconds, and
 * `updatedNumberScheduled` when it runs the current template. Nodes that should not run it but have
 * a pod count in `numberMisscheduled`. `numberUnavailable = desired − available`. Other status
 * fields (conditions, collisionCount) are kept. O(nodes + pods log pods-per-node).
 *
 * @example
 * ```ts
 * import { calculateDaemonSetStatus } from 'podkit';
 * const status = calculateDaemonSetStatus(ds, { nodes, fits, nodePods, hash, generation: 1, now: clock.now(), updateObservedGeneration: true });
 * ```
 */
export function calculateDaemonSetStatus(ds: DaemonSet, input: DaemonSetStatusInput): DaemonSetStatus {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let updated = 0;
  let available = 0;
  const minReady = ds.spec.minReadySeconds ?? 0;
  input.nodes.forEach((node, i) => {
    const fit = input.fits[i] as DaemonNodeFit;
    const pods = input.nodePods.get(node.metadata.name ?? '') ?? [];
    if (!fit.shouldRun) {
      if (pods.length > 0) misscheduled++;
      return;
    }
    desired++;
    if (pods.length === 0) return;
    current++;
    let oldest = pods[0] as Pod;
    for (let j = 1; j < pods.length; j++) if (compareDaemonPods(pods[j] as Pod, oldest) < 0) oldest = pods[j] as Pod;
    if (isPodReady(oldest)) {
      ready++;
      if (isPodAvailable(oldest, minReady, input.now)) available++;
    }
    if (isDaemonPodUpdated(oldest, input.hash, input.generation)) updated++;
  });
  const old = ds.status;
  return {
    ...old,
    desiredNumberScheduled: desired,
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
    ...(input.updateObservedGeneration && ds.metadata.generation !== undefined
      ? { observedGeneration: ds.metadata.generation }
      : old?.observedGeneration === undefined
        ? {}
        : { observedGeneration: old.observedGeneration }),
  };
}

/**
 * Upstream `storeDaemonSetStatus`'s shortcut: false when every counter already has its value and
 * `observedGeneration >= generation`, so no write is needed.
 */
export function daemonSetStatusNeedsWrite(ds: DaemonSet, next: DaemonSetStatus): boolean {
  const old = ds.status;
  const same =
    old !== undefined &&
    old.desiredNumberScheduled === next.desiredNumberScheduled &&
    old.currentNumberScheduled === next.currentNumberScheduled &&
    old.numberMisscheduled === next.numberMisscheduled &&
    old.numberReady === next.numberReady &&
    (old.updatedNumberScheduled ?? 0) === next.updatedNumberScheduled &&
    (old.numberAvailable ?? 0) === next.numberAvailable &&
    (old.numberUnavailable ?? 0) === next.numberUnavailable &&
    (old.observedGeneration ?? 0) >= (ds.metadata.generation ?? 0);
  return !same;
}
