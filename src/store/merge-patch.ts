import { PodkitError } from '../errors.js';
import type { ObjectStore, ObjectOf, StoreKind } from './object-store.js';

/** A JSON merge patch (RFC 7386): objects merge key by key, `null` removes a key, anything else replaces. */
export type MergePatch = { readonly [key: string]: unknown };

/** Options of {@link ObjectStore.patch}. */
export interface PatchOptions {
  /** Namespace of the object (default `default`; ignored for cluster-scoped kinds). */
  readonly namespace?: string | undefined;
  /** `'status'` patches the status subresource (like `kubectl patch --subresource=status`). */
  readonly subresource?: 'status' | undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Applies a JSON merge patch (RFC 7386, what `kubectl patch --type=merge` sends) to a value and
 * returns the result; the inputs are not modified. Pure. A `__proto__` key in the patch is
 * ignored (no Kubernetes object has such a field, and it cannot pollute the result).
 *
 * @example
 * ```ts
 * import { applyMergePatch } from 'podkit';
 * applyMergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: 3 } }); // { a: 1, b: { d: 3 } }
 * ```
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    // `__proto__` is no field of any object (assigning it would replace the result's prototype).
    if (key === '__proto__') continue;
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(Object.hasOwn(out, key) ? out[key] : undefined, value);
  }
  return out;
}

/**
 * `ObjectStore.patch` on top of `get` and `update` / `updateStatus`: reads the object, applies the
 * merge patch, and writes it back. A `metadata.resourceVersion` in the patch is a precondition
 * (stale → `conflict`, nothing written); without one the write is unconditional, as with
 * `kubectl patch`. The patch may not rename the object or change its kind.
 */
export function patchThroughStore<K extends StoreKind>(store: ObjectStore, kind: K, name: string, patch: MergePatch, options: PatchOptions = {}): ObjectOf<K> {
  if (!isPlainObject(patch)) {
    throw new PodkitError('invalid_argument', `patch ${kind}/${name}: expected a JSON merge patch object, received ${JSON.stringify(patch)}.`);
  }
  const current = store.get(kind, name, options.namespace);
  const merged = applyMergePatch(current, patch) as ObjectOf<K>;
  if (merged.kind !== current.kind || merged.apiVersion !== current.apiVersion || merged.metadata?.name !== current.metadata.name || merged.metadata?.namespace !== current.metadata.namespace) {
    throw new PodkitError('invalid_argument', `patch ${kind}/${name}: a patch cannot change apiVersion, kind, metadata.name or metadata.namespace.`);
  }
  const patchedVersion = isPlainObject(patch['metadata']) ? patch['metadata']['resourceVersion'] : undefined;
  const next = { ...merged, metadata: { ...merged.metadata, resourceVersion: typeof patchedVersion === 'string' ? patchedVersion : current.metadata.resourceVersion } } as ObjectOf<K>;
  return options.subresource === 'status' ? store.updateStatus(next) : store.update(next);
}
