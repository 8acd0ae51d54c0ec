import type { Observable } from 'rxjs';
import { PodkitError } from '../errors.js';
import type { Clock } from '../clock/clock.js';
import { invalid, renderValue, required } from '../model/field-error.js';
import { checkListOptions, checkOptions, isPlainObject, kindOfInput } from './input-guards.js';
import type { Pod } from '../model/index.js';
import { nameIsDNSSubdomain } from '../model/names.js';
import { parseLabelSelector } from '../planners/selector.js';
import { matchesSelector } from '../planners/selector.js';
import { defaultTolerationSecondsAdmission, type StoreAdmission } from './admission.js';
import { afterRemoval, deleteObject, ownersMayFinalize } from './deletion.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { defaultIdSource, type IdSource, randomIdSource } from './ids.js';
import type { StoreJournal } from './journal.js';
import { type KindDefinition, KindRegistry, type StoredObject } from './kinds.js';
import type {
  DeleteOptions,
  DeleteResult,
  ListOptions,
  ObjectOf,
  ObjectStore,
  StoreKind,
  StoreObject,
  WatchEvent,
  WatchOptions,
} from './object-store.js';
import { deepEqual } from './object-utils.js';
import { type MergePatch, type PatchOptions, patchThroughStore } from './merge-patch.js';
import { type Draft, draftOf, StoreCore } from './store-core.js';
import { type AdmitContext, admitCreate, admitUpdate, existingFor } from './store-admit.js';
import { defaultStoreDefaulter, invalidObjectError, type StoreDefaulter, type StoreValidator, validateForStore } from './validate.js';
import { DEFAULT_HISTORY_SIZE, type StoreEvent } from './watch-hub.js';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /** The time source (only `now()` is used): creation and deletion timestamps. */
  readonly clock: Pick<Clock, 'now'>;
  /**
   * uids and generated-name suffixes; default `seededIdSource(seed)` (reproducible), except on a
   * `SystemClock` without a seed: `randomIdSource()`, so uids never repeat across runs.
   */
  readonly ids?: IdSource | undefined;
  /** Seed of the default id source (default 1; giving one makes it seeded on any clock). */
  readonly seed?: number | undefined;
  /** How many events are kept for resuming watches (default 10 000). */
  readonly historySize?: number | undefined;
  /** Admission hooks, applied in order on create and update (not on updateStatus). */
  readonly admission?: readonly StoreAdmission[] | undefined;
  /** Defaulting applied to every created or updated object; default: the model's `applyDefaults`. */
  readonly defaults?: StoreDefaulter | undefined;
  /** Validation after the schema parse; default: the model's `validateObject` (replaced, not extended). */
  readonly validate?: StoreValidator | undefined;
  /**
   * A durable backend ({@link StoreJournal}; `podkit/etcd`'s `createEtcdStore` passes one): the
   * store loads its objects from it, sends every write through it (acknowledged only once
   * committed there; resourceVersions are the backend's revisions) and applies the changes other
   * processes commit. Without one the store is purely in memory. With one, the default id source
   * is `randomIdSource()` (uids must not repeat across processes) unless `ids` or `seed` is given.
   */
  readonly journal?: StoreJournal | undefined;
}

/** Attempts at a free generated name before giving up (the API server retries generateName too). */
const GENERATE_NAME_ATTEMPTS = 8;

const MAX_GENERATE_NAME_BASE = 58;

/**
 * The in-memory {@link ObjectStore}: the default backend of a podkit cluster, and usable alone.
 * Deterministic given its clock and id source (random uids on a `SystemClock` unless seeded); lists by namespace and pod `spec.nodeName` use
 * indexes (fit for 100k pods); garbage collection runs synchronously inside `delete`.
 *
 * `create` keeps a status given by the caller (pods without a phase get `Pending`), which lets
 * tests and tools seed running objects; controllers write status with `updateStatus`.
 *
 * Not simulated: admission beyond the given hooks, pod spec immutability and the binding
 * subresource, the `orphan` finalizer (Orphan propagation orphans at once), namespaces as
 * objects, and garbage collection of objects whose owners never existed.
 *
 * @example
 * ```ts
 * import { MemoryStore, SystemClock } from 'podkit';
 * const store = new MemoryStore({ clock: new SystemClock() });
 * const pod = store.create({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
 * store.watch('Pod').subscribe((e) => console.log(e.type, e.object.metadata.name));
 * ```
 */
export class MemoryStore implements ObjectStore {
  readonly #core: StoreCore;
  readonly #ids: IdSource;
  readonly #admission: readonly StoreAdmission[];
  readonly #defaults: StoreDefaulter;
  readonly #validate: StoreValidator | undefined;
  readonly #admit: AdmitContext;

  constructor(options: MemoryStoreOptions) {
    const clock = options.clock;
    this.#core = new StoreCore(() => clock.now(), options.historySize ?? DEFAULT_HISTORY_SIZE, new KindRegistry(), options.journal);
    this.#ids = options.ids ?? (options.journal !== undefined && options.seed === undefined ? randomIdSource() : defaultIdSource(clock, options.seed));
    this.#admission = options.admission ?? [];
    this.#defaults = options.defaults ?? defaultStoreDefaulter;
    this.#validate = options.validate;
    const trusted = options.defaults === undefined && this.#admission.every((a) => a === defaultTolerationSecondsAdmission);
    this.#admit = { core: this.#core, ids: this.#ids, prepare: (obj, op) => this.#prepare(obj, op), validate: this.#validate, trusted };
  }

  get resourceVersion(): string {
    return String(this.#core.rv);
  }

  /** Registers another kind (the path a later `defineKind` for custom resources takes). @internal */
  registerKind(definition: KindDefinition): void {
    this.#core.registry.register(definition);
  }

  #prepare(obj: StoredObject, op: 'create' | 'update'): StoredObject {
    let out = obj;
    for (const admit of this.#admission) out = admit(out, op);
    return this.#defaults(out);
  }

  #alreadyExists(def: KindDefinition, name: string | undefined): PodkitError {
    return new PodkitError('already_exists', `${def.resource} ${JSON.stringify(name)} already exists`, { details: { kind: def.kind, name } });
  }

  create<T extends StoreObject>(obj: T): T {
    return this.#core.durable ? this.#core.retrying(() => this.#create(obj)) : this.#create(obj);
  }

  #create<T extends StoreObject>(obj: T): T {
    const { def, draft } = admitCreate(this.#admit, obj, false);
    const meta = draft.metadata;
    const generated = meta.name === undefined || meta.name === '';
    let key = '';
    for (let attempt = 0; ; attempt++) {
      if (generated) meta.name = `${(meta.generateName ?? '').slice(0, MAX_GENERATE_NAME_BASE)}${this.#ids.suffix(5)}`;
      key = this.#core.keyOf(def, meta.name as string, meta.namespace);
      if (this.#core.index.get(def.kind, key) === undefined) break;
      if (!generated || attempt + 1 >= GENERATE_NAME_ATTEMPTS) throw this.#alreadyExists(def, meta.name);
    }
    return this.#core.commit(def, key, draft, 'Added') as T;
  }

  /**
   * Runs a create or an update through everything but the write (`dryRun=All`): the shape,
   * admission, defaults, validation, and the name, resourceVersion and uid checks. Returns the
   * object as it would be stored, without a resourceVersion (a create has the placeholder uid
   * `dry-run` and, with generateName, no name yet); consumes no uid or name; writes nothing.
   */
  dryRun<T extends StoreObject>(op: 'create' | 'update', obj: T): T {
    if (op === 'update') return admitUpdate(this.#admit, obj).draft as T;
    if (op !== 'create') throw new PodkitError('invalid_argument', `dryRun: expected op "create" or "update", received ${renderValue(op)}.`);
    const { def, draft } = admitCreate(this.#admit, obj, true);
    const name = draft.metadata.name;
    if (name !== undefined && name !== '' && this.#core.index.get(def.kind, this.#core.keyOf(def, name, draft.metadata.namespace)) !== undefined) {
      throw this.#alreadyExists(def, name);
    }
    return draft as T;
  }

  get<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> {
    const def = this.#core.registry.require(kind);
    const obj = this.#core.index.get(kind, this.#core.keyOf(def, name, namespace));
    if (obj === undefined) throw this.#core.notFound(def, name);
    return obj as ObjectOf<K>;
  }

  tryGet<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> | undefined {
    const def = this.#core.registry.require(kind);
    return this.#core.index.get(kind, this.#core.keyOf(def, name, namespace)) as ObjectOf<K> | undefined;
  }

  /** A predicate for list/watch options, and the pod node name the index can narrow by. */
  #matcher(def: KindDefinition, options: ListOptions): { matches: (o: StoredObject) => boolean; nodeName?: string } {
    checkListOptions(options, 'list');
    const fields = options.fieldSelector === undefined ? [] : parseFieldSelector(def, options.fieldSelector);
    const sel = typeof options.labelSelector === 'string' ? parseLabelSelector(options.labelSelector) : options.labelSelector;
    const ns = def.namespaced ? options.namespace : undefined;
    const nodeReq = fields.find((f) => f.field === 'spec.nodeName' && !f.negate);
    const matches = (o: StoredObject): boolean =>
      (ns === undefined || o.metadata.namespace === ns) &&
      (sel === undefined || matchesSelector(o.metadata.labels, sel)) &&
      (fields.length === 0 || matchesFields(def, o, fields));
    return nodeReq === undefined ? { matches } : { matches, nodeName: nodeReq.value };
  }

  list<K extends StoreKind>(kind: K, options: ListOptions = {}): readonly ObjectOf<K>[] {
    const def = this.#core.registry.require(kind);
    const { matches, nodeName } = this.#matcher(def, options);
    const out: StoredObject[] = [];
    for (const o of this.#core.index.candidates(kind, def.namespaced ? options.namespace : undefined, nodeName)) {
      if (matches(o)) out.push(o);
    }
    return out as unknown as readonly ObjectOf<K>[];
  }

  update<T extends StoreObject>(obj: T): T {
    return this.#core.durable ? this.#core.retrying(() => this.#update(obj)) : this.#update(obj);
  }

  #update<T extends StoreObject>(obj: T): T {
    const { def, key, existing, draft } = admitUpdate(this.#admit, obj);
    const old = existing.metadata;
    if (deepEqual(draft, existing)) return existing as T;
    const removedOwners = (old.ownerReferences ?? [])
      .map((r) => r.uid)
      .filter((uid) => !(draft.metadata.ownerReferences ?? []).some((r) => r.uid === uid));
    let result: StoredObject;
    if (old.deletionTimestamp !== undefined && (draft.metadata.finalizers ?? []).length === 0 && (old.deletionGracePeriodSeconds ?? 0) === 0) {
      result = this.#core.remove(def, key, draft);
      afterRemoval(this.#core, result);
    } else {
      result = this.#core.commit(def, key, draft, 'Modified', existing);
    }
    ownersMayFinalize(this.#core, removedOwners);
    return result as T;
  }

  updateStatus<T extends StoreObject>(obj: T): T {
    return this.#core.durable ? this.#core.retrying(() => this.#updateStatus(obj)) : this.#updateStatus(obj);
  }

  #updateStatus<T extends StoreObject>(obj: T): T {
    const def = kindOfInput(this.#core.registry, obj, 'updateStatus');
    if (!def.hasStatus) throw new PodkitError('invalid_argument', `${def.kind} has no status subresource.`);
    const { key, existing } = existingFor(this.#core, def, obj);
    // Only status changes: metadata and spec stay the stored (validated, frozen) ones.
    const input: Draft = { ...existing } as Draft;
    if (obj.status === undefined) delete input.status;
    else input.status = obj.status;
    const parsed = validateForStore(def, input, existing, this.#validate);
    if (deepEqual(parsed.status, existing.status)) return existing as T;
    return this.#core.commit(def, key, draftOf(parsed), 'Modified', existing) as T;
  }

  bind(pod: Pod, nodeName: string): Pod {
    return this.#core.durable ? this.#core.retrying(() => this.#bind(pod, nodeName)) : this.#bind(pod, nodeName);
  }

  #bind(pod: Pod, nodeName: string): Pod {
    const def = this.#core.registry.require('Pod');
    if (!isPlainObject(pod)) throw new PodkitError('invalid_argument', `bind: expected a Pod, received ${renderValue(pod)}.`);
    if (typeof nodeName !== 'string') throw new PodkitError('invalid_argument', `bind: expected nodeName to be a string, received ${renderValue(nodeName)}.`);
    const { key, existing } = existingFor(this.#core, def, pod);
    const name = existing.metadata.name ?? '';
    const current = existing as Pod;
    const bound = current.spec.nodeName ?? '';
    if (bound !== '' && bound !== nodeName) {
      throw this.#core.conflict(def, name, `pod ${name} is already assigned to node ${JSON.stringify(bound)}`);
    }
    if (current.metadata.deletionTimestamp !== undefined) {
      throw this.#core.conflict(def, name, `pod ${name} is being deleted, cannot be assigned to a host`);
    }
    const issues = nodeName === '' ? [required('target.name')] : nameIsDNSSubdomain(nodeName, false).map((m) => invalid('spec.nodeName', nodeName, m));
    if (issues.length > 0) throw invalidObjectError(def.kind, name, issues);
    // Metadata stays the stored one; spec gets the node name; status is the binder's.
    const input: Draft = { ...existing, spec: bound === nodeName ? current.spec : { ...current.spec, nodeName } } as Draft;
    if (pod.status === undefined) delete input.status;
    else input.status = pod.status;
    const validator = this.#validate;
    const parsed = validateForStore(def, input, existing, (obj, old) => (validator === undefined ? [] : validator(obj, old)));
    if (parsed.spec === existing.spec && deepEqual(parsed.status, existing.status)) return current;
    const draft = draftOf(parsed);
    if (parsed.spec !== existing.spec) draft.metadata.generation = (existing.metadata.generation ?? 0) + 1;
    return this.#core.commit(def, key, draft, 'Modified', existing) as Pod;
  }

  patch<K extends StoreKind>(kind: K, name: string, patch: MergePatch, options: PatchOptions = {}): ObjectOf<K> {
    return this.#core.retrying(() => patchThroughStore(this, kind, name, patch, checkOptions(options, 'patch')));
  }

  delete<K extends StoreKind>(kind: K, name: string, options: DeleteOptions = {}): DeleteResult<ObjectOf<K>> {
    return this.#core.durable ? this.#core.retrying(() => this.#delete(kind, name, options)) : this.#delete(kind, name, options);
  }

  #delete<K extends StoreKind>(kind: K, name: string, options: DeleteOptions): DeleteResult<ObjectOf<K>> {
    const def = this.#core.registry.require(kind);
    checkOptions(options, 'delete');
    if (options.preconditions !== undefined && !isPlainObject(options.preconditions)) {
      throw new PodkitError('invalid_argument', `delete: expected preconditions to be an object, received ${renderValue(options.preconditions)}.`);
    }
    const key = this.#core.keyOf(def, name, options.namespace);
    const existing = this.#core.index.get(kind, key);
    if (existing === undefined) throw this.#core.notFound(def, name);
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== existing.metadata.uid) {
      throw this.#core.conflict(def, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`);
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== existing.metadata.resourceVersion) {
      throw this.#core.conflict(def, name);
    }
    return deleteObject(this.#core, def, key, existing, options) as unknown as DeleteResult<ObjectOf<K>>;
  }

  watch<K extends StoreKind>(kind: K, options: WatchOptions = {}): Observable<WatchEvent<ObjectOf<K>>> {
    const def = this.#core.registry.require(kind);
    const { matches, nodeName } = this.#matcher(def, options);
    const from = options.resourceVersion;
    if (from !== undefined && from !== '' && !/^\d+$/.test(from)) {
      throw new PodkitError('invalid_argument', `Expected resourceVersion to be a decimal string such as "42", received ${JSON.stringify(from)}.`);
    }
    const core = this.#core;
    return core.hub.observe(kind, matches, () => {
      const rv = core.rv;
      if (from !== undefined && from !== '' && from !== '0') {
        return { events: core.hub.since(Number(from), rv).filter((e) => e.kind === kind), rv };
      }
      const events: StoreEvent[] = [];
      for (const o of core.index.candidates(kind, def.namespaced ? options.namespace : undefined, undefined)) {
        events.push({ rv: Number(o.metadata.resourceVersion), kind, type: 'Added', object: o });
      }
      return { events, rv };
    }, nodeName) as unknown as Observable<WatchEvent<ObjectOf<K>>>;
  }
}
