import { z } from 'zod';
import { Int32Schema, Int64Schema, withUnmodelled } from './schema-helpers.js';
import { VOLUME_SOURCE_FIELDS } from './kube-fields.js';
import { ContainerSchema } from './container.js';
import { ConditionStatusSchema, ObjectMetaSchema, QuantitySchema } from './meta.js';
import { AffinitySchema, TolerationSchema } from './selector.js';

/**
 * A pod volume. podkit's runtimes support `emptyDir` (shared between the pod's containers) and
 * `hostPath`; other sources (`configMap`, `secret`, `persistentVolumeClaim`, ...) are accepted and
 * kept as written, and reported as unsupported by the runtimes. Keys that are no volume source
 * are not kept.
 */
const volumeShape = {
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
};
const LooseVolumeSchema = z.looseObject(volumeShape);
// Typed as a loose object (any source may be given), parsed as a strict one: the known volume
// sources other than emptyDir and hostPath are kept verbatim, anything else is dropped.
export const VolumeSchema: typeof LooseVolumeSchema = withUnmodelled(
  z.object(volumeShape),
  VOLUME_SOURCE_FIELDS.filter((k) => k !== 'emptyDir' && k !== 'hostPath'),
  { warn: false },
) as unknown as typeof LooseVolumeSchema;
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

/** A pod's spec. Fields Kubernetes defines and podkit does not model (serviceAccountName, securityContext, ...) are kept as written, untyped. */
export const PodSpecSchema = withUnmodelled(z.object({
  containers: z.array(ContainerSchema),
  initContainers: z.array(ContainerSchema).optional(),
  volumes: z.array(VolumeSchema).optional(),
  restartPolicy: RestartPolicySchema.optional(),
  terminationGracePeriodSeconds: Int64Schema.optional(),
  activeDeadlineSeconds: Int64Schema.optional(),
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
  priority: Int32Schema.optional(),
  priorityClassName: z.string().optional(),
  dnsPolicy: z.string().optional(),
  enableServiceLinks: z.boolean().optional(),
}), ['ephemeralContainers', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostAliases', 'dnsConfig', 'runtimeClassName', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os', 'hostUsers', 'resourceClaims', 'resources', 'hostnameOverride', 'workloadRef']);
/** A pod's spec. */
export type PodSpec = z.infer<typeof PodSpecSchema>;

/** Pod phase. The kubelet never reports `Unknown` itself. */
export const PodPhaseSchema = z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);
/** Pod phase. */
export type PodPhase = z.infer<typeof PodPhaseSchema>;

/** A pod condition (`PodScheduled`, `Initialized`, `ContainersReady`, `Ready`, ...). */
export const PodConditionSchema = withUnmodelled(z.object({
  type: z.string(),
  status: ConditionStatusSchema,
  reason: z.string().optional(),
  message: z.string().optional(),
  lastProbeTime: z.string().nullable().optional(),
  lastTransitionTime: z.string().optional(),
}), ['observedGeneration']);
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
  exitCode: Int32Schema,
  signal: Int32Schema.optional(),
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
export const ContainerStatusSchema = withUnmodelled(z.object({
  name: z.string(),
  state: ContainerStateSchema.optional(),
  lastState: ContainerStateSchema.optional(),
  ready: z.boolean(),
  restartCount: Int32Schema,
  image: z.string(),
  imageID: z.string(),
  containerID: z.string().optional(),
  started: z.boolean().optional(),
}), ['allocatedResources', 'resources', 'volumeMounts', 'user', 'allocatedResourcesStatus', 'stopSignal']);
/** A container status. */
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

/** A pod's status, as the kubelet and scheduler write it. */
export const PodStatusSchema = withUnmodelled(z.object({
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
}), ['observedGeneration', 'hostIPs', 'ephemeralContainerStatuses', 'resize', 'resourceClaimStatuses', 'extendedResourceClaimStatus', 'resources']);
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
