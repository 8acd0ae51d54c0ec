// What the root `podkit` exports from the reducers area: the pure pod state machines. Their
// building blocks (back-off steps, probe helpers, termination times, condition generators) are in
// src/planners.ts (`podkit/planners`); reasons and defaults in src/model.ts (`podkit/model`).

// Pod phase and conditions (§A, §C)
export { derivePodPhase } from './pod-phase.js';
export type { DerivePodPhaseOptions } from './pod-phase.js';
export { derivePodConditions } from './conditions.js';

// Container states (§B)
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
export { planContainerStarts } from './restart-policy.js';
export type { ContainerStartPlan, PlannedStart, PlannedBackOff } from './restart-policy.js';
export { emptyBackOffState } from './backoff.js';
export type { BackOffState } from './backoff.js';

// Probes (§E)
export { initialProberState, proberReducer } from './probes.js';
export type { ProbeResult, ProberState, ProberStep } from './probes.js';

// Graceful termination (§F)
export { planTermination } from './termination.js';
export type { KillCause, TerminationStep, TerminationPlan, PlanTerminationOptions } from './termination.js';

// kubectl text (§G)
export { podStatusText, toPodRow, toPodRowWide, formatPodTable } from './pod-printer.js';
export type { PodRow, PodRowWide, FormatPodTableOptions } from './pod-printer.js';
export { humanDuration } from './human-duration.js';
