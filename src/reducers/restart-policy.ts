/**
 * What the kubelet starts next (k8s-semantics §D.1): the restart decision of one container and the
 * start plan of a pod — init containers one at a time, sidecars, regular containers — with the
 * CrashLoopBackOff gate of §D.3. Pure decisions over the pod's API status; the caller executes them.
 */
import type { ContainerStateTerminated, ContainerStatus, Pod } from '../model/index.js';
import type { TimeInput } from '../model/time.js';
import { backOffKey, crashLoopBackOffMessage, stepBackOff, type BackOffPolicy, type BackOffState, crashLoopBackOffPolicy } from './backoff.js';
import { findContainer, findStatus, hasAnyRegularContainerStarted, type ContainerKind, type ContainerRef } from './pod-containers.js';

/** True iff the status records a runtime instance of the container (§D.1 "runtime record"). */
function hasRecord(s: ContainerStatus | undefined): s is ContainerStatus {
  return s !== undefined && (s.containerID !== undefined || s.state?.running !== undefined || s.state?.terminated !== undefined || s.lastState?.terminated !== undefined);
}

/** A created-but-not-started instance: waiting, with a container ID newer than the last exit. */
function isCreated(s: ContainerStatus): boolean {
  return s.state?.waiting !== undefined && s.containerID !== undefined && s.lastState?.terminated?.containerID !== s.containerID;
}

/** The newest exit of a container that is not running: its terminated state, or the lastState of a waiting one. */
function lastExit(s: ContainerStatus): ContainerStateTerminated | undefined {
  return s.state?.terminated ?? (s.state?.waiting !== undefined ? s.lastState?.terminated : undefined);
}

/**
 * Whether the kubelet (re)starts this container now (`ShouldContainerBeRestarted`, §D.1): never for
 * a pod being deleted or a running container; always for a container that never ran (even under
 * `Never`) or one created but not started; sidecars whenever they exited; a regular init container
 * after a failure unless the policy is `Never`; a regular container per policy (`Never`: no,
 * `OnFailure`: only after a non-zero exit, `Always`: yes). Unknown names: false. Back-off is
 * separate ({@link stepBackOff}).
 *
 * @example
 * ```ts
 * import { shouldRestartContainer } from 'podkit/planners';
 * shouldRestartContainer(pod, 'web'); // true for a crashed container under OnFailure
 * ```
 */
export function shouldRestartContainer(pod: Pod, containerName: string): boolean {
  const ref = findContainer(pod.spec, containerName);
  if (ref === undefined || pod.metadata.deletionTimestamp !== undefined) return false;
  const s = findStatus(pod.status, containerName);
  if (!hasRecord(s)) return true;
  if (s.state?.running !== undefined) return false;
  const last = lastExit(s);
  if (last === undefined || isCreated(s)) return true;
  if (ref.kind === 'sidecar') return true;
  const policy = pod.spec.restartPolicy ?? 'Always';
  if (ref.kind === 'init') return last.exitCode !== 0 && policy !== 'Never';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && last.exitCode === 0) return false;
  return true;
}

/** A container to start now. */
export interface PlannedStart {
  readonly container: string;
  readonly kind: ContainerKind;
  /** The instance number to create (becomes `restartCount`). */
  readonly attempt: number;
  /** True if an earlier instance ran (a restart). */
  readonly restart: boolean;
}

/** A container held back by CrashLoopBackOff: feed `BackOffStarted` and retry at `retryAt`. */
export interface PlannedBackOff {
  readonly container: string;
  readonly kind: ContainerKind;
  readonly delayMs: number;
  readonly remainingMs: number;
  readonly retryAt: number;
  /** `back-off 20s restarting failed container=web pod=web_default(uid)`. */
  readonly message: string;
}

/** The outcome of {@link planContainerStarts}. */
export interface ContainerStartPlan {
  /** The sandbox must be (re)created first (`PodReadyToStartContainers` is not True). */
  readonly needsSandbox: boolean;
  /** Containers to start now, in order. */
  readonly start: readonly PlannedStart[];
  /** Containers waiting out their back-off. */
  readonly backOff: readonly PlannedBackOff[];
  /**
   * The pod must be terminated: it is deleted, terminal, or none of its regular containers runs
   * or will run again (then sidecars are stopped too). Use {@link planTermination}, then `PodTerminated`.
   */
  readonly killPod: boolean;
  /** The back-off state after counting the restarts in `start`. */
  readonly backOffState: BackOffState;
}

/**
 * The kubelet's next start actions for a pod (`computePodActions` + `doBackOff`, §D): before the pod
 * initialized, the first unfinished init container in spec order (waiting while a running sidecar
 * is not yet `started`, or while a regular init container runs); once every regular init container
 * succeeded and every sidecar started, the regular containers; after that, exited sidecars and
 * regular containers per {@link shouldRestartContainer}. Each restart passes the back-off gate
 * ({@link stepBackOff}, keyed by {@link backOffKey}) measured from the container's last finish time.
 *
 * It does not handle image pull back-off (give pulls their own keys in the same state) or run
 * anything.
 *
 * @example
 * ```ts
 * import { planContainerStarts, emptyBackOffState } from 'podkit';
 * const plan = planContainerStarts(pod, emptyBackOffState, now);
 * plan.start; // [{ container: 'init-db', kind: 'init', attempt: 0, restart: false }]
 * ```
 */
export function planContainerStarts(pod: Pod, backOff: BackOffState, now: TimeInput, policy: BackOffPolicy = crashLoopBackOffPolicy): ContainerStartPlan {
  const needsSandbox = pod.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status !== 'True';
  const phase = pod.status?.phase;
  if (pod.metadata.deletionTimestamp !== undefined || phase === 'Succeeded' || phase === 'Failed') {
    return { needsSandbox: false, start: [], backOff: [], killPod: true, backOffState: backOff };
  }
  const spec = pod.spec;
  const candidates: ContainerRef[] = [];
  const ref = (name: string): ContainerRef => findContainer(spec, name)!;
  const regularRunning = spec.containers.some((c) => findStatus(pod.status, c.name)?.state?.running !== undefined);
  const initialized = hasAnyRegularContainerStarted(pod) || spec.containers.some((c) => findStatus(pod.status, c.name)?.lastState?.terminated !== undefined);
  if (!initialized) {
    let done = true;
    for (const c of spec.initContainers ?? []) {
      const s = findStatus(pod.status, c.name);
      const r = ref(c.name);
      if (r.kind === 'sidecar') {
        if (s?.state?.running !== undefined) {
          if (s.started === true) continue;
          done = false;
          break;
        }
        candidates.push(r);
        done = false;
        break;
      }
      if (s?.state?.terminated !== undefined && s.state.terminated.exitCode === 0) continue;
      if (s?.state?.running === undefined && shouldRestartContainer(pod, c.name)) candidates.push(r);
      done = false;
      break;
    }
    if (done) for (const c of spec.containers) if (shouldRestartContainer(pod, c.name)) candidates.push(ref(c.name));
  } else {
    const regular = spec.containers.filter((c) => shouldRestartContainer(pod, c.name));
    if (!regularRunning && regular.length === 0) return { needsSandbox, start: [], backOff: [], killPod: true, backOffState: backOff };
    for (const c of spec.initContainers ?? []) {
      if (c.restartPolicy === 'Always' && shouldRestartContainer(pod, c.name)) candidates.push(ref(c.name));
    }
    for (const c of regular) candidates.push(ref(c.name));
  }

  const start: PlannedStart[] = [];
  const waits: PlannedBackOff[] = [];
  let state = backOff;
  for (const r of candidates) {
    const s = findStatus(pod.status, r.name);
    const recorded = hasRecord(s);
    const created = recorded && isCreated(s);
    const finished = recorded && !created ? lastExit(s)?.finishedAt : undefined;
    if (finished !== undefined) {
      const step = stepBackOff(state, backOffKey(pod, r.spec), finished, now, policy);
      if (step.decision === 'wait') {
        const message = crashLoopBackOffMessage(pod, r.name, step.delayMs);
        waits.push({ container: r.name, kind: r.kind, delayMs: step.delayMs, remainingMs: step.remainingMs, retryAt: step.retryAt, message });
        continue;
      }
      state = step.state;
    }
    const restartCount = s?.restartCount ?? 0;
    start.push({ container: r.name, kind: r.kind, attempt: recorded && !created ? restartCount + 1 : restartCount, restart: recorded && !created });
  }
  return { needsSandbox, start, backOff: waits, killPod: false, backOffState: state };
}
