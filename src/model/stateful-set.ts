// apps/v1 StatefulSet and ControllerRevision, and a minimal core/v1 PersistentVolumeClaim
// (k8s.io/api apps/v1 types.go, core/v1 types.go; docs/reference/kubernetes-rules.md §P).
import { z } from 'zod';
import { Int32Schema, Int64Schema, OptionalVerbatimSchema, withUnmodelled } from './schema-helpers.js';
import { IntOrStringSchema, ObjectMetaSchema, QuantitySchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod.js';
import { LabelSelectorSchema } from './selector.js';
import { WorkloadConditionSchema } from './workloads.js';

// ---------------------------------------------------------------------------------------------
// PersistentVolumeClaim (core/v1, minimal)

/** A PersistentVolumeClaim's spec: access modes, the storage request, the class and the bound volume. */
export const PersistentVolumeClaimSpecSchema = withUnmodelled(
  z.object({
    accessModes: z.array(z.string()).optional(),
    resources: z
      .object({
        requests: z.record(z.string(), QuantitySchema).optional(),
        limits: z.record(z.string(), QuantitySchema).optional(),
      })
      .optional(),
    storageClassName: z.string().optional(),
    volumeName: z.string().optional(),
    volumeMode: z.string().optional(),
  }),
  ['selector', 'dataSource', 'dataSourceRef', 'volumeAttributesClassName'],
);
/** A PersistentVolumeClaim's spec. */
export type PersistentVolumeClaimSpec = z.infer<typeof PersistentVolumeClaimSpecSchema>;

/** A PersistentVolumeClaim's status: `Pending` until bound, then `Bound` (or `Lost`). */
export const PersistentVolumeClaimStatusSchema = withUnmodelled(
  z.object({
    phase: z.enum(['Pending', 'Bound', 'Lost']).optional(),
    accessModes: z.array(z.string()).optional(),
    capacity: z.record(z.string(), QuantitySchema).optional(),
  }),
  ['conditions', 'allocatedResources', 'allocatedResourceStatuses', 'currentVolumeAttributesClassName', 'modifyVolumeStatus'],
);
/** A PersistentVolumeClaim's status. */
export type PersistentVolumeClaimStatus = z.infer<typeof PersistentVolumeClaimStatusSchema>;

/** A v1 PersistentVolumeClaim (the fields podkit uses: access modes, storage request, class, volume name, phase). */
export const PersistentVolumeClaimSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('PersistentVolumeClaim'),
  metadata: ObjectMetaSchema,
  spec: PersistentVolumeClaimSpecSchema,
  status: PersistentVolumeClaimStatusSchema.optional(),
});
/** A v1 PersistentVolumeClaim. */
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaimSchema>;

/** A claim template of a StatefulSet (`spec.volumeClaimTemplates[]`): metadata and a claim spec. */
export const PersistentVolumeClaimTemplateSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  metadata: ObjectMetaSchema,
  spec: PersistentVolumeClaimSpecSchema,
  status: OptionalVerbatimSchema,
});
/** A claim template of a StatefulSet. */
export type PersistentVolumeClaimTemplate = z.infer<typeof PersistentVolumeClaimTemplateSchema>;

// ---------------------------------------------------------------------------------------------
// StatefulSet

/** A StatefulSet update strategy: `RollingUpdate` (default, with `partition` and `maxUnavailable`) or `OnDelete`. */
export const StatefulSetUpdateStrategySchema = z.object({
  /** `RollingUpdate` or `OnDelete`; other values are reported by validation, as upstream. */
  type: z.string().optional(),
  rollingUpdate: z
    .object({
      partition: Int32Schema.optional(),
      maxUnavailable: IntOrStringSchema.optional(),
    })
    .optional(),
});
/** A StatefulSet update strategy. */
export type StatefulSetUpdateStrategy = z.infer<typeof StatefulSetUpdateStrategySchema>;

/** What happens to a StatefulSet's claims when it is deleted or scaled down: `Retain` (default) or `Delete`. */
export const StatefulSetPersistentVolumeClaimRetentionPolicySchema = z.object({
  whenDeleted: z.string().optional(),
  whenScaled: z.string().optional(),
});
/** A StatefulSet's claim retention policy. */
export type StatefulSetPersistentVolumeClaimRetentionPolicy = z.infer<typeof StatefulSetPersistentVolumeClaimRetentionPolicySchema>;

/** A StatefulSet's spec. */
export const StatefulSetSpecSchema = z.object({
  replicas: Int32Schema.optional(),
  selector: LabelSelectorSchema,
  template: PodTemplateSpecSchema,
  volumeClaimTemplates: z.array(PersistentVolumeClaimTemplateSchema).optional(),
  serviceName: z.string().optional(),
  podManagementPolicy: z.string().optional(),
  updateStrategy: StatefulSetUpdateStrategySchema.optional(),
  revisionHistoryLimit: Int32Schema.optional(),
  minReadySeconds: Int32Schema.optional(),
  persistentVolumeClaimRetentionPolicy: StatefulSetPersistentVolumeClaimRetentionPolicySchema.optional(),
  ordinals: z.object({ start: Int32Schema.optional() }).optional(),
});
/** A StatefulSet's spec. */
export type StatefulSetSpec = z.infer<typeof StatefulSetSpecSchema>;

/** A StatefulSet's status, as the controller's `updateStatefulSet` computes it. */
export const StatefulSetStatusSchema = z.object({
  observedGeneration: Int64Schema.optional(),
  replicas: Int32Schema,
  readyReplicas: Int32Schema.optional(),
  currentReplicas: Int32Schema.optional(),
  updatedReplicas: Int32Schema.optional(),
  availableReplicas: Int32Schema.optional(),
  currentRevision: z.string().optional(),
  updateRevision: z.string().optional(),
  collisionCount: Int32Schema.optional(),
  conditions: z.array(WorkloadConditionSchema).optional(),
});
/** A StatefulSet's status. */
export type StatefulSetStatus = z.infer<typeof StatefulSetStatusSchema>;

/** An `apps/v1` StatefulSet. */
export const StatefulSetSchema = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('StatefulSet'),
  metadata: ObjectMetaSchema,
  spec: StatefulSetSpecSchema,
  status: StatefulSetStatusSchema.optional(),
});
/** An `apps/v1` StatefulSet. */
export type StatefulSet = z.infer<typeof StatefulSetSchema>;

// ---------------------------------------------------------------------------------------------
// ControllerRevision

/**
 * An `apps/v1` ControllerRevision: an immutable snapshot of a controller's template (`data`, for a
 * StatefulSet the patch `{spec: {template: {..., $patch: replace}}}`) and its `revision` number.
 */
export const ControllerRevisionSchema = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('ControllerRevision'),
  metadata: ObjectMetaSchema,
  data: OptionalVerbatimSchema,
  revision: Int64Schema,
  /** ControllerRevisions have no spec or status; typed so code over every kind can read `obj.spec` / `obj.status`. */
  spec: z.undefined().optional(),
  status: z.undefined().optional(),
});
/** An `apps/v1` ControllerRevision. */
export type ControllerRevision = z.infer<typeof ControllerRevisionSchema>;
