// The reducers area's public surface (explicit named exports only): the pure pod state machines.

// Pod phase and conditions (§A, §C)
export { derivePodPhase } from './pod-phase.js';
export type { DerivePodPhaseOptions } from './pod-phase.js';
export {
  derivePodConditions,
  generateContainersReadyCondition,
  generatePodReadyCondition,
  generatePodInitializedCondition,
  PodConditionReasons,
} from './conditions.js';
export type { GeneratedCondition } from './conditions.js';

// Container states (§B)
export { ContainerWaitingReasons, ContainerTerminatedReasons } from './container-state.js';
export type { ContainerKind } from './pod-containers.js';

// The pod reducer and its events
export { podReducer } from './pod-reducer.js';
export { podEventTypes } from './pod-events.js';
export type {
  PodEvent,
  PodEventType,
  ProbeKind,
  ScheduledEvent,
  SchedulingFailedEvent,
  AdmittedEvent,
  AdmissionRejectedEvent,
  SandboxCreatedEvent,
  SandboxDiedEvent,
  ImagePullingEvent,
  ImagePulledEvent,
  ImagePullFailedEvent,
  ImagePullBackOffEvent,
  ContainerCreatedEvent,
  ContainerWaitingEvent,
  ContainerStartedEvent,
  ContainerExitedEvent,
  ContainerLostEvent,
  BackOffStartedEvent,
  ProbeSucceededEvent,
  ProbeFailedEvent,
  ConditionChangedEvent,
  DeletionRequestedEvent,
  DeadlineExceededEvent,
  EvictedEvent,
  NodeLostEvent,
  PodTerminatedEvent,
} from './pod-events.js';

// Restart policy and back-off (§D)
export { shouldRestartContainer, planContainerStarts } from './restart-policy.js';
export type { ContainerStartPlan, PlannedStart, PlannedBackOff } from './restart-policy.js';
export {
  stepBackOff,
  advanceBackOff,
  backOffDelay,
  isInBackOff,
  isInBackOffSinceUpdate,
  pruneBackOff,
  backOffKey,
  crashLoopBackOffMessage,
  crashLoopBackOffPolicy,
  imagePullBackOffPolicy,
  emptyBackOffState,
} from './backoff.js';
export type { BackOffPolicy, BackOffEntry, BackOffState, BackOffStep } from './backoff.js';

// Probes (§E)
export {
  probeDefaults,
  resolveProbe,
  initialProbeResult,
  initialProberState,
  proberReducer,
  proberContainerChanged,
  proberPodDeleting,
  nextProbeTime,
  isProbeDue,
  probeFailureMessages,
} from './probes.js';
export type { ResolvedProbe, ProbeResult, ProberState, ProberStep } from './probes.js';

// Graceful termination (§F)
export {
  deletionGracePeriodSeconds,
  killGracePeriodSeconds,
  planTermination,
  containersToSignal,
  sigkillAt,
  activeDeadlineAt,
  isActiveDeadlineExceeded,
  DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS,
  MINIMUM_GRACE_PERIOD_SECONDS,
  DEADLINE_EXCEEDED_MESSAGE,
} from './termination.js';
export type { KillCause, TerminationStep, TerminationPlan, PlanTerminationOptions } from './termination.js';

// kubectl text (§G)
export { podStatusText, toPodRow, toPodRowWide, formatPodTable } from './pod-printer.js';
export type { PodRow, PodRowWide, FormatPodTableOptions } from './pod-printer.js';
export { humanDuration, goDuration } from './human-duration.js';
