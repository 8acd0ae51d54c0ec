import type { Pod } from '../model/index.js';
import { deletionGracePeriodSeconds } from '../reducers/termination.js';
import type { KindDefinition, StoredObject } from './kinds.js';
import type { DeleteOptions, DeleteResult, PropagationPolicy } from './object-store.js';
import { draftOf, FOREGROUND_FINALIZER, type StoreCore } from './store-core.js';

/**
 * Deletes a stored object (upstream registry `Delete` + the garbage collector, run synchronously):
 * - pods are graceful (§F.1): grace > 0 sets deletionTimestamp = now + grace and keeps the pod;
 *   a later delete may only shorten it; grace 0 removes it;
 * - an object with finalizers, or deleted in the foreground, gets a deletionTimestamp and
 *   `deletionGracePeriodSeconds: 0` and stays until its finalizers are gone;
 * - `Orphan` first removes the owner reference from every dependent; `Background` deletes the
 *   dependents once the owner is removed; `Foreground` deletes them first, and the owner goes
 *   when no dependent with `blockOwnerDeletion` is left.
 */
export function deleteObject(
  core: StoreCore,
  def: KindDefinition,
  key: string,
  existing: StoredObject,
  options: DeleteOptions,
): DeleteResult<StoredObject> {
  const policy: PropagationPolicy = options.propagationPolicy ?? 'Background';
  const meta = existing.metadata;
  let grace = 0;
  if (def.gracefulDelete) {
    grace = deletionGracePeriodSeconds(existing as Pod, options.gracePeriodSeconds);
    if (meta.deletionTimestamp !== undefined) {
      // Already terminating: only an explicitly shorter grace period changes anything.
      if (options.gracePeriodSeconds === undefined) return { object: existing, removed: false };
      const current = Date.parse(meta.deletionTimestamp);
      if (grace > 0 && core.now() + grace * 1000 >= current) return { object: existing, removed: false };
      // A force delete of a pod that a finalizer already holds at grace 0 changes nothing: it goes
      // when its finalizers do (a write here would wake every watcher for no change).
      if (grace === 0 && meta.deletionGracePeriodSeconds === 0 && (meta.finalizers ?? []).length > 0 && policy !== 'Foreground') {
        return { object: existing, removed: false };
      }
    }
  } else if (meta.deletionTimestamp !== undefined) {
    return { object: existing, removed: false };
  }
  if (policy === 'Orphan') orphanDependents(core, existing);
  const finalizers = [...(meta.finalizers ?? [])];
  if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
  if (grace === 0 && finalizers.length === 0) {
    const last = core.remove(def, key, existing);
    afterRemoval(core, last);
    return { object: last, removed: true };
  }
  const draft = draftOf(existing);
  // Graceful kinds only get here for a first or shortened deletion: the deadline becomes now + grace.
  draft.metadata.deletionTimestamp = def.gracefulDelete ? core.timestamp(grace) : (meta.deletionTimestamp ?? core.timestamp());
  draft.metadata.deletionGracePeriodSeconds = grace;
  if (finalizers.length > 0) draft.metadata.finalizers = finalizers;
  const marked = core.commit(def, key, draft, 'Modified', existing);
  if (policy === 'Foreground') {
    for (const dep of core.index.dependents(meta.uid ?? '')) {
      core.step(() => {
        const obj = core.index.get(dep.kind, dep.key);
        if (obj !== undefined) deleteObject(core, core.registry.require(dep.kind), dep.key, obj, { propagationPolicy: 'Foreground' });
      });
    }
    const done = finalizeForeground(core, meta.uid ?? '');
    if (done !== undefined) return done;
    const current = core.index.get(def.kind, key);
    // Cascading may already have removed the owner (its last dependent went synchronously).
    return current === undefined ? { object: marked, removed: true } : { object: current, removed: false };
  }
  return { object: marked, removed: false };
}

/** Removes the owner reference to `owner` from each of its dependents (Orphan propagation). */
function orphanDependents(core: StoreCore, owner: StoredObject): void {
  const uid = owner.metadata.uid ?? '';
  for (const dep of core.index.dependents(uid)) {
    core.step(() => {
      const obj = core.index.get(dep.kind, dep.key);
      if (obj !== undefined) dropOwnerRef(core, core.registry.require(dep.kind), dep.key, obj, uid);
    });
  }
}

function dropOwnerRef(core: StoreCore, def: KindDefinition, key: string, obj: StoredObject, ownerUid: string): void {
  const draft = draftOf(obj);
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  if (refs.length > 0) draft.metadata.ownerReferences = refs;
  else delete draft.metadata.ownerReferences;
  core.commit(def, key, draft, 'Modified', obj);
}

/**
 * What the garbage collector does once an object is gone: its dependents are deleted in the
 * background (or, if they have another owner that still exists, lose the dangling reference),
 * and owners waiting in foreground deletion are re-checked.
 */
export function afterRemoval(core: StoreCore, removed: StoredObject): void {
  const uid = removed.metadata.uid ?? '';
  for (const dep of core.index.dependents(uid)) {
    core.step(() => {
      const obj = core.index.get(dep.kind, dep.key);
      if (obj === undefined) return;
      const def = core.registry.require(dep.kind);
      const otherOwner = (obj.metadata.ownerReferences ?? []).some((r) => r.uid !== uid && core.index.byUid(r.uid) !== undefined);
      if (otherOwner) dropOwnerRef(core, def, dep.key, obj, uid);
      else if (obj.metadata.deletionTimestamp === undefined) deleteObject(core, def, dep.key, obj, { propagationPolicy: 'Background' });
    });
  }
  ownersMayFinalize(core, removed.metadata.ownerReferences?.map((r) => r.uid) ?? []);
}

/** Re-checks owners in foreground deletion after some of their dependents went away. */
export function ownersMayFinalize(core: StoreCore, ownerUids: readonly string[]): void {
  for (const uid of new Set(ownerUids)) {
    core.step(() => {
      finalizeForeground(core, uid);
    });
  }
}

/**
 * If the object with this uid waits in foreground deletion and no dependent with
 * `blockOwnerDeletion: true` references it any more, removes the `foregroundDeletion` finalizer
 * (and the object, when no finalizer remains and its grace period is over).
 */
function finalizeForeground(core: StoreCore, uid: string): DeleteResult<StoredObject> | undefined {
  const found = core.lookupUid(uid);
  if (found === undefined) return undefined;
  const { def, key, obj } = found;
  if (!(obj.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER)) return undefined;
  const blocked = core.index.dependents(uid).some((d) =>
    (core.index.get(d.kind, d.key)?.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion === true),
  );
  if (blocked) return undefined;
  const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== FOREGROUND_FINALIZER);
  const draft = draftOf(obj);
  if (finalizers.length > 0) draft.metadata.finalizers = finalizers;
  else delete draft.metadata.finalizers;
  if (finalizers.length === 0 && (obj.metadata.deletionGracePeriodSeconds ?? 0) === 0) {
    const last = core.remove(def, key, draft);
    afterRemoval(core, last);
    return { object: last, removed: true };
  }
  return { object: core.commit(def, key, draft, 'Modified', obj), removed: false };
}
