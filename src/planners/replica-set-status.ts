import type { Pod, ReplicaSet, ReplicaSetStatus, WorkloadCondition } from '../model/index.js';
import { getPodCondition, isPodReady, isPodTerminal } from '../model/pod-utils.js';
import { toMillis, toTimestamp, type TimeInput } from '../model/time.js';
import { labelsMatchSelector, podFacts } from './pod-facts.js';

/** The ReplicaSet condition type set when creating or deleting pods failed. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/**
 * True iff the pod is ready and has been for more than `minReadySeconds` at `now` (upstream
 * `IsPodAvailable`): with `minReadySeconds` 0 any ready pod is available; otherwise the Ready
 * condition's `lastTransitionTime + minReadySeconds` must be strictly before `now` (a missing
 * time means not available).
 *
 * @example
 * ```ts
 * import { isPodAvailable } from 'podkit/planners';
 * isPodAvailable(pod, 10, clock.now());
 * ```
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: TimeInput): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = getPodCondition(pod, 'Ready')?.lastTransitionTime;
  if (since === undefined || since === '') return false;
  return toMillis(since) + minReadySeconds * 1000 < toMillis(now);
}

/** The desired replica count of a ReplicaSet (`spec.replicas`, default 1). */
export function desiredReplicas(rs: Pick<ReplicaSet, 'spec'>): number {
  return rs.spec.replicas ?? 1;
}

/** Options of {@link calculateReplicaSetStatus}. */
export interface ReplicaSetStatusOptions {
  /**
   * Pods of this ReplicaSet that are terminating (deletionTimestamp set, not terminal). When
   * given, `terminatingReplicas` is reported (gate DeploymentReplicaSetTerminatingReplicas);
   * when omitted the field is left out.
   */
  readonly terminatingPods?: readonly Pod[];
}

/**
 * The ReplicaSet's status from its claimed active pods (upstream `calculateStatus`, §H.7):
 * `replicas` (pod count), `fullyLabeledReplicas` (pods carrying every template label),
 * `readyReplicas`, `availableReplicas` (ready for more than minReadySeconds at `now`),
 * `observedGeneration` = `metadata.generation`. A manage error adds the `ReplicaFailure`
 * condition (True, reason `FailedCreate` when pods were missing, `FailedDelete` when there were
 * too many, message = the error) if it is not already present; success removes it. Other
 * conditions are kept.
 *
 * @example
 * ```ts
 * import { calculateReplicaSetStatus } from 'podkit/planners';
 * const status = calculateReplicaSetStatus(rs, activePods, undefined, now);
 * ```
 */
export function calculateReplicaSetStatus(
  rs: ReplicaSet,
  pods: readonly Pod[],
  manageError: string | undefined,
  now: TimeInput,
  options: ReplicaSetStatusOptions = {},
): ReplicaSetStatus {
  const templateSelector = templateSelectorOf(rs);
  const minReady = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (labelsMatchSelector(pod.metadata.labels, templateSelector)) fullyLabeled++;
    const facts = podFacts(pod);
    if (facts.ready) {
      ready++;
      if (minReady === 0 || isPodAvailable(pod, minReady, now)) available++;
    }
  }
  let conditions: WorkloadCondition[] = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && failure === undefined) {
    const diff = pods.length - desiredReplicas(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : undefined;
    conditions.push({
      type: REPLICA_FAILURE,
      status: 'True',
      ...(reason === undefined ? {} : { reason }),
      message: manageError,
      lastTransitionTime: toTimestamp(now),
    });
  } else if (manageError === undefined && failure !== undefined) {
    conditions = conditions.filter((c) => c.type !== REPLICA_FAILURE);
  }
  const terminating = options.terminatingPods?.filter((p) => p.metadata.deletionTimestamp !== undefined && !isPodTerminal(p));
  return {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    ...(terminating === undefined ? {} : { terminatingReplicas: terminating.length }),
    ...(rs.metadata.generation === undefined ? {} : { observedGeneration: rs.metadata.generation }),
    ...(conditions.length === 0 ? {} : { conditions }),
  };
}

/** `{ matchLabels: <template labels> }`, one frozen object per template labels object (so matches cache). */
function templateSelectorOf(rs: ReplicaSet): { readonly matchLabels: Readonly<Record<string, string>> } {
  const labels = rs.spec.template.metadata?.labels ?? EMPTY_LABELS;
  let sel = templateSelectors.get(labels);
  if (sel === undefined) {
    sel = Object.freeze({ matchLabels: labels });
    if (Object.isFrozen(labels)) templateSelectors.set(labels, sel);
  }
  return sel;
}

const EMPTY_LABELS: Readonly<Record<string, string>> = Object.freeze({});
const templateSelectors = new WeakMap<object, { readonly matchLabels: Readonly<Record<string, string>> }>();
