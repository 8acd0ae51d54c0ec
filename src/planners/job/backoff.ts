// The Job controller's pod-failure back-off (upstream backoff_utils.go, k8s-semantics §I.5), as a
// pure value plus functions. The shell keeps one record per Job key between syncs.
import type { Pod } from '../../model/index.js';
import { getPodCondition, isSidecar } from '../../model/pod-utils.js';
import { toMillis, type TimeInput } from '../../model/time.js';
import { JOB_INDEX_FAILURE_COUNT_ANNOTATION, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION } from './job-constants.js';

/** The first back-off delay after a pod failure (upstream `DefaultJobPodFailureBackOff`, 10 s). */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
/** The longest back-off delay (upstream `MaxJobPodFailureBackOff`, 10 minutes). */
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 600_000;

/**
 * A Job's back-off record (upstream `backoffRecord`): how many pods failed after the last success
 * and when the newest of them finished (epoch ms; `undefined` when there is none).
 */
export interface JobBackoffRecord {
  readonly failuresAfterLastSuccess: number;
  readonly lastFailureTime?: number | undefined;
}

/** An empty record: no failures. */
export function newBackoffRecord(): JobBackoffRecord {
  return { failuresAfterLastSuccess: 0 };
}

function optionalMillis(t: string | undefined): number | undefined {
  return t === undefined || t === '' ? undefined : toMillis(t);
}

/**
 * The latest `finishedAt` over the container statuses, or `undefined` if any considered container
 * is not terminated with a time (upstream `latestFinishTime`).
 */
function latestFinishTime(pod: Pod): number | undefined {
  let latest: number | undefined;
  for (const cs of pod.status?.containerStatuses ?? []) {
    const t = optionalMillis(cs.state?.terminated?.finishedAt);
    if (cs.state?.terminated === undefined || t === undefined) return undefined;
    if (latest === undefined || latest < t) latest = t;
  }
  const sidecars = new Set((pod.spec.initContainers ?? []).filter(isSidecar).map((c) => c.name));
  if (sidecars.size === 0) return latest;
  for (const cs of pod.status?.initContainerStatuses ?? []) {
    if (!sidecars.has(cs.name)) continue;
    const t = optionalMillis(cs.state?.terminated?.finishedAt);
    if (cs.state?.terminated === undefined || t === undefined) return undefined;
    if (latest === undefined || latest < t) latest = t;
  }
  return latest;
}

/**
 * When a finished pod finished, as upstream `getFinishedTime` estimates it (§I.5), in epoch ms:
 * 1. the newest `finishedAt` when every regular container (and sidecar) is terminated with a time;
 * 2. else the `Ready=False` condition's lastTransitionTime;
 * 3. else `deletionTimestamp − deletionGracePeriodSeconds`;
 * 4. else the creationTimestamp (0 when missing).
 *
 * @example
 * ```ts
 * import { podFinishedTime } from 'podkit/planners';
 * podFinishedTime(failedPod); // e.g. 1714557600000
 * ```
 */
export function podFinishedTime(pod: Pod): number {
  const fromContainers = latestFinishTime(pod);
  if (fromContainers !== undefined) return fromContainers;
  const ready = getPodCondition(pod, 'Ready');
  const readyFalse = ready?.status === 'False' ? optionalMillis(ready.lastTransitionTime) : undefined;
  if (readyFalse !== undefined) return readyFalse;
  const deletion = optionalMillis(pod.metadata.deletionTimestamp);
  if (deletion !== undefined) return deletion - (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return optionalMillis(pod.metadata.creationTimestamp) ?? 0;
}

/** Newly finished pods of one sync: succeeded and failed pods not yet counted in the Job status. */
export interface NewlyFinishedPods {
  readonly succeeded: readonly Pod[];
  readonly failed: readonly Pod[];
}

/**
 * The record after this sync's newly finished pods (upstream `newBackoffRecord`):
 * - no new success: the failures are added and `lastFailureTime` becomes the newest failure;
 * - with a new success: the count restarts and only failures that finished strictly after the
 *   newest success count, `lastFailureTime` being the newest of them.
 * Pure: returns a new record. Finish times follow {@link podFinishedTime}.
 *
 * @example
 * ```ts
 * import { newBackoffRecord, updateBackoffRecord } from 'podkit/planners';
 * const next = updateBackoffRecord(newBackoffRecord(), { succeeded: [], failed: [failedPod] });
 * // next.failuresAfterLastSuccess === 1
 * ```
 */
export function updateBackoffRecord(record: JobBackoffRecord | undefined, pods: NewlyFinishedPods): JobBackoffRecord {
  const base = record ?? newBackoffRecord();
  const failedTimes = pods.failed.map(podFinishedTime).sort((a, b) => a - b);
  if (pods.succeeded.length === 0) {
    if (failedTimes.length === 0) return base;
    return {
      failuresAfterLastSuccess: base.failuresAfterLastSuccess + failedTimes.length,
      lastFailureTime: failedTimes[failedTimes.length - 1],
    };
  }
  let lastSuccess = -Infinity;
  for (const p of pods.succeeded) lastSuccess = Math.max(lastSuccess, podFinishedTime(p));
  let failures = 0;
  let lastFailureTime: number | undefined;
  for (let i = failedTimes.length - 1; i >= 0; i--) {
    const t = failedTimes[i] as number;
    if (!(t > lastSuccess)) break;
    lastFailureTime ??= t;
    failures++;
  }
  return lastFailureTime === undefined ? { failuresAfterLastSuccess: 0 } : { failuresAfterLastSuccess: failures, lastFailureTime };
}

/**
 * The back-off delay after `failures` consecutive failures: `base × 2^(failures−1)` capped at
 * `max` (0 for no failures), as upstream `getRemainingTimeForFailuresCount` computes it.
 */
export function backoffDelayMs(
  failures: number,
  baseMs: number = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  maxMs: number = MAX_JOB_POD_FAILURE_BACKOFF_MS,
): number {
  if (failures <= 0) return 0;
  let delay = baseMs;
  for (let i = 1; i < failures; i++) {
    delay *= 2;
    if (delay >= maxMs) return maxMs;
  }
  return delay;
}

function remainingFor(failures: number, lastFailureTime: number | undefined, now: number, baseMs: number, maxMs: number): number {
  if (failures === 0) return 0;
  const delay = backoffDelayMs(failures, baseMs, maxMs);
  const elapsed = now - (lastFailureTime ?? 0);
  return delay < elapsed ? 0 : delay - elapsed;
}

/**
 * How long pod creation must still wait at `now` (upstream `getRemainingTime`):
 * `max(0, delay − (now − lastFailureTime))`; exactly 0 means the wait is over.
 *
 * @example
 * ```ts
 * import { remainingBackoffMs } from 'podkit/planners';
 * remainingBackoffMs({ failuresAfterLastSuccess: 2, lastFailureTime: 0 }, 5_000); // 15000
 * ```
 */
export function remainingBackoffMs(
  record: JobBackoffRecord | undefined,
  now: TimeInput,
  baseMs: number = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  maxMs: number = MAX_JOB_POD_FAILURE_BACKOFF_MS,
): number {
  if (record === undefined) return 0;
  return remainingFor(record.failuresAfterLastSuccess, record.lastFailureTime, toMillis(now), baseMs, maxMs);
}

/** Upstream `parseInt32` of an annotation: 0 when missing, unparseable, negative or above int32. */
function annotationInt32(pod: Pod, key: string): number {
  const text = pod.metadata.annotations?.[key];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const n = Number(text);
  return n < 0 || n > 2147483647 ? 0 : n;
}

/** The pod's `batch.kubernetes.io/job-index-failure-count` annotation (0 when missing or invalid). */
export function indexFailureCount(pod: Pod): number {
  return annotationInt32(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION);
}

/** The pod's `batch.kubernetes.io/job-index-ignored-failure-count` annotation (0 when missing or invalid). */
export function indexIgnoredFailureCount(pod: Pod): number {
  return annotationInt32(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION);
}

/**
 * The per-index back-off still to wait before replacing `lastFailedPod` (upstream
 * `getRemainingTimePerIndex`, §I.5): the failure count is the pod's index-failure-count plus its
 * ignored-failure-count plus one; the last failure time is the pod's finish time. 0 without a pod.
 */
export function remainingBackoffPerIndexMs(lastFailedPod: Pod | undefined, now: TimeInput): number {
  if (lastFailedPod === undefined) return 0;
  const failures = indexFailureCount(lastFailedPod) + indexIgnoredFailureCount(lastFailedPod) + 1;
  return remainingFor(failures, podFinishedTime(lastFailedPod), toMillis(now), DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, MAX_JOB_POD_FAILURE_BACKOFF_MS);
}
