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
 * import { expectCreations, creationObserved, expectationsSatisfied } from 'podkit';
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
  const keys = new Set(exp.deleteKeys);
  keys.delete(podKey);
  return { ...exp, del: exp.del - 1, deleteKeys: keys };
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
