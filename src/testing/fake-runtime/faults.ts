import { PodkitError } from '../../errors.js';
import type { FakeFault, FakeFaultSpec, FaultHandle } from './types.js';

/** What a fault is matched against. */
export interface FaultTarget {
  /** Normalised image reference. */
  readonly image?: string;
  readonly pod?: { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly container?: string;
}

interface Entry {
  readonly spec: FakeFaultSpec;
  readonly image: string | undefined;
  remaining: number;
  triggered: number;
}

const TYPES = new Set(['pullFailure', 'createFailure', 'sandboxFailure', 'startFailure', 'slowStart', 'exit', 'signal', 'oom', 'sandboxDeath', 'probe']);

/** The injected faults of a FakeRuntime, matched by image, pod and container. */
export class FaultTable {
  #entries: Entry[] = [];

  constructor(private readonly normalize: (ref: string) => string) {}

  add(spec: FakeFaultSpec): FaultHandle {
    if (!TYPES.has(spec.fault.type)) {
      throw new PodkitError('invalid_argument', `FakeRuntime.inject: unknown fault type ${JSON.stringify(spec.fault.type)}; expected one of ${[...TYPES].join(', ')}.`, { details: { field: 'fault.type' } });
    }
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) {
      throw new PodkitError('invalid_argument', `FakeRuntime.inject: times must be a positive integer, received ${spec.times}.`, { details: { field: 'times' } });
    }
    const entry: Entry = {
      spec,
      image: spec.image === undefined ? undefined : this.normalize(spec.image),
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
      triggered: 0,
    };
    this.#entries.push(entry);
    return {
      get triggered() {
        return entry.triggered;
      },
      remove: () => {
        entry.remaining = 0;
        this.#entries = this.#entries.filter((e) => e !== entry);
      },
    };
  }

  clear(): void {
    for (const e of this.#entries) e.remaining = 0;
    this.#entries = [];
  }

  get size(): number {
    return this.#entries.length;
  }

  #matches(e: Entry, target: FaultTarget): boolean {
    const { pod, container } = e.spec;
    if (e.image !== undefined && e.image !== target.image) return false;
    if (container !== undefined && container !== target.container) return false;
    if (pod !== undefined) {
      const p = target.pod;
      if (p === undefined || (pod !== p.name && pod !== p.uid && pod !== `${p.namespace}/${p.name}`)) return false;
    }
    return true;
  }

  /** Every matching fault of the given types (each counted as triggered once), oldest first. */
  takeAll<T extends FakeFault['type']>(types: readonly T[], target: FaultTarget, accept?: (f: Extract<FakeFault, { type: T }>) => boolean): Extract<FakeFault, { type: T }>[] {
    if (this.#entries.length === 0) return [];
    const out: Extract<FakeFault, { type: T }>[] = [];
    for (const e of this.#entries) {
      const f = e.spec.fault as Extract<FakeFault, { type: T }>;
      if (e.remaining <= 0 || !types.includes(f.type as T) || !this.#matches(e, target)) continue;
      if (accept !== undefined && !accept(f)) continue;
      e.remaining--;
      e.triggered++;
      out.push(f);
    }
    if (out.length > 0) this.#entries = this.#entries.filter((e) => e.remaining > 0);
    return out;
  }

  /** The first matching fault of the given types (counted as triggered), or undefined. */
  take<T extends FakeFault['type']>(types: readonly T[], target: FaultTarget, accept?: (f: Extract<FakeFault, { type: T }>) => boolean): Extract<FakeFault, { type: T }> | undefined {
    if (this.#entries.length === 0) return undefined;
    for (const e of this.#entries) {
      const f = e.spec.fault as Extract<FakeFault, { type: T }>;
      if (e.remaining <= 0 || !types.includes(f.type as T) || !this.#matches(e, target)) continue;
      if (accept !== undefined && !accept(f)) continue;
      e.remaining--;
      e.triggered++;
      if (e.remaining <= 0) this.#entries = this.#entries.filter((x) => x !== e);
      return f;
    }
    return undefined;
  }
}
