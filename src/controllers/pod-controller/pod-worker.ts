/**
 * One pod's worker (the kubelet's pod worker): a serialized, level-based sync loop. Runtime
 * events, probe results, timers and API changes only mark it dirty; each pass observes the
 * containers that changed, then decides with the pure planners (`planContainerStarts`,
 * `planTermination`) and executes against the runtime. Every status change goes through
 * `podReducer`. No two runtime operations of one pod overlap; pods never wait for each other.
 */
import type { TimerHandle } from '../../clock/clock.js';
import type { ContainerStatus, Pod } from '../../model/index.js';
import { emptyBackOffState, type BackOffState } from '../../reducers/public.js';
import type { PodEvent } from '../../reducers/public.js';
import { podReducer } from '../../reducers/public.js';
import { probeFailureMessages } from '../../reducers/probes.js';
import { planContainerStarts } from '../../reducers/public.js';
import { activeDeadlineAt, DEADLINE_EXCEEDED_MESSAGE } from '../../reducers/termination.js';
import type { Labels, RuntimeContainerStatus } from '../../runtime/container-runtime.js';
import { sandboxLabels } from './labels.js';
import { isRuntimeError } from '../../runtime/runtime-error.js';
import { deepEqual } from '../../store/object-utils.js';
import type { ActionTarget } from './actions.js';
import { ensureSandbox, startContainer } from './container-starter.js';
import { applyRuntimeStatus, containerLost } from './observe.js';
import { EventMessages } from './events.js';
import { killContainer, terminatePod } from './pod-terminator.js';
import { podHasProbes, proberHostFor, ProberLoop } from './prober-loop.js';
import type { WorkerHost } from './worker-host.js';

/** The runtime container currently standing for a spec container. */
export interface Instance {
  readonly id: string;
  readonly attempt: number;
  /** False while created but not (successfully) started. */
  started: boolean;
}

/** A kill requested by a probe. */
interface KillRequest {
  readonly id: string;
  readonly kind: 'liveness' | 'startup';
}

/** The `adopted` of a worker that adopted nothing: one shared resolved promise, not one per pod. */
const ADOPTED: Promise<void> = Promise.resolve();

/** The longest pause between retries of a sync that failed (the kubelet's pod worker back-off). */
const MAX_ERROR_RETRY_MS = 10_000;

/** The status of a container by name (init then regular). */
export function containerStatusOf(pod: Pod, name: string): ContainerStatus | undefined {
  return pod.status?.initContainerStatuses?.find((s) => s.name === name) ?? pod.status?.containerStatuses?.find((s) => s.name === name);
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** One pod's worker. Internal to the PodController. */
export class PodWorker {
  pod: Pod;
  readonly host: WorkerHost;
  sandboxId: string | undefined;
  sandboxAttempt = -1;
  /** The sandbox before the current one (kept for `logs --previous`), if any. */
  oldSandboxId: string | undefined;
  readonly instances = new Map<string, Instance>();
  /** The previous (dead) instance per container: at most one is kept. */
  previous: Map<string, string> | undefined;
  backOff: BackOffState = emptyBackOffState;
  pullBackOff: BackOffState = emptyBackOffState;
  prober: ProberLoop | undefined;
  /** Termination finished (`PodTerminated` folded in). */
  terminated = false;
  /** The pod was deleted and its runtime objects removed. */
  removed = false;
  /** The controller stopped: no more work, runtime objects are left alone. */
  paused = false;
  deleteWaiters: ((pod: Pod) => void)[] | undefined;
  /** The container this worker is starting right now (its own start event is no news). */
  starting: string | undefined;
  /** Resolves once the worker has taken over the pod's runtime objects (after a restart). */
  adopted: Promise<void> = ADOPTED;
  #changed: Set<string> | undefined;
  #kills: Map<string, KillRequest> | undefined;
  #busy = false;
  #dirty = false;
  #timer: { handle: TimerHandle; at: number } | undefined;
  #errors = 0;
  #admitted = false;
  #onPause: Set<() => void> | undefined;

  constructor(host: WorkerHost, pod: Pod) {
    this.host = host;
    this.pod = pod;
    this.key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
    if (podHasProbes(pod)) this.prober = new ProberLoop(proberHostFor(this));
  }

  /** True while a sync pass runs. */
  get busy(): boolean {
    return this.#busy;
  }

  /** `namespace/name`. */
  readonly key: string;
  #labels: Labels | undefined;

  /** The identity labels of this pod's sandboxes (and, with the container name, its containers). */
  get labels(): Labels {
    const m = this.pod.metadata;
    return (this.#labels ??= sandboxLabels(this.host.nodeName, m.uid ?? '', m.namespace ?? 'default', m.name ?? ''));
  }

  /** The containerID of the API (`fake://container-3`) for a runtime id. */
  containerID(id: string): string {
    return `${this.host.runtime.name}://${id}`;
  }

  /** Folds an event into the pod; true if the pod changed. */
  dispatch(event: PodEvent): boolean {
    const previous = this.pod;
    const next = podReducer(previous, event);
    if (next === previous) return false;
    this.pod = next;
    this.host.podChanged(this, previous);
    return true;
  }

  /** Replaces metadata and spec from the API (store mode); status stays the reducer's. */
  setApiObject(pod: Pod): void {
    const previous = this.pod;
    const status = previous.status ?? pod.status;
    const { apiVersion, kind, metadata, spec } = pod;
    this.pod = status === undefined ? { apiVersion, kind, metadata, spec } : { apiVersion, kind, metadata, spec, status };
    this.host.podChanged(this, previous);
  }

  /**
   * Takes the API's copy of the status just written (store mode) when it equals the worker's
   * (`written` is the pod the write was made from): the worker then shares the store's objects
   * instead of keeping a second copy of every status, and the next write reuses the unchanged
   * parts. No change is reported (the content is the same).
   */
  adoptWrittenStatus(written: Pod, status: Pod['status']): void {
    const own = this.pod.status;
    if (this.pod !== written || status === undefined || status === own || !deepEqual(status, own)) return;
    this.pod = { ...this.pod, status };
  }

  /** Asks for a sync pass (coalesced with one in progress). */
  kick(): void {
    if (this.paused || this.removed) return;
    this.#dirty = true;
    if (!this.#busy) void this.#loop();
  }

  /** A probe asks to kill `name`'s instance `containerID` (`fake://...`): done on the next pass (§E.4). */
  requestKill(name: string, kind: 'liveness' | 'startup', containerID: string): void {
    (this.#kills ??= new Map()).set(name, { id: containerID.slice(containerID.indexOf('://') + 3), kind });
    this.kick();
  }

  /** The runtime reported that container `id` started: news only if this worker is not starting it itself. */
  containerStartedEvent(id: string): void {
    if (id !== this.starting) this.containerChanged(id);
  }

  /** The runtime reported something about container `id`: observe it on the next pass. */
  containerChanged(id: string, kick = true): void {
    (this.#changed ??= new Set()).add(id);
    if (kick) this.kick();
  }

  /** The runtime reported that sandbox `id` died. */
  sandboxDied(id: string): void {
    if (id !== this.sandboxId || this.terminated) return;
    this.dispatch({ type: 'SandboxDied', at: this.host.clock.now() });
    for (const inst of this.instances.values()) this.containerChanged(inst.id, false);
    this.kick();
  }

  /** Makes sure a pass runs at `at` (ms) or earlier. */
  wake(at: number): void {
    if (this.paused || this.removed) return;
    const t = this.#timer;
    if (t !== undefined && t.at <= at) return;
    const clock = this.host.clock;
    if (t !== undefined) clock.clearTimeout(t.handle);
    const handle = clock.setTimeout(() => {
      this.#timer = undefined;
      this.kick();
    }, Math.max(0, at - clock.now()));
    this.#timer = { handle, at };
  }

  /**
   * Stops timers and probes (the controller stopped or forgot the pod). A pass in flight stops at
   * its next step: runtime calls already made finish in the runtime, nothing more is asked of it
   * (the kubelet's work is handed over to the next one to start on the runtime).
   */
  pause(): void {
    this.paused = true;
    if (this.#timer !== undefined) this.host.clock.clearTimeout(this.#timer.handle);
    this.#timer = undefined;
    this.prober?.close();
    const hooks = this.#onPause;
    this.#onPause = undefined;
    for (const hook of hooks ?? []) hook();
  }

  /** Runs `hook` when the worker is paused (cancels a timer of a pass in flight); returns its removal. */
  onPause(hook: () => void): () => void {
    if (this.paused) {
      hook();
      return () => undefined;
    }
    (this.#onPause ??= new Set()).add(hook);
    return () => this.#onPause?.delete(hook);
  }

  /** The spec container name of runtime container `id` (current instances only). */
  nameOf(id: string): string | undefined {
    for (const [name, inst] of this.instances) if (inst.id === id) return name;
    return undefined;
  }

  /** Where probes and hooks of `name`'s current instance run. */
  target(name: string): ActionTarget | undefined {
    const inst = this.instances.get(name);
    const spec = this.pod.spec;
    const container = spec.containers.find((c) => c.name === name) ?? spec.initContainers?.find((c) => c.name === name);
    if (inst === undefined || container === undefined || this.sandboxId === undefined) return undefined;
    return { runtime: this.host.runtime, clock: this.host.clock, sandboxId: this.sandboxId, containerId: inst.id, container, podIP: this.pod.status?.podIP };
  }

  /** Observes every container marked changed: reads its runtime status and folds the facts in. */
  async observe(): Promise<void> {
    const changed = this.#changed;
    if (changed === undefined || changed.size === 0 || this.paused) return;
    this.#changed = undefined;
    const ids = [...changed];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const name = this.nameOf(id);
      if (name === undefined) continue;
      let st: RuntimeContainerStatus;
      try {
        st = await this.host.runtime.containerStatus(id);
      } catch (e) {
        if (isRuntimeError(e, 'not_found')) {
          containerLost(this, name, id);
          continue;
        }
        for (const rest of ids.slice(i)) this.containerChanged(rest, false);
        throw e;
      }
      applyRuntimeStatus(this, name, st);
    }
  }

  async #loop(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#dirty && !this.paused && !this.removed) {
        this.#dirty = false;
        try {
          await this.#sync();
          this.#errors = 0;
        } catch (e) {
          this.#errors++;
          this.wake(this.host.clock.now() + Math.min(MAX_ERROR_RETRY_MS, 1000 * 2 ** (this.#errors - 1)));
          if (!isRuntimeError(e)) this.host.error(e, this);
        }
      }
    } finally {
      this.#busy = false;
      this.host.idle(this);
    }
  }

  /** One pass of the level-based sync. */
  async #sync(): Promise<void> {
    const { clock, events } = this.host;
    if (!this.#admitted) {
      this.#admitted = true;
      this.dispatch({ type: 'Admitted', at: clock.now(), hostIP: this.host.hostIP });
    }
    await this.observe();
    if (this.removed || this.paused) return;
    if (this.terminated) {
      if (this.pod.metadata.deletionTimestamp !== undefined) await terminatePod(this);
      return;
    }
    await this.#runKills();
    if (this.paused) return;
    const now = clock.now();
    if (this.pod.metadata.deletionTimestamp === undefined && !isTerminal(this.pod)) {
      const deadline = activeDeadlineAt(this.pod);
      if (deadline !== undefined && now >= deadline) {
        this.dispatch({ type: 'DeadlineExceeded', at: now });
        events.warning(this.pod, 'DeadlineExceeded', DEADLINE_EXCEEDED_MESSAGE);
      } else if (deadline !== undefined) this.wake(deadline);
    }
    if (this.pod.metadata.deletionTimestamp !== undefined || isTerminal(this.pod)) {
      await terminatePod(this);
      return;
    }
    const plan = planContainerStarts(this.pod, this.backOff, now);
    if (plan.needsSandbox && !plan.killPod) await ensureSandbox(this);
    if (this.paused) return;
    if (plan.killPod) {
      await terminatePod(this);
      return;
    }
    this.backOff = plan.backOffState;
    for (const b of plan.backOff) {
      if (this.dispatch({ type: 'BackOffStarted', at: now, container: b.container, delaySeconds: b.delayMs / 1000 })) {
        events.warning(this.pod, 'BackOff', EventMessages.restartBackOff(b.container, this.pod), b.container);
      }
      this.wake(b.retryAt);
    }
    for (const s of plan.start) {
      if (this.pod.metadata.deletionTimestamp !== undefined || this.paused || (this.#kills?.size ?? 0) > 0) break;
      const started = await startContainer(this, s);
      // The plan holds one init container or sidecar at a time: look for the next one.
      if (started && s.kind !== 'regular') this.#dirty = true;
      if (!started && s.kind !== 'regular') break;
    }
  }

  /** Kills the containers whose liveness or startup probe failed (§E.4). */
  async #runKills(): Promise<void> {
    const kills = this.#kills;
    if (kills === undefined) return;
    for (const [name, k] of [...kills]) {
      kills.delete(name);
      const inst = this.instances.get(name);
      if (inst?.id !== k.id || containerStatusOf(this.pod, name)?.state?.running === undefined) continue;
      const message = probeFailureMessages(k.kind, name, '').killing ?? '';
      await killContainer(this, name, inst.id, k.kind, message);
    }
  }
}
