import { z } from 'zod';
import { Int32Schema, Int64Schema, withUnmodelled } from './schema-helpers.js';

/** A label selector requirement (`matchExpressions[]`). */
export const LabelSelectorRequirementSchema = z.object({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});
/** A label selector requirement. */
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

/**
 * A Kubernetes `LabelSelector`: `matchLabels` and `matchExpressions` are ANDed. An empty
 * selector matches everything; a missing one (for workloads) is invalid.
 */
export const LabelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(LabelSelectorRequirementSchema).optional(),
});
/** A label selector. */
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

/** A node selector requirement, over labels (`matchExpressions`) or fields (`matchFields`). */
export const NodeSelectorRequirementSchema = z.object({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).optional(),
});
/** A node selector requirement. */
export type NodeSelectorRequirement = z.infer<typeof NodeSelectorRequirementSchema>;

/** A node selector term: its requirements are ANDed. */
export const NodeSelectorTermSchema = z.object({
  matchExpressions: z.array(NodeSelectorRequirementSchema).optional(),
  matchFields: z.array(NodeSelectorRequirementSchema).optional(),
});
/** A node selector term. */
export type NodeSelectorTerm = z.infer<typeof NodeSelectorTermSchema>;

/** A node selector: its terms are ORed. */
export const NodeSelectorSchema = z.object({
  nodeSelectorTerms: z.array(NodeSelectorTermSchema),
});
/** A node selector. */
export type NodeSelector = z.infer<typeof NodeSelectorSchema>;

/** A weighted preferred scheduling term (`preferredDuringSchedulingIgnoredDuringExecution[]`). */
export const PreferredSchedulingTermSchema = z.object({
  weight: Int32Schema,
  preference: NodeSelectorTermSchema,
});
/** A preferred scheduling term. */
export type PreferredSchedulingTerm = z.infer<typeof PreferredSchedulingTermSchema>;

/** `affinity.nodeAffinity`: required (a filter) and preferred (a score) node affinity. */
export const NodeAffinitySchema = z.object({
  requiredDuringSchedulingIgnoredDuringExecution: NodeSelectorSchema.optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(PreferredSchedulingTermSchema).optional(),
});
/** Node affinity. */
export type NodeAffinity = z.infer<typeof NodeAffinitySchema>;

/** Pod `affinity`. podkit models node affinity only (pod (anti-)affinity is kept as written, not acted on). */
export const AffinitySchema = withUnmodelled(
  z.object({
    nodeAffinity: NodeAffinitySchema.optional(),
  }),
  ['podAffinity', 'podAntiAffinity'],
);
/** Pod affinity. */
export type Affinity = z.infer<typeof AffinitySchema>;

/** A taint effect. */
export const TaintEffectSchema = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
/** A taint effect. */
export type TaintEffect = z.infer<typeof TaintEffectSchema>;

/** A node taint. */
export const TaintSchema = z.object({
  key: z.string(),
  value: z.string().optional(),
  effect: TaintEffectSchema,
  timeAdded: z.string().optional(),
});
/** A node taint. */
export type Taint = z.infer<typeof TaintSchema>;

/**
 * A pod toleration. An empty `effect` matches every effect; `Exists` ignores the value; an empty
 * key with `Exists` tolerates every taint.
 */
export const TolerationSchema = z.object({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: TaintEffectSchema.optional(),
  tolerationSeconds: Int64Schema.optional(),
});
/** A pod toleration. */
export type Toleration = z.infer<typeof TolerationSchema>;
