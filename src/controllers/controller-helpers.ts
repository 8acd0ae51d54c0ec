// Helpers for controller authors, after controller-runtime's controllerutil and apimachinery's
// meta/conditions: setOwner, createOrUpdate (with an immer recipe), setCondition.
import { PodkitError } from '../errors.js';
import type { OwnerReference } from '../model/index.js';
import { toTimestamp, type TimeInput } from '../model/time.js';
import type { ObjectStore, StoreKind, StoreObject } from '../store/object-store.js';
import { deepEqual } from '../store/object-utils.js';
import { produceWith, requireRecipe, type Recipe } from './recipes.js';

/** The minimal shape {@link setOwner} reads and writes. */
export interface OwnableObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string | undefined;
    readonly namespace?: string | undefined;
    readonly uid?: string | undefined;
    readonly ownerReferences?: readonly OwnerReference[] | undefined;
  };
}

/** Options of {@link setOwner}. */
export interface SetOwnerOptions {
  /** Make the owner the controller (`controller: true`, `blockOwnerDeletion: true`). Default true. */
  readonly controller?: boolean;
}

/**
 * Returns a copy of `object` whose ownerReferences name `owner` (controller-runtime's
 * `SetControllerReference` / `SetOwnerReference`): garbage collection then deletes the object
 * with its owner, and `createController({ owns })` maps its changes back to the owner's key. An
 * existing reference to the same owner (by uid) is replaced. Pure: returns a new object.
 *
 * Throws `invalid_argument` when the owner has no uid (not created yet) or lives in another
 * namespace, and `conflict` when another object already controls `object`.
 *
 * @example
 * ```ts
 * import { setOwner } from 'podkit';
 * const pod = setOwner(queue, { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'worker-' }, spec });
 * ctx.client.create(pod);
 * ```
 */
export function setOwner<T extends OwnableObject>(owner: OwnableObject, object: T, options: SetOwnerOptions = {}): T {
  const uid = owner.metadata.uid;
  const name = owner.metadata.name;
  if (uid === undefined || uid === '' || name === undefined) {
    throw new PodkitError('invalid_argument', `setOwner: owner ${owner.kind} ${JSON.stringify(name ?? '')} has no metadata.uid; pass the object returned by the store (create it first).`, {
      details: { field: 'metadata.uid' },
    });
  }
  if (owner.metadata.namespace !== undefined && object.metadata.namespace !== undefined && owner.metadata.namespace !== object.metadata.namespace) {
    throw new PodkitError(
      'invalid_argument',
      `setOwner: cross-namespace owner references are not allowed: owner ${owner.kind} ${owner.metadata.namespace}/${name}, object in namespace ${object.metadata.namespace}.`,
      { details: { field: 'metadata.namespace' } },
    );
  }
  const controller = options.controller ?? true;
  const refs = object.metadata.ownerReferences ?? [];
  const other = refs.find((r) => r.controller === true && r.uid !== uid);
  if (controller && other !== undefined) {
    throw new PodkitError('conflict', `setOwner: ${object.kind} ${JSON.stringify(object.metadata.name ?? '')} is already controlled by ${other.kind} ${JSON.stringify(other.name)}.`, {
      details: { owner: other },
    });
  }
  const ref: OwnerReference = { apiVersion: owner.apiVersion, kind: owner.kind, name, uid, ...(controller ? { controller: true, blockOwnerDeletion: true } : {}) };
  return { ...object, metadata: { ...object.metadata, ownerReferences: [...refs.filter((r) => r.uid !== uid), ref] } };
}

/** What {@link createOrUpdate} did. */
export type OperationResult = 'created' | 'updated' | 'unchanged';

/** The outcome of {@link createOrUpdate}: what it did, and the stored object. */
export interface CreateOrUpdateResult<T> {
  readonly operation: OperationResult;
  readonly object: T;
}

/**
 * Creates or updates an object so that it matches what `recipe` makes of it
 * (controller-runtime's `controllerutil.CreateOrUpdate`, with its mutate style): reads the
 * object named like `desired`; when missing, creates `desired` with the recipe applied;
 * otherwise applies the recipe to the current object and updates it, unless that changes
 * nothing (metadata and spec compared; status is left to `updateStatus`). The recipe changes a
 * draft in place (immer, see {@link Recipe}): `(rs) => { rs.spec.replicas = 3 }`; the stored
 * object it starts from is frozen, the draft is not. It must not rename the object.
 *
 * No retry: like controller-runtime's, a `conflict` (the object changed between the read and
 * the write) passes through and the reconcile runs again. For a retrying update of an existing
 * object, use {@link patchObject} or `cluster.patch`.
 *
 * @example
 * ```ts
 * import { createOrUpdate } from 'podkit';
 * const { operation } = createOrUpdate(ctx.client, rs, (draft) => { draft.spec.replicas = 3; });
 * // 'created' | 'updated' | 'unchanged'
 * ```
 */
export function createOrUpdate<T extends StoreObject>(client: ObjectStore, desired: T, recipe: Recipe<T> = () => undefined): CreateOrUpdateResult<T> {
  requireRecipe(recipe, 'createOrUpdate');
  const name = desired.metadata.name;
  if (name === undefined || name === '') {
    throw new PodkitError('invalid_argument', 'createOrUpdate: metadata.name is required (generateName cannot be looked up).', { details: { field: 'metadata.name' } });
  }
  const current = client.tryGet(desired.kind as StoreKind, name, desired.metadata.namespace) as T | undefined;
  if (current === undefined) return { operation: 'created', object: client.create(checkKey(desired, produceWith(desired, recipe))) };
  const next = checkKey(current, produceWith(current, recipe));
  if (next === current || (deepEqual(next.metadata, current.metadata) && deepEqual(next.spec, current.spec))) return { operation: 'unchanged', object: current };
  return { operation: 'updated', object: client.update(next) };
}

function checkKey<T extends StoreObject>(before: T, after: T): T {
  if (after.kind !== before.kind || after.metadata.name !== before.metadata.name || (after.metadata.namespace ?? before.metadata.namespace) !== before.metadata.namespace) {
    throw new PodkitError('invalid_argument', `createOrUpdate: the recipe must not change the kind, name or namespace of ${before.kind} ${JSON.stringify(before.metadata.name ?? '')}.`);
  }
  return after;
}

/** A status condition as {@link setCondition} writes it (the shape of pod, workload and custom conditions). */
export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string | undefined;
  readonly message?: string | undefined;
  readonly lastTransitionTime?: string | undefined;
  readonly observedGeneration?: number | undefined;
}

/**
 * Sets a condition in a conditions list (apimachinery's `meta.SetStatusCondition`): adds it
 * when missing; otherwise `lastTransitionTime` changes only when `status` flips, while reason,
 * message and observedGeneration always update. Pure: returns a new array and leaves others in
 * order; `now` is the transition time.
 *
 * @example
 * ```ts
 * import { setCondition } from 'podkit';
 * const conditions = setCondition(queue.status?.conditions, { type: 'Ready', status: 'True', reason: 'Drained' }, ctx.now());
 * ```
 */
export function setCondition<C extends Condition>(conditions: readonly C[] | undefined, condition: Omit<C, 'lastTransitionTime'> & { readonly lastTransitionTime?: string }, now: TimeInput): C[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === condition.type);
  const existing = i < 0 ? undefined : list[i];
  const lastTransitionTime = existing !== undefined && existing.status === condition.status ? existing.lastTransitionTime : (condition.lastTransitionTime ?? toTimestamp(now));
  const next = { ...condition, ...(lastTransitionTime === undefined ? {} : { lastTransitionTime }) } as C;
  if (i < 0) list.push(next);
  else list[i] = next;
  return list;
}
