/**
 * `podkit/model` — the model's low-level surface: the zod schemas (the source of truth of every
 * kind), well-known label, annotation and finalizer keys, reasons, messages and default values,
 * and low-level model helpers (quantities, image references, timestamps, cron schedules, time
 * zones, pod condition getters, the kind registry).
 *
 * The kinds' types (`Pod`, `ReplicaSet`, ...), `applyDefaults`, `validateObject` and the manifest
 * functions are in the root `podkit` entry point.
 * @example
 * ```ts
 * import { PodSchema, JOB_NAME_LABEL, parseQuantity } from 'podkit/model';
 * PodSchema.parse({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } });
 * JOB_NAME_LABEL; // 'batch.kubernetes.io/job-name'
 * parseQuantity('500m');
 * ```
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------
// Schemas (zod): the source of truth of every kind.
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
} from './model/index.js';
export { ObjectReferenceSchema, KubeEventSchema } from './model/event.js';
export {
  DeploymentSchema,
  DeploymentSpecSchema,
  DeploymentStatusSchema,
  DeploymentStrategySchema,
  RollingUpdateDeploymentSchema,
  DeploymentConditionSchema,
} from './model/deployment.js';
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
} from './model/stateful-set.js';
export { CronJobSchema, CronJobSpecSchema, CronJobStatusSchema, JobTemplateSpecSchema, ConcurrencyPolicySchema } from './model/cron-job.js';
export { LeaseSchema, LeaseSpecSchema } from './model/lease.js';

// ---------------------------------------------------------------------------------------------
// Well-known labels, annotations, finalizers, taints and environment variables.
export {
  JOB_CONTROLLER_UID_LABEL,
  JOB_NAME_LABEL,
  LEGACY_CONTROLLER_UID_LABEL,
  LEGACY_JOB_NAME_LABEL,
} from './model/defaults-workloads.js';
export {
  JOB_TRACKING_FINALIZER,
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_COMPLETION_INDEX_ENV,
} from './planners/job/job-constants.js';
export { CONTROLLER_REVISION_HASH_LABEL, POD_TEMPLATE_GENERATION_LABEL } from './planners/daemon-set/daemon-pods.js';
export { CONTROLLER_REVISION_HASH_KEY } from './planners/stateful-set/revisions.js';
export { STATEFUL_SET_POD_NAME_LABEL, POD_INDEX_LABEL } from './planners/stateful-set/identity.js';
export {
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
} from './planners/deployment/deployment-util.js';
export { CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION } from './planners/cron-job/job-from-template.js';
export { POD_DELETION_COST_ANNOTATION } from './planners/rank-pods.js';
export {
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  TAINT_NODE_OUT_OF_SERVICE,
  DEFAULT_TOLERATION_SECONDS,
  DO_NOT_SCHEDULE_EFFECTS,
} from './planners/taints.js';
export { FOREGROUND_FINALIZER } from './store/store-core.js';
export { PodLabelKeys } from './controllers/pod-controller/labels.js';

// ---------------------------------------------------------------------------------------------
// Reasons, condition types and messages.
export { ContainerWaitingReasons, ContainerTerminatedReasons } from './reducers/container-state.js';
export { PodConditionReasons } from './reducers/conditions.js';
export { DEADLINE_EXCEEDED_MESSAGE } from './reducers/termination.js';
export { JobConditionType, JobConditionReason } from './planners/job/job-constants.js';
export { DeploymentConditionReason } from './planners/deployment/deployment-util.js';
export { SchedulingReasons } from './planners/scheduler-filters.js';
export { NO_NODES_AVAILABLE } from './planners/schedule-pod.js';
export { REPLICA_FAILURE } from './planners/replica-set-status.js';
export { SCHEDULING_GATED_MESSAGE } from './controllers/cluster/scheduler-controller.js';
export { POD_UPDATE_FORBIDDEN } from './controllers/cluster/apply.js';
export { QUANTITY_FORMAT_ERROR } from './model/quantity.js';

// ---------------------------------------------------------------------------------------------
// Component names and default values.
export { JOB_CONTROLLER_NAME } from './controllers/workloads/job-controller.js';
export { DAEMON_SET_CONTROLLER_NAME } from './controllers/workloads/daemon-set-controller.js';
export { DEPLOYMENT_CONTROLLER_NAME } from './controllers/workloads/deployment-controller.js';
export { CRON_JOB_CONTROLLER_NAME } from './controllers/workloads/cron-job-controller.js';
export { STATEFUL_SET_CONTROLLER_NAME } from './controllers/workloads/stateful-set-controller.js';
export { POD_GC_CONTROLLER_NAME } from './controllers/cluster/pod-gc-controller.js';
export { DEFAULT_SCHEDULER_NAME } from './controllers/cluster/scheduler-controller.js';
export { PODKIT_KUBELET_VERSION, DEFAULT_NODE_CAPACITY } from './controllers/cluster/node-agent.js';
export { DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS, MINIMUM_GRACE_PERIOD_SECONDS } from './reducers/termination.js';
export { DEFAULT_MAX_PODS } from './planners/resources.js';
export { NAME_SUFFIX_ALPHABET } from './store/ids.js';

// ---------------------------------------------------------------------------------------------
// Low-level model helpers.
export { toMicroTime, toMillis, toTimestamp } from './model/time.js';
export { getPodCondition, isSidecar, objectKey } from './model/pod-utils.js';
export { parseQuantity, quantityToMilli, quantityToValue, compareQuantities } from './model/quantity.js';
export type { ParsedQuantity, QuantityFormat } from './model/quantity.js';
export { parseImageReference } from './model/image-ref.js';
export type { ImageReference } from './model/image-ref.js';
export { getKindDefinition, listKinds } from './model/kinds.js';
export type { KindDefinition } from './model/kinds.js';
export { parseCronSchedule } from './model/cron-job-schedule.js';
export type { CronSchedule } from './model/cron-job-schedule.js';
export { loadTimeZone } from './model/cron-job-time-zone.js';
export type { TimeZone } from './model/cron-job-time-zone.js';
