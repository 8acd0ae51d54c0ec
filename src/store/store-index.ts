import type { StoredObject } from './kinds.js';

/** Where an object lives: its kind and key (`namespace/name`, or `name` when cluster-scoped). */
export interface ObjectRef {
  readonly kind: string;
  readonly key: string;
}

function add<K, V>(map: Map<K, Map<string, V>>, k: K, key: string, v: V): void {
  let inner = map.get(k);
  if (inner === undefined) map.set(k, (inner = new Map()));
  inner.set(key, v);
}

function drop<K, V>(map: Map<K, Map<string, V>>, k: K, key: string): void {
  const inner = map.get(k);
  if (inner === undefined) return;
  inner.delete(key);
  if (inner.size === 0) map.delete(k);
}

function nodeNameOf(obj: StoredObject): string {
  return (obj.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

function refKey(ref: ObjectRef): string {
  return `${ref.kind}\u0000${ref.key}`;
}

/**
 * The in-memory tables of a store: objects by kind and key, plus secondary indexes by
 * namespace, by pod `spec.nodeName`, by uid and by owner uid (for garbage collection). Every
 * lookup is O(1) or O(result).
 */
export class StoreIndex {
  readonly #byKind = new Map<string, Map<string, StoredObject>>();
  readonly #byNamespace = new Map<string, Map<string, StoredObject>>();
  readonly #podsByNode = new Map<string, Map<string, StoredObject>>();
  readonly #byUid = new Map<string, ObjectRef>();
  readonly #byOwner = new Map<string, Map<string, ObjectRef>>();

  /** The stored object, if any. */
  get(kind: string, key: string): StoredObject | undefined {
    return this.#byKind.get(kind)?.get(key);
  }

  /** Where the object with this uid lives, if it exists. */
  byUid(uid: string): ObjectRef | undefined {
    return this.#byUid.get(uid);
  }

  /** The objects whose ownerReferences name this uid. */
  dependents(ownerUid: string): ObjectRef[] {
    return [...(this.#byOwner.get(ownerUid)?.values() ?? [])];
  }

  /** Inserts or replaces an object, keeping every index in step (a replaced object keeps its place). */
  put(kind: string, key: string, obj: StoredObject): void {
    const prev = this.get(kind, key);
    add(this.#byKind, kind, key, obj);
    if (prev !== undefined && prev.metadata.namespace !== obj.metadata.namespace && prev.metadata.namespace !== undefined) {
      drop(this.#byNamespace, `${kind}\u0000${prev.metadata.namespace}`, key);
    }
    if (obj.metadata.namespace !== undefined) add(this.#byNamespace, `${kind}\u0000${obj.metadata.namespace}`, key, obj);
    if (kind === 'Pod') {
      if (prev !== undefined && nodeNameOf(prev) !== nodeNameOf(obj)) drop(this.#podsByNode, nodeNameOf(prev), key);
      add(this.#podsByNode, nodeNameOf(obj), key, obj);
    }
    if (prev?.metadata.uid !== undefined && prev.metadata.uid !== obj.metadata.uid) this.#byUid.delete(prev.metadata.uid);
    if (obj.metadata.uid !== undefined) this.#byUid.set(obj.metadata.uid, { kind, key });
    const ref = { kind, key };
    for (const r of prev?.metadata.ownerReferences ?? []) drop(this.#byOwner, r.uid, refKey(ref));
    for (const r of obj.metadata.ownerReferences ?? []) add(this.#byOwner, r.uid, refKey(ref), ref);
  }

  /** Removes an object and its index entries. */
  remove(kind: string, key: string): void {
    const prev = this.get(kind, key);
    if (prev === undefined) return;
    this.#unindex(kind, key, prev);
    drop(this.#byKind, kind, key);
  }

  #unindex(kind: string, key: string, obj: StoredObject): void {
    if (obj.metadata.namespace !== undefined) drop(this.#byNamespace, `${kind}\u0000${obj.metadata.namespace}`, key);
    if (kind === 'Pod') drop(this.#podsByNode, nodeNameOf(obj), key);
    if (obj.metadata.uid !== undefined) this.#byUid.delete(obj.metadata.uid);
    for (const ref of obj.metadata.ownerReferences ?? []) drop(this.#byOwner, ref.uid, refKey({ kind, key }));
  }

  /**
   * The candidates of a list: all objects of the kind, narrowed by namespace and, for pods, by
   * node name when given (the two indexes intersect by scanning the smaller one).
   */
  candidates(kind: string, namespace: string | undefined, nodeName: string | undefined): Iterable<StoredObject> {
    const byNs = namespace === undefined ? undefined : (this.#byNamespace.get(`${kind}\u0000${namespace}`) ?? new Map());
    const byNode = kind === 'Pod' && nodeName !== undefined ? (this.#podsByNode.get(nodeName) ?? new Map()) : undefined;
    if (byNs !== undefined && byNode !== undefined) {
      const [small, other] = byNs.size <= byNode.size ? [byNs, byNode] : [byNode, byNs];
      return [...small.entries()].filter(([k]) => other.has(k)).map(([, v]) => v);
    }
    return (byNode ?? byNs ?? this.#byKind.get(kind) ?? new Map<string, StoredObject>()).values();
  }
}
