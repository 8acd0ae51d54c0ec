// The admission half of the store's writes: everything create and update do before they commit
// (shape, system fields, admission hooks, defaults, validation, preconditions). MemoryStore runs
// it for real writes and for dryRun.
import { forbidden } from '../model/field-error.js';
import type { IdSource } from './ids.js';
import { checkMetadata, kindOfInput } from './input-guards.js';
import type { KindDefinition, StoredObject } from './kinds.js';
import { deepEqual } from './object-utils.js';
import { type Draft, draftOf, type StoreCore } from './store-core.js';
import { invalidObjectError, parseForStore, type StoreValidator, validateForStore } from './validate.js';

/** What admission needs from the store. */
export interface AdmitContext {
  readonly core: StoreCore;
  readonly ids: IdSource;
  /** Admission hooks, then defaulting. */
  readonly prepare: (obj: StoredObject, op: 'create' | 'update') => StoredObject;
  readonly validate: StoreValidator | undefined;
  /**
   * True when `prepare` is podkit's own (the model's defaults, the built-in admission hooks):
   * they turn a parsed object into a well-typed one, so it is not parsed a second time.
   */
  readonly trusted: boolean;
}

/** The uid a dry-run create carries (defaulting may need one; the id source is not consumed). */
export const DRY_RUN_UID = 'dry-run';

/** Everything a create does before it picks the name and commits; `dry` assigns no uid from the id source. */
export function admitCreate(ctx: AdmitContext, obj: unknown, dry: boolean): { def: KindDefinition; draft: Draft } {
  const def = kindOfInput(ctx.core.registry, obj, 'create');
  // The shape first: nothing below (admission, defaulting) reads unvalidated input.
  const shaped = parseForStore(def, obj);
  if (shaped.metadata.resourceVersion !== undefined && shaped.metadata.resourceVersion !== '') {
    throw invalidObjectError(def.kind, shaped.metadata.name ?? '', [forbidden('metadata.resourceVersion', 'resourceVersion should not be set on objects to be created')]);
  }
  // System fields first (as the API server's BeforeCreate): defaulting may need the uid (Job selectors).
  const input = draftOf(shaped);
  const m = input.metadata;
  for (const k of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) delete m[k];
  if (def.namespaced) m.namespace = m.namespace || 'default';
  else delete m.namespace;
  m.uid = dry ? DRY_RUN_UID : ctx.ids.uid();
  m.creationTimestamp = ctx.core.timestamp();
  m.generation = 1;
  const prepared = draftOf(ctx.prepare(input, 'create'));
  for (const k of ['uid', 'creationTimestamp', 'generation', 'namespace'] as const) {
    if (m[k] === undefined) delete prepared.metadata[k];
    else (prepared.metadata as Record<string, unknown>)[k] = m[k];
  }
  const draft = validateForStore(def, prepared, undefined, ctx.validate, shaped, ctx.trusted) as Draft;
  if (def.kind === 'Pod' && (draft.status as { phase?: string } | undefined)?.phase === undefined) {
    draft.status = { ...(draft.status as object | undefined), phase: 'Pending' };
  }
  return { def, draft };
}

/** The stored object a write names, after its metadata and its resourceVersion/uid preconditions are checked. */
export function existingFor(core: StoreCore, def: KindDefinition, obj: StoredObject): { key: string; existing: StoredObject } {
  checkMetadata(def, obj);
  const name = obj.metadata.name ?? '';
  const key = core.keyOf(def, name, obj.metadata.namespace);
  const existing = core.index.get(def.kind, key);
  if (existing === undefined) throw core.notFound(def, name);
  const rv = obj.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== existing.metadata.resourceVersion) throw core.conflict(def, name);
  const uid = obj.metadata.uid;
  if (uid !== undefined && uid !== '' && uid !== existing.metadata.uid) {
    throw core.conflict(def, name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`);
  }
  return { key, existing };
}


/** Everything an update does before it writes: preconditions, shape, admission, defaults, validation, generation. */
export function admitUpdate(ctx: AdmitContext, obj: unknown): { def: KindDefinition; key: string; existing: StoredObject; draft: Draft } {
  const def = kindOfInput(ctx.core.registry, obj, 'update');
  const { key, existing } = existingFor(ctx.core, def, obj as StoredObject);
  // The shape first (reusing what is unchanged from the stored version), then admission and defaults.
  const shaped = parseForStore(def, obj, existing);
  const old = existing.metadata;
  const system = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'resourceVersion', 'generateName'] as const;
  const keepSystem = (d: Draft): Draft => {
    for (const k of system) {
      if (old[k] === undefined) delete d.metadata[k];
      else (d.metadata as Record<string, unknown>)[k] = old[k];
    }
    return d;
  };
  const input = keepSystem(draftOf(ctx.prepare(keepSystem(draftOf(shaped)), 'update')));
  const meta = input.metadata;
  if (def.hasStatus) {
    if (existing.status === undefined) delete input.status;
    else input.status = existing.status;
  }
  if (old.deletionTimestamp !== undefined) {
    const added = (meta.finalizers ?? []).filter((f) => !(old.finalizers ?? []).includes(f));
    if (added.length > 0) {
      throw invalidObjectError(def.kind, old.name ?? '', [forbidden('metadata.finalizers', 'no new finalizers can be added if the object is being deleted')]);
    }
  }
  const draft = validateForStore(def, input, existing, ctx.validate, shaped, ctx.trusted) as Draft;
  if (!deepEqual(draft.spec, existing.spec)) draft.metadata.generation = (old.generation ?? 0) + 1;
  return { def, key, existing, draft };
}

