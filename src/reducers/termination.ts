/**
 * Graceful termination as data (k8s-semantics §F): the deletion grace period, the kill grace
 * period of a container, and the order in which containers get their stop signal — regular
 * containers first, then sidecars in reverse spec order — with the SIGKILL deadline.
 */
import type { Pod } from '../model/index.js';
import { isPodTerminal } from '../model/pod-utils.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { findContainer, statusIn, type ContainerKind } from './pod-containers.js';

/** `spec.terminationGracePeriodSeconds` when unset (§M.1). */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** The kubelet never gives a stop signal less than this many seconds before SIGKILL (`minimumGracePeriodInSeconds`, §F.2). */
export const MINIMUM_GRACE_PERIOD_SECONDS = 2;
/** The status message of a pod past its `activeDeadlineSeconds` (§A.5). */
export const DEADLINE_EXCEEDED_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/**
 * The grace period the API server applies to `DELETE pod` (§F.1): the request's override, else
 * `spec.terminationGracePeriodSeconds` (default 30); 0 for an unscheduled or already terminal pod;
 * a negative value becomes 1.
 *
 * @example
 * ```ts
 * import { deletionGracePeriodSeconds } from 'podkit/planners';
 * deletionGracePeriodSeconds(pod); // 30
 * deletionGracePeriodSeconds(pod, 5); // 5
 * ```
 */
export function deletionGracePeriodSeconds(pod: Pod, override?: number): number {
  const grace = override ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (pod.spec.nodeName === undefined || pod.spec.nodeName === '' || isPodTerminal(pod)) return 0;
  return grace < 0 ? 1 : grace;
}

/** Why the kubelet kills a container. */
export type KillCause = 'deletion' | 'liveness' | 'startup';

/**
 * The grace period the kubelet gives a container it kills (§F.2): the pod's
 * `deletionGracePeriodSeconds`, else — for a liveness or startup kill — the probe's own
 * `terminationGracePeriodSeconds`, else `spec.terminationGracePeriodSeconds` (default 30).
 */
export function killGracePeriodSeconds(pod: Pod, containerName: string, cause: KillCause = 'deletion'): number {
  if (pod.metadata.deletionGracePeriodSeconds !== undefined) return pod.metadata.deletionGracePeriodSeconds;
  const spec = findContainer(pod.spec, containerName)?.spec;
  const probe = cause === 'liveness' ? spec?.livenessProbe : cause === 'startup' ? spec?.startupProbe : undefined;
  return probe?.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
}

/** How one running container is stopped. */
export interface TerminationStep {
  readonly container: string;
  readonly kind: ContainerKind;
  /** Run the preStop hook first, from the start of termination (only when grace > 0). */
  readonly preStop: boolean;
  /** The signal sent first: the container's `lifecycle.stopSignal`, else `SIGTERM`. */
  readonly stopSignal: string;
  /** Containers that must have exited before the stop signal (sidecar ordering); ignored once the deadline passed. */
  readonly waitFor: readonly string[];
}

/** The deletion timeline of a pod (§F.2–§F.3). */
export interface TerminationPlan {
  readonly gracePeriodSeconds: number;
  /** When termination started (ms since the epoch). */
  readonly startedAt: number;
  /** `startedAt + grace`: the end of preStop hooks and the SIGKILL time of a container signalled right away. */
  readonly deadline: number;
  /** Running containers: regular (and init) containers in spec order, then sidecars in reverse spec order. */
  readonly steps: readonly TerminationStep[];
}

/** Options of {@link planTermination}. */
export interface PlanTerminationOptions {
  /** Overrides the kill grace period (otherwise {@link killGracePeriodSeconds} for a deletion). */
  readonly gracePeriodSeconds?: number;
}

/**
 * The termination plan of a pod's running containers, starting at `at` (§F): preStop hooks
 * (grace > 0) start at once for every container, sidecars included; regular containers get their
 * stop signal when their hook returns; a sidecar gets it only after every regular container and
 * every later sidecar exited (reverse order) or the grace ran out; each container is SIGKILLed at
 * {@link sigkillAt}. Containers that are not running need no step. It executes nothing.
 *
 * @example
 * ```ts
 * import { planTermination } from 'podkit';
 * const plan = planTermination(pod, '2024-05-01T10:00:00Z');
 * plan.steps.map((s) => s.container); // ['web', 'log-shipper', 'proxy'] (sidecars reversed)
 * ```
 */
export function planTermination(pod: Pod, at: TimeInput, options: PlanTerminationOptions = {}): TerminationPlan {
  const grace = Math.max(0, options.gracePeriodSeconds ?? killGracePeriodSeconds(pod, '', 'deletion'));
  const startedAt = toMillis(at);
  const isRunning = (name: string, init: boolean): boolean =>
    statusIn(init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses, name)?.state?.running !== undefined;
  const step = (name: string, kind: ContainerKind, waitFor: readonly string[]): TerminationStep => {
    const spec = findContainer(pod.spec, name)?.spec;
    return {
      container: name,
      kind,
      preStop: grace > 0 && spec?.lifecycle?.preStop !== undefined,
      stopSignal: spec?.lifecycle?.stopSignal ?? 'SIGTERM',
      waitFor,
    };
  };
  const first: TerminationStep[] = [];
  const sidecars: string[] = [];
  for (const c of pod.spec.initContainers ?? []) {
    if (!isRunning(c.name, true)) continue;
    if (c.restartPolicy === 'Always') sidecars.push(c.name);
    else first.push(step(c.name, 'init', []));
  }
  for (const c of pod.spec.containers) if (isRunning(c.name, false)) first.push(step(c.name, 'regular', []));
  const nonSidecars = first.map((s) => s.container);
  const steps = [...first];
  for (let i = sidecars.length - 1; i >= 0; i--) steps.push(step(sidecars[i]!, 'sidecar', [...nonSidecars, ...sidecars.slice(i + 1)]));
  return { gracePeriodSeconds: grace, startedAt, deadline: startedAt + grace * 1000, steps };
}

/**
 * The containers of `plan` whose stop signal is due at `now`, given those that already exited:
 * every step whose `waitFor` containers all exited, or every step once the deadline passed.
 * Containers already exited are left out; the caller skips the ones it already signalled.
 */
export function containersToSignal(plan: TerminationPlan, exited: Iterable<string>, now: TimeInput): string[] {
  const gone = new Set(exited);
  const late = toMillis(now) >= plan.deadline;
  return plan.steps.filter((s) => !gone.has(s.container) && (late || s.waitFor.every((w) => gone.has(w)))).map((s) => s.container);
}

/**
 * When a container that got its stop signal at `signalSentAt` is SIGKILLed (§F.2): at the plan's
 * deadline, but never less than 2 s after the signal.
 */
export function sigkillAt(plan: TerminationPlan, signalSentAt: TimeInput): number {
  return Math.max(plan.deadline, toMillis(signalSentAt) + MINIMUM_GRACE_PERIOD_SECONDS * 1000);
}

/** When the pod's `activeDeadlineSeconds` runs out (ms since the epoch), or undefined without a deadline or start time. */
export function activeDeadlineAt(pod: Pod): number | undefined {
  const seconds = pod.spec.activeDeadlineSeconds;
  const start = pod.status?.startTime;
  if (seconds === undefined || start === undefined) return undefined;
  return toMillis(start) + seconds * 1000;
}

/** True iff the pod ran on the node at least `activeDeadlineSeconds` (kubelet `activeDeadlineHandler`, §A.5). */
export function isActiveDeadlineExceeded(pod: Pod, now: TimeInput): boolean {
  const at = activeDeadlineAt(pod);
  return at !== undefined && toMillis(now) >= at;
}
