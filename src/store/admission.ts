import type { Pod } from '../model/index.js';
import { addDefaultTolerations } from '../planners/taints.js';
import type { StoredObject } from './kinds.js';

/** A write hook run before defaulting and validation, like an admission plugin (e.g. default tolerations). */
export type StoreAdmission = (obj: StoredObject, operation: 'create' | 'update') => StoredObject;

/**
 * The DefaultTolerationSeconds admission plugin (§L.5) as a store hook: on pod create, adds
 * `not-ready`/`unreachable` NoExecute tolerations with `tolerationSeconds: 300` unless the pod
 * already tolerates them. Other kinds and updates pass through unchanged.
 *
 * @example
 * ```ts
 * import { MemoryStore, defaultTolerationSecondsAdmission } from 'podkit';
 * const store = new MemoryStore({ clock, admission: [defaultTolerationSecondsAdmission] });
 * ```
 */
export const defaultTolerationSecondsAdmission: StoreAdmission = (obj, operation) =>
  operation === 'create' && obj.kind === 'Pod' && obj.apiVersion === 'v1' ? addDefaultTolerations(obj as Pod) : obj;
