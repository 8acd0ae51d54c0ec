/**
 * Store mode of the PodController (the kubelet's API side): pods bound to the node arrive through
 * a watch with `spec.nodeName=<node>`; status is written back with `updateStatus` (a fresh read
 * each time, so a write never loses to a conflict and never overwrites spec or metadata);
 * `metadata.deletionTimestamp` starts a graceful termination; a terminated, deleted pod is
 * removed with grace 0 and a uid precondition.
 */
import type { Subscription } from 'rxjs';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import { PodkitError } from '../../errors.js';
import type { Pod, PodCondition } from '../../model/index.js';
import type { ObjectStore, WatchEvent } from '../../store/object-store.js';
import { deepEqual } from '../../store/object-utils.js';
import type { PodWorker } from './pod-worker.js';

/** Condition types the kubelet computes itself; any other condition in the API is folded in. */
const KUBELET_CONDITIONS: ReadonlySet<string> = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);

/** What the binding needs from the controller. */
export interface StoreBindingHost {
  readonly clock: Clock;
  readonly nodeName: string;
  /** The worker of a pod key, if any. */
  worker(key: string): PodWorker | undefined;
  /** Starts running a pod that appeared in the store. */
  add(pod: Pod): void;
  error(error: unknown, pod: Pod | undefined): void;
}

function keyOf(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

function sameCondition(a: PodCondition | undefined, b: PodCondition): boolean {
  return a !== undefined && a.status === b.status && a.reason === b.reason && a.message === b.message;
}

/** Conditions the kubelet's status comparison looks at: its own and the shared `DisruptionTarget` (`PodConditionByKubelet` / `PodConditionSharedByKubelet`). */
function kubeletConditions(status: Pod['status']): Map<string, PodCondition> {
  const out = new Map<string, PodCondition>();
  for (const c of status?.conditions ?? []) if (KUBELET_CONDITIONS.has(c.type) || c.type === 'DisruptionTarget') out.set(c.type, c);
  return out;
}

/**
 * Upstream `isPodStatusByKubeletEqual`: the kubelet's conditions agree in status, reason and
 * message, and everything else in the status is equal.
 */
function kubeletStatusEqual(api: Pod['status'], own: Pod['status']): boolean {
  const a = kubeletConditions(api);
  const b = kubeletConditions(own);
  if (a.size !== b.size) return false;
  for (const [type, c] of b) if (!sameCondition(a.get(type), c)) return false;
  const { conditions: _a, ...restA } = api ?? {};
  const { conditions: _b, ...restB } = own ?? {};
  return deepEqual(restA, restB);
}

/** The store side of a PodController. */
export class StoreBinding {
  readonly #store: ObjectStore;
  readonly #host: StoreBindingHost;
  readonly #dirty = new Set<PodWorker>();
  #timer: TimerHandle | undefined;
  /** Pods force-deleted from the API while still running here (no final delete to send). */
  readonly #gone = new WeakSet<PodWorker>();
  /** Pods waiting for an older pod of the same name to finish terminating. */
  readonly #next = new Map<string, Pod>();
  #sub: Subscription | undefined;

  constructor(store: ObjectStore, host: StoreBindingHost) {
    this.#store = store;
    this.#host = host;
  }

  #selector(): Readonly<Record<string, string>> {
    return { 'spec.nodeName': this.#host.nodeName };
  }

  /** The pods bound to this node now, and the resourceVersion to watch from. */
  list(): { pods: readonly Pod[]; resourceVersion: string } {
    const resourceVersion = this.#store.resourceVersion;
    return { pods: this.#store.list('Pod', { fieldSelector: this.#selector() }), resourceVersion };
  }

  /** Follows changes after `resourceVersion`. */
  watch(resourceVersion: string): void {
    this.#sub?.unsubscribe();
    this.#sub = this.#store.watch('Pod', { fieldSelector: this.#selector(), resourceVersion }).subscribe({
      next: (e) => this.#onEvent(e),
      error: (e: unknown) => this.#host.error(e, undefined),
    });
  }

  /** Stops watching and drops pending writes (flushing them first). */
  stop(): void {
    this.#sub?.unsubscribe();
    this.#sub = undefined;
    for (const w of [...this.#dirty]) this.flush(w);
    if (this.#timer !== undefined) this.#host.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #onEvent(e: WatchEvent<Pod>): void {
    const pod = e.object;
    const w = this.#host.worker(keyOf(pod));
    const same = w !== undefined && w.pod.metadata.uid === pod.metadata.uid && !w.removed;
    if (e.type === 'Deleted') {
      if (this.#next.get(keyOf(pod))?.metadata.uid === pod.metadata.uid) this.#next.delete(keyOf(pod));
      if (!same) return;
      this.#gone.add(w);
      if (w.pod.metadata.deletionTimestamp === undefined) w.dispatch({ type: 'DeletionRequested', at: this.#host.clock.now(), gracePeriodSeconds: 0 });
      w.kick();
      return;
    }
    if (!same) {
      if (w === undefined || w.removed) this.#host.add(pod);
      // A new pod with the name of one still terminating here: it starts once the old one is gone.
      else this.#next.set(keyOf(pod), pod);
      return;
    }
    const meta = w.pod.metadata;
    if (pod.metadata.generation !== meta.generation || pod.metadata.deletionTimestamp !== meta.deletionTimestamp || pod.metadata.deletionGracePeriodSeconds !== meta.deletionGracePeriodSeconds) {
      w.setApiObject(pod);
      w.kick();
    }
    for (const c of pod.status?.conditions ?? []) {
      if (KUBELET_CONDITIONS.has(c.type) || sameCondition(w.pod.status?.conditions?.find((x) => x.type === c.type), c)) continue;
      w.dispatch({ type: 'ConditionChanged', at: this.#host.clock.now(), conditionType: c.type, status: c.status, ...(c.reason === undefined ? {} : { reason: c.reason }), ...(c.message === undefined ? {} : { message: c.message }) });
    }
  }

  /**
   * The worker's status changed: written when its sync pass ends (one write per pass), or at the
   * end of the current instant if the pass takes longer.
   */
  statusChanged(w: PodWorker): void {
    if (this.#dirty.has(w)) return;
    this.#dirty.add(w);
    if (!w.busy) {
      void Promise.resolve().then(() => this.flush(w));
      return;
    }
    this.#timer ??= this.#host.clock.setTimeout(() => {
      this.#timer = undefined;
      for (const x of [...this.#dirty]) this.flush(x);
    }, 0);
  }

  /** Writes the worker's status now if it has an unwritten change. */
  flush(w: PodWorker): void {
    if (!this.#dirty.delete(w)) return;
    if (this.#gone.has(w)) return;
    const pod = w.pod;
    const { name = '', namespace = 'default', uid } = pod.metadata;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = this.#store.tryGet('Pod', name, namespace);
      if (current === undefined || current.metadata.uid !== uid || current.status === pod.status) return;
      try {
        const stored = this.#store.updateStatus({ ...current, status: pod.status ?? {} });
        w.adoptWrittenStatus(pod, stored.status);
        return;
      } catch (e) {
        if (e instanceof PodkitError && e.code === 'conflict') continue;
        if (e instanceof PodkitError && e.code === 'not_found') return;
        this.#host.error(e, pod);
        return;
      }
    }
  }

  /**
   * The status manager's periodic reconcile (`syncBatch` / `needsReconcile`): a pod whose API
   * status differs from the kubelet's in what the kubelet owns (another component wrote over it,
   * e.g. the node lifecycle controller's `Ready=False` while the node's heartbeats were lost) gets
   * the kubelet's status written again. Only what the kubelet owns is compared; the write is its
   * whole status, into which the conditions of other components were folded from the watch.
   */
  reconcile(workers: Iterable<PodWorker>): void {
    for (const w of workers) {
      if (w.removed || this.#gone.has(w) || this.#dirty.has(w)) continue;
      const { name = '', namespace = 'default', uid } = w.pod.metadata;
      const current = this.#store.tryGet('Pod', name, namespace);
      if (current === undefined || current.metadata.uid !== uid || current.status === w.pod.status) continue;
      if (kubeletStatusEqual(current.status, w.pod.status)) continue;
      this.#dirty.add(w);
      this.flush(w);
    }
  }

  /** The pod finished terminating after a deletion: write the final status, then remove it (grace 0, uid precondition). */
  finish(w: PodWorker): void {
    this.#dirty.add(w);
    this.flush(w);
    if (!this.#gone.has(w)) {
      const { name = '', namespace = 'default', uid } = w.pod.metadata;
      try {
        this.#store.delete('Pod', name, { namespace, gracePeriodSeconds: 0, preconditions: { uid } });
      } catch (e) {
        if (!(e instanceof PodkitError && (e.code === 'not_found' || e.code === 'conflict'))) this.#host.error(e, w.pod);
      }
    }
    const next = this.#next.get(w.key);
    this.#next.delete(w.key);
    if (next !== undefined) this.#host.add(next);
  }
}
