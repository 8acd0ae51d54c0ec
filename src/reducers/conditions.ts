/**
 * Pod conditions as the kubelet generates them (k8s-semantics §C): `ContainersReady`, `Ready`
 * (with readiness gates) and `Initialized`, plus the rules for keeping conditions owned by other
 * components and for `lastTransitionTime`.
 */
import type { ConditionStatus, Pod, PodCondition, PodPhase } from '../model/index.js';
import { isSidecar } from '../model/pod-utils.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { LazyTimestamp, type TimeSource } from './timestamps.js';
import { findStatus, hasAnyRegularContainerStarted, hasNoStatusInfo } from './pod-containers.js';

/** The kubelet's condition reasons (`pkg/kubelet/status/generate.go`). */
export const PodConditionReasons = Object.freeze({
  UnknownContainerStatuses: 'UnknownContainerStatuses',
  PodCompleted: 'PodCompleted',
  PodFailed: 'PodFailed',
  ContainersNotReady: 'ContainersNotReady',
  ContainersNotInitialized: 'ContainersNotInitialized',
  ReadinessGatesNotReady: 'ReadinessGatesNotReady',
} as const);

/** A generated condition before its times are set. */
export interface GeneratedCondition {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason?: string;
  readonly message?: string;
}

type PodInput = Pick<Pod, 'spec' | 'status'>;

function make(type: string, status: ConditionStatus, reason?: string, message?: string): GeneratedCondition {
  if (reason === undefined || reason === '') return { type, status };
  if (message === undefined || message === '') return { type, status, reason };
  return { type, status, reason, message };
}

/** Go's `%s` of a string slice: `[a b]`. */
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

/**
 * The `ContainersReady` condition (kubelet `GenerateContainersReadyCondition`, §C.1): sidecars then
 * regular containers must all have a status with `ready: true`; regular init containers do not
 * count.
 */
export function generateContainersReadyCondition(pod: PodInput, phase: PodPhase): GeneratedCondition {
  const type = 'ContainersReady';
  const status = pod.status;
  if (hasNoStatusInfo(status)) return make(type, 'False', PodConditionReasons.UnknownContainerStatuses);
  let unknown: string[] | undefined;
  let unready: string[] | undefined;
  for (const c of pod.spec.initContainers ?? []) {
    if (!isSidecar(c)) continue;
    const s = findStatus(status, c.name);
    if (s === undefined) (unknown ??= []).push(c.name);
    else if (!s.ready) (unready ??= []).push(c.name);
  }
  for (const c of pod.spec.containers) {
    const s = findStatus(status, c.name);
    if (s === undefined) (unknown ??= []).push(c.name);
    else if (!s.ready) (unready ??= []).push(c.name);
  }
  if (phase === 'Succeeded' && unknown === undefined) return make(type, 'False', PodConditionReasons.PodCompleted);
  if (phase === 'Failed') return make(type, 'False', PodConditionReasons.PodFailed);
  if (unknown === undefined && unready === undefined) return make(type, 'True');
  const messages: string[] = [];
  if (unknown !== undefined) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready !== undefined) messages.push(`containers with unready status: ${goList(unready)}`);
  return make(type, 'False', PodConditionReasons.ContainersNotReady, messages.join(', '));
}

/**
 * The `Ready` condition (kubelet `GeneratePodReadyCondition`, §C.2): ContainersReady, then every
 * readiness gate's condition (looked up in `conditions`) must be `True`.
 */
export function generatePodReadyCondition(
  pod: PodInput,
  conditions: readonly PodCondition[],
  phase: PodPhase,
  containersReady: GeneratedCondition = generateContainersReadyCondition(pod, phase),
): GeneratedCondition {
  const type = 'Ready';
  if (containersReady.status !== 'True') return make(type, containersReady.status, containersReady.reason, containersReady.message);
  const gates = pod.spec.readinessGates;
  if (gates === undefined || gates.length === 0) return make(type, 'True');
  const messages: string[] = [];
  for (const gate of gates) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (c === undefined) {
      messages.push(`corresponding condition of pod readiness gate ${JSON.stringify(gate.conditionType)} does not exist.`);
    } else if (c.status !== 'True') {
      messages.push(`the status of pod readiness gate ${JSON.stringify(gate.conditionType)} is not "True", but ${c.status}`);
    }
  }
  if (messages.length > 0) return make(type, 'False', PodConditionReasons.ReadinessGatesNotReady, messages.join(', '));
  return make(type, 'True');
}

/**
 * The `Initialized` condition (kubelet `GeneratePodInitializedCondition`, §C.3): every regular init
 * container is ready (exited 0) and every sidecar is started — or a regular container has already
 * run, after which the pod stays initialized while sidecars restart.
 */
export function generatePodInitializedCondition(pod: PodInput, phase: PodPhase): GeneratedCondition {
  const type = 'Initialized';
  const init = pod.spec.initContainers ?? [];
  if (hasNoStatusInfo(pod.status) && init.length > 0) return make(type, 'False', PodConditionReasons.UnknownContainerStatuses);
  if (init.length === 0) return phase === 'Succeeded' ? make(type, 'True', PodConditionReasons.PodCompleted) : make(type, 'True');
  let unknown: string[] | undefined;
  let incomplete: string[] | undefined;
  for (const c of init) {
    const s = findStatus(pod.status, c.name);
    if (s === undefined) (unknown ??= []).push(c.name);
    else if (isSidecar(c) ? s.started !== true : !s.ready) (incomplete ??= []).push(c.name);
  }
  if (phase === 'Succeeded' && unknown === undefined) return make(type, 'True', PodConditionReasons.PodCompleted);
  if (unknown === undefined && incomplete === undefined) return make(type, 'True');
  if (hasAnyRegularContainerStarted(pod)) return make(type, 'True');
  const messages: string[] = [];
  if (unknown !== undefined) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete !== undefined) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  return make(type, 'False', PodConditionReasons.ContainersNotInitialized, messages.join(', '));
}

/**
 * `generated` with the times of §C.7: the previous condition of the same type is reused as is when
 * nothing changed; its `lastTransitionTime` is kept when only the reason or message changed; a new
 * condition or a status flip gets `now`. `lastProbeTime` is null, as the kubelet leaves it.
 */
export function withTransitionTime(generated: GeneratedCondition, previous: PodCondition | undefined, now: string | TimeSource): PodCondition {
  let time: string | undefined;
  if (previous !== undefined && previous.status === generated.status) {
    if (previous.reason === generated.reason && previous.message === generated.message && previous.lastProbeTime === null) return previous;
    time = previous.lastTransitionTime;
  } else {
    time = typeof now === 'string' ? now : now.now;
  }
  const { type, status, reason, message } = generated;
  // Literal shapes keep the API's field order: type, status, reason, message, lastProbeTime, lastTransitionTime.
  if (time === undefined) {
    if (reason === undefined) return { type, status, lastProbeTime: null };
    return message === undefined ? { type, status, reason, lastProbeTime: null } : { type, status, reason, message, lastProbeTime: null };
  }
  if (reason === undefined) return { type, status, lastProbeTime: null, lastTransitionTime: time };
  if (message === undefined) return { type, status, reason, lastProbeTime: null, lastTransitionTime: time };
  return { type, status, reason, message, lastProbeTime: null, lastTransitionTime: time };
}

/**
 * Assembles the kubelet's condition list (§C order): conditions it does not own first (readiness
 * gates, ...), then `DisruptionTarget` and `PodReadyToStartContainers` as given, then the generated
 * `Initialized`, `Ready`, `ContainersReady`, then `PodScheduled` as given.
 */
export function assembleConditions(
  previous: readonly PodCondition[],
  generated: readonly [GeneratedCondition, GeneratedCondition, GeneratedCondition],
  now: string | TimeSource,
): PodCondition[] {
  const out: PodCondition[] = [];
  let disruption: PodCondition | undefined;
  let readyToStart: PodCondition | undefined;
  let scheduled: PodCondition | undefined;
  let initialized: PodCondition | undefined;
  let ready: PodCondition | undefined;
  let containersReady: PodCondition | undefined;
  for (const c of previous) {
    switch (c.type) {
      case 'DisruptionTarget':
        disruption = c;
        break;
      case 'PodReadyToStartContainers':
        readyToStart = c;
        break;
      case 'PodScheduled':
        scheduled = c;
        break;
      case 'Initialized':
        initialized = c;
        break;
      case 'Ready':
        ready = c;
        break;
      case 'ContainersReady':
        containersReady = c;
        break;
      default:
        out.push(c);
    }
  }
  if (disruption !== undefined) out.push(disruption);
  if (readyToStart !== undefined) out.push(readyToStart);
  out.push(withTransitionTime(generated[0], initialized, now));
  out.push(withTransitionTime(generated[1], ready, now));
  out.push(withTransitionTime(generated[2], containersReady, now));
  if (scheduled !== undefined) out.push(scheduled);
  return out;
}

/** The three generated conditions (Initialized, Ready, ContainersReady) for a pod in `phase`. */
export function generateKubeletConditions(
  pod: PodInput,
  phase: PodPhase,
): readonly [GeneratedCondition, GeneratedCondition, GeneratedCondition] {
  const conditions = pod.status?.conditions ?? [];
  const containersReady = generateContainersReadyCondition(pod, phase);
  return [generatePodInitializedCondition(pod, phase), generatePodReadyCondition(pod, conditions, phase, containersReady), containersReady];
}

/**
 * The pod's full condition list as the kubelet writes it (k8s-semantics §C): `Initialized`,
 * `Ready` and `ContainersReady` computed from the spec, the container statuses and
 * `status.phase` (reasons and messages word for word, readiness gates included), while
 * `PodScheduled`, `PodReadyToStartContainers`, `DisruptionTarget` and conditions owned by other
 * components (readiness gates) are kept from the input. `lastTransitionTime` becomes `now` only for
 * a new condition or a status flip (§C.7); an unchanged condition is returned as the same object.
 *
 * It does not compute the phase (pass a pod whose `status.phase` is already up to date; a missing
 * phase counts as Pending) nor add `PodScheduled` or `PodReadyToStartContainers`.
 *
 * @example
 * ```ts
 * import { derivePodConditions } from 'podkit';
 * const conditions = derivePodConditions(pod, '2024-05-01T10:00:00Z');
 * conditions.find((c) => c.type === 'Ready');
 * // { type: 'Ready', status: 'False', reason: 'ContainersNotReady',
 * //   message: 'containers with unready status: [web]', ... }
 * ```
 */
export function derivePodConditions(pod: Pick<Pod, 'spec' | 'status'>, now: TimeInput): PodCondition[] {
  const phase = pod.status?.phase ?? 'Pending';
  return assembleConditions(pod.status?.conditions ?? [], generateKubeletConditions(pod, phase), new LazyTimestamp(toMillis(now)));
}

const KUBELET_ORDER: Readonly<Record<string, number>> = Object.freeze({
  DisruptionTarget: 1,
  PodReadyToStartContainers: 2,
  Initialized: 3,
  Ready: 4,
  ContainersReady: 5,
  PodScheduled: 6,
});

/**
 * Orders a condition list as the kubelet writes it (§C), without regenerating anything:
 * conditions it does not own first (in their order), then `DisruptionTarget`,
 * `PodReadyToStartContainers`, `Initialized`, `Ready`, `ContainersReady`, `PodScheduled`.
 * Returns the input when it is already in order.
 */
export function orderConditions(list: readonly PodCondition[]): readonly PodCondition[] {
  const rank = (c: PodCondition): number => KUBELET_ORDER[c.type] ?? 0;
  for (let i = 1; i < list.length; i++) {
    if (rank(list[i - 1]!) > rank(list[i]!)) {
      return list.map((c, index) => ({ c, index })).sort((a, b) => rank(a.c) - rank(b.c) || a.index - b.index).map((x) => x.c);
    }
  }
  return list;
}

