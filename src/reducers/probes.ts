/**
 * The prober (k8s-semantics §E): Kubernetes' probe defaults and a pure state machine per container
 * and probe kind — consecutive-result thresholds, startup gating, hold after a liveness or startup
 * failure, quiet shutdown on deletion. Its published result changes become `ProbeSucceeded` /
 * `ProbeFailed` events for {@link podReducer}.
 */
import type { ContainerStatus, Probe } from '../model/index.js';
import { toMillis, type TimeInput } from '../model/time.js';
import type { ProbeFailedEvent, ProbeKind, ProbeSucceededEvent } from './pod-events.js';

/** A probe with every default applied. */
export interface ResolvedProbe {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
  /** Probe-level grace for a liveness or startup kill (§F.2), if set. */
  readonly terminationGracePeriodSeconds?: number;
}

/** Kubernetes' probe defaults (`SetDefaults_Probe`, §E): period 10 s, timeout 1 s, success 1, failure 3, initial delay 0. */
export const probeDefaults: ResolvedProbe = Object.freeze({
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});

/** Applies {@link probeDefaults} (0 or unset means the default, as the API server defaults them). */
export function resolveProbe(probe: Probe): ResolvedProbe {
  const pick = (v: number | undefined, d: number): number => (v === undefined || v === 0 ? d : v);
  return {
    initialDelaySeconds: probe.initialDelaySeconds ?? probeDefaults.initialDelaySeconds,
    periodSeconds: pick(probe.periodSeconds, probeDefaults.periodSeconds),
    timeoutSeconds: pick(probe.timeoutSeconds, probeDefaults.timeoutSeconds),
    successThreshold: pick(probe.successThreshold, probeDefaults.successThreshold),
    failureThreshold: pick(probe.failureThreshold, probeDefaults.failureThreshold),
    ...(probe.terminationGracePeriodSeconds === undefined ? {} : { terminationGracePeriodSeconds: probe.terminationGracePeriodSeconds }),
  };
}

/** A probe's published (cached) result. */
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

/** The state of one prober worker (one container, one probe kind). */
export interface ProberState {
  readonly container: string;
  readonly kind: ProbeKind;
  readonly probe: ResolvedProbe;
  /** The container instance being probed. */
  readonly containerID?: string;
  /** The published result. */
  readonly result: ProbeResult;
  /** The last raw result and how many times in a row it came. */
  readonly lastResult?: 'Success' | 'Failure';
  readonly resultRun: number;
  /** When the last probe ran (ms since the epoch). */
  readonly lastProbeAt?: number;
  /** After a liveness or startup failure: no probing until a new container instance. */
  readonly onHold: boolean;
  /** The worker stopped (startup succeeded, or the pod is being deleted). */
  readonly stopped: boolean;
}

/** The published result before the first probe (§E.1): readiness Failure, liveness Success, startup Unknown. */
export function initialProbeResult(kind: ProbeKind): ProbeResult {
  return kind === 'readiness' ? 'Failure' : kind === 'liveness' ? 'Success' : 'Unknown';
}

/** A new prober worker for a container's probe. */
export function initialProberState(container: string, kind: ProbeKind, probe: Probe, containerID?: string): ProberState {
  return Object.freeze({
    container,
    kind,
    probe: resolveProbe(probe),
    ...(containerID === undefined ? {} : { containerID }),
    result: initialProbeResult(kind),
    resultRun: 0,
    onHold: false,
    stopped: false,
  });
}

/** The outcome of one prober step. */
export interface ProberStep {
  readonly state: ProberState;
  /** True iff the published result changed. */
  readonly changed: boolean;
  /** The event to feed {@link podReducer} when the published result changed. */
  readonly event?: ProbeSucceededEvent | ProbeFailedEvent;
  /** A liveness or startup probe reached Failure: kill the container; it restarts per policy (§E.4). */
  readonly kill: boolean;
}

/**
 * One probe result (kubelet prober `worker.doProbe`, §E.3–§E.4): identical consecutive results
 * are counted, and the published result changes only when the run reaches `failureThreshold`
 * (Failure) or `successThreshold` (Success). A liveness or startup Failure asks for a kill and puts
 * the worker on hold until a new container instance; a startup Success stops the worker. A result
 * while on hold or stopped changes nothing. A timeout counts as `Failure`.
 *
 * @example
 * ```ts
 * import { initialProberState, proberReducer } from 'podkit';
 * let s = initialProberState('web', 'liveness', { httpGet: { port: 80 } }, 'fake://1');
 * for (const t of [10, 20, 30]) ({ state: s } = proberReducer(s, 'Failure', t * 1000)); // 3rd: kill
 * ```
 */
export function proberReducer(state: ProberState, result: 'Success' | 'Failure', now: TimeInput): ProberStep {
  const at = toMillis(now);
  if (state.onHold || state.stopped) return { state, changed: false, kill: false };
  const resultRun = state.lastResult === result ? state.resultRun + 1 : 1;
  const threshold = result === 'Failure' ? state.probe.failureThreshold : state.probe.successThreshold;
  const published = resultRun >= threshold ? result : state.result;
  const changed = published !== state.result;
  const kill = published === 'Failure' && resultRun >= threshold && (state.kind === 'liveness' || state.kind === 'startup');
  const next = nextState(state, published, result, kill ? 0 : resultRun, at, kill, state.kind === 'startup' && published === 'Success');
  if (!changed) return { state: next, changed, kill };
  const base = { at, container: state.container, probe: state.kind };
  const event: ProbeSucceededEvent | ProbeFailedEvent = published === 'Success' ? { type: 'ProbeSucceeded', ...base } : { type: 'ProbeFailed', ...base };
  return { state: next, changed, event, kill };
}

/**
 * The state after a probe, built field by field (the order a spread of `state` gives, one object
 * shape for every worker): this runs once per probe.
 */
function nextState(state: ProberState, published: ProbeResult, lastResult: 'Success' | 'Failure', resultRun: number, lastProbeAt: number, onHold: boolean, stopped: boolean): ProberState {
  const { container, kind, probe, containerID } = state;
  return Object.freeze(
    containerID === undefined
      ? { container, kind, probe, result: published, resultRun, onHold, stopped, lastResult, lastProbeAt }
      : { container, kind, probe, containerID, result: published, resultRun, onHold, stopped, lastResult, lastProbeAt },
  );
}

/**
 * A new container instance appeared (the worker's container ID changed, §E.4): counters reset, the
 * hold lifts, the published result goes back to its initial value. Same object for the same ID.
 */
export function proberContainerChanged(state: ProberState, containerID: string): ProberState {
  if (state.containerID === containerID) return state;
  const { lastResult: _l, lastProbeAt: _p, ...rest } = state;
  return Object.freeze({ ...rest, containerID, result: initialProbeResult(state.kind), resultRun: 0, onHold: false, stopped: false });
}

/**
 * The pod is being deleted (§E.5): liveness and startup publish Success and stop, so shutdown is
 * quiet (the returned event marks a startup probe as succeeded); readiness keeps running.
 */
export function proberPodDeleting(state: ProberState, now: TimeInput): ProberStep {
  if (state.kind === 'readiness' || state.stopped) return { state, changed: false, kill: false };
  const changed = state.result !== 'Success';
  const next = Object.freeze({ ...state, result: 'Success' as const, stopped: true });
  if (!changed) return { state: next, changed, kill: false };
  return { state: next, changed, kill: false, event: { type: 'ProbeSucceeded', at: toMillis(now), container: state.container, probe: state.kind } };
}

/**
 * When the worker probes next (ms since the epoch): `initialDelaySeconds` after the container
 * started, then every `periodSeconds` after the last probe. Undefined while on hold or stopped.
 * (The kubelet's first-probe jitter is not modelled.)
 */
export function nextProbeTime(state: ProberState, startedAt: TimeInput): number | undefined {
  if (state.onHold || state.stopped) return undefined;
  const first = toMillis(startedAt) + state.probe.initialDelaySeconds * 1000;
  if (state.lastProbeAt === undefined) return first;
  return Math.max(first, state.lastProbeAt + state.probe.periodSeconds * 1000);
}

/**
 * Whether the worker should probe `status` at `now` (§E.2): the container runs (the instance the
 * worker knows), its initial delay passed, it is not on hold or stopped, and — for liveness and
 * readiness — the container is `started` (the startup probe succeeded); a startup probe stops once
 * started.
 */
export function isProbeDue(state: ProberState, status: ContainerStatus | undefined, now: TimeInput): boolean {
  const startedAt = status?.state?.running?.startedAt;
  if (status === undefined || startedAt === undefined) return false;
  if (state.containerID !== undefined && status.containerID !== state.containerID) return false;
  if ((state.kind === 'startup') === (status.started === true)) return false;
  const due = nextProbeTime(state, startedAt);
  return due !== undefined && toMillis(now) >= due;
}

const KIND_TEXT: Record<ProbeKind, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

/**
 * The kubelet's event messages for a failed probe: `Unhealthy` (`Liveness probe failed: <output>`)
 * and, for a liveness or startup kill, `Killing` (`Container web failed liveness probe, will be
 * restarted`).
 */
export function probeFailureMessages(kind: ProbeKind, container: string, output: string): { readonly unhealthy: string; readonly killing?: string } {
  const unhealthy = `${KIND_TEXT[kind]} probe failed: ${output}`;
  if (kind === 'readiness') return { unhealthy };
  return { unhealthy, killing: `Container ${container} failed ${kind} probe, will be restarted` };
}
