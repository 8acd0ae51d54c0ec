/**
 * The pod phase, computed the way the kubelet's `getPhase` does (k8s-semantics §A).
 */
import type { Pod, PodPhase } from '../model/index.js';
import { isSidecar } from '../model/pod-utils.js';
import { findStatus, hasAnyRegularContainerStarted } from './pod-containers.js';

/** Options of {@link derivePodPhase}. */
export interface DerivePodPhaseOptions {
  /**
   * The kubelet's "pod will not run again" flag: the pod was deleted, evicted or hit its deadline
   * and all its containers are stopped. With it, a pod whose regular containers all stopped is
   * Succeeded or Failed even under `restartPolicy: Always`.
   */
  readonly terminal?: boolean;
}

/**
 * The pod phase the kubelet computes from `spec` and the container statuses (its `getPhase`,
 * k8s-semantics §A.2–§A.3), for all three restart policies, regular init containers and sidecars
 * (init containers with `restartPolicy: Always`). Statuses are matched to spec containers by
 * name; statuses whose name is not in the spec are ignored.
 *
 * This is the raw computation: it does not keep a terminal phase sticky, force a phase for a
 * deadline or an eviction, or ever return `Unknown` — {@link podReducer} does the post-processing
 * of §A.5. "The pod has initialized" uses the API-status definition (a regular container is
 * running or terminated), as §A.1 prescribes.
 *
 * @example
 * ```ts
 * import { derivePodPhase } from 'podkit';
 * derivePodPhase(pod); // 'Running' for a crash-looping container under restartPolicy Always
 * derivePodPhase(pod, { terminal: true }); // 'Succeeded' once every container exited 0
 * ```
 */
export function derivePodPhase(pod: Pick<Pod, 'spec' | 'status'>, options: DerivePodPhaseOptions = {}): PodPhase {
  const { spec, status } = pod;
  const restartPolicy = spec.restartPolicy ?? 'Always';
  let pendingRegularInit = 0;
  let pendingSidecar = 0;
  let failedInit = 0;
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  for (const container of spec.initContainers ?? []) {
    const s = findStatus(status, container.name);
    const state = s?.state;
    if (isSidecar(container)) {
      if (s === undefined) {
        unknown++;
      } else if (state?.running !== undefined) {
        running++;
        if (s.started !== true) pendingSidecar++;
      } else if (state?.terminated !== undefined) {
        // a terminated sidecar never affects the phase
      } else if (state?.waiting !== undefined) {
        if (s.lastState?.terminated === undefined) {
          pendingSidecar++;
          waiting++;
        }
      } else {
        pendingSidecar++;
        unknown++;
      }
      continue;
    }
    if (s === undefined || state?.running !== undefined) {
      pendingRegularInit++;
    } else if (state?.terminated !== undefined) {
      if (state.terminated.exitCode !== 0) failedInit++;
    } else if (state?.waiting !== undefined) {
      const last = s.lastState?.terminated;
      if (last === undefined) pendingRegularInit++;
      else if (last.exitCode !== 0) failedInit++;
    } else {
      pendingRegularInit++;
    }
  }

  for (const container of spec.containers) {
    const s = findStatus(status, container.name);
    const state = s?.state;
    if (s === undefined) {
      unknown++;
    } else if (state?.running !== undefined) {
      running++;
    } else if (state?.terminated !== undefined) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state?.waiting !== undefined) {
      if (s.lastState?.terminated !== undefined) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  if (failedInit > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingRegularInit > 0 || (pendingSidecar > 0 && !hasAnyRegularContainerStarted(pod))) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (options.terminal === true) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
