import { z } from 'zod';
import { Int32Schema, Int64Schema, withUnmodelled } from './schema-helpers.js';
import { ConditionStatusSchema, IntOrStringSchema, ObjectMetaSchema, ResourceListSchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod.js';
import { LabelSelectorSchema, TaintSchema } from './selector.js';

/** A workload condition (ReplicaSet, Job, DaemonSet). */
export const WorkloadConditionSchema = z.object({
  type: z.string(),
  status: ConditionStatusSchema,
  reason: z.string().optional(),
  message: z.string().optional(),
  lastProbeTime: z.string().nullable().optional(),
  lastTransitionTime: z.string().optional(),
});
/** A workload condition. */
export type WorkloadCondition = z.infer<typeof WorkloadConditionSchema>;

// ---------------------------------------------------------------------------------------------
// ReplicaSet

/** A ReplicaSet's spec. `replicas` defaults to 1. */
export const ReplicaSetSpecSchema = z.object({
  replicas: Int32Schema.optional(),
  minReadySeconds: Int32Schema.optional(),
  selector: LabelSelectorSchema,
  template: PodTemplateSpecSchema,
});
/** A ReplicaSet's spec. */
export type ReplicaSetSpec = z.infer<typeof ReplicaSetSpecSchema>;

/** A ReplicaSet's status, as `calculateStatus` computes it. */
export const ReplicaSetStatusSchema = z.object({
  replicas: Int32Schema,
  fullyLabeledReplicas: Int32Schema.optional(),
  readyReplicas: Int32Schema.optional(),
  availableReplicas: Int32Schema.optional(),
  terminatingReplicas: Int32Schema.optional(),
  observedGeneration: Int64Schema.optional(),
  conditions: z.array(WorkloadConditionSchema).optional(),
});
/** A ReplicaSet's status. */
export type ReplicaSetStatus = z.infer<typeof ReplicaSetStatusSchema>;

/** An `apps/v1` ReplicaSet. */
export const ReplicaSetSchema = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('ReplicaSet'),
  metadata: ObjectMetaSchema,
  spec: ReplicaSetSpecSchema,
  status: ReplicaSetStatusSchema.optional(),
});
/** An `apps/v1` ReplicaSet. */
export type ReplicaSet = z.infer<typeof ReplicaSetSchema>;

// ---------------------------------------------------------------------------------------------
// Job

/** A pod-failure-policy exit-code requirement. */
export const PodFailurePolicyOnExitCodesRequirementSchema = z.object({
  containerName: z.string().optional(),
  operator: z.string(),
  values: z.array(Int32Schema),
});
/** A pod-failure-policy pod-condition pattern. `status` defaults to `True`. */
export const PodFailurePolicyOnPodConditionsPatternSchema = z.object({
  type: z.string(),
  status: ConditionStatusSchema.optional(),
});
/** A pod-failure-policy rule: an action and what it matches. */
export const PodFailurePolicyRuleSchema = z.object({
  action: z.string(),
  onExitCodes: PodFailurePolicyOnExitCodesRequirementSchema.optional(),
  onPodConditions: z.array(PodFailurePolicyOnPodConditionsPatternSchema).optional(),
});
/** A pod-failure-policy rule. */
export type PodFailurePolicyRule = z.infer<typeof PodFailurePolicyRuleSchema>;
/** A Job's pod failure policy. */
export const PodFailurePolicySchema = z.object({ rules: z.array(PodFailurePolicyRuleSchema) });
/** A Job's pod failure policy. */
export type PodFailurePolicy = z.infer<typeof PodFailurePolicySchema>;

/** A success-policy rule (Indexed Jobs). */
export const SuccessPolicyRuleSchema = z.object({
  succeededIndexes: z.string().optional(),
  succeededCount: Int32Schema.optional(),
});
/** A Job's success policy (Indexed Jobs only). */
export const SuccessPolicySchema = z.object({ rules: z.array(SuccessPolicyRuleSchema) });
/** A Job's success policy. */
export type SuccessPolicy = z.infer<typeof SuccessPolicySchema>;

/** A Job's spec (every field of k8s-semantics §I). */
export const JobSpecSchema = z.object({
  parallelism: Int32Schema.optional(),
  completions: Int32Schema.optional(),
  activeDeadlineSeconds: Int64Schema.optional(),
  podFailurePolicy: PodFailurePolicySchema.optional(),
  successPolicy: SuccessPolicySchema.optional(),
  backoffLimit: Int32Schema.optional(),
  backoffLimitPerIndex: Int32Schema.optional(),
  maxFailedIndexes: Int32Schema.optional(),
  selector: LabelSelectorSchema.optional(),
  manualSelector: z.boolean().optional(),
  template: PodTemplateSpecSchema,
  ttlSecondsAfterFinished: Int32Schema.optional(),
  completionMode: z.enum(['NonIndexed', 'Indexed']).optional(),
  suspend: z.boolean().optional(),
  podReplacementPolicy: z.enum(['TerminatingOrFailed', 'Failed']).optional(),
  managedBy: z.string().optional(),
});
/** A Job's spec. */
export type JobSpec = z.infer<typeof JobSpecSchema>;

/** A Job's status. */
export const JobStatusSchema = z.object({
  conditions: z.array(WorkloadConditionSchema).optional(),
  startTime: z.string().optional(),
  completionTime: z.string().optional(),
  active: Int32Schema.optional(),
  succeeded: Int32Schema.optional(),
  failed: Int32Schema.optional(),
  terminating: Int32Schema.optional(),
  completedIndexes: z.string().optional(),
  failedIndexes: z.string().optional(),
  uncountedTerminatedPods: z
    .object({
      succeeded: z.array(z.string()).optional(),
      failed: z.array(z.string()).optional(),
    })
    .optional(),
  ready: Int32Schema.optional(),
});
/** A Job's status. */
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** A `batch/v1` Job. */
export const JobSchema = z.object({
  apiVersion: z.literal('batch/v1'),
  kind: z.literal('Job'),
  metadata: ObjectMetaSchema,
  spec: JobSpecSchema,
  status: JobStatusSchema.optional(),
});
/** A `batch/v1` Job. */
export type Job = z.infer<typeof JobSchema>;

// ---------------------------------------------------------------------------------------------
// DaemonSet

/** A DaemonSet update strategy. Defaults to RollingUpdate { maxUnavailable: 1, maxSurge: 0 }. */
export const DaemonSetUpdateStrategySchema = z.object({
  type: z.enum(['RollingUpdate', 'OnDelete']).optional(),
  rollingUpdate: z
    .object({
      maxUnavailable: IntOrStringSchema.optional(),
      maxSurge: IntOrStringSchema.optional(),
    })
    .optional(),
});
/** A DaemonSet update strategy. */
export type DaemonSetUpdateStrategy = z.infer<typeof DaemonSetUpdateStrategySchema>;

/** A DaemonSet's spec. */
export const DaemonSetSpecSchema = z.object({
  selector: LabelSelectorSchema,
  template: PodTemplateSpecSchema,
  updateStrategy: DaemonSetUpdateStrategySchema.optional(),
  minReadySeconds: Int32Schema.optional(),
  revisionHistoryLimit: Int32Schema.optional(),
});
/** A DaemonSet's spec. */
export type DaemonSetSpec = z.infer<typeof DaemonSetSpecSchema>;

/** A DaemonSet's status. */
export const DaemonSetStatusSchema = z.object({
  currentNumberScheduled: Int32Schema,
  numberMisscheduled: Int32Schema,
  desiredNumberScheduled: Int32Schema,
  numberReady: Int32Schema,
  observedGeneration: Int64Schema.optional(),
  updatedNumberScheduled: Int32Schema.optional(),
  numberAvailable: Int32Schema.optional(),
  numberUnavailable: Int32Schema.optional(),
  collisionCount: Int32Schema.optional(),
  conditions: z.array(WorkloadConditionSchema).optional(),
});
/** A DaemonSet's status. */
export type DaemonSetStatus = z.infer<typeof DaemonSetStatusSchema>;

/** An `apps/v1` DaemonSet. */
export const DaemonSetSchema = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('DaemonSet'),
  metadata: ObjectMetaSchema,
  spec: DaemonSetSpecSchema,
  status: DaemonSetStatusSchema.optional(),
});
/** An `apps/v1` DaemonSet. */
export type DaemonSet = z.infer<typeof DaemonSetSchema>;

// ---------------------------------------------------------------------------------------------
// Node

/** A node condition (`Ready`, `MemoryPressure`, ...). */
export const NodeConditionSchema = z.object({
  type: z.string(),
  status: ConditionStatusSchema,
  reason: z.string().optional(),
  message: z.string().optional(),
  lastHeartbeatTime: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
/** A node condition. */
export type NodeCondition = z.infer<typeof NodeConditionSchema>;

/** A node's spec: taints and cordoning. */
export const NodeSpecSchema = withUnmodelled(z.object({
  podCIDR: z.string().optional(),
  taints: z.array(TaintSchema).optional(),
  unschedulable: z.boolean().optional(),
}), ['podCIDRs', 'providerID', 'configSource', 'externalID']);
/** A node's spec. */
export type NodeSpec = z.infer<typeof NodeSpecSchema>;

/** A node's status. */
export const NodeStatusSchema = withUnmodelled(z.object({
  capacity: ResourceListSchema.optional(),
  allocatable: ResourceListSchema.optional(),
  conditions: z.array(NodeConditionSchema).optional(),
  addresses: z.array(z.object({ type: z.string(), address: z.string() })).optional(),
  nodeInfo: withUnmodelled(
    z.object({
      kubeletVersion: z.string().optional(),
      containerRuntimeVersion: z.string().optional(),
      osImage: z.string().optional(),
      architecture: z.string().optional(),
      operatingSystem: z.string().optional(),
    }),
    ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'kubeProxyVersion', 'swap'],
  ).optional(),
}), ['phase', 'daemonEndpoints', 'images', 'volumesInUse', 'volumesAttached', 'config', 'runtimeHandlers', 'features', 'declaredFeatures']);
/** A node's status. */
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

/** A v1 Node. */
export const NodeSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Node'),
  metadata: ObjectMetaSchema,
  spec: NodeSpecSchema.optional(),
  status: NodeStatusSchema.optional(),
});
/** A v1 Node. */
export type Node = z.infer<typeof NodeSchema>;

/** Every object kind podkit models. */
export type KubeObject = import('./pod.js').Pod | ReplicaSet | Job | DaemonSet | Node
  | import('./deployment.js').Deployment
  | import('./stateful-set.js').StatefulSet | import('./stateful-set.js').ControllerRevision | import('./stateful-set.js').PersistentVolumeClaim
  | import('./cron-job.js').CronJob
  | import('./lease.js').Lease;
