// The trusted write path, by construction: the store remembers which frozen subtrees of its stored
// objects it has itself validated (the pod spec of every stored workload's pod template, and a
// CronJob's Job template spec), keyed by the zod schema that produced them. A later write that carries one of those very objects
// (`===`, e.g. a pod expanded from a ReplicaSet's template with `spec` shared) reuses it without
// parsing it again. Nothing outside this module can add an entry: the registry is module-private,
// entries are only made by `rememberValidated` from `StoreCore.commit` on objects the store has
// just frozen, and a frozen object cannot be changed afterwards. Outside data therefore never takes
// the trusted path: anything not `===` a remembered subtree is parsed in full, as before.
import type { z } from 'zod';
import { PodSpecSchema } from '../model/pod.js';
import { JobSpecSchema } from '../model/workloads.js';
import { getKindDefinition } from '../model/kinds.js';
import type { KindDefinition, StoredObject } from './kinds.js';

/** Frozen subtrees the store validated, with the schema they are an output of. Module-private. */
const validated = new WeakMap<object, z.ZodType>();

/** Where built-in workload kinds keep a template spec (a property path), with the schema of that spec. */
const TEMPLATE_SPECS: Readonly<Record<string, readonly (readonly [readonly string[], z.ZodType])[]>> = {
  ReplicaSet: [[['spec', 'template', 'spec'], PodSpecSchema]],
  Job: [[['spec', 'template', 'spec'], PodSpecSchema]],
  DaemonSet: [[['spec', 'template', 'spec'], PodSpecSchema]],
  Deployment: [[['spec', 'template', 'spec'], PodSpecSchema]],
  StatefulSet: [[['spec', 'template', 'spec'], PodSpecSchema]],
  CronJob: [
    [['spec', 'jobTemplate', 'spec'], JobSpecSchema],
    [['spec', 'jobTemplate', 'spec', 'template', 'spec'], PodSpecSchema],
  ],
};

function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/**
 * Called by the store on every object it commits (after validation and `deepFreeze`): remembers
 * the template specs of built-in workload kinds (pod specs; a CronJob's Job spec) as outputs of
 * their schemas. Kinds whose schema is not the model's own (a custom registration) are skipped.
 * Internal to the store.
 */
export function rememberValidated(def: KindDefinition, obj: StoredObject): void {
  const specs = TEMPLATE_SPECS[def.kind];
  if (specs === undefined || getKindDefinition(def.apiVersion, def.kind)?.schema !== def.schema) return;
  for (const [path, schema] of specs) {
    const spec = at(obj, path);
    // Only frozen values: a remembered value must not be able to change after it was validated.
    if (typeof spec === 'object' && spec !== null && Object.isFrozen(spec)) validated.set(spec, schema);
  }
}

/** True iff `value` is a subtree the store validated as an output of exactly `schema`. */
export function isValidatedBy(schema: z.ZodType, value: unknown): boolean {
  return typeof value === 'object' && value !== null && validated.get(value) === schema;
}
