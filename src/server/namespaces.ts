// Namespaces as the API serves them. podkit's store has no Namespace objects (any namespace name
// is accepted by embedded code), so the server keeps them: the four a cluster starts with, those
// created through the API, and every namespace an object of the store is in. Deleting one deletes
// everything in it (the namespace controller's job), then the namespace.
import { randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { PodkitError } from '../errors.js';
import { invalid } from '../model/field-error.js';
import type { ObjectMeta } from '../model/index.js';
import { nameIsDNSLabel } from '../model/names.js';
import { toTimestamp } from '../model/time.js';
import type { ObjectStore, StoreKind } from '../store/object-store.js';
import { invalidObjectError } from '../store/validate.js';
import { localFilter, selectorDefinition, type ApiObject, type Backend } from './backends.js';
import { LocalCollection } from './local-collection.js';
import type { ApiResource } from './resources.js';
import { ApiError, notFound } from './status.js';

/** A core/v1 Namespace. */
export interface NamespaceObject extends ApiObject {
  readonly apiVersion: 'v1';
  readonly kind: 'Namespace';
  readonly spec: { readonly finalizers: readonly string[] };
  readonly status: { readonly phase: 'Active' | 'Terminating' };
}

/** The namespaces every Kubernetes cluster starts with. */
export const INITIAL_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;
const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public']);
const DEF = selectorDefinition('Namespace', { 'status.phase': (o) => ((o.status as { phase?: string } | undefined)?.phase ?? '') });

/** The server's Namespace registry (a {@link Backend}). */
export class NamespaceRegistry implements Backend {
  readonly #items = new LocalCollection<NamespaceObject>();
  readonly #subs: Subscription[] = [];
  readonly #terminating = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => number,
    private readonly resource: ApiResource,
    private readonly namespacedKinds: () => readonly StoreKind[],
  ) {
    for (const name of INITIAL_NAMESPACES) this.ensure(name);
    for (const kind of namespacedKinds()) {
      this.#subs.push(
        store.watch(kind).subscribe((e) => {
          const ns = e.object.metadata.namespace;
          if (ns === undefined) return;
          if (e.type === 'Deleted') this.#finalize(ns);
          else this.ensure(ns);
        }),
      );
    }
  }

  /** Registers a namespace in use (idempotent). */
  ensure(name: string): void {
    if (this.#items.get(undefined, name) !== undefined) return;
    this.#items.put(this.#newNamespace({ name }));
  }

  /** Throws NotFound (as upstream's NamespaceLifecycle admission) unless the namespace exists and is not terminating. */
  requireWritable(name: string): void {
    const ns = this.#items.get(undefined, name);
    if (ns === undefined) throw notFound(this.resource, name);
    if (ns.status.phase === 'Terminating') {
      throw new ApiError(403, 'Forbidden', `unable to create new content in namespace ${name} because it is being terminated`, { name, kind: 'namespaces' });
    }
  }

  close(): void {
    for (const s of this.#subs.splice(0)) s.unsubscribe();
  }

  #newNamespace(meta: ObjectMeta): NamespaceObject {
    const name = meta.name ?? '';
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { ...meta, name, uid: randomUUID(), creationTimestamp: toTimestamp(this.now()), labels: { ...meta.labels, 'kubernetes.io/metadata.name': name } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    };
  }

  get(_namespace: string | undefined, name: string): ApiObject {
    const ns = this.#items.get(undefined, name);
    if (ns === undefined) throw notFound(this.resource, name);
    return ns;
  }

  list(_namespace: string | undefined, s: { labelSelector?: string; fieldSelector?: string }) {
    return { items: this.#items.list().filter(localFilter<NamespaceObject>(DEF, s)), resourceVersion: this.#items.resourceVersion };
  }

  watch(_namespace: string | undefined, s: { labelSelector?: string; fieldSelector?: string; resourceVersion?: string }) {
    return this.#items.watch({ resourceVersion: s.resourceVersion, filter: localFilter<NamespaceObject>(DEF, s) });
  }

  dryRun(op: 'create' | 'update', obj: ApiObject): ApiObject {
    const name = obj.metadata.name ?? '';
    if (op === 'update') {
      const live = this.#items.get(undefined, name);
      if (live === undefined) throw notFound(this.resource, name);
      return { ...live, metadata: { ...live.metadata, labels: { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name }, ...(obj.metadata.annotations === undefined ? {} : { annotations: obj.metadata.annotations }) } };
    }
    this.#checkNew(obj);
    const { uid: _u, creationTimestamp: _c, resourceVersion: _r, ...meta } = obj.metadata;
    const ns = this.#newNamespace(meta);
    const { uid: _uid, ...withoutUid } = ns.metadata;
    return { ...ns, metadata: withoutUid };
  }

  #checkNew(obj: ApiObject): void {
    const name = obj.metadata.name ?? '';
    const problems = name === '' ? ['Required value: name or generateName is required'] : nameIsDNSLabel(name, false);
    if (problems.length > 0) throw invalidObjectError('Namespace', name, [invalid('metadata.name', name, problems.join(', '))]);
    if (this.#items.get(undefined, name) !== undefined) {
      throw new PodkitError('already_exists', `namespaces ${JSON.stringify(name)} already exists`, { details: { name } });
    }
  }

  create(obj: ApiObject): ApiObject {
    this.#checkNew(obj);
    const { uid: _u, creationTimestamp: _c, resourceVersion: _r, ...meta } = obj.metadata;
    return this.#items.put(this.#newNamespace(meta));
  }

  update(obj: ApiObject): ApiObject {
    const name = obj.metadata.name ?? '';
    const live = this.#items.get(undefined, name);
    if (live === undefined) throw notFound(this.resource, name);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== live.metadata.resourceVersion) {
      throw new PodkitError('conflict', `Operation cannot be fulfilled on namespaces ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`);
    }
    const labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
    const next: NamespaceObject = {
      ...live,
      metadata: { ...live.metadata, labels, ...(obj.metadata.annotations === undefined ? {} : { annotations: obj.metadata.annotations }) },
    };
    if (JSON.stringify(next.metadata) === JSON.stringify(live.metadata)) return live;
    return this.#items.put(next);
  }

  updateStatus(obj: ApiObject): ApiObject {
    return this.get(undefined, obj.metadata.name ?? '');
  }

  delete(_namespace: string | undefined, name: string): { object: ApiObject; removed: boolean } {
    const live = this.#items.get(undefined, name);
    if (live === undefined) throw notFound(this.resource, name);
    if (UNDELETABLE.has(name)) throw new ApiError(403, 'Forbidden', `namespaces ${JSON.stringify(name)} is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    let current: NamespaceObject = live;
    if (live.status.phase !== 'Terminating') {
      current = this.#items.put({ ...live, metadata: { ...live.metadata, deletionTimestamp: toTimestamp(this.now()) }, status: { phase: 'Terminating' } });
    }
    this.#terminating.add(name);
    for (const kind of this.namespacedKinds()) {
      for (const obj of this.store.list(kind, { namespace: name })) {
        if (obj.metadata.deletionTimestamp !== undefined) continue;
        try {
          this.store.delete(kind, obj.metadata.name ?? '', { namespace: name, propagationPolicy: 'Background' });
        } catch (e) {
          if (!(e instanceof PodkitError && e.code === 'not_found')) throw e;
        }
      }
    }
    const removed = this.#finalize(name);
    return { object: removed ? { ...current, metadata: { ...current.metadata } } : current, removed };
  }

  /** Removes a terminating namespace once nothing is left in it. */
  #finalize(name: string): boolean {
    if (!this.#terminating.has(name)) return false;
    for (const kind of this.namespacedKinds()) if (this.store.list(kind, { namespace: name }).length > 0) return false;
    this.#terminating.delete(name);
    this.#items.remove(undefined, name);
    return true;
  }
}
