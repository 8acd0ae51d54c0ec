/**
 * Container status transitions (k8s-semantics §B): pure functions from one `ContainerStatus` to
 * the next, returning the same object when nothing changes. The pod reducer composes them.
 */
import type { ContainerState, ContainerStateTerminated, ContainerStatus } from '../model/index.js';
import type { ContainerRef } from './pod-containers.js';

/** Container waiting reasons the kubelet reports (§B.1–§B.2). */
export const ContainerWaitingReasons = Object.freeze({
  ContainerCreating: 'ContainerCreating',
  PodInitializing: 'PodInitializing',
  CrashLoopBackOff: 'CrashLoopBackOff',
  ErrImagePull: 'ErrImagePull',
  ImagePullBackOff: 'ImagePullBackOff',
  ErrImageNeverPull: 'ErrImageNeverPull',
  InvalidImageName: 'InvalidImageName',
  ImageInspectError: 'ImageInspectError',
  CreateContainerConfigError: 'CreateContainerConfigError',
  CreateContainerError: 'CreateContainerError',
  PreStartHookError: 'PreStartHookError',
  PostStartHookError: 'PostStartHookError',
  RunContainerError: 'RunContainerError',
  CreatePodSandboxError: 'CreatePodSandboxError',
} as const);

/** Container terminated reasons (§B.1): the runtime's, plus the kubelet's `ContainerStatusUnknown`. */
export const ContainerTerminatedReasons = Object.freeze({
  Completed: 'Completed',
  Error: 'Error',
  OOMKilled: 'OOMKilled',
  ContainerCannotRun: 'ContainerCannotRun',
  StartError: 'StartError',
  ContainerStatusUnknown: 'ContainerStatusUnknown',
} as const);

/** The message of a container the kubelet could not find when the pod was terminated (§A.6). */
export const TERMINATED_UNKNOWN_MESSAGE = 'The container could not be located when the pod was terminated';
/** The message of a running container that vanished from the runtime (§B.3; two spaces, verbatim). */
export const VANISHED_MESSAGE = 'The container could not be located when the pod was deleted.  The container used to be Running';

const EMPTY_STATE: ContainerState = Object.freeze({});

/** The first status of a container with no runtime record: waiting with the default reason (§B.1). */
export function initialContainerStatus(ref: ContainerRef, reason: string): ContainerStatus {
  return {
    name: ref.name,
    state: { waiting: { reason } },
    lastState: EMPTY_STATE,
    ready: false,
    restartCount: 0,
    image: ref.spec.image ?? '',
    imageID: '',
    started: false,
  };
}

function sameWaiting(state: ContainerState | undefined, reason: string | undefined, message: string | undefined): boolean {
  const w = state?.waiting;
  return w !== undefined && w.reason === reason && w.message === message;
}

/**
 * The container enters a waiting state with `reason` (§B.2); a terminated state moves to
 * `lastState` first. Returns `status` itself if it already waits for the same reason and message.
 */
export function enterWaiting(status: ContainerStatus, reason: string | undefined, message?: string): ContainerStatus {
  if (sameWaiting(status.state, reason, message)) return status;
  const waiting = { ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) };
  const terminated = status.state?.terminated;
  return {
    ...status,
    state: { waiting },
    ...(terminated === undefined ? {} : { lastState: { terminated } }),
    ready: false,
    started: false,
  };
}

/** True iff the status records an earlier instance of the container (so a new one is a restart). */
function hadInstance(status: ContainerStatus): boolean {
  return status.containerID !== undefined || status.state?.terminated !== undefined || status.lastState?.terminated !== undefined;
}

/**
 * The fields of a new container instance (§B.3): the previous terminated state becomes `lastState`,
 * `restartCount` becomes `attempt` (or +1 over an earlier instance), never decreasing.
 */
function newInstance(status: ContainerStatus, containerID: string, attempt: number | undefined): ContainerStatus {
  const terminated = status.state?.terminated;
  const counted = attempt ?? (hadInstance(status) ? status.restartCount + 1 : status.restartCount);
  return {
    ...status,
    ...(terminated === undefined ? {} : { lastState: { terminated } }),
    restartCount: Math.max(status.restartCount, counted),
    containerID,
  };
}

/** A container instance was created but not started: `waiting: {}` (runtime state `created`, §B.1). */
export function containerCreated(status: ContainerStatus, containerID: string, attempt?: number): ContainerStatus {
  if (status.containerID === containerID) return status;
  return { ...newInstance(status, containerID, attempt), state: { waiting: {} }, ready: false, started: false };
}

/** Facts of a container start. */
export interface StartFacts {
  readonly containerID: string;
  readonly startedAt: string;
  readonly image?: string | undefined;
  readonly imageID?: string | undefined;
  readonly attempt?: number | undefined;
}

/**
 * `started` and `ready` of a running container before any probe result (§B.3, §E.1): started unless
 * it has a startup probe; ready once started unless it has a readiness probe. A running regular
 * init container is never ready.
 */
function flagsAtStart(ref: ContainerRef): { started: boolean; ready: boolean } {
  const started = ref.spec.startupProbe === undefined;
  return { started, ready: ref.kind !== 'init' && started && ref.spec.readinessProbe === undefined };
}

/** The container is running (runtime state running, §B.1). */
export function containerStarted(status: ContainerStatus, ref: ContainerRef, facts: StartFacts): ContainerStatus {
  const running = status.state?.running;
  if (status.containerID === facts.containerID && running !== undefined && running.startedAt === facts.startedAt) return status;
  const base = status.containerID === facts.containerID ? status : newInstance(status, facts.containerID, facts.attempt);
  return {
    ...base,
    state: { running: { startedAt: facts.startedAt } },
    image: facts.image ?? base.image,
    imageID: facts.imageID ?? base.imageID,
    ...flagsAtStart(ref),
  };
}

/** Facts of a container exit. */
export interface ExitFacts {
  readonly exitCode: number;
  readonly finishedAt: string;
  readonly containerID?: string | undefined;
  readonly reason?: string | undefined;
  readonly signal?: number | undefined;
  readonly message?: string | undefined;
  readonly startedAt?: string | undefined;
}

/**
 * The container exited (runtime state exited, §B.1): `terminated` with the runtime's reason
 * (`Completed` for exit 0, `Error` otherwise, unless given: `OOMKilled`, `StartError`,
 * `ContainerCannotRun`). A regular init container that exited 0 is ready. An exit reported for an
 * older instance while a newer one runs is ignored.
 */
export function containerExited(status: ContainerStatus, ref: ContainerRef, facts: ExitFacts): ContainerStatus {
  const id = facts.containerID ?? status.containerID;
  const current = status.state;
  if (id !== status.containerID && current?.running !== undefined) return status;
  const prev = current?.terminated;
  if (prev !== undefined && id === status.containerID && prev.exitCode === facts.exitCode && prev.finishedAt === facts.finishedAt) return status;
  const base = id === undefined || id === status.containerID ? status : newInstance(status, id, undefined);
  const startedAt = facts.startedAt ?? (id === status.containerID ? current?.running?.startedAt : undefined);
  const terminated: ContainerStateTerminated = {
    exitCode: facts.exitCode,
    ...(facts.signal === undefined || facts.signal === 0 ? {} : { signal: facts.signal }),
    reason: facts.reason ?? (facts.exitCode === 0 ? ContainerTerminatedReasons.Completed : ContainerTerminatedReasons.Error),
    ...(facts.message === undefined ? {} : { message: facts.message }),
    ...(startedAt === undefined ? {} : { startedAt }),
    finishedAt: facts.finishedAt,
    ...(id === undefined ? {} : { containerID: id }),
  };
  return { ...base, state: { terminated }, ready: ref.kind === 'init' && facts.exitCode === 0, started: false };
}

/**
 * A running container vanished from the runtime (§B.3): it shows the default waiting state, its
 * `lastState` is `ContainerStatusUnknown` (137), and `restartCount` grows unless the pod is being
 * deleted. Non-running containers are returned unchanged.
 */
export function containerLost(status: ContainerStatus, defaultReason: string, deleting: boolean): ContainerStatus {
  if (status.state?.running === undefined) return status;
  return {
    ...status,
    state: { waiting: { reason: defaultReason } },
    lastState: { terminated: { exitCode: 137, reason: ContainerTerminatedReasons.ContainerStatusUnknown, message: VANISHED_MESSAGE } },
    restartCount: deleting ? status.restartCount : status.restartCount + 1,
    ready: false,
    started: false,
  };
}

/** A container not terminated when its pod finished terminating becomes `ContainerStatusUnknown` (§A.6). */
export function markTerminatedUnknown(status: ContainerStatus): ContainerStatus {
  if (status.state?.terminated !== undefined) return status;
  return {
    ...status,
    state: { terminated: { exitCode: 137, reason: ContainerTerminatedReasons.ContainerStatusUnknown, message: TERMINATED_UNKNOWN_MESSAGE } },
    ready: false,
    started: false,
  };
}

/** The startup probe succeeded (§B.3): a running container becomes started, and ready unless it has a readiness probe. */
export function containerStartupSucceeded(status: ContainerStatus, ref: ContainerRef): ContainerStatus {
  if (status.state?.running === undefined || status.started === true) return status;
  const ready = ref.kind !== 'init' && ref.spec.readinessProbe === undefined;
  return { ...status, started: true, ready };
}

/** The readiness result changed (§B.3, §E.5): ready iff running, started and the result is Success. */
export function containerReadinessChanged(status: ContainerStatus, success: boolean): ContainerStatus {
  const ready = success && status.state?.running !== undefined && status.started === true;
  return status.ready === ready ? status : { ...status, ready };
}
