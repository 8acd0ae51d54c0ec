// One interface over the places API objects live: the cluster's store (pods, nodes, workloads,
// custom kinds), the server's Namespace registry and its view of the cluster's Events. The REST
// handlers speak only to this interface.
import type { Observable } from 'rxjs';
import { PodkitError } from '../errors.js';
import type { LabelSelector, ObjectMeta, Pod } from '../model/index.js';
import { validatePodUpdate } from '../store/pod-update.js';
import { invalidObjectError } from '../store/validate.js';
import { matchesSelector, parseLabelSelector } from '../planners/selector.js';
import { matchesFields, parseFieldSelector } from '../store/field-selector.js';
import type { KindDefinition, StoredObject } from '../store/kinds.js';
import type { DeleteOptions, ObjectStore, StoreKind, StoreObject, WatchEvent } from '../store/object-store.js';
import type { LocalCollection, LocalObject } from './local-collection.js';
import type { ApiResource } from './resources.js';
import { ApiError, notFound } from './status.js';

/** An object as the API serves it. */
export interface ApiObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: unknown;
  readonly status?: unknown;
}

/** Selectors of a list or watch. */
export interface Selection {
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

/** What the REST handlers need from the place a resource lives. */
export interface Backend {
  get(namespace: string | undefined, name: string): ApiObject;
  list(namespace: string | undefined, selection: Selection): { readonly items: readonly ApiObject[]; readonly resourceVersion: string };
  watch(namespace: string | undefined, selection: Selection & { readonly resourceVersion?: string | undefined }): Observable<WatchEvent<ApiObject>>;
  create(obj: ApiObject): ApiObject;
  update(obj: ApiObject): ApiObject;
  updateStatus(obj: ApiObject): ApiObject;
  delete(namespace: string | undefined, name: string, options: DeleteOptions): { readonly object: ApiObject; readonly removed: boolean };
  /** `dryRun=All`: a create or update checked as it would be written, writing nothing. */
  dryRun?(op: 'create' | 'update', obj: ApiObject): ApiObject;
}

/**
 * The backend with its writes turned into dry runs (`dryRun=All`): create and update check and
 * return what would be stored; delete returns the object as it is. 400 where dry runs are not
 * supported.
 */
export function dryRunBackend(backend: Backend): Backend {
  const dry = (op: 'create' | 'update', obj: ApiObject): ApiObject => {
    if (backend.dryRun === undefined) throw new ApiError(400, 'BadRequest', 'dryRun=All is not supported for this resource');
    return backend.dryRun(op, obj);
  };
  return {
    ...backend,
    create: (obj) => dry('create', obj),
    update: (obj) => dry('update', obj),
    updateStatus: (obj) => dry('update', { ...backend.get(obj.metadata.namespace, obj.metadata.name ?? ''), status: obj.status } as ApiObject),
    delete: (namespace, name) => ({ object: backend.get(namespace, name), removed: false }),
  };
}

/** The store's objects of one kind. */
export function storeBackend(store: ObjectStore, resource: ApiResource): Backend {
  const kind = resource.kind as StoreKind;
  const ns = (namespace: string | undefined) => (resource.namespaced && namespace !== undefined ? { namespace } : {});
  const select = (s: Selection) => ({
    ...(s.labelSelector === undefined || s.labelSelector === '' ? {} : { labelSelector: s.labelSelector }),
    ...(s.fieldSelector === undefined || s.fieldSelector === '' ? {} : { fieldSelector: s.fieldSelector }),
  });
  return {
    get: (namespace, name) => {
      const obj = store.tryGet(kind, name, resource.namespaced ? (namespace ?? 'default') : undefined);
      if (obj === undefined) throw notFound(resource, name);
      return obj;
    },
    list: (namespace, s) => {
      // The store's version first: a write between the two reads is then seen again by a watch.
      const resourceVersion = store.resourceVersion;
      return { items: store.list(kind, { ...ns(namespace), ...select(s) }), resourceVersion };
    },
    watch: (namespace, s) => store.watch(kind, { ...ns(namespace), ...select(s), ...(s.resourceVersion === undefined ? {} : { resourceVersion: s.resourceVersion }) }) as Observable<WatchEvent<ApiObject>>,
    create: (obj) => store.create(obj as StoreObject),
    dryRun: (op, obj) => {
      if (store.dryRun === undefined) throw new ApiError(400, 'BadRequest', 'dryRun=All is not supported by this store');
      if (op === 'update' && kind === 'Pod') {
        const live = store.tryGet('Pod', obj.metadata.name ?? '', obj.metadata.namespace);
        const issues = live === undefined ? [] : validatePodUpdate(obj as Pod, live);
        if (issues.length > 0) throw invalidObjectError('Pod', obj.metadata.name ?? '', issues);
      }
      return store.dryRun(op, obj as StoreObject);
    },
    update: (obj) => {
      // The API server's ValidatePodUpdate (the store itself lets podkit's own components through).
      if (kind === 'Pod') {
        const live = store.tryGet('Pod', obj.metadata.name ?? '', obj.metadata.namespace);
        const issues = live === undefined ? [] : validatePodUpdate(obj as Pod, live);
        if (issues.length > 0) throw invalidObjectError('Pod', obj.metadata.name ?? '', issues);
      }
      return store.update(obj as StoreObject);
    },
    updateStatus: (obj) => store.updateStatus(obj as StoreObject),
    delete: (namespace, name, options) => store.delete(kind, name, { ...options, ...(resource.namespaced ? { namespace: namespace ?? 'default' } : {}) }),
  };
}

/** A field-selector definition for objects the server holds (fields beyond metadata.name/namespace). */
export function selectorDefinition(kind: string, fields: KindDefinition['fields']): KindDefinition {
  return { apiVersion: 'v1', kind, resource: kind.toLowerCase(), namespaced: true, schema: undefined as never, hasStatus: false, gracefulDelete: false, fields };
}

/** A filter for a local collection from label and field selectors (`invalid_argument` if bad). */
export function localFilter<T extends LocalObject>(def: KindDefinition, s: Selection): (obj: T) => boolean {
  let labels: LabelSelector | undefined;
  if (s.labelSelector !== undefined && s.labelSelector !== '') labels = parseLabelSelector(s.labelSelector);
  const fields = s.fieldSelector === undefined || s.fieldSelector === '' ? [] : parseFieldSelector(def, s.fieldSelector);
  return (obj) => (labels === undefined || matchesSelector(obj.metadata.labels, labels)) && matchesFields(def, obj as unknown as StoredObject, fields);
}

/** A read-only view of a local collection (Events): create/update/delete answer MethodNotAllowed. */
export function readOnlyBackend<T extends LocalObject & ApiObject>(resource: ApiResource, items: LocalCollection<T>, def: KindDefinition): Backend {
  const refuse = (verb: string): never => {
    throw new PodkitError('unsupported', `${verb} is not supported on ${resource.plural}: podkit records Events from its components only.`);
  };
  return {
    get: (namespace, name) => {
      const obj = items.get(namespace ?? 'default', name);
      if (obj === undefined) throw notFound(resource, name);
      return obj;
    },
    list: (namespace, s) => {
      const filter = localFilter<T>(def, s);
      return { items: items.list(namespace).filter(filter), resourceVersion: items.resourceVersion };
    },
    watch: (namespace, s) => items.watch({ resourceVersion: s.resourceVersion, namespace, filter: localFilter<T>(def, s) }),
    create: () => refuse('create'),
    update: () => refuse('update'),
    updateStatus: () => refuse('update'),
    delete: () => refuse('delete'),
  };
}
