/**
 * A copy-on-write working copy of a pod for one reducer step, and the single place where the
 * phase (§A.3, with the post-processing of §A.5) and the kubelet conditions (§C) are derived.
 * Nothing is copied until something changes, so a no-op step returns the input object.
 */
import type { ContainerStatus, Pod, PodCondition, PodPhase, PodStatus } from '../model/index.js';
import { assembleConditions, generateKubeletConditions, orderConditions, withTransitionTime } from './conditions.js';
import { initialContainerStatus } from './container-state.js';
import { defaultWaitingReason, findContainer, statusIn, type ContainerRef } from './pod-containers.js';
import { derivePodPhase } from './pod-phase.js';
import { LazyTimestamp, deepFreeze } from './timestamps.js';

const isTerminal = (phase: PodPhase | undefined): boolean => phase === 'Succeeded' || phase === 'Failed';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A pod under construction: copy-on-write over `base`. */
export class PodDraft {
  readonly base: Pod;
  /** The step's time, ms since the epoch. */
  readonly at: number;
  private readonly time: LazyTimestamp;
  private status: Mutable<PodStatus> | undefined;
  private metadata: Pod['metadata'] | undefined;
  private spec: Pod['spec'] | undefined;
  private forced: { phase: PodPhase; reason: string; message: string } | undefined;
  private terminal = false;
  private derive = true;
  /** A handler changed a status field (so the status cannot equal the base's). */
  private dirty = false;

  constructor(base: Pod, at: number) {
    this.base = base;
    this.at = at;
    this.time = new LazyTimestamp(at);
  }

  /** The step's time as an RFC 3339 whole-second timestamp. */
  get now(): string {
    return this.time.now;
  }

  /** The current (possibly updated) status. */
  get current(): PodStatus {
    return this.status ?? this.base.status ?? {};
  }

  get currentSpec(): Pod['spec'] {
    return this.spec ?? this.base.spec;
  }

  private writable(): Mutable<PodStatus> {
    if (this.status === undefined) this.status = { phase: 'Pending', ...this.base.status };
    return this.status;
  }

  private changed(): Mutable<PodStatus> {
    this.dirty = true;
    return this.writable();
  }

  /** Sets a status field if it differs. */
  set<K extends keyof PodStatus>(key: K, value: PodStatus[K]): void {
    if (this.current[key] !== value) this.changed()[key] = value;
  }

  setMetadata(metadata: Pod['metadata']): void {
    this.metadata = metadata;
  }

  setSpec(spec: Pod['spec']): void {
    this.spec = spec;
  }

  /** True once the kubelet has written a status (it has a start time). */
  get admitted(): boolean {
    return this.current.startTime !== undefined;
  }

  /**
   * The kubelet's first status (§B.1, §C.5, §C.7): start time, phase Pending, a default waiting
   * status for every container, `PodReadyToStartContainers=False`, `PodScheduled=True`.
   */
  admit(hostIP?: string): void {
    if (this.admitted) return;
    const status = this.changed();
    status.startTime = this.now;
    if (hostIP !== undefined) status.hostIP = hostIP;
    const spec = this.currentSpec;
    const reason = defaultWaitingReason(spec);
    const fill = (list: readonly ContainerStatus[] | undefined, refs: readonly ContainerRef[]): ContainerStatus[] =>
      refs.map((ref) => statusIn(list, ref.name) ?? initialContainerStatus(ref, reason));
    const init = spec.initContainers ?? [];
    if (init.length > 0) {
      status.initContainerStatuses = fill(status.initContainerStatuses, init.map((c) => findContainer(spec, c.name)!));
    }
    const regular = spec.containers.map((c) => findContainer(spec, c.name)!);
    status.containerStatuses = fill(status.containerStatuses, regular).sort(byName);
    if (!this.current.conditions?.some((c) => c.type === 'PodReadyToStartContainers')) this.setCondition('PodReadyToStartContainers', 'False');
    if (!this.current.conditions?.some((c) => c.type === 'PodScheduled')) this.setCondition('PodScheduled', 'True');
  }

  /** Replaces the status of a container (no-op when `next` is the current object). */
  setContainerStatus(ref: ContainerRef, next: ContainerStatus): void {
    const key = ref.kind === 'regular' ? 'containerStatuses' : 'initContainerStatuses';
    const list = this.current[key] ?? [];
    let i = list.length - 1;
    while (i >= 0 && list[i]!.name !== ref.name) i--;
    if (i >= 0 && list[i] === next) return;
    const copy = copyOf(list);
    if (i >= 0) copy[i] = next;
    else copy.push(next);
    this.changed()[key] = copy;
  }

  /** Maps every container status (both lists), copying only when something changed. */
  mapContainerStatuses(fn: (s: ContainerStatus, init: boolean) => ContainerStatus): void {
    for (const key of ['initContainerStatuses', 'containerStatuses'] as const) {
      const list = this.current[key];
      if (list === undefined) continue;
      let copy: ContainerStatus[] | undefined;
      list.forEach((s, i) => {
        const next = fn(s, key === 'initContainerStatuses');
        if (next !== s) (copy ??= copyOf(list))[i] = next;
      });
      if (copy !== undefined) this.changed()[key] = copy;
    }
  }

  /** Sets a condition, keeping its place and its `lastTransitionTime` unless the status flips (§C.7). */
  setCondition(type: string, status: PodCondition['status'], reason?: string, message?: string): void {
    const list = this.current.conditions ?? [];
    let i = list.length - 1;
    while (i >= 0 && list[i]!.type !== type) i--;
    const generated = { type, status, ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) };
    const next = withTransitionTime(generated, list[i], this.time);
    if (i >= 0 && list[i] === next) return;
    const copy = copyOf(list);
    if (i >= 0) copy[i] = next;
    else copy.push(next);
    this.changed().conditions = copy;
  }

  /** Forces a phase with its reason and message (deadline, eviction, rejection, §A.5.3). Terminal phases stay as they are. */
  forcePhase(phase: PodPhase, reason: string, message: string): void {
    if (isTerminal(this.base.status?.phase)) return;
    this.forced = { phase, reason, message };
    this.writable();
  }

  /** Computes the phase with the kubelet's "pod will not run again" flag, forcing Failed if it is not terminal (§A.6). */
  markTerminal(): void {
    this.terminal = true;
    this.writable();
  }

  /**
   * Derives the phase and the kubelet conditions again even if no field changes (a kubelet taking
   * over an admitted pod regenerates its status); no-op before admission.
   */
  regenerate(): void {
    if (this.admitted) this.writable();
  }

  /** Skips the derivation of the phase and kubelet conditions (writes by other components). */
  skipDerivation(): void {
    this.derive = false;
  }

  /** Puts the conditions in the kubelet's order (§C) without regenerating them. */
  orderConditions(): void {
    const list = this.current.conditions;
    if (list === undefined) return;
    const ordered = orderConditions(list);
    if (ordered !== list) this.changed().conditions = [...ordered];
  }

  /**
   * The resulting pod, frozen: the base itself when nothing changed. The base must be deeply
   * frozen; only the objects this step created are frozen here (walking the whole tree each step
   * would dominate the cost of a transition).
   */
  finish(): Pod {
    const status = this.status;
    if (status === undefined && this.metadata === undefined && this.spec === undefined) return this.base;
    const base = this.base;
    let nextStatus: PodStatus | undefined = status ?? base.status;
    if (status !== undefined && this.derive && (status.startTime !== undefined || this.forced !== undefined)) {
      nextStatus = this.derived(status);
    }
    if (!this.dirty && nextStatus !== undefined && nextStatus !== base.status && base.status !== undefined && shallowEqual(nextStatus, base.status)) {
      nextStatus = base.status;
    }
    const metadata = this.metadata ?? base.metadata;
    const spec = this.spec ?? base.spec;
    if (nextStatus === base.status && metadata === base.metadata && spec === base.spec) return base;
    if (metadata !== base.metadata) deepFreeze(metadata);
    if (spec !== base.spec) deepFreeze(spec);
    if (nextStatus !== undefined && nextStatus !== base.status) freezeStatus(nextStatus, base.status);
    // A literal rather than a spread: V8 copies frozen objects slowly, and a Pod has exactly these fields.
    if (nextStatus === undefined) return Object.freeze({ apiVersion: base.apiVersion, kind: base.kind, metadata, spec });
    return Object.freeze({ apiVersion: base.apiVersion, kind: base.kind, metadata, spec, status: nextStatus });
  }

  private derived(input: Mutable<PodStatus>): PodStatus {
    let status = input;
    const spec = this.currentSpec;
    const oldPhase = this.base.status?.phase;
    let phase: PodPhase;
    if (isTerminal(oldPhase)) {
      phase = oldPhase!;
    } else if (this.forced !== undefined) {
      phase = this.forced.phase;
      status.reason = this.forced.reason;
      status.message = this.forced.message;
    } else {
      phase = derivePodPhase({ spec, status }, { terminal: this.terminal });
      if (this.terminal && !isTerminal(phase)) phase = 'Failed';
    }
    if (phase !== oldPhase && this.forced === undefined && (status.reason !== undefined || status.message !== undefined)) {
      const { reason: _reason, message: _message, ...rest } = status;
      status = rest;
    }
    status.phase = phase;
    if (status.startTime !== undefined) {
      const previous = status.conditions ?? [];
      const next = assembleConditions(previous, generateKubeletConditions({ spec, status }, phase), this.time);
      status.conditions = sameElements(next, previous) ? previous : next;
    }
    return status;
  }
}

/** Orders regular container statuses by name, as the kubelet does (`SortedContainerStatuses`). */
function byName(a: ContainerStatus, b: ContainerStatus): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A mutable copy of an array. (`Array#slice` takes a slow path on frozen arrays in V8.) */
function copyOf<T>(list: readonly T[]): T[] {
  const out = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = list[i]!;
  return out;
}

/** Freezes a new status: its new lists and their new elements (everything else comes frozen from the base). */
function freezeStatus(status: PodStatus, old: PodStatus | undefined): void {
  freezeList(status.conditions, old?.conditions);
  freezeList(status.containerStatuses, old?.containerStatuses);
  freezeList(status.initContainerStatuses, old?.initContainerStatuses);
  if (status.podIPs !== old?.podIPs) deepFreeze(status.podIPs);
  Object.freeze(status);
}

function freezeList(list: readonly object[] | undefined, old: readonly object[] | undefined): void {
  if (list === undefined || list === old || Object.isFrozen(list)) return;
  for (let i = 0; i < list.length; i++) {
    const item = list[i]!;
    if (!Object.isFrozen(item)) deepFreeze(item);
  }
  Object.freeze(list);
}

function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if ((a as Record<string, unknown>)[k] !== (b as Record<string, unknown>)[k]) return false;
  return true;
}

export { isTerminal as isTerminalPhase };
