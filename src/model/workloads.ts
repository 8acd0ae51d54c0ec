import { z } from 'zod';
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
  replicas: z.number().int().optional(),
  minReadySeconds: z.number().int().optional(),
  selector: LabelSelectorSchema,
  template: PodTemplateSpecSchema,
});
/** A ReplicaSet's spec. */
export type ReplicaSetSpec = z.infer<typeof ReplicaSetSpecSchema>;

/** A ReplicaSet's status, as `calculateStatus` computes it. */
export const ReplicaSetStatusSchema = z.object({
  replicas: z.number().int(),
  fullyLabeledReplicas: z.number().int().optional(),
  readyReplicas: z.number().int().optional(),
  availableReplicas: z.number().int().optional(),
  terminatingReplicas: z.number().int().optional(),
  observedGeneration: z.number().int().optional(),
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
  values: z.array(z.number().int()),
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
  succeededCount: z.number().int().optional(),
});
/** A Job's success policy (Indexed Jobs only). */
export const SuccessPolicySchema = z.object({ rules: z.array(SuccessPolicyRuleSchema) });
/** A Job's success policy. */
export type SuccessPolicy = z.infer<typeof SuccessPolicySchema>;

/** A Job's spec (every field of k8s-semantics §I). */
export const JobSpecSchema = z.object({
  parallelism: z.number().int().optional(),
  completions: z.number().int().optional(),
  activeDeadlineSeconds: z.number().int().optional(),
  podFailurePolicy: PodFailurePolicySchema.optional(),
  successPolicy: SuccessPolicySchema.optional(),
  backoffLimit: z.number().int().optional(),
  backoffLimitPerIndex: z.number().int().optional(),
  maxFailedIndexes: z.number().int().optional(),
  selector: LabelSelectorSchema.optional(),
  manualSelector: z.boolean().optional(),
  template: PodTemplateSpecSchema,
  ttlSecondsAfterFinished: z.number().int().optional(),
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
  active: z.number().int().optional(),
  succeeded: z.number().int().optional(),
  failed: z.number().int().optional(),
  terminating: z.number().int().optional(),
  completedIndexes: z.string().optional(),
  failedIndexes: z.string().optional(),
  uncountedTerminatedPods: z
    .object({
      succeeded: z.array(z.string()).optional(),
      failed: z.array(z.string()).optional(),
    })
    .optional(),
  ready: z.number().int().optional(),
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
  minReadySeconds: z.number().int().optional(),
  revisionHistoryLimit: z.number().int().optional(),
});
/** A DaemonSet's spec. */
export type DaemonSetSpec = z.infer<typeof DaemonSetSpecSchema>;

/** A DaemonSet's status. */
export const DaemonSetStatusSchema = z.object({
  currentNumberScheduled: z.number().int(),
  numberMisscheduled: z.number().int(),
  desiredNumberScheduled: z.number().int(),
  numberReady: z.number().int(),
  observedGeneration: z.number().int().optional(),
  updatedNumberScheduled: z.number().int().optional(),
  numberAvailable: z.number().int().optional(),
  numberUnavailable: z.number().int().optional(),
  collisionCount: z.number().int().optional(),
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
export const NodeSpecSchema = z.object({
  podCIDR: z.string().optional(),
  taints: z.array(TaintSchema).optional(),
  unschedulable: z.boolean().optional(),
});
/** A node's spec. */
export type NodeSpec = z.infer<typeof NodeSpecSchema>;

/** A node's status. */
export const NodeStatusSchema = z.object({
  capacity: ResourceListSchema.optional(),
  allocatable: ResourceListSchema.optional(),
  conditions: z.array(NodeConditionSchema).optional(),
  addresses: z.array(z.object({ type: z.string(), address: z.string() })).optional(),
  nodeInfo: z
    .object({
      kubeletVersion: z.string().optional(),
      containerRuntimeVersion: z.string().optional(),
      osImage: z.string().optional(),
      architecture: z.string().optional(),
      operatingSystem: z.string().optional(),
    })
    .optional(),
});
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
export type KubeObject = import('./pod.js').Pod | ReplicaSet | Job | DaemonSet | Node;
