import { z } from 'zod';
import { Int32Schema } from './schema-helpers.js';

/** The object an Event is about (`involvedObject`); `fieldPath` names a container: `spec.containers{web}`. */
export const ObjectReferenceSchema = z.object({
  apiVersion: z.string().optional(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  uid: z.string().optional(),
  fieldPath: z.string().optional(),
});
/** A reference to an object. */
export type ObjectReference = z.infer<typeof ObjectReferenceSchema>;

/**
 * A core/v1 Event as `kubectl get events` shows it: `Normal` or `Warning`, a CamelCase reason
 * (`Scheduled`, `Pulling`, `Pulled`, `Failed`, `BackOff`, `Created`, `Started`, `Killing`,
 * `Unhealthy`, ...), a message, and the aggregation fields `count`, `firstTimestamp`,
 * `lastTimestamp` (repeats of the same reason and message on the same object bump `count`).
 */
export const KubeEventSchema = z.object({
  apiVersion: z.literal('v1'),
  kind: z.literal('Event'),
  metadata: z.object({ name: z.string(), namespace: z.string().optional(), uid: z.string().optional() }),
  involvedObject: ObjectReferenceSchema,
  type: z.enum(['Normal', 'Warning']),
  reason: z.string(),
  message: z.string(),
  count: Int32Schema,
  firstTimestamp: z.string(),
  lastTimestamp: z.string(),
  source: z.object({ component: z.string(), host: z.string().optional() }),
});
/** A core/v1 Event. */
export type KubeEvent = z.infer<typeof KubeEventSchema>;
