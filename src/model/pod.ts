import { z } from 'zod';
import { ContainerSchema } from './container.js';
import { ConditionStatusSchema, ObjectMetaSchema, QuantitySchema } from './meta.js';
import { AffinitySchema, TolerationSchema } from './selector.js';

/**
 * A pod volume. podkit's runtimes support `emptyDir` (shared between the pod's containers) and
 * `hostPath`; other sources (`configMap`, `secret`, `persistentVolumeClaim`, ...) are accepted and
 * kept, and reported as unsupported by the runtimes.
 */
export const VolumeSchema = z.looseObject({
  name: z.string(),
  emptyDir: z
    .object({
      medium: z.string().optional(),
      sizeLimit: QuantitySchema.optional(),
    })
    .optional(),
  hostPath: z
    .object({
      path: z.string(),
      type: z.string().optional(),
    })
    .optional(),
});
/** A pod volume. */
export type Volume = z.infer<typeof VolumeSchema>;

/** Pod restart policy: `Always` (the default), `OnFailure` or `Never`. */
export const RestartPolicySchema = z.enum(['Always', 'OnFailure', 'Never']);
/** Pod restart policy. */
export type RestartPolicy = z.infer<typeof RestartPolicySchema>;

/** A readiness gate: an extra condition type that must be True for the pod to be Ready. */
export const PodReadinessGateSchema = z.object({ conditionType: z.string() });
/** A readiness gate. */
export type PodReadinessGate = z.infer<typeof PodReadinessGateSchema>;

/** A pod's spec. */
export const PodSpecSchema = z.object({
  containers: z.array(ContainerSchema),
  initContainers: z.array(ContainerSchema).optional(),
  volumes: z.array(VolumeSchema).optional(),
  restartPolicy: RestartPolicySchema.optional(),
  terminationGracePeriodSeconds: z.number().int().optional(),
  activeDeadlineSeconds: z.number().int().optional(),
  nodeName: z.string().optional(),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  affinity: AffinitySchema.optional(),
  tolerations: z.array(TolerationSchema).optional(),
  hostNetwork: z.boolean().optional(),
  hostname: z.string().optional(),
  subdomain: z.string().optional(),
  readinessGates: z.array(PodReadinessGateSchema).optional(),
  schedulingGates: z.array(z.object({ name: z.string() })).optional(),
  schedulerName: z.string().optional(),
  priority: z.number().int().optional(),
  priorityClassName: z.string().optional(),
  dnsPolicy: z.string().optional(),
  enableServiceLinks: z.boolean().optional(),
});
/** A pod's spec. */
export type PodSpec = z.infer<typeof PodSpecSchema>;

/** Pod phase. The kubelet never reports `Unknown` itself. */
export const PodPhaseSchema = z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);
/** Pod phase. */
export type PodPhase = z.infer<typeof PodPhaseSchema>;

/** A pod condition (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, ...). */
export const PodConditionSchema = z.object({
  type: z.string(),
  status: ConditionStatusSchema,
  reason: z.string().optional(),
  message: z.string().optional(),
  lastProbeTime: z.string().nullable().optional(),
  lastTransitionTime: z.string().optional(),
});
/** A pod condition. */
export type PodCondition = z.infer<typeof PodConditionSchema>;

/** `state.waiting`: not yet running, with a Kubernetes reason (`ContainerCreating`, `CrashLoopBackOff`, ...). */
export const ContainerStateWaitingSchema = z.object({
  reason: z.string().optional(),
  message: z.string().optional(),
});
/** `state.running`. */
export const ContainerStateRunningSchema = z.object({
  startedAt: z.string().optional(),
});
/** `state.terminated`, with exit code and reason (`Completed`, `Error`, `OOMKilled`, ...). */
export const ContainerStateTerminatedSchema = z.object({
  exitCode: z.number().int(),
  signal: z.number().int().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  containerID: z.string().optional(),
});
/** A terminated container state. */
export type ContainerStateTerminated = z.infer<typeof ContainerStateTerminatedSchema>;

/** A container state: at most one of `waiting`, `running`, `terminated` is set. */
export const ContainerStateSchema = z.object({
  waiting: ContainerStateWaitingSchema.optional(),
  running: ContainerStateRunningSchema.optional(),
  terminated: ContainerStateTerminatedSchema.optional(),
});
/** A container state. */
export type ContainerState = z.infer<typeof ContainerStateSchema>;

/** A container's status (`status.containerStatuses[]` / `status.initContainerStatuses[]`). */
export const ContainerStatusSchema = z.object({
  name: z.string(),
  state: ContainerStateSchema.optional(),
  lastState: ContainerStateSchema.optional(),
  ready: z.boolean(),
  restartCount: z.number().int(),
  image: z.string(),
  imageID: z.string(),
  containerID: z.string().optional(),
  started: z.boolean().optional(),
});
/** A container status. */
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

/** A pod's status, as the kubelet and scheduler write it. */
export const PodStatusSchema = z.object({
  phase: PodPhaseSchema.optional(),
  conditions: z.array(PodConditionSchema).optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  nominatedNodeName: z.string().optional(),
  hostIP: z.string().optional(),
  podIP: z.string().optional(),
  podIPs: z.array(z.object({ ip: z.string() })).optional(),
  startTime: z.string().optional(),
  initContainerStatuses: z.array(ContainerStatusSchema).optional(),
  containerStatuses: z.array(ContainerStatusSchema).optional(),
  qosClass: z.string().optional(),
});
/** A pod's status. */
export type PodStatus = z.infer<typeof PodStatusSchema>;

/** A v1 Pod. */
export const PodSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Pod'),
  metadata: ObjectMetaSchema,
  spec: PodSpecSchema,
  status: PodStatusSchema.optional(),
});
/** A v1 Pod. */
export type Pod = z.infer<typeof PodSchema>;

/** A pod template (`spec.template` of workloads): metadata plus a pod spec. */
export const PodTemplateSpecSchema = z.object({
  metadata: ObjectMetaSchema.optional(),
  spec: PodSpecSchema,
});
/** A pod template. */
export type PodTemplateSpec = z.infer<typeof PodTemplateSpecSchema>;
