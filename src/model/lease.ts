// coordination.k8s.io/v1 Lease (k8s.io/api coordination/v1 types.go): a namespaced lock record
// for leader election and node heartbeats. No status (and no status subresource), no graceful
// delete; the API server's only defaulting is the namespace.
import { z } from 'zod';
import { Int32Schema } from './schema-helpers.js';
import { ObjectMetaSchema } from './meta.js';

/**
 * A Lease's spec (`LeaseSpec`), every field optional. `acquireTime` and `renewTime` are
 * `metav1.MicroTime` texts: RFC 3339 with 6 fractional digits (`2024-01-01T00:00:00.000000Z`,
 * see `toMicroTime`). `strategy` (`OldestEmulationVersion` or a `prefix/name`) and
 * `preferredHolder` are coordinated leader election's.
 */
export const LeaseSpecSchema = z.object({
  holderIdentity: z.string().optional(),
  leaseDurationSeconds: Int32Schema.optional(),
  acquireTime: z.string().optional(),
  renewTime: z.string().optional(),
  leaseTransitions: Int32Schema.optional(),
  strategy: z.string().optional(),
  preferredHolder: z.string().optional(),
});
/** A Lease's spec. */
export type LeaseSpec = z.infer<typeof LeaseSpecSchema>;

/**
 * A `coordination.k8s.io/v1` Lease. `spec` may be omitted on input; the API server's defaulting
 * writes `spec: {}` (upstream serialises the empty struct).
 */
export const LeaseSchema = z.object({
  apiVersion: z.literal('coordination.k8s.io/v1'),
  kind: z.literal('Lease'),
  metadata: ObjectMetaSchema,
  spec: LeaseSpecSchema.optional(),
  /** Leases have no status; typed so code over every kind can read `obj.status`. */
  status: z.undefined().optional(),
});
/** A `coordination.k8s.io/v1` Lease. */
export type Lease = z.infer<typeof LeaseSchema>;
