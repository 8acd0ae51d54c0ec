import { PodkitError } from '../errors.js';
import type { ObjectMeta } from '../model/index.js';
import { toTimestamp } from '../model/time.js';
import { type KindDefinition, KindRegistry, type StoredObject } from './kinds.js';
import { deepFreeze } from './object-utils.js';
import type { WatchEventType } from './object-store.js';
import { StoreIndex } from './store-index.js';
import { rememberValidated } from './validated.js';
import { WatchHub } from './watch-hub.js';

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

  constructor(now: () => number, historySize: number, registry: KindRegistry) {
    this.#now = now;
    this.hub = new WatchHub(historySize);
    this.registry = registry;
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
    draft.metadata.resourceVersion = String(++this.#rv);
    const obj = deepFreeze(draft) as StoredObject;
    rememberValidated(def, obj);
    this.index.put(def.kind, key, obj);
    this.hub.record({ rv: this.#rv, kind: def.kind, type, object: obj, prev });
    return obj;
  }

  /** Removes an object; the Deleted event carries `last` with a new resourceVersion. */
  remove(def: KindDefinition, key: string, last: StoredObject): StoredObject {
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
}
