// Kubernetes fields that exist upstream but that podkit does not model. A manifest may use them:
// they are dropped with a "not modelled" warning instead of an "unknown field" one.
import type { z } from 'zod';
import { AffinitySchema } from './selector.js';
import { ContainerSchema, EnvVarSchema, ResourceRequirementsSchema, VolumeMountSchema } from './container.js';
import { ObjectMetaSchema } from './meta.js';
import { ContainerStatusSchema, PodConditionSchema, PodSpecSchema, PodStatusSchema } from './pod.js';
import { NodeSpecSchema, NodeStatusSchema } from './workloads.js';

/** Every volume source Kubernetes knows (`v1.VolumeSource`). */
export const VOLUME_SOURCE_FIELDS: readonly string[] = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

type AnySchema = z.ZodType;

function unwrap(s: AnySchema): AnySchema {
  const def = (s as unknown as { def: { type: string; innerType?: AnySchema } }).def;
  return (def.type === 'optional' || def.type === 'nullable') && def.innerType !== undefined ? unwrap(def.innerType) : s;
}

function field(s: AnySchema, key: string): AnySchema {
  const shape = (unwrap(s) as unknown as { def: { shape: Record<string, AnySchema> } }).def.shape;
  const f = shape[key];
  if (f === undefined) throw new Error(`podkit internal: no field ${key}`);
  return unwrap(f);
}

/**
 * Schema → Kubernetes field names at that place that podkit does not model. Looked up by schema
 * identity while walking a manifest.
 */
export const UNMODELLED_FIELDS: ReadonlyMap<AnySchema, readonly string[]> = new Map<AnySchema, readonly string[]>([
  [ObjectMetaSchema, ['selfLink', 'managedFields']],
  [
    PodSpecSchema,
    [
      'ephemeralContainers', 'serviceAccountName', 'serviceAccount', 'automountServiceAccountToken', 'hostPID',
      'hostIPC', 'shareProcessNamespace', 'securityContext', 'imagePullSecrets', 'hostAliases', 'dnsConfig',
      'runtimeClassName', 'preemptionPolicy', 'overhead', 'topologySpreadConstraints', 'setHostnameAsFQDN', 'os',
      'hostUsers', 'resourceClaims', 'resources', 'hostnameOverride', 'workloadRef',
    ],
  ],
  [ContainerSchema, ['envFrom', 'resizePolicy', 'restartPolicyRules', 'volumeDevices', 'securityContext', 'stdinOnce']],
  [VolumeMountSchema, ['recursiveReadOnly', 'mountPropagation', 'subPathExpr']],
  [ResourceRequirementsSchema, ['claims']],
  [field(EnvVarSchema, 'valueFrom'), ['fileKeyRef']],
  [AffinitySchema, ['podAffinity', 'podAntiAffinity']],
  [
    PodStatusSchema,
    ['observedGeneration', 'hostIPs', 'ephemeralContainerStatuses', 'resize', 'resourceClaimStatuses', 'extendedResourceClaimStatus', 'resources'],
  ],
  [PodConditionSchema, ['observedGeneration']],
  [ContainerStatusSchema, ['allocatedResources', 'resources', 'volumeMounts', 'user', 'allocatedResourcesStatus', 'stopSignal']],
  [NodeSpecSchema, ['podCIDRs', 'providerID', 'configSource', 'externalID']],
  [
    NodeStatusSchema,
    ['phase', 'daemonEndpoints', 'images', 'volumesInUse', 'volumesAttached', 'config', 'runtimeHandlers', 'features', 'declaredFeatures'],
  ],
  [field(NodeStatusSchema, 'nodeInfo'), ['machineID', 'systemUUID', 'bootID', 'kernelVersion', 'kubeProxyVersion', 'swap']],
]);
