// Job pods: reading their index and finalizer, building new ones from the template (§I.4, §K.1),
// and choosing which active pods to remove (upstream `activePodsForRemoval`).
import type { Container, Job, Pod, PodTemplateSpec } from '../../model/index.js';
import { compareActivePods } from '../rank-pods.js';
import { expandTemplate } from '../template.js';
import { indexFailureCount, indexIgnoredFailureCount } from './backoff.js';
import { atoi } from './indexes.js';
import {
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_COMPLETION_INDEX_ENV,
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_TRACKING_FINALIZER,
  MAX_GENERATED_NAME_LENGTH,
} from './job-constants.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';

/** Upstream's "no completion index" value. */
export const UNKNOWN_COMPLETION_INDEX = -1;

/**
 * The pod's completion index from its `batch.kubernetes.io/job-completion-index` annotation, or
 * -1 when missing, not a decimal integer, or negative (upstream `getCompletionIndex`).
 */
export function getCompletionIndex(pod: Pod): number {
  const text = pod.metadata.annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (text === undefined) return UNKNOWN_COMPLETION_INDEX;
  const ix = atoi(text);
  return ix === undefined || ix < 0 ? UNKNOWN_COMPLETION_INDEX : ix;
}

/** True iff the pod still carries the `batch.kubernetes.io/job-tracking` finalizer. */
export function hasJobTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) === true;
}

/**
 * Whether a Job counts the pod as failed (upstream `isPodFailed`, §I.2): phase Failed, or — unless
 * the Job only replaces failed pods — being deleted without having succeeded.
 */
export function isJobPodFailed(pod: Pod, onlyReplaceFailedPods: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed') return true;
  if (onlyReplaceFailedPods) return false;
  return pod.metadata.deletionTimestamp !== undefined && phase !== 'Succeeded';
}

/**
 * The generateName of an Indexed Job pod (upstream `podGenerateNameWithIndex`): `<job>-<index>-`,
 * with the Job name truncated so that the whole prefix is at most 58 characters.
 *
 * @example
 * ```ts
 * import { podGenerateNameWithIndex } from 'podkit/planners';
 * podGenerateNameWithIndex('pi', 3); // 'pi-3-'
 * ```
 */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}

function withIndexEnv(c: Container): Container {
  if (c.env?.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) return c;
  return {
    ...c,
    env: [
      ...(c.env ?? []),
      { name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX_ANNOTATION}']` } } },
    ],
  };
}

/**
 * The pod template a Job creates pods from (upstream `manageJob`): a copy of `spec.template` with
 * the tracking finalizer appended (once) and, for Indexed Jobs, the `JOB_COMPLETION_INDEX` env var
 * (a fieldRef to the index label) added to every container and init container lacking it.
 */
export function jobPodTemplate(job: Job, indexed: boolean): PodTemplateSpec {
  const t = job.spec.template;
  const finalizers = t.metadata?.finalizers ?? [];
  const meta = { ...t.metadata, finalizers: finalizers.includes(JOB_TRACKING_FINALIZER) ? [...finalizers] : [...finalizers, JOB_TRACKING_FINALIZER] };
  if (!indexed) return { ...t, metadata: meta };
  return {
    metadata: meta,
    spec: {
      ...t.spec,
      containers: t.spec.containers.map(withIndexEnv),
      ...(t.spec.initContainers === undefined ? {} : { initContainers: t.spec.initContainers.map(withIndexEnv) }),
    },
  };
}

/**
 * The failure counts a replacement pod of an index starts with (upstream
 * `getNewIndexFailureCounts`): those of the pod it replaces, plus one counted (or, for a failure
 * the policy ignores, one ignored) failure. `[0, 0]` without a replaced pod.
 */
export function newIndexFailureCounts(job: Job, podBeingReplaced: Pod | undefined): [number, number] {
  if (podBeingReplaced === undefined) return [0, 0];
  let failures = indexFailureCount(podBeingReplaced);
  let ignored = indexIgnoredFailureCount(podBeingReplaced);
  if (job.spec.podFailurePolicy !== undefined && !matchPodFailurePolicy(job.spec.podFailurePolicy, podBeingReplaced).countFailed) ignored++;
  else failures++;
  return [failures, ignored];
}

/** Options of {@link newJobPod}. */
export interface NewJobPodOptions {
  /** The completion index (Indexed Jobs). */
  readonly index?: number;
  /** Set the per-index failure-count annotations (Jobs with backoffLimitPerIndex). */
  readonly perIndex?: boolean;
  /** The failed pod this one replaces within its index (backoffLimitPerIndex). */
  readonly podBeingReplaced?: Pod | undefined;
}

/**
 * A new Job pod from a template made by {@link jobPodTemplate} (cookie-cutter copy with the
 * Job's controllerRef, §K.1). With an index: annotation and label
 * `batch.kubernetes.io/job-completion-index=<i>`, `spec.hostname = <job>-<i>`, generateName
 * `<job>-<i>-` (truncated, {@link podGenerateNameWithIndex}) and, per index, the
 * `job-index-failure-count` (and non-zero `job-index-ignored-failure-count`) annotations.
 * Without an index: generateName `<job>-`.
 */
export function newJobPod(job: Job, template: PodTemplateSpec, options: NewJobPodOptions = {}): Pod {
  const pod = expandTemplate(template, job, { namespace: job.metadata.namespace ?? 'default' });
  const ix = options.index;
  if (ix === undefined) return pod;
  const name = job.metadata.name ?? '';
  const annotations: Record<string, string> = { ...pod.metadata.annotations, [JOB_COMPLETION_INDEX_ANNOTATION]: String(ix) };
  if (options.perIndex === true) {
    const [failures, ignored] = newIndexFailureCounts(job, options.podBeingReplaced);
    annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = String(failures);
    if (ignored > 0) annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(ignored);
  }
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      generateName: podGenerateNameWithIndex(name, ix),
      labels: { ...pod.metadata.labels, [JOB_COMPLETION_INDEX_ANNOTATION]: String(ix) },
      annotations,
    },
    spec: { ...pod.spec, hostname: `${name}-${ix}` },
  };
}

/**
 * The active pods to delete (upstream `activePodsForRemoval`, §I.4). For Indexed Jobs, first every
 * pod without a valid index (none, or ≥ `completions`) and every duplicate of an index (keeping
 * the one last in `ActivePods` order, the most established); then, if fewer than `rmAtLeast`, the
 * first of the remaining pods in `ActivePods` order (unassigned, pending, not ready, ... first).
 * May return more than `rmAtLeast` for Indexed Jobs. O(n log n).
 */
export function activePodsForRemoval(activePods: readonly Pod[], rmAtLeast: number, indexedCompletions?: number): Pod[] {
  let rm: Pod[] = [];
  let left: Pod[];
  if (indexedCompletions !== undefined) {
    left = [];
    const byIndex = activePods.map((pod) => ({ pod, ix: getCompletionIndex(pod) })).sort((a, b) => a.ix - b.ix);
    let i = 0;
    while (i < byIndex.length) {
      const ix = (byIndex[i] as { ix: number }).ix;
      if (ix >= indexedCompletions) {
        for (; i < byIndex.length; i++) rm.push((byIndex[i] as { pod: Pod }).pod);
        break;
      }
      let j = i;
      while (j < byIndex.length && (byIndex[j] as { ix: number }).ix === ix) j++;
      const group = byIndex.slice(i, j).map((x) => x.pod);
      if (ix === UNKNOWN_COMPLETION_INDEX) rm.push(...group);
      else if (group.length === 1) left.push(group[0] as Pod);
      else {
        group.sort(compareActivePods);
        rm.push(...group.slice(0, -1));
        left.push(group[group.length - 1] as Pod);
      }
      i = j;
    }
  } else {
    left = [...activePods];
  }
  if (rm.length < rmAtLeast) {
    left.sort(compareActivePods);
    rm = rm.concat(left.slice(0, rmAtLeast - rm.length));
  }
  return rm;
}
