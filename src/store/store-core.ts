import { PodkitError } from '../errors.js';
import type { ObjectMeta } from '../model/index.js';
import { toTimestamp } from '../model/time.js';
import { type KindDefinition, KindRegistry, type StoredObject } from './kinds.js';
import { deepFreeze } from './object-utils.js';
import type { WatchEventType } from './object-store.js';
import { StoreIndex } from './store-index.js';
import { rememberValidated } from './validated.js';
import { WatchHub } from './watch-hub.js';
import { journalKey, storageResource, type JournalChange, type JournalEntry, type StoreJournal } from './journal.js';

/**
 * Thrown by a journaled write when the backend holds a newer version of the key than the cache
 * (another process wrote it): the cache has caught up by then, and the operation is re-run on the
 * fresh state (which may turn it into a real `conflict`). Internal to the store.
 */
export class StaleCacheError extends Error {
  constructor(readonly kind: string, readonly key: string) {
    super(`stale cache: ${kind} ${key}`);
  }
}

/** How many times a store operation is re-run after the cache turned out stale. */
const STALE_RETRIES = 5;

/** The finalizer foreground deletion puts on an owner until its blocking dependents are gone. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** A mutable copy of an object with a mutable metadata record (for building the next version). */
export type Draft = StoredObject & { metadata: ObjectMeta; spec?: unknown; status?: unknown };

/** A shallow copy of a stored object whose metadata (and its arrays) may be edited. */
export function draftOf(obj: StoredObject): Draft {
  return { ...obj, metadata: { ...obj.metadata } } as Draft;
}

/**
 * The state and write primitives behind {@link MemoryStore}: kinds, indexes, the watch hub and
 * the resourceVersion counter. Not part of the public API.
 */
export class StoreCore {
  readonly registry: KindRegistry;
  readonly index = new StoreIndex();
  readonly hub: WatchHub;
  readonly #now: () => number;
  #rv = 0;
  readonly #journal: StoreJournal | undefined;
  /** Journaled commits so far (a store operation is only re-run whole when it made none). */
  #commits = 0;
  #depth = 0;
  /** Journal storage resource (`pods`, `minions`, `example.com/queues`) → kind, for applying changes. */
  #storage = new Map<string, KindDefinition>();

  constructor(now: () => number, historySize: number, registry: KindRegistry, journal?: StoreJournal) {
    this.#now = now;
    this.hub = new WatchHub(historySize);
    this.registry = registry;
    this.#journal = journal;
    if (journal !== undefined) this.#load(journal);
  }

  /** True when writes go through a journal (a durable backend). */
  get durable(): boolean {
    return this.#journal !== undefined;
  }

  /** The latest resourceVersion. */
  get rv(): number {
    return this.#rv;
  }

  /** The current time in ms. */
  now(): number {
    return this.#now();
  }

  /** The current time as an RFC 3339 timestamp (whole seconds). */
  timestamp(offsetSeconds = 0): string {
    return toTimestamp(this.#now() + offsetSeconds * 1000);
  }

  /** The store key of an object: `namespace/name`, or `name` for cluster-scoped kinds. */
  keyOf(def: KindDefinition, name: string, namespace: string | undefined): string {
    return def.namespaced ? `${namespace ?? 'default'}/${name}` : name;
  }

  /** The key of a stored object. */
  keyOfObject(def: KindDefinition, obj: StoredObject): string {
    return this.keyOf(def, obj.metadata.name ?? '', obj.metadata.namespace);
  }

  /** `pods "web" not found`. */
  notFound(def: KindDefinition, name: string): PodkitError {
    return new PodkitError('not_found', `${def.resource} ${JSON.stringify(name)} not found`, {
      details: { kind: def.kind, name },
    });
  }

  /** The optimistic-concurrency failure, in the API server's words. */
  conflict(def: KindDefinition, name: string, detail?: string): PodkitError {
    const reason = detail ?? 'the object has been modified; please apply your changes to the latest version and try again';
    return new PodkitError('conflict', `Operation cannot be fulfilled on ${def.resource} ${JSON.stringify(name)}: ${reason}`, {
      details: { kind: def.kind, name },
    });
  }

  /** Stores the next version of an object (new resourceVersion, frozen) and records the event. */
  commit(def: KindDefinition, key: string, draft: Draft, type: Exclude<WatchEventType, 'Deleted'>, prev?: StoredObject): StoredObject {
    if (this.#journal !== undefined) return this.#journaled(def, key, draft);
    draft.metadata.resourceVersion = String(++this.#rv);
    const obj = deepFreeze(draft) as StoredObject;
    rememberValidated(def, obj);
    this.index.put(def.kind, key, obj);
    this.hub.record({ rv: this.#rv, kind: def.kind, type, object: obj, prev });
    return obj;
  }

  /** Removes an object; the Deleted event carries `last` with a new resourceVersion. */
  remove(def: KindDefinition, key: string, last: StoredObject): StoredObject {
    if (this.#journal !== undefined) return this.#journaled(def, key, undefined, last);
    const draft = draftOf(last);
    draft.metadata.resourceVersion = String(++this.#rv);
    const obj = deepFreeze(draft) as StoredObject;
    this.index.remove(def.kind, key);
    this.hub.record({ rv: this.#rv, kind: def.kind, type: 'Deleted', object: obj });
    return obj;
  }

  /** The stored object with this uid, with its definition and key. */
  lookupUid(uid: string): { def: KindDefinition; key: string; obj: StoredObject } | undefined {
    const ref = this.index.byUid(uid);
    if (ref === undefined) return undefined;
    const obj = this.index.get(ref.kind, ref.key);
    return obj === undefined ? undefined : { def: this.registry.require(ref.kind), key: ref.key, obj };
  }

  // --- the durable path ----------------------------------------------------------------------

  /**
   * Runs a store operation, re-running it when the cache turned out stale before it wrote
   * anything (the journal has brought the cache up to date by then). A stale cache after a
   * write of the same operation, or after {@link STALE_RETRIES} attempts, is a `conflict`.
   */
  retrying<R>(op: () => R): R {
    // Nested operations (a patch is a read and an update) leave the re-run to the outermost one.
    if (this.#journal === undefined || this.#depth > 0) return op();
    this.#depth++;
    try {
      return this.#rerun(op, true);
    } finally {
      this.#depth--;
    }
  }

  /**
   * Runs one step of a cascade (garbage collection, finalizers) that re-reads what it needs,
   * re-running it when the cache was stale. In memory it just runs the step.
   */
  step(fn: () => void): void {
    if (this.#journal === undefined) return fn();
    this.#rerun(fn, false);
  }

  /** Runs `op` again while it fails on a stale cache; `whole`: only while it has written nothing yet. */
  #rerun<R>(op: () => R, whole: boolean): R {
    for (let attempt = 1; ; attempt++) {
      const before = this.#commits;
      try {
        return op();
      } catch (e) {
        if (!(e instanceof StaleCacheError)) throw e;
        if ((whole && this.#commits !== before) || attempt >= STALE_RETRIES) throw this.#staleConflict(e);
      }
    }
  }

  #staleConflict(e: StaleCacheError): PodkitError {
    const def = this.registry.require(e.kind);
    const slash = e.key.lastIndexOf('/');
    return this.conflict(def, slash < 0 ? e.key : e.key.slice(slash + 1));
  }

  /** Writes through the journal (a put of `draft`, or the removal of `last`) and applies the outcome. */
  #journaled(def: KindDefinition, key: string, draft: Draft | undefined, last?: StoredObject): StoredObject {
    const journal = this.#journal as StoreJournal;
    const current = this.index.get(def.kind, key);
    const expected = current === undefined ? 0 : Number(current.metadata.resourceVersion);
    const path = journalKey(def, key);
    const result =
      draft === undefined
        ? journal.write({ type: 'delete', key: path, expected }, this.#rv)
        : journal.write({ type: 'put', key: path, value: encodeStored(draft), expected }, this.#rv);
    let stored: StoredObject | undefined;
    // Others' changes first, then this write, in revision order; watchers see them all afterwards.
    this.hub.hold(() => {
      this.#apply(result.changes);
      if (!result.ok) return;
      const rv = String(result.revision);
      if (draft === undefined) {
        const gone = draftOf(last as StoredObject);
        gone.metadata.resourceVersion = rv;
        stored = deepFreeze(gone) as StoredObject;
        this.index.remove(def.kind, key);
        this.hub.record({ rv: result.revision, kind: def.kind, type: 'Deleted', object: stored });
      } else {
        draft.metadata.resourceVersion = rv;
        stored = deepFreeze(draft) as StoredObject;
        rememberValidated(def, stored);
        this.index.put(def.kind, key, stored);
        this.hub.record({ rv: result.revision, kind: def.kind, type: current === undefined ? 'Added' : 'Modified', object: stored, prev: current });
      }
      this.#rv = Math.max(this.#rv, result.revision);
    });
    if (stored === undefined) throw new StaleCacheError(def.kind, key);
    this.#commits++;
    return stored;
  }

  #load(journal: StoreJournal): void {
    const { revision, entries } = journal.load();
    for (const entry of entries) {
      const target = this.#resolve(entry.key);
      if (target === undefined) continue;
      this.index.put(target.def.kind, target.key, decodeStored(entry.value, entry.modRevision));
    }
    this.#rv = revision;
    this.hub.startAt(revision);
    journal.onChanges((changes) => this.ingest(changes));
  }

  /**
   * Applies committed changes in revision order (skipping revisions the cache has), recording
   * each as a watch event; delivery waits until the whole batch is in the cache.
   */
  ingest(changes: readonly JournalChange[]): void {
    if (changes.length === 0) return;
    this.hub.hold(() => this.#apply(changes));
  }

  #apply(changes: readonly JournalChange[]): void {
    for (const change of changes) {
      if (change.revision <= this.#rv) continue;
      if (change.type === 'reset') this.#reset(change.revision, change.entries);
      else this.#applyChange(change);
      this.#rv = change.revision;
    }
  }

  #applyChange(change: Exclude<JournalChange, { type: 'reset' }>): void {
    const target = this.#resolve(change.key);
    if (target === undefined) return;
    const { def, key } = target;
    const prev = this.index.get(def.kind, key);
    if (change.type === 'delete') {
      if (prev === undefined) return;
      this.index.remove(def.kind, key);
      const gone = draftOf(prev);
      gone.metadata.resourceVersion = String(change.revision);
      this.hub.record({ rv: change.revision, kind: def.kind, type: 'Deleted', object: deepFreeze(gone) as StoredObject });
      return;
    }
    const obj = decodeStored(change.value, change.revision);
    this.index.put(def.kind, key, obj);
    this.hub.record({ rv: change.revision, kind: def.kind, type: prev === undefined ? 'Added' : 'Modified', object: obj, prev });
  }

  /** A re-list after compaction: the differences between the cache and `entries` become events at `revision`. */
  #reset(revision: number, entries: readonly JournalEntry[]): void {
    const seen = new Map<string, Set<string>>();
    for (const entry of entries) {
      const target = this.#resolve(entry.key);
      if (target === undefined) continue;
      const { def, key } = target;
      let keys = seen.get(def.kind);
      if (keys === undefined) seen.set(def.kind, (keys = new Set()));
      keys.add(key);
      const prev = this.index.get(def.kind, key);
      if (prev !== undefined && prev.metadata.resourceVersion === String(entry.modRevision)) continue;
      const obj = decodeStored(entry.value, entry.modRevision);
      this.index.put(def.kind, key, obj);
      this.hub.record({ rv: revision, kind: def.kind, type: prev === undefined ? 'Added' : 'Modified', object: obj, prev });
    }
    for (const kind of this.registry.kinds()) {
      const keys = seen.get(kind);
      for (const obj of [...this.index.candidates(kind, undefined, undefined)]) {
        const key = this.keyOfObject(this.registry.require(kind), obj);
        if (keys?.has(key) === true) continue;
        this.index.remove(kind, key);
        const gone = draftOf(obj);
        gone.metadata.resourceVersion = String(revision);
        this.hub.record({ rv: revision, kind, type: 'Deleted', object: deepFreeze(gone) as StoredObject });
      }
    }
  }

  /** The kind and store key of a journal key, or undefined for a kind this store does not know. */
  #resolve(path: string): { def: KindDefinition; key: string } | undefined {
    // `pods/default/web` (built-in: the plural first) or `example.com/queues/default/q` (custom: group, plural).
    const first = path.indexOf('/');
    if (first < 0) return undefined;
    const builtin = this.#byStorage(path.slice(0, first), path.slice(first + 1));
    if (builtin !== undefined) return builtin;
    const second = path.indexOf('/', first + 1);
    return second < 0 ? undefined : this.#byStorage(path.slice(0, second), path.slice(second + 1));
  }

  #byStorage(resource: string, key: string): { def: KindDefinition; key: string } | undefined {
    let def = this.#storage.get(resource);
    if (def === undefined) {
      // A kind registered since the map was built (defineKind), or a key of no kind (fences, events).
      const kinds = this.registry.kinds();
      if (kinds.length === this.#storage.size) return undefined;
      this.#storage = new Map(kinds.map((k) => [storageResource(this.registry.require(k)), this.registry.require(k)]));
      def = this.#storage.get(resource);
    }
    if (def === undefined || key === '' || key.split('/').length !== (def.namespaced ? 2 : 1)) return undefined;
    return { def, key };
  }
}

/** The stored JSON of an object: everything but `metadata.resourceVersion` (the revision stands for it). */
function encodeStored(obj: StoredObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

/** A stored object from its JSON and revision (frozen). The journal holds only what a store validated. */
function decodeStored(value: string, revision: number): StoredObject {
  const obj = JSON.parse(value) as Draft;
  obj.metadata.resourceVersion = String(revision);
  return deepFreeze(obj) as StoredObject;
}
