/**
 * The facts {@link podReducer} folds into a pod: a discriminated union of past-tense events, each
 * with its own time `at`. Produced by the scheduler, the API server and the PodController (the
 * kubelet shell) from what the runtime and the prober report.
 */
import type { ConditionStatus } from '../model/index.js';
import type { TimeInput } from '../model/time.js';

/** The probe kinds (§E). */
export type ProbeKind = 'liveness' | 'readiness' | 'startup';

interface At {
  /** When it happened: a Date, an RFC 3339 string or ms since the epoch. Status times are whole seconds. */
  readonly at: TimeInput;
}
interface OfContainer extends At {
  /** The container's name (an init container or a regular container). Unknown names are ignored. */
  readonly container: string;
}

/** The scheduler bound the pod to a node: `spec.nodeName`, `PodScheduled=True`. */
export interface ScheduledEvent extends At { readonly type: 'Scheduled'; readonly nodeName: string }
/** The scheduler could not place the pod: `PodScheduled=False` with its reason (§C.5). */
export interface SchedulingFailedEvent extends At {
  readonly type: 'SchedulingFailed';
  /** Defaults to `Unschedulable`. */
  readonly reason?: 'Unschedulable' | 'SchedulingGated' | 'SchedulerError';
  readonly message?: string;
}
/**
 * The kubelet accepted the pod and wrote its first status (start time, waiting containers). Every
 * kubelet event implies it. On a pod it admitted before (a kubelet that restarted or came back
 * takes it over), it regenerates the phase and the kubelet's conditions from the container
 * statuses, as the status manager does (`generateAPIPodStatus`): a `Ready=False` the node
 * lifecycle controller wrote while the node was away (§L.4) is replaced.
 */
export interface AdmittedEvent extends At { readonly type: 'Admitted'; readonly hostIP?: string }
/** The kubelet rejected the pod at admission (`OutOfcpu`, `NodeAffinity`, ...): phase Failed. */
export interface AdmissionRejectedEvent extends At { readonly type: 'AdmissionRejected'; readonly reason: string; readonly message: string }
/** The pod sandbox is up: `PodReadyToStartContainers=True`, pod IPs. */
export interface SandboxCreatedEvent extends At {
  readonly type: 'SandboxCreated';
  readonly podIP?: string;
  /** All pod IPs; defaults to `[podIP]`. */
  readonly podIPs?: readonly string[];
  readonly hostIP?: string;
}
/** The pod sandbox died or could not be created: `PodReadyToStartContainers=False`. */
export interface SandboxDiedEvent extends At { readonly type: 'SandboxDied' }
/** The kubelet started pulling a container's image (no status change, §B.2). */
export interface ImagePullingEvent extends OfContainer { readonly type: 'ImagePulling' }
/** A container's image is present (no status change until the container is created). */
export interface ImagePulledEvent extends OfContainer { readonly type: 'ImagePulled'; readonly imageID?: string }
/** An image pull failed: waiting `ErrImagePull` (or `ErrImageNeverPull`, `InvalidImageName`, `ImageInspectError`). */
export interface ImagePullFailedEvent extends OfContainer {
  readonly type: 'ImagePullFailed';
  readonly reason?: 'ErrImagePull' | 'ErrImageNeverPull' | 'InvalidImageName' | 'ImageInspectError';
  /** Defaults to `Failed to pull image "<image>"`. */
  readonly message?: string;
}
/** The kubelet is backing off pulling the image: waiting `ImagePullBackOff`, `Back-off pulling image "<image>"`. */
export interface ImagePullBackOffEvent extends OfContainer { readonly type: 'ImagePullBackOff'; readonly message?: string }
/** A container instance was created (runtime state `created`). */
export interface ContainerCreatedEvent extends OfContainer {
  readonly type: 'ContainerCreated';
  readonly containerID: string;
  /** The instance number: 0 for the first, the new restartCount for restarts. */
  readonly attempt?: number;
}
/** The kubelet could not create or start a container: waiting with its reason (`CreateContainerConfigError`, `RunContainerError`, ...). */
export interface ContainerWaitingEvent extends OfContainer { readonly type: 'ContainerWaiting'; readonly reason: string; readonly message?: string }
/** A container is running. `started`/`ready` follow its startup and readiness probes. */
export interface ContainerStartedEvent extends OfContainer {
  readonly type: 'ContainerStarted';
  /** `<runtime>://<id>`. */
  readonly containerID: string;
  readonly imageID?: string;
  /** The image as the runtime reports it; defaults to the spec image. */
  readonly image?: string;
  /** Defaults to `at`. */
  readonly startedAt?: TimeInput;
  /** The instance number (becomes `restartCount`); defaults to +1 over an earlier instance. */
  readonly attempt?: number;
}
/** A container exited (runtime state exited). */
export interface ContainerExitedEvent extends OfContainer {
  readonly type: 'ContainerExited';
  readonly exitCode: number;
  /** The runtime's reason; defaults to `Completed` (exit 0) or `Error`. */
  readonly reason?: 'Completed' | 'Error' | 'OOMKilled' | 'StartError' | 'ContainerCannotRun' | (string & {});
  readonly signal?: number;
  readonly message?: string;
  readonly containerID?: string;
  /** Defaults to `at`. */
  readonly finishedAt?: TimeInput;
}
/** A running container vanished from the runtime (§B.3): `lastState` ContainerStatusUnknown. */
export interface ContainerLostEvent extends OfContainer { readonly type: 'ContainerLost' }
/** The kubelet holds a failed container in CrashLoopBackOff for `delaySeconds` (§D). */
export interface BackOffStartedEvent extends OfContainer { readonly type: 'BackOffStarted'; readonly delaySeconds: number }
/** A probe's published result became Success (after `successThreshold`, §E.3). */
export interface ProbeSucceededEvent extends OfContainer { readonly type: 'ProbeSucceeded'; readonly probe: ProbeKind }
/**
 * A probe's published result became Failure (after `failureThreshold`). Readiness: `ready=false`.
 * Liveness and startup change no status: the kubelet kills the container, which the runtime then
 * reports as `ContainerExited`.
 */
export interface ProbeFailedEvent extends OfContainer { readonly type: 'ProbeFailed'; readonly probe: ProbeKind; readonly message?: string }
/** Another component set a pod condition (a readiness gate, `DisruptionTarget`, ...). */
export interface ConditionChangedEvent extends At {
  readonly type: 'ConditionChanged';
  readonly conditionType: string;
  readonly status: ConditionStatus;
  readonly reason?: string;
  readonly message?: string;
}
/** `DELETE pod` (§F.1): `deletionTimestamp = at + grace`; a second delete may only shorten the grace. */
export interface DeletionRequestedEvent extends At {
  readonly type: 'DeletionRequested';
  /** Overrides `spec.terminationGracePeriodSeconds`. */
  readonly gracePeriodSeconds?: number;
}
/** `activeDeadlineSeconds` passed (§A.5): phase Failed, reason `DeadlineExceeded`. */
export interface DeadlineExceededEvent extends At { readonly type: 'DeadlineExceeded' }
/** The kubelet evicted the pod (node pressure): phase Failed, reason `Evicted`, `DisruptionTarget=True`. */
export interface EvictedEvent extends At { readonly type: 'Evicted'; readonly message: string; readonly reason?: string }
/**
 * The node stopped reporting (§L.4): `Ready=False`, the phase stays. `legacyReason` also sets
 * `status.reason=NodeLost` as older node controllers did (kubectl then shows `Unknown` once deleted).
 */
export interface NodeLostEvent extends At { readonly type: 'NodeLost'; readonly legacyReason?: boolean }
/** The kubelet finished terminating the pod (§A.6): unfinished containers become ContainerStatusUnknown, the phase terminal. */
export interface PodTerminatedEvent extends At { readonly type: 'PodTerminated' }

/** Every fact the pod reducer understands. */
export type PodEvent =
  | ScheduledEvent
  | SchedulingFailedEvent
  | AdmittedEvent
  | AdmissionRejectedEvent
  | SandboxCreatedEvent
  | SandboxDiedEvent
  | ImagePullingEvent
  | ImagePulledEvent
  | ImagePullFailedEvent
  | ImagePullBackOffEvent
  | ContainerCreatedEvent
  | ContainerWaitingEvent
  | ContainerStartedEvent
  | ContainerExitedEvent
  | ContainerLostEvent
  | BackOffStartedEvent
  | ProbeSucceededEvent
  | ProbeFailedEvent
  | ConditionChangedEvent
  | DeletionRequestedEvent
  | DeadlineExceededEvent
  | EvictedEvent
  | NodeLostEvent
  | PodTerminatedEvent;

/** The `type` of every {@link PodEvent}. */
export type PodEventType = PodEvent['type'];

/** The event types, in a stable order (for exhaustive tests and tooling). */
export const podEventTypes: readonly PodEventType[] = Object.freeze([
  'Scheduled',
  'SchedulingFailed',
  'Admitted',
  'AdmissionRejected',
  'SandboxCreated',
  'SandboxDied',
  'ImagePulling',
  'ImagePulled',
  'ImagePullFailed',
  'ImagePullBackOff',
  'ContainerCreated',
  'ContainerWaiting',
  'ContainerStarted',
  'ContainerExited',
  'ContainerLost',
  'BackOffStarted',
  'ProbeSucceeded',
  'ProbeFailed',
  'ConditionChanged',
  'DeletionRequested',
  'DeadlineExceeded',
  'Evicted',
  'NodeLost',
  'PodTerminated',
] as const);
