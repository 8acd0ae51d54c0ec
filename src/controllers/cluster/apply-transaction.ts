// The write phase of apply: the planned writes in order, and when one still fails, the earlier
// ones undone (what was created deleted, what was updated restored), so a rejected apply leaves
// the store's objects as they were.
import { PodkitError } from '../../errors.js';
import type { KubeObject } from '../../model/index.js';
import type { ObjectStore, StoreKind, StoreObject } from '../../store/object-store.js';

/** One write apply decided on; `live` is the stored object an update replaces. */
export type PlannedWrite = { readonly op: 'create'; readonly obj: KubeObject } | { readonly op: 'update'; readonly obj: KubeObject; readonly live: KubeObject };

type Done = { readonly op: 'create'; readonly stored: StoreObject } | { readonly op: 'update'; readonly before: KubeObject };

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Deletes an object this apply created (finalizers it came with are removed first, so it really goes). */
function undoCreate(store: ObjectStore, stored: StoreObject): void {
  const { kind, metadata } = stored;
  const name = metadata.name ?? '';
  const current = store.tryGet(kind as StoreKind, name, metadata.namespace);
  if (current === undefined || current.metadata.uid !== metadata.uid) return;
  if ((current.metadata.finalizers ?? []).length > 0) {
    const { finalizers: _f, ...meta } = current.metadata;
    store.update({ ...current, metadata: meta });
  }
  if (store.tryGet(kind as StoreKind, name, metadata.namespace) === undefined) return;
  store.delete(kind as StoreKind, name, { namespace: metadata.namespace, gracePeriodSeconds: 0, preconditions: { uid: metadata.uid ?? '' } });
}

/** Restores the metadata and spec an update replaced (status is never written by apply). */
function undoUpdate(store: ObjectStore, before: KubeObject): void {
  const current = store.tryGet(before.kind as StoreKind, before.metadata.name ?? '', before.metadata.namespace);
  if (current === undefined || current.metadata.uid !== before.metadata.uid) return;
  const { resourceVersion: _rv, ...meta } = before.metadata;
  store.update({ ...before, metadata: meta } as StoreObject);
}

/**
 * Writes `writes` in order and returns the stored objects. When a write throws, the writes
 * before it are undone in reverse order and the error is rethrown (same code and message, with
 * `details.rolledBack` and, if an undo failed too, `details.rollbackErrors`). Undoing is itself a
 * write: resourceVersions advance, watchers see the change and its reversal, and a restored
 * object's generation moves on. `apply` only gets here after every write passed a dry run, so
 * this is the path of a concurrent writer or a failing store, not of invalid input.
 */
export function writeAll(store: ObjectStore, writes: readonly PlannedWrite[]): StoreObject[] {
  const done: Done[] = [];
  const out: StoreObject[] = [];
  for (const w of writes) {
    try {
      const stored = w.op === 'create' ? store.create(w.obj) : store.update(w.obj);
      done.push(w.op === 'create' ? { op: 'create', stored } : { op: 'update', before: w.live });
      out.push(stored);
    } catch (e) {
      const rollbackErrors: string[] = [];
      for (const d of [...done].reverse()) {
        try {
          if (d.op === 'create') undoCreate(store, d.stored);
          else undoUpdate(store, d.before);
        } catch (undo) {
          rollbackErrors.push(messageOf(undo));
        }
      }
      if (done.length === 0) throw e;
      const code = e instanceof PodkitError ? e.code : 'internal';
      const details = e instanceof PodkitError ? e.details : {};
      const note = rollbackErrors.length === 0 ? `the ${done.length} earlier writes of this apply were undone` : `undoing the ${done.length} earlier writes failed: ${rollbackErrors.join('; ')}`;
      throw new PodkitError(code, `${messageOf(e)} (${note})`, {
        details: { ...details, rolledBack: done.length, ...(rollbackErrors.length === 0 ? {} : { rollbackErrors }) },
        cause: e,
      });
    }
  }
  return out;
}
