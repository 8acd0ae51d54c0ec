// What the root `podkit` exports from the model: the kinds' types, defaults, validation and
// manifests. The zod schemas, well-known keys and low-level helpers are in src/model.ts
// (`podkit/model`).
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

export type { TimeInput } from './time.js';
export { isPodReady, isPodTerminal, isPodActive } from './pod-utils.js';
export type { ObjectReference, KubeEvent } from './event.js';

// Defaults and validation (the API server's create path)
export { applyDefaults } from './defaults.js';
export { validateObject, formatValidationIssues, assertValidObject } from './validation.js';
export { formatValidationIssue } from './field-error.js';
export type { ValidationIssue, ValidationIssueType } from './field-error.js';

// Manifests
export { parseManifests, parseManifestsWithWarnings, safeParseManifests, serializeManifests } from './manifest.js';
export type { ParseManifestsOptions, ParseManifestsResult } from './manifest.js';
export type { FieldValidation } from './decode.js';
export { ManifestError, formatManifestIssue } from './manifest-error.js';
export type { ManifestIssue, ManifestWarning } from './manifest-error.js';

// Deployment (apps/v1)
export type {
  Deployment,
  DeploymentSpec,
  DeploymentStatus,
  DeploymentStrategy,
  RollingUpdateDeployment,
  DeploymentCondition,
} from './deployment.js';

// StatefulSet, ControllerRevision (apps/v1), PersistentVolumeClaim (v1)
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
export type { CronJob, CronJobSpec, CronJobStatus, JobTemplateSpec, ConcurrencyPolicy } from './cron-job.js';

// Lease (coordination.k8s.io/v1)
export type { Lease, LeaseSpec } from './lease.js';
