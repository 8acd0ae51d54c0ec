/**
 * The probe workers of one pod (the kubelet's prober manager): one timer per container and probe
 * kind, driven by the Clock, folding each result through the pure {@link proberReducer}. Only pods
 * with probes get one, so a pod without probes costs no timer.
 */
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { Container, ContainerStatus, Pod, Probe } from '../../model/index.js';
import type { PodEvent, ProbeKind } from '../../reducers/public.js';
import {
  initialProberState,
  isProbeDue,
  nextProbeTime,
  proberContainerChanged,
  proberPodDeleting,
  probeFailureMessages,
  proberReducer,
  type ProberState,
} from '../../reducers/probes.js';
import { runProbeAction, type ActionResult, type ActionTarget } from './actions.js';

/** What the prober needs from its pod worker. */
export interface ProberHost {
  readonly clock: Clock;
  /** The pod as it is now. */
  pod(): Pod;
  /** Where to run a probe of the container's current instance, if it has one. */
  target(container: string): ActionTarget | undefined;
  /** Folds a published result change into the pod. */
  dispatch(event: PodEvent): void;
  /** A probe failed (every failure, as the kubelet records `Unhealthy` each time). */
  unhealthy(container: string, kind: ProbeKind, output: string): void;
  /** A liveness or startup probe reached its failure threshold: kill the container. */
  kill(container: string, kind: 'liveness' | 'startup', containerID: string): void;
}

interface ProbeWorker {
  state: ProberState;
  readonly probe: Probe;
  startedAt: number;
  timer: TimerHandle | undefined;
  running: boolean;
  /** The worker's timer callback, made once. */
  fire?: () => void;
}

const KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];

function probeOf(c: Container, kind: ProbeKind): Probe | undefined {
  return kind === 'startup' ? c.startupProbe : kind === 'liveness' ? c.livenessProbe : c.readinessProbe;
}

function statusOf(pod: Pod, name: string): ContainerStatus | undefined {
  return statusNamed(pod.status?.containerStatuses, name) ?? statusNamed(pod.status?.initContainerStatuses, name);
}

/** A plain loop: this runs once per probe. */
function statusNamed(list: readonly ContainerStatus[] | undefined, name: string): ContainerStatus | undefined {
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) if ((list[i] as ContainerStatus).name === name) return list[i];
  return undefined;
}

/** True if any container of the pod (sidecars and regular containers) has a probe. */
export function podHasProbes(pod: Pod): boolean {
  const all = [...(pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...pod.spec.containers];
  return all.some((c) => c.startupProbe !== undefined || c.livenessProbe !== undefined || c.readinessProbe !== undefined);
}

/** The pod worker as the prober sees it. */
interface ProbedPod {
  readonly host: { readonly clock: Clock; readonly events: { warning(pod: Pod, reason: string, message: string, container?: string): unknown } };
  readonly pod: Pod;
  target(name: string): ActionTarget | undefined;
  dispatch(event: PodEvent): boolean;
  kick(): void;
  requestKill(name: string, kind: 'liveness' | 'startup', containerID: string): void;
}

/** The {@link ProberHost} of a pod worker: results fold into its pod, failures become `Unhealthy` events. */
export function proberHostFor(w: ProbedPod): ProberHost {
  return {
    clock: w.host.clock,
    pod: () => w.pod,
    target: (name) => w.target(name),
    dispatch: (event) => {
      if (w.dispatch(event)) w.kick();
    },
    unhealthy: (name, kind, output) => w.host.events.warning(w.pod, 'Unhealthy', probeFailureMessages(kind, name, output).unhealthy, name),
    kill: (name, kind, containerID) => w.requestKill(name, kind, containerID),
  };
}

/** The probe workers of one pod. */
export class ProberLoop {
  readonly #host: ProberHost;
  readonly #workers = new Map<string, ProbeWorker>();
  #closed = false;

  constructor(host: ProberHost) {
    this.#host = host;
  }

  #container(name: string): Container | undefined {
    const spec = this.#host.pod().spec;
    return spec.containers.find((c) => c.name === name) ?? spec.initContainers?.find((c) => c.name === name && c.restartPolicy === 'Always');
  }

  /** A new instance of `name` is running (started at `startedAt`, ms): its workers reset and start. */
  containerStarted(name: string, containerID: string, startedAt: number): void {
    if (this.#closed) return;
    const c = this.#container(name);
    if (c === undefined) return;
    for (const kind of KINDS) {
      const probe = probeOf(c, kind);
      if (probe === undefined) continue;
      const key = `${name}/${kind}`;
      const w = this.#workers.get(key);
      if (w === undefined) {
        this.#workers.set(key, { state: initialProberState(name, kind, probe, containerID), probe, startedAt, timer: undefined, running: false });
      } else {
        w.state = proberContainerChanged(w.state, containerID);
        w.startedAt = startedAt;
      }
      this.#schedule(key);
    }
  }

  /** The container's instance stopped: its workers wait for the next instance. */
  containerStopped(name: string): void {
    for (const kind of KINDS) this.#cancel(`${name}/${kind}`);
  }

  /** The startup probe of `name` succeeded: liveness and readiness start. */
  startupSucceeded(name: string): void {
    this.#schedule(`${name}/liveness`);
    this.#schedule(`${name}/readiness`);
  }

  /** The pod is being deleted (§E.5): liveness and startup stop quietly; readiness goes on. */
  podDeleting(): void {
    const now = this.#host.clock.now();
    for (const [key, w] of this.#workers) {
      const step = proberPodDeleting(w.state, now);
      w.state = step.state;
      if (step.state.stopped) this.#cancel(key);
      if (step.event !== undefined) this.#host.dispatch(step.event);
    }
  }

  /** Stops every worker. */
  close(): void {
    this.#closed = true;
    for (const key of this.#workers.keys()) this.#cancel(key);
  }

  #cancel(key: string): void {
    const w = this.#workers.get(key);
    if (w?.timer !== undefined) {
      this.#host.clock.clearTimeout(w.timer);
      w.timer = undefined;
    }
  }

  #schedule(key: string): void {
    const w = this.#workers.get(key);
    if (w === undefined || this.#closed || w.running) return;
    this.#cancel(key);
    const at = nextProbeTime(w.state, w.startedAt);
    if (at === undefined) return;
    const clock = this.#host.clock;
    w.timer = clock.setTimeout((w.fire ??= () => {
      w.timer = undefined;
      this.#fire(key, w);
    }), Math.max(0, at - clock.now()));
  }

  #fire(key: string, w: ProbeWorker): void {
    const host = this.#host;
    const now = host.clock.now();
    const name = w.state.container;
    const status = statusOf(host.pod(), name);
    if (!isProbeDue(w.state, status, now)) {
      // Not running (wait for the next instance) or not started yet (startupSucceeded reschedules).
      if (status?.state?.running !== undefined && status.containerID === w.state.containerID && (w.state.kind === 'startup') !== (status.started === true)) this.#schedule(key);
      return;
    }
    const target = host.target(name);
    if (target === undefined) return;
    const containerID = w.state.containerID;
    w.running = true;
    // runProbeAction never rejects: a failed call is a failed probe.
    void runProbeAction(target, w.probe, w.state.probe.timeoutSeconds * 1000).then((result) => this.#probed(key, w, containerID, now, result));
  }

  /** Folds the result of the probe started at `now` into the worker, then schedules the next one. */
  #probed(key: string, w: ProbeWorker, containerID: string | undefined, now: number, result: ActionResult): void {
    w.running = false;
    if (this.#closed || w.state.containerID !== containerID) return;
    const host = this.#host;
    const name = w.state.container;
    const step = proberReducer(w.state, result.ok ? 'Success' : 'Failure', now);
    w.state = step.state;
    if (!result.ok && !w.state.stopped) host.unhealthy(name, w.state.kind, result.output);
    if (step.event !== undefined) host.dispatch(step.event);
    if (step.kill && containerID !== undefined) host.kill(name, w.state.kind as 'liveness' | 'startup', containerID);
    if (w.state.kind === 'startup' && w.state.stopped) this.startupSucceeded(name);
    this.#schedule(key);
  }
}
