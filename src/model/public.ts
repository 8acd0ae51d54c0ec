// The model's public surface: schemas (the source of truth) and their inferred types.
export {
  ObjectMetaSchema,
  OwnerReferenceSchema,
  ConditionStatusSchema,
  IntOrStringSchema,
  QuantitySchema,
  ResourceListSchema,
  LabelSelectorSchema,
  LabelSelectorRequirementSchema,
  NodeSelectorSchema,
  NodeSelectorTermSchema,
  NodeSelectorRequirementSchema,
  PreferredSchedulingTermSchema,
  NodeAffinitySchema,
  AffinitySchema,
  TaintSchema,
  TaintEffectSchema,
  TolerationSchema,
  ContainerSchema,
  EnvVarSchema,
  ObjectFieldSelectorSchema,
  ResourceFieldSelectorSchema,
  KeySelectorSchema,
  ContainerPortSchema,
  VolumeMountSchema,
  ResourceRequirementsSchema,
  ProbeSchema,
  ExecActionSchema,
  HTTPGetActionSchema,
  HTTPHeaderSchema,
  TCPSocketActionSchema,
  GRPCActionSchema,
  LifecycleSchema,
  LifecycleHandlerSchema,
  PullPolicySchema,
  VolumeSchema,
  RestartPolicySchema,
  PodReadinessGateSchema,
  PodSpecSchema,
  PodPhaseSchema,
  PodConditionSchema,
  ContainerStateSchema,
  ContainerStateWaitingSchema,
  ContainerStateRunningSchema,
  ContainerStateTerminatedSchema,
  ContainerStatusSchema,
  PodStatusSchema,
  PodSchema,
  PodTemplateSpecSchema,
  WorkloadConditionSchema,
  ReplicaSetSchema,
  ReplicaSetSpecSchema,
  ReplicaSetStatusSchema,
  JobSchema,
  JobSpecSchema,
  JobStatusSchema,
  PodFailurePolicySchema,
  PodFailurePolicyRuleSchema,
  PodFailurePolicyOnExitCodesRequirementSchema,
  PodFailurePolicyOnPodConditionsPatternSchema,
  SuccessPolicySchema,
  SuccessPolicyRuleSchema,
  DaemonSetSchema,
  DaemonSetSpecSchema,
  DaemonSetStatusSchema,
  DaemonSetUpdateStrategySchema,
  NodeSchema,
  NodeSpecSchema,
  NodeStatusSchema,
  NodeConditionSchema,
} from './index.js';
export type {
  ObjectMeta,
  OwnerReference,
  ConditionStatus,
  IntOrString,
  Quantity,
  ResourceList,
  LabelSelector,
  LabelSelectorRequirement,
  NodeSelector,
  NodeSelectorTerm,
  NodeSelectorRequirement,
  PreferredSchedulingTerm,
  NodeAffinity,
  Affinity,
  Taint,
  TaintEffect,
  Toleration,
  Container,
  EnvVar,
  ObjectFieldSelector,
  ResourceFieldSelector,
  KeySelector,
  ContainerPort,
  VolumeMount,
  ResourceRequirements,
  Probe,
  ExecAction,
  HTTPGetAction,
  TCPSocketAction,
  GRPCAction,
  Lifecycle,
  LifecycleHandler,
  PullPolicy,
  Volume,
  RestartPolicy,
  PodReadinessGate,
  PodSpec,
  PodPhase,
  PodCondition,
  ContainerState,
  ContainerStateTerminated,
  ContainerStatus,
  PodStatus,
  Pod,
  PodTemplateSpec,
  WorkloadCondition,
  ReplicaSet,
  ReplicaSetSpec,
  ReplicaSetStatus,
  Job,
  JobSpec,
  JobStatus,
  PodFailurePolicy,
  PodFailurePolicyRule,
  SuccessPolicy,
  DaemonSet,
  DaemonSetSpec,
  DaemonSetStatus,
  DaemonSetUpdateStrategy,
  Node,
  NodeSpec,
  NodeStatus,
  NodeCondition,
  KubeObject,
} from './index.js';

export { toMillis, toTimestamp } from './time.js';
export type { TimeInput } from './time.js';
export { getPodCondition, isPodReady, isPodTerminal, isPodActive, isSidecar, objectKey } from './pod-utils.js';
export { ObjectReferenceSchema, KubeEventSchema } from './event.js';
export type { ObjectReference, KubeEvent } from './event.js';

// Quantities (exact, bigint-based)
export { parseQuantity, quantityToMilli, quantityToValue, compareQuantities, QUANTITY_FORMAT_ERROR } from './quantity.js';
export type { ParsedQuantity, QuantityFormat } from './quantity.js';
export { parseImageReference } from './image-ref.js';
export type { ImageReference } from './image-ref.js';

// Defaults and validation (the API server's create path)
export { applyDefaults } from './defaults.js';
export { validateObject, formatValidationIssues, assertValidObject } from './validation.js';
export { formatValidationIssue } from './field-error.js';
export type { ValidationIssue, ValidationIssueType } from './field-error.js';
export {
  JOB_CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
} from './defaults-workloads.js';

// Kind registry (read-only)
export { getKindDefinition, listKinds } from './kinds.js';
export type { KindDefinition } from './kinds.js';

// Manifests
export { parseManifests, parseManifestsWithWarnings, safeParseManifests, serializeManifests } from './manifest.js';
export type { ParseManifestsOptions, ParseManifestsResult } from './manifest.js';
export type { FieldValidation } from './decode.js';
export { ManifestError, formatManifestIssue } from './manifest-error.js';
export type { ManifestIssue, ManifestWarning } from './manifest-error.js';

// Deployment (apps/v1)
export {
  DeploymentSchema,
  DeploymentSpecSchema,
  DeploymentStatusSchema,
  DeploymentStrategySchema,
  RollingUpdateDeploymentSchema,
  DeploymentConditionSchema,
} from './deployment.js';
export type {
  Deployment,
  DeploymentSpec,
  DeploymentStatus,
  DeploymentStrategy,
  RollingUpdateDeployment,
  DeploymentCondition,
} from './deployment.js';

// StatefulSet, ControllerRevision (apps/v1), PersistentVolumeClaim (v1)
export {
  StatefulSetSchema,
  StatefulSetSpecSchema,
  StatefulSetStatusSchema,
  StatefulSetUpdateStrategySchema,
  StatefulSetPersistentVolumeClaimRetentionPolicySchema,
  ControllerRevisionSchema,
  PersistentVolumeClaimSchema,
  PersistentVolumeClaimSpecSchema,
  PersistentVolumeClaimStatusSchema,
  PersistentVolumeClaimTemplateSchema,
} from './stateful-set.js';
export type {
  StatefulSet,
  StatefulSetSpec,
  StatefulSetStatus,
  StatefulSetUpdateStrategy,
  StatefulSetPersistentVolumeClaimRetentionPolicy,
  ControllerRevision,
  PersistentVolumeClaim,
  PersistentVolumeClaimSpec,
  PersistentVolumeClaimStatus,
  PersistentVolumeClaimTemplate,
} from './stateful-set.js';

// CronJob (batch/v1)
export { CronJobSchema, CronJobSpecSchema, CronJobStatusSchema, JobTemplateSpecSchema, ConcurrencyPolicySchema } from './cron-job.js';
export type { CronJob, CronJobSpec, CronJobStatus, JobTemplateSpec, ConcurrencyPolicy } from './cron-job.js';
export { parseCronSchedule } from './cron-job-schedule.js';
export type { CronSchedule } from './cron-job-schedule.js';
export { loadTimeZone } from './cron-job-time-zone.js';
export type { TimeZone } from './cron-job-time-zone.js';
