// apps/v1 Deployment (k8s.io/api apps/v1 types.go `Deployment`, `DeploymentSpec`,
// `DeploymentStrategy`, `RollingUpdateDeployment`, `DeploymentStatus`, `DeploymentCondition`).
import { z } from 'zod';
import { Int32Schema, Int64Schema } from './schema-helpers.js';
import { ConditionStatusSchema, IntOrStringSchema, ObjectMetaSchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod.js';
import { LabelSelectorSchema } from './selector.js';

/** A Deployment condition (`Available`, `Progressing`, `ReplicaFailure`): it also has `lastUpdateTime`. */
export const DeploymentConditionSchema = z.object({
  type: z.string(),
  status: ConditionStatusSchema,
  lastUpdateTime: z.string().optional(),
  lastTransitionTime: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
/** A Deployment condition. */
export type DeploymentCondition = z.infer<typeof DeploymentConditionSchema>;

/** `maxSurge` / `maxUnavailable` of a RollingUpdate Deployment: ints or percents (`'25%'`). */
export const RollingUpdateDeploymentSchema = z.object({
  maxUnavailable: IntOrStringSchema.optional(),
  maxSurge: IntOrStringSchema.optional(),
});
/** The rolling-update parameters of a Deployment. */
export type RollingUpdateDeployment = z.infer<typeof RollingUpdateDeploymentSchema>;

/** A Deployment's strategy. Defaults to RollingUpdate { maxSurge: 25%, maxUnavailable: 25% }. */
export const DeploymentStrategySchema = z.object({
  type: z.string().optional(),
  rollingUpdate: RollingUpdateDeploymentSchema.optional(),
});
/** A Deployment's strategy. */
export type DeploymentStrategy = z.infer<typeof DeploymentStrategySchema>;

/**
 * The pod template of a Deployment. Go clients write a template's `metadata.creationTimestamp`
 * as `null` (kubectl's `rollout undo` patches the ReplicaSet's template back that way); Go
 * decodes a null time as unset, and so does this schema.
 */
const DeploymentTemplateSchema = z.preprocess((v) => {
  if (typeof v !== 'object' || v === null) return v;
  const meta = (v as { metadata?: unknown }).metadata;
  if (typeof meta !== 'object' || meta === null || (meta as { creationTimestamp?: unknown }).creationTimestamp !== null) return v;
  const { creationTimestamp: _null, ...rest } = meta as Record<string, unknown>;
  return { ...(v as Record<string, unknown>), metadata: rest };
}, PodTemplateSpecSchema);

/** A Deployment's spec. Defaults: replicas 1, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export const DeploymentSpecSchema = z.object({
  replicas: Int32Schema.optional(),
  selector: LabelSelectorSchema,
  template: DeploymentTemplateSchema,
  strategy: DeploymentStrategySchema.optional(),
  minReadySeconds: Int32Schema.optional(),
  revisionHistoryLimit: Int32Schema.optional(),
  paused: z.boolean().optional(),
  progressDeadlineSeconds: Int32Schema.optional(),
});
/** A Deployment's spec. */
export type DeploymentSpec = z.infer<typeof DeploymentSpecSchema>;

/** A Deployment's status, as the deployment controller's `calculateStatus` computes it. */
export const DeploymentStatusSchema = z.object({
  observedGeneration: Int64Schema.optional(),
  replicas: Int32Schema.optional(),
  updatedReplicas: Int32Schema.optional(),
  readyReplicas: Int32Schema.optional(),
  availableReplicas: Int32Schema.optional(),
  unavailableReplicas: Int32Schema.optional(),
  terminatingReplicas: Int32Schema.optional(),
  conditions: z.array(DeploymentConditionSchema).optional(),
  collisionCount: Int32Schema.optional(),
});
/** A Deployment's status. */
export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;

/** An `apps/v1` Deployment. */
export const DeploymentSchema = z.object({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('Deployment'),
  metadata: ObjectMetaSchema,
  spec: DeploymentSpecSchema,
  status: DeploymentStatusSchema.optional(),
});
/** An `apps/v1` Deployment. */
export type Deployment = z.infer<typeof DeploymentSchema>;
