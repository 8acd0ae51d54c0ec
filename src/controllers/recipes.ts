// Updates written as recipes (controller-runtime's mutate functions, with immer drafts): a recipe
// changes a draft of the object in place — `(rs) => { rs.spec.replicas = 3 }` — and immer makes
// the new frozen object, sharing what did not change. These are the user-facing update helpers;
// the pod reducer keeps its hand-written copy-on-write (src/reducers/pod-draft.ts), which the
// R1–R3 benchmarks measured faster than immer on that hot path.
import { enablePatches, Immer, type Draft, type Patch } from 'immer';
import { PodkitError } from '../errors.js';
import type { ObjectOf, ObjectStore, StoreKind } from '../store/object-store.js';

/**
 * A recipe: changes a draft of an object in place (immer's `produce`), e.g.
 * `(rs) => { rs.spec.replicas = 3 }`. It may instead return a whole new object (then it must not
 * also change the draft). The draft is a mutable view of a frozen object; nothing is copied
 * until the recipe writes, and a recipe that changes nothing yields the very same object.
 *
 * @example
 * ```ts
 * import type { Recipe, ReplicaSet } from 'podkit';
 * const scaleTo3: Recipe<ReplicaSet> = (rs) => { rs.spec.replicas = 3; };
 * cluster.patch('ReplicaSet', 'web', scaleTo3);
 * ```
 */
export type Recipe<T> = (draft: Draft<T>) => T | void;

/** One operation of an RFC 6902 JSON patch, as `application/json-patch+json` carries it. */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  /** An RFC 6901 JSON pointer (`/spec/replicas`, `/metadata/labels/app.kubernetes.io~1name`); `''` is the whole object. */
  readonly path: string;
  /** The new value (absent for `remove`). */
  readonly value?: unknown;
}

/** What {@link applyRecipe} made of an object. */
export interface RecipeResult<T> {
  /** The new object (deeply frozen), or the input itself when the recipe changed nothing. */
  readonly object: T;
  /** The RFC 6902 patch from the input to `object` (empty when nothing changed). */
  readonly patch: readonly JsonPatchOperation[];
}

/** podkit's immer: frozen results, whatever a program sets on immer's global instance. */
const immer = new Immer({ autoFreeze: true });
let patchesEnabled = false;

/** Immer's patch paths as RFC 6901 pointers. */
function toPointer(path: Patch['path']): string {
  return path.map((seg) => `/${String(seg).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Throws `invalid_argument` unless `recipe` is a function (a merge patch passed by mistake, say). */
export function requireRecipe(recipe: unknown, where: string): void {
  if (typeof recipe !== 'function') {
    throw new PodkitError(
      'invalid_argument',
      `${where}: expected a recipe function such as (draft) => { draft.spec.replicas = 3 }, received ${recipe === null ? 'null' : typeof recipe}. For a JSON merge patch use store.patch(kind, name, patch).`,
      { details: { field: 'recipe' } },
    );
  }
}

/**
 * Applies a {@link Recipe} to an object and returns the new object with the RFC 6902 JSON patch
 * that leads to it (immer's `produceWithPatches`) — the patch to send when the object lives in a
 * remote store (`PATCH` with `application/json-patch+json`). Pure: the input is not changed;
 * frozen inputs are fine.
 *
 * @example
 * ```ts
 * import { applyRecipe } from 'podkit';
 * const { object, patch } = applyRecipe(rs, (draft) => { draft.spec.replicas = 3; });
 * // patch: [{ op: 'replace', path: '/spec/replicas', value: 3 }]
 * ```
 */
export function applyRecipe<T>(base: T, recipe: Recipe<T>): RecipeResult<T> {
  requireRecipe(recipe, 'applyRecipe');
  if (!patchesEnabled) {
    enablePatches();
    patchesEnabled = true;
  }
  const [object, patches] = immer.produceWithPatches(base, recipe as (draft: Draft<T>) => void) as unknown as [T, Patch[]];
  return {
    object,
    patch: patches.map((p) => (p.op === 'remove' ? { op: p.op, path: toPointer(p.path) } : { op: p.op, path: toPointer(p.path), value: p.value as unknown })),
  };
}

/** The new object a recipe makes of `base` (immer's `produce`, frozen result; `base` itself when nothing changed). */
export function produceWith<T>(base: T, recipe: Recipe<T>): T {
  return immer.produce(base, recipe as (draft: Draft<T>) => void) as T;
}

/** Options of {@link patchObject} and {@link patchStatus}. */
export interface RecipeUpdateOptions {
  /** Namespace of a namespaced kind; default `default`. */
  readonly namespace?: string;
  /**
   * How many times to read, apply the recipe and write before a `conflict` is passed on
   * (client-go's `retry.RetryOnConflict` with `retry.DefaultRetry`: 5). Default 5.
   */
  readonly attempts?: number;
}

function retrying<K extends StoreKind>(
  store: ObjectStore,
  kind: K,
  name: string,
  recipe: Recipe<ObjectOf<K>>,
  options: RecipeUpdateOptions,
  where: string,
  write: (next: ObjectOf<K>) => ObjectOf<K>,
): ObjectOf<K> {
  requireRecipe(recipe, where);
  const attempts = options.attempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new PodkitError('invalid_argument', `${where}: attempts: expected an integer >= 1, received ${String(attempts)}.`, { details: { field: 'attempts' } });
  }
  for (let attempt = 1; ; attempt++) {
    const current = store.get(kind, name, options.namespace);
    const next = produceWith(current, recipe);
    if (next === current) return current;
    const meta = (next as { metadata?: { name?: string; namespace?: string } }).metadata;
    if ((next as { kind?: string }).kind !== current.kind || meta?.name !== current.metadata.name || (meta?.namespace ?? current.metadata.namespace) !== current.metadata.namespace) {
      throw new PodkitError('invalid_argument', `${where}: the recipe must not change the kind, name or namespace of ${current.kind} ${JSON.stringify(name)}.`, { details: { kind, name } });
    }
    try {
      return write(next);
    } catch (e) {
      if (!(e instanceof PodkitError && e.code === 'conflict') || attempt >= attempts) throw e;
    }
  }
}

/**
 * Updates an object with a recipe, retrying on conflict like client-go's `RetryOnConflict`:
 * reads the object, applies `recipe` to it, and writes the result with `update` (optimistic
 * concurrency on the read `resourceVersion`); when another writer got there first (`conflict`),
 * reads again and re-applies the recipe, up to `attempts` times (default 5) — so a recipe must
 * be safe to run more than once (set values, do not increment a counter you read elsewhere).
 * A recipe that changes nothing writes nothing and returns the current object. Changes to
 * `status` are ignored by `update` (the status subresource): use {@link patchStatus}.
 *
 * Throws `not_found` for a missing object, `invalid_argument` when the recipe renames it, and
 * the store's errors (`invalid_object`, a `conflict` after the last attempt).
 *
 * @example
 * ```ts
 * import { patchObject } from 'podkit';
 * patchObject(cluster.store, 'ReplicaSet', 'web', (rs) => { rs.spec.replicas = 3; });
 * ```
 */
export function patchObject<K extends StoreKind>(store: ObjectStore, kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options: RecipeUpdateOptions = {}): ObjectOf<K> {
  return retrying(store, kind, name, recipe, options, 'patch', (next) => store.update(next));
}

/**
 * Updates an object's status with a recipe through the status subresource (`updateStatus`),
 * retrying on conflict like {@link patchObject} (up to `attempts`, default 5; the recipe may run
 * more than once). Changes outside `status` are ignored by the store.
 *
 * @example
 * ```ts
 * import { patchStatus } from 'podkit';
 * patchStatus(store, 'BatchQueue', 'q', (q) => { q.status = { ...q.status, phase: 'Drained' }; });
 * ```
 */
export function patchStatus<K extends StoreKind>(store: ObjectStore, kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options: RecipeUpdateOptions = {}): ObjectOf<K> {
  return retrying(store, kind, name, recipe, options, 'updateStatus', (next) => store.updateStatus(next));
}
