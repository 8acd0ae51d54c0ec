/**
 * Restart back-off arithmetic (k8s-semantics §D.2–§D.3): client-go's `flowcontrol.Backoff` as the
 * kubelet configures it, as a pure value. Used for CrashLoopBackOff and, with its own keys, for
 * image pull back-off.
 */
import type { Container, Pod } from '../model/index.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { formatPodRef } from './pod-containers.js';
import { goDuration } from './human-duration.js';

/** A back-off policy: the first delay, the cap, and how long after a restart an exit no longer counts as a crash loop. */
export interface BackOffPolicy {
  /** The first delay (applied before the second restart). */
  readonly initialMs: number;
  /** The delay doubles up to this cap. */
  readonly maxMs: number;
  /** An exit more than this long after the last (re)start resets the back-off. */
  readonly resetAfterMs: number;
}

/**
 * The kubelet's CrashLoopBackOff policy (§D.2): 10 s doubling to a 300 s cap
 * (`MaxContainerBackOff`), no jitter, reset once a container ran for more than 10 minutes.
 */
export const crashLoopBackOffPolicy: BackOffPolicy = Object.freeze({ initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 });

/**
 * The kubelet's image pull back-off policy (§B.2): 10 s doubling to 300 s; an entry expires 600 s
 * (twice the cap, client-go's default) after its last update.
 */
export const imagePullBackOffPolicy: BackOffPolicy = Object.freeze({ initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 });

/** One back-off entry: the current delay and when it was last stepped (ms since the epoch). */
export interface BackOffEntry {
  readonly delayMs: number;
  readonly lastUpdate: number;
}

/**
 * Back-off state: entries keyed by {@link backOffKey}. A frozen plain object; keep one per pod (it
 * is copied on every step, so a node-wide state costs O(entries) per step).
 */
export type BackOffState = Readonly<Record<string, BackOffEntry>>;

/** The empty back-off state. */
export const emptyBackOffState: BackOffState = Object.freeze({});

/** The outcome of {@link stepBackOff}. */
export type BackOffStep =
  | {
      /** Start (restart) the container now. */
      readonly decision: 'start';
      /** The delay that will apply if it exits again soon. */
      readonly delayMs: number;
      readonly state: BackOffState;
    }
  | {
      /** Still in back-off: keep the container waiting (CrashLoopBackOff). */
      readonly decision: 'wait';
      /** The delay being waited out (the `back-off 20s` of the message). */
      readonly delayMs: number;
      /** How long until the restart is allowed. */
      readonly remainingMs: number;
      /** When the restart is allowed (ms since the epoch). */
      readonly retryAt: number;
      /** Unchanged. */
      readonly state: BackOffState;
    };

/** A short stable hash (FNV-1a, 32 bit, hex) of a string. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The back-off key of a container (§D.2): pod name, namespace and UID, container name, and a hash
 * of the container's image and resources — so a spec change starts a fresh back-off.
 *
 * @example
 * ```ts
 * import { backOffKey } from 'podkit/planners';
 * backOffKey(pod, pod.spec.containers[0]); // 'default/web/uid-1/web/3f0a91c2'
 * ```
 */
export function backOffKey(pod: Pod, container: Pick<Container, 'name' | 'image' | 'resources'>): string {
  const hash = fnv1a(JSON.stringify([container.image ?? '', container.resources ?? null]));
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}/${pod.metadata.uid ?? ''}/${container.name}/${hash}`;
}

function expired(entry: BackOffEntry, eventTime: number, policy: BackOffPolicy): boolean {
  return eventTime - entry.lastUpdate > policy.resetAfterMs;
}

/**
 * Whether a container that finished at `finishedAt` must still wait at `now` (client-go
 * `IsInBackOffSince`, §D.3). No entry, or an exit more than `resetAfterMs` after the last step,
 * means no back-off.
 */
export function isInBackOff(state: BackOffState, key: string, finishedAt: TimeInput, now: TimeInput, policy: BackOffPolicy = crashLoopBackOffPolicy): boolean {
  const entry = state[key];
  if (entry === undefined) return false;
  const f = toMillis(finishedAt);
  if (expired(entry, f, policy)) return false;
  return toMillis(now) - f < entry.delayMs;
}

/** The current delay of `key` (client-go `Backoff.Get`): 0 without an entry. */
export function backOffDelay(state: BackOffState, key: string): number {
  return state[key]?.delayMs ?? 0;
}

/**
 * Advances `key` for an event at `eventTime` (client-go `Backoff.Next`): a fresh `initialMs` entry
 * when there was none or the event came more than `resetAfterMs` after the last update, else the
 * delay doubles up to `maxMs`; `lastUpdate` becomes `now`.
 */
export function advanceBackOff(state: BackOffState, key: string, eventTime: TimeInput, now: TimeInput, policy: BackOffPolicy = crashLoopBackOffPolicy): BackOffState {
  const entry = state[key];
  const delayMs = entry === undefined || expired(entry, toMillis(eventTime), policy) ? policy.initialMs : Math.min(entry.delayMs * 2, policy.maxMs);
  return Object.freeze({ ...state, [key]: Object.freeze({ delayMs, lastUpdate: toMillis(now) }) });
}

/**
 * Whether `key` is still backing off at `now`, measured from its last update (client-go
 * `IsInBackOffSinceUpdate`, the image pull back-off of §B.2): `now - lastUpdate < delay`, unless
 * the entry expired.
 */
export function isInBackOffSinceUpdate(state: BackOffState, key: string, now: TimeInput, policy: BackOffPolicy = imagePullBackOffPolicy): boolean {
  const entry = state[key];
  if (entry === undefined) return false;
  const n = toMillis(now);
  if (expired(entry, n, policy)) return false;
  return n - entry.lastUpdate < entry.delayMs;
}

/**
 * One step of the kubelet's `doBackOff` (§D.3) for a container whose last instance finished at
 * `finishedAt`: either it must keep waiting (`wait`, state unchanged), or it may restart now
 * (`start`) and the entry advances ({@link advanceBackOff}) — a fresh `initialMs` entry when there
 * was none or the container ran longer than `resetAfterMs`, else the delay doubles up to `maxMs`.
 * So the first restart is immediate, then 10 s, 20 s, 40 s, … 300 s.
 *
 * @example
 * ```ts
 * import { emptyBackOffState } from 'podkit';
 * import { stepBackOff } from 'podkit/planners';
 * let step = stepBackOff(emptyBackOffState, key, '2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z');
 * step.decision; // 'start' (first restart is immediate)
 * step = stepBackOff(step.state, key, '2024-05-01T10:00:05Z', '2024-05-01T10:00:06Z');
 * step.decision; // 'wait', remainingMs 9000
 * ```
 */
export function stepBackOff(
  state: BackOffState,
  key: string,
  finishedAt: TimeInput,
  now: TimeInput,
  policy: BackOffPolicy = crashLoopBackOffPolicy,
): BackOffStep {
  const f = toMillis(finishedAt);
  const n = toMillis(now);
  const entry = state[key];
  if (entry !== undefined && !expired(entry, f, policy) && n - f < entry.delayMs) {
    const retryAt = f + entry.delayMs;
    return { decision: 'wait', delayMs: entry.delayMs, remainingMs: retryAt - n, retryAt, state };
  }
  const next = advanceBackOff(state, key, f, n, policy);
  return { decision: 'start', delayMs: next[key]!.delayMs, state: next };
}

/**
 * Drops entries not updated for more than twice `maxMs` (client-go `Backoff.GC`), returning the
 * same object when nothing expired.
 */
export function pruneBackOff(state: BackOffState, now: TimeInput, policy: BackOffPolicy = crashLoopBackOffPolicy): BackOffState {
  const n = toMillis(now);
  let out: Record<string, BackOffEntry> | undefined;
  for (const [key, entry] of Object.entries(state)) {
    if (n - entry.lastUpdate > 2 * policy.maxMs) {
      out ??= { ...state };
      delete out[key];
    }
  }
  return out === undefined ? state : Object.freeze(out);
}

/**
 * The kubelet's CrashLoopBackOff waiting message (§B.2):
 * `back-off 20s restarting failed container=web pod=web_default(uid)`.
 */
export function crashLoopBackOffMessage(pod: Pod, containerName: string, delayMs: number): string {
  return `back-off ${goDuration(delayMs)} restarting failed container=${containerName} pod=${formatPodRef(pod)}`;
}
