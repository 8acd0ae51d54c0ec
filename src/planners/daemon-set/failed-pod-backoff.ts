// The DaemonSet controller's back-off for deleting failed daemon pods (client-go flowcontrol
// `Backoff` with 1 s initial and 15 min maximum, no jitter; §J.3), as a pure value.
import type { DaemonSet } from '../../model/index.js';

/** The first delay after a failed daemon pod is deleted on a node (1 s). */
export const DAEMON_FAILED_POD_BACKOFF_INITIAL_MS = 1_000;
/** The longest delay (15 minutes). */
export const DAEMON_FAILED_POD_BACKOFF_MAX_MS = 15 * 60_000;

/** One key's back-off: the current delay and when it was last stepped (epoch ms). */
export interface DaemonPodBackoffEntry {
  readonly delayMs: number;
  readonly lastUpdate: number;
}

/**
 * The failed-pod back-off entries of the DaemonSet controller, keyed
 * `<ds uid>/<status.observedGeneration>/<node>` as upstream `failedPodsBackoffKey` (a new
 * generation starts afresh). An immutable map: the planner returns the next one.
 */
export type DaemonSetBackoff = ReadonlyMap<string, DaemonPodBackoffEntry>;

/** Upstream `failedPodsBackoffKey`. */
export function failedPodsBackoffKey(ds: DaemonSet, nodeName: string): string {
  return `${ds.metadata.uid ?? ''}/${ds.status?.observedGeneration ?? 0}/${nodeName}`;
}

/** Stable after twice the maximum without an update (flowcontrol `hasExpired`). */
function expired(entry: DaemonPodBackoffEntry, now: number): boolean {
  return now - entry.lastUpdate > 2 * DAEMON_FAILED_POD_BACKOFF_MAX_MS;
}

/**
 * flowcontrol `IsInBackOffSinceUpdate`: true while less than the current delay has passed since
 * the last step (an expired entry is not in back-off).
 */
export function isInBackoff(backoff: DaemonSetBackoff, key: string, now: number): boolean {
  const e = backoff.get(key);
  if (e === undefined || expired(e, now)) return false;
  return now - e.lastUpdate < e.delayMs;
}

/**
 * flowcontrol `Next`: a missing or expired entry starts at 1 s, otherwise the delay doubles up to
 * 15 min; `lastUpdate` becomes `now`. Mutates `next` (a working copy owned by the planner).
 */
export function stepBackoff(next: Map<string, DaemonPodBackoffEntry>, key: string, now: number): DaemonPodBackoffEntry {
  const e = next.get(key);
  const delayMs =
    e === undefined || expired(e, now) ? DAEMON_FAILED_POD_BACKOFF_INITIAL_MS : Math.min(e.delayMs * 2, DAEMON_FAILED_POD_BACKOFF_MAX_MS);
  const entry = { delayMs, lastUpdate: now };
  next.set(key, entry);
  return entry;
}

/** flowcontrol `GC`: drops entries with no update for more than twice the maximum delay. */
export function gcBackoff(next: Map<string, DaemonPodBackoffEntry>, now: number): void {
  for (const [key, e] of next) if (expired(e, now)) next.delete(key);
}
