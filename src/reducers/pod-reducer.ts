/**
 * The pod state machine: folds {@link PodEvent} facts into a Pod, deriving the phase and the
 * kubelet conditions from the container statuses on every step (one source of truth).
 */
import { PodkitError } from '../errors.js';
import type { ContainerStatus, Pod } from '../model/index.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { assertNever } from './assert-never.js';
import { crashLoopBackOffMessage } from './backoff.js';
import {
  ContainerWaitingReasons,
  containerCreated,
  containerExited,
  containerLost,
  containerReadinessChanged,
  containerStarted,
  containerStartupSucceeded,
  enterWaiting,
  markTerminatedUnknown,
} from './container-state.js';
import { defaultWaitingReason, findContainer, findStatus, type ContainerRef } from './pod-containers.js';
import { PodDraft, isTerminalPhase } from './pod-draft.js';
import type { PodEvent } from './pod-events.js';
import { DEADLINE_EXCEEDED_MESSAGE, deletionGracePeriodSeconds } from './termination.js';
import { deepFreeze, timestampOf } from './timestamps.js';

function timeOf(value: TimeInput, field: string): number {
  try {
    return toMillis(value);
  } catch (cause) {
    throw new PodkitError('invalid_argument', `Expected ${field} to be a time (Date, RFC 3339 string or epoch ms), received ${JSON.stringify(String(value))}.`, {
      details: { field },
      cause,
    });
  }
}

/**
 * The pod state machine (k8s-semantics §A–§C, §F): returns the pod after `event`.
 *
 * - Container events update that container's status (`state` waiting / running / terminated with
 *   Kubernetes reasons, `lastState`, `restartCount`, `ready`, `started`, `containerID`,
 *   `imageID`); the first kubelet event also writes the kubelet's first status (`startTime`,
 *   default waiting reasons `ContainerCreating` / `PodInitializing`).
 * - The phase ({@link derivePodPhase}, kept terminal once terminal, reason and message kept while
 *   the phase is unchanged) and the `Initialized` / `Ready` / `ContainersReady` conditions
 *   ({@link derivePodConditions}) are recomputed from the statuses on every kubelet step.
 * - An event that changes nothing returns the same object; every output is deeply frozen.
 * - Events naming a container that is not in the spec, and container starts or waits on a
 *   terminal pod, change nothing. It never throws on a well-typed event with a valid time.
 *
 * It decides nothing: restarts, back-off, probes and termination are decided by
 * {@link planContainerStarts}, {@link stepBackOff}, {@link proberReducer} and
 * {@link planTermination}, and their outcomes come back as events.
 *
 * @example
 * ```ts
 * import { podReducer } from 'podkit';
 * import { newPod } from 'podkit/testing';
 * let pod = podReducer(newPod({ name: 'web' }), { type: 'Scheduled', at: '2024-05-01T10:00:00Z', nodeName: 'node-1' });
 * pod = podReducer(pod, { type: 'ContainerStarted', at: '2024-05-01T10:00:02Z', container: 'app', containerID: 'fake://1' });
 * pod.status?.phase; // 'Running'
 * ```
 */
export function podReducer(pod: Pod, event: PodEvent): Pod {
  const at = timeOf(event.at, 'event.at');
  // Inputs that did not come from the reducer are frozen once; outputs are frozen as they are built.
  const draft = new PodDraft(deepFreeze(pod), at);
  apply(draft, event, at);
  return draft.finish();
}

function apply(draft: PodDraft, event: PodEvent, at: number): void {
  switch (event.type) {
    case 'Scheduled': {
      const spec = draft.currentSpec;
      // A bound pod cannot be bound again elsewhere (the API server answers 409).
      if (spec.nodeName !== undefined && spec.nodeName !== event.nodeName) return;
      if (spec.nodeName !== event.nodeName) draft.setSpec({ ...spec, nodeName: event.nodeName });
      draft.setCondition('PodScheduled', 'True');
      draft.set('phase', draft.current.phase ?? 'Pending');
      return;
    }
    case 'SchedulingFailed':
      if (draft.currentSpec.nodeName !== undefined) return;
      draft.setCondition('PodScheduled', 'False', event.reason ?? 'Unschedulable', event.message);
      draft.set('phase', draft.current.phase ?? 'Pending');
      return;
    case 'Admitted':
      // A pod admitted before: a kubelet taking it over again regenerates its status (§L.4).
      if (draft.admitted) draft.regenerate();
      else draft.admit(event.hostIP);
      return;
    case 'AdmissionRejected':
      draft.forcePhase('Failed', event.reason, `Pod was rejected: ${event.message}`);
      return;
    case 'SandboxCreated': {
      draft.admit(event.hostIP);
      draft.setCondition('PodReadyToStartContainers', 'True');
      const ips = event.podIPs ?? (event.podIP === undefined ? undefined : [event.podIP]);
      if (ips !== undefined && ips.length > 0) {
        draft.set('podIP', ips[0]);
        const old = draft.current.podIPs;
        if (old === undefined || old.length !== ips.length || old.some((x, i) => x.ip !== ips[i])) draft.set('podIPs', ips.map((ip) => ({ ip })));
      }
      if (event.hostIP !== undefined) draft.set('hostIP', event.hostIP);
      return;
    }
    case 'SandboxDied':
      draft.admit();
      draft.setCondition('PodReadyToStartContainers', 'False');
      return;
    case 'ImagePulling':
    case 'ImagePulled':
      if (findContainer(draft.currentSpec, event.container) !== undefined) draft.admit();
      return;
    case 'ImagePullFailed':
      waiting(draft, event.container, (s, ref) =>
        enterWaiting(s, event.reason ?? ContainerWaitingReasons.ErrImagePull, event.message ?? `Failed to pull image ${JSON.stringify(ref.spec.image ?? '')}`),
      );
      return;
    case 'ImagePullBackOff':
      waiting(draft, event.container, (s, ref) => {
        const w = s.state?.waiting;
        if (event.message === undefined && w?.reason === ContainerWaitingReasons.ImagePullBackOff) return s;
        const previous = w?.reason === ContainerWaitingReasons.ErrImagePull && w.message !== undefined ? `: ${w.message}` : '';
        return enterWaiting(s, ContainerWaitingReasons.ImagePullBackOff, event.message ?? `Back-off pulling image ${JSON.stringify(ref.spec.image ?? '')}${previous}`);
      });
      return;
    case 'ContainerWaiting':
      waiting(draft, event.container, (s) => enterWaiting(s, event.reason, event.message));
      return;
    case 'BackOffStarted':
      waiting(draft, event.container, (s) =>
        enterWaiting(s, ContainerWaitingReasons.CrashLoopBackOff, crashLoopBackOffMessage(draft.base, event.container, event.delaySeconds * 1000)),
      );
      return;
    case 'ContainerCreated':
      if (isTerminalPhase(draft.current.phase)) return;
      container(draft, event.container, (s) => containerCreated(s, event.containerID, event.attempt));
      return;
    case 'ContainerStarted': {
      if (isTerminalPhase(draft.current.phase)) return;
      const startedAt = timestampOf(event.startedAt === undefined ? at : timeOf(event.startedAt, 'event.startedAt'));
      container(draft, event.container, (s, ref) =>
        containerStarted(s, ref, { containerID: event.containerID, startedAt, image: event.image, imageID: event.imageID, attempt: event.attempt }),
      );
      return;
    }
    case 'ContainerExited': {
      const finishedAt = timestampOf(event.finishedAt === undefined ? at : timeOf(event.finishedAt, 'event.finishedAt'));
      container(draft, event.container, (s, ref) =>
        containerExited(s, ref, {
          exitCode: event.exitCode,
          finishedAt,
          containerID: event.containerID,
          reason: event.reason,
          signal: event.signal,
          message: event.message,
        }),
      );
      return;
    }
    case 'ContainerLost': {
      const deleting = draft.base.metadata.deletionTimestamp !== undefined;
      container(draft, event.container, (s) => containerLost(s, defaultWaitingReason(draft.currentSpec), deleting));
      return;
    }
    case 'ProbeSucceeded':
    case 'ProbeFailed':
      probe(draft, event.type === 'ProbeSucceeded', event.probe, event.container);
      return;
    case 'ConditionChanged':
      // Another component wrote its own condition (DisruptionTarget, a readiness gate, ...). Only a
      // readiness gate feeds the kubelet's Ready (§C.2), so only then are the kubelet's conditions
      // regenerated; otherwise nothing else changes (a lost node's Ready=False stays, §L.4).
      draft.setCondition(event.conditionType, event.status, event.reason, event.message);
      if (!(draft.currentSpec.readinessGates ?? []).some((g) => g.conditionType === event.conditionType)) {
        draft.skipDerivation();
        draft.orderConditions();
      }
      return;
    case 'DeletionRequested': {
      const pod = draft.base;
      const grace = deletionGracePeriodSeconds(pod, event.gracePeriodSeconds);
      const deletionTimestamp = timestampOf(at + grace * 1000);
      const current = pod.metadata.deletionTimestamp;
      if (current !== undefined && toMillis(current) <= toMillis(deletionTimestamp)) return;
      draft.setMetadata({ ...pod.metadata, deletionTimestamp, deletionGracePeriodSeconds: grace });
      return;
    }
    case 'DeadlineExceeded':
      draft.admit();
      draft.forcePhase('Failed', 'DeadlineExceeded', DEADLINE_EXCEEDED_MESSAGE);
      return;
    case 'Evicted':
      draft.admit();
      if (isTerminalPhase(draft.current.phase)) return;
      draft.setCondition('DisruptionTarget', 'True', 'TerminationByKubelet', event.message);
      draft.forcePhase('Failed', event.reason ?? 'Evicted', event.message);
      return;
    case 'NodeLost': {
      // The node lifecycle controller (MarkPodsNotReady) flips an existing Ready condition to False, nothing else.
      draft.skipDerivation();
      const ready = draft.current.conditions?.find((c) => c.type === 'Ready');
      if (ready !== undefined && ready.status !== 'False') draft.setCondition('Ready', 'False', ready.reason, ready.message);
      if (event.legacyReason === true) {
        const pod = draft.base;
        draft.set('reason', 'NodeLost');
        draft.set('message', `Node ${pod.spec.nodeName ?? ''} which was running pod ${pod.metadata.name ?? ''} is unresponsive`);
      }
      return;
    }
    case 'PodTerminated':
      draft.admit();
      terminate(draft);
      return;
    default:
      assertNever(event, 'PodEvent');
  }
}

/** Applies a container status transition to a container of the spec (ignored otherwise), admitting the pod first. */
function container(draft: PodDraft, name: string, fn: (s: ContainerStatus, ref: ContainerRef) => ContainerStatus): void {
  const ref = findContainer(draft.currentSpec, name);
  if (ref === undefined) return;
  draft.admit();
  const status = findStatus(draft.current, name);
  if (status === undefined) return;
  draft.setContainerStatus(ref, fn(status, ref));
}

/** A waiting reason applies to a container that is not running, on a pod that is not terminal. */
function waiting(draft: PodDraft, name: string, fn: (s: ContainerStatus, ref: ContainerRef) => ContainerStatus): void {
  if (isTerminalPhase(draft.current.phase)) return;
  container(draft, name, (s, ref) => (s.state?.running !== undefined ? s : fn(s, ref)));
}

/** Published probe results (§E): startup success starts, readiness sets `ready`; liveness changes no status. */
function probe(draft: PodDraft, success: boolean, kind: 'liveness' | 'readiness' | 'startup', name: string): void {
  const ref = findContainer(draft.currentSpec, name);
  const status = findStatus(draft.current, name);
  if (ref === undefined || status === undefined) return;
  let next = status;
  if (kind === 'startup' && success) next = containerStartupSucceeded(status, ref);
  else if (kind === 'readiness' && ref.kind !== 'init') next = containerReadinessChanged(status, success);
  draft.setContainerStatus(ref, next);
}

/**
 * The kubelet finished terminating the pod (status manager `TerminatePod`, §A.6): containers that
 * never reported an exit become ContainerStatusUnknown (regular ones only once the pod has
 * initialized; init containers except the trailing ones that never started), the pod sandbox is
 * gone, and the phase is computed as terminal.
 */
function terminate(draft: PodDraft): void {
  const status = draft.current;
  const spec = draft.currentSpec;
  const regular = status.containerStatuses ?? [];
  const init = status.initContainerStatuses ?? [];
  const last = init[init.length - 1];
  const initialized =
    (spec.initContainers ?? []).length === 0 ||
    regular.some((s) => s.lastState?.terminated !== undefined || s.state?.waiting === undefined) ||
    (last?.state?.terminated !== undefined && last.state.terminated.exitCode === 0);
  let attempted = 0;
  for (let i = init.length - 1; i >= 0; i--) {
    const s = init[i]!;
    if (s.state?.waiting === undefined || s.lastState?.terminated !== undefined) {
      attempted = i + 1;
      break;
    }
  }
  if (attempted === 0 && init.length > 0) attempted = 1;
  const initIndex = new Map(init.map((s, i) => [s, i]));
  draft.mapContainerStatuses((s, isInit) => {
    if (isInit) return (initIndex.get(s) ?? init.length) < attempted ? markTerminatedUnknown(s) : s;
    return initialized ? markTerminatedUnknown(s) : s;
  });
  if (draft.current.conditions?.some((c) => c.type === 'PodReadyToStartContainers')) draft.setCondition('PodReadyToStartContainers', 'False');
  draft.markTerminal();
}
