import { z } from 'zod';
import { Int32Schema, Int64Schema, QuantityValueSchema, withUnmodelled } from './schema-helpers.js';

/**
 * An owner reference (`metadata.ownerReferences[]`): links a dependent object to its owner for
 * garbage collection and controller ownership. At most one reference per object may have
 * `controller: true`.
 */
export const OwnerReferenceSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  uid: z.string(),
  controller: z.boolean().optional(),
  blockOwnerDeletion: z.boolean().optional(),
});
/** An owner reference. See {@link OwnerReferenceSchema}. */
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

/**
 * Kubernetes `ObjectMeta`, limited to the fields podkit uses (`selfLink` and `managedFields` are
 * kept as written, untyped). Timestamps are RFC 3339 strings (whole seconds, UTC, as the API
 * server serialises them).
 */
export const ObjectMetaSchema = withUnmodelled(z.object({
  name: z.string().optional(),
  generateName: z.string().optional(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  ownerReferences: z.array(OwnerReferenceSchema).optional(),
  resourceVersion: z.string().optional(),
  generation: Int64Schema.optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  deletionGracePeriodSeconds: Int64Schema.optional(),
  finalizers: z.array(z.string()).optional(),
}), ['selfLink', 'managedFields']);
/** Object metadata. See {@link ObjectMetaSchema}. */
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/** `True`, `False` or `Unknown`: the status of any Kubernetes condition. */
export const ConditionStatusSchema = z.enum(['True', 'False', 'Unknown']);
/** The status of a condition. */
export type ConditionStatus = z.infer<typeof ConditionStatusSchema>;

/**
 * An int-or-string value (`maxUnavailable: 1` or `maxUnavailable: "25%"`), as Kubernetes'
 * `intstr.IntOrString`.
 */
export const IntOrStringSchema = z.union([Int32Schema, z.string()]);
/** An int-or-string value. */
export type IntOrString = z.infer<typeof IntOrStringSchema>;

/**
 * A resource quantity as written in a manifest (`500m`, `0.5`, `128Mi`, `1G`). Numbers are
 * accepted and kept; the syntax is checked (as Kubernetes' decoding does); use `parseQuantity`
 * to read the exact value.
 */
export const QuantitySchema = QuantityValueSchema;
/** A resource quantity. */
export type Quantity = z.infer<typeof QuantitySchema>;

/** A map of resource name (`cpu`, `memory`, `pods`, ...) to quantity. */
export const ResourceListSchema = z.record(z.string(), QuantitySchema);
/** A resource list. */
export type ResourceList = z.infer<typeof ResourceListSchema>;
