import { toMillis, type TimeInput } from '../model/time.js';

/** Expectations older than this are treated as satisfied (upstream `ExpectationsTimeout`, 5 min). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * What a controller still expects to observe after its own writes, for one controller key
 * (§H.5, upstream `UIDTrackingControllerExpectations`): `add` pod creations, `del` pod deletions
 * (tracked by pod key `namespace/name` in `deleteKeys`), set at `timestamp` (epoch ms).
 *
 * An immutable value: every function returns a new one. The shell keeps one per controller key
 * (for example in a `Map`) and drops it when the controller object is deleted. `undefined` means
 * "no record", which is satisfied.
 */
export interface ControllerExpectations {
  readonly add: number;
  readonly del: number;
  readonly timestamp: number;
  readonly deleteKeys: ReadonlySet<string>;
}

/**
 * Expect `count` creations from now on (upstream `ExpectCreations`: replaces any previous record).
 *
 * @example
 * ```ts
 * import { expectCreations, creationObserved, expectationsSatisfied } from 'podkit/planners';
 * let exp = expectCreations(2, now);
 * exp = creationObserved(creationObserved(exp));
 * expectationsSatisfied(exp, now); // true
 * ```
 */
export function expectCreations(count: number, now: TimeInput): ControllerExpectations {
  return { add: count, del: 0, timestamp: toMillis(now), deleteKeys: new Set() };
}

/** Expect the deletion of these pod keys (upstream `ExpectDeletions`: replaces any previous record). */
export function expectDeletions(podKeys: readonly string[], now: TimeInput): ControllerExpectations {
  const keys = new Set(podKeys);
  return { add: 0, del: keys.size, timestamp: toMillis(now), deleteKeys: keys };
}

/**
 * Lowers the counters without touching the timestamp (upstream `LowerExpectations`). Used by the
 * shell for creations it skipped or that failed. `undefined` stays `undefined`.
 */
export function lowerExpectations(
  exp: ControllerExpectations | undefined,
  add: number,
  del: number,
): ControllerExpectations | undefined {
  if (exp === undefined) return undefined;
  return { ...exp, add: exp.add - add, del: exp.del - del };
}

/** One expected pod creation was observed (a pod add event for this controller): add − 1. */
export function creationObserved(exp: ControllerExpectations | undefined): ControllerExpectations | undefined {
  return lowerExpectations(exp, 1, 0);
}

/**
 * The deletion of `podKey` was observed (a pod delete event, or an update that set its
 * deletionTimestamp). Counted once per key: a key that is not (or no longer) expected changes
 * nothing.
 */
export function deletionObserved(exp: ControllerExpectations | undefined, podKey: string): ControllerExpectations | undefined {
  if (exp === undefined || !exp.deleteKeys.has(podKey)) return exp;
  return { ...exp, del: exp.del - 1, deleteKeys: KeySetWithout.of(exp.deleteKeys, podKey) };
}

/**
 * An immutable set of keys minus one: shares its base instead of copying it, so observing the
 * deletions of a burst of n pods costs O(n) rather than O(n²) copies. Chains are flattened into a
 * fresh Set every {@link KeySetWithout.MAX_DEPTH} removals, which keeps `has` O(1) amortised.
 */
class KeySetWithout implements ReadonlySet<string> {
  static readonly MAX_DEPTH = 32;
  readonly size: number;

  private constructor(
    private readonly base: ReadonlySet<string>,
    private readonly removed: string,
    private readonly parent: KeySetWithout | undefined,
    private readonly depth: number,
  ) {
    this.size = (parent ?? base).size - 1;
  }

  /** `keys` without `key` (which `keys` must hold). */
  static of(keys: ReadonlySet<string>, key: string): ReadonlySet<string> {
    const chain = keys instanceof KeySetWithout ? keys : undefined;
    if (chain !== undefined && chain.depth + 1 >= KeySetWithout.MAX_DEPTH) {
      const flat = new Set(chain.base);
      for (let c: KeySetWithout | undefined = chain; c !== undefined; c = c.parent) flat.delete(c.removed);
      flat.delete(key);
      return flat;
    }
    return chain === undefined ? new KeySetWithout(keys, key, undefined, 1) : new KeySetWithout(chain.base, key, chain, chain.depth + 1);
  }

  has(key: string): boolean {
    for (let s: KeySetWithout | undefined = this; s !== undefined; s = s.parent) if (s.removed === key) return false;
    return this.base.has(key);
  }

  *values(): SetIterator<string> {
    for (const k of this.base) if (this.has(k)) yield k;
  }

  keys(): SetIterator<string> {
    return this.values();
  }

  *entries(): SetIterator<[string, string]> {
    for (const k of this.values()) yield [k, k];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }

  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const k of this.values()) fn.call(thisArg, k, k, this);
  }
}

/**
 * Folds one watch event of a controller's pod into its expectations, as upstream's `addPod` /
 * `updatePod` / `deletePod` handlers do (§H.5): an added pod is a creation observed, unless it
 * already carries a deletionTimestamp (then it is a deletion); a deleted pod, or an update that
 * first sets the deletionTimestamp, is a deletion observed (once per `namespace/name`).
 * `previous` is the pod before the event, when known.
 */
export function podEventObserved(
  exp: ControllerExpectations | undefined,
  type: 'Added' | 'Modified' | 'Deleted',
  pod: { readonly metadata: { readonly name?: string | undefined; readonly namespace?: string | undefined; readonly deletionTimestamp?: string | undefined } },
  previous?: { readonly metadata: { readonly deletionTimestamp?: string | undefined } },
): ControllerExpectations | undefined {
  if (exp === undefined) return undefined;
  const podKey = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
  const deleting = pod.metadata.deletionTimestamp !== undefined;
  if (type === 'Added') return deleting ? deletionObserved(exp, podKey) : creationObserved(exp);
  if (type === 'Deleted' || (deleting && previous?.metadata.deletionTimestamp === undefined)) return deletionObserved(exp, podKey);
  return exp;
}

/** True iff every expected creation and deletion was observed (`add <= 0 && del <= 0`). */
export function expectationsFulfilled(exp: ControllerExpectations): boolean {
  return exp.add <= 0 && exp.del <= 0;
}

/**
 * True iff the controller may sync (upstream `SatisfiedExpectations`): there is no record, or it
 * is fulfilled, or it is older than 5 minutes at `now` (the informer may have missed events).
 */
export function expectationsSatisfied(exp: ControllerExpectations | undefined, now: TimeInput): boolean {
  if (exp === undefined) return true;
  if (expectationsFulfilled(exp)) return true;
  return toMillis(now) - exp.timestamp > EXPECTATIONS_TIMEOUT_MS;
}
