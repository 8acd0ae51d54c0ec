import type { Observable } from 'rxjs';
import type { DaemonSet, Job, LabelSelector, Node, Pod, ReplicaSet } from '../model/index.js';
import type { MergePatch, PatchOptions } from './merge-patch.js';
import type { Deployment } from '../model/deployment.js';
import type { ControllerRevision, PersistentVolumeClaim, StatefulSet } from '../model/stateful-set.js';
import type { CronJob } from '../model/cron-job.js';
import type { Lease } from '../model/lease.js';

/** The object kinds every podkit store holds, by `kind`. */
export interface StoreKinds {
  Pod: Pod;
  Node: Node;
  ReplicaSet: ReplicaSet;
  Job: Job;
  DaemonSet: DaemonSet;
  Deployment: Deployment;
  StatefulSet: StatefulSet;
  ControllerRevision: ControllerRevision;
  PersistentVolumeClaim: PersistentVolumeClaim;
  CronJob: CronJob;
  Lease: Lease;
}

/** A kind name the store knows (`'Pod'`, `'Node'`, `'ReplicaSet'`, `'Job'`, `'DaemonSet'`). */
export type StoreKind = keyof StoreKinds;

/** The object type of a kind: `ObjectOf<'Pod'>` is `Pod`. */
export type ObjectOf<K extends StoreKind> = StoreKinds[K];

/** Any object the store holds. */
export type StoreObject = StoreKinds[StoreKind];

/**
 * A field selector: an object of `field: value` equalities, or kubectl's text form
 * (`spec.nodeName=node-1,status.phase!=Failed`). Supported fields: `metadata.name` and
 * `metadata.namespace` for every kind; `spec.nodeName` and `status.phase` for pods. An empty
 * value matches a missing field (`spec.nodeName=` selects unscheduled pods).
 */
export type FieldSelector = string | Readonly<Record<string, string>>;

/** Options of {@link ObjectStore.list} and {@link ObjectStore.watch}. */
export interface ListOptions {
  /** Only objects of this namespace (ignored for cluster-scoped kinds). All namespaces when omitted. */
  readonly namespace?: string | undefined;
  /** A label selector object, or kubectl's `-l` text (`app=web,tier!=db`). */
  readonly labelSelector?: LabelSelector | string | undefined;
  /** A field selector; see {@link FieldSelector}. */
  readonly fieldSelector?: FieldSelector | undefined;
}

/** Options of {@link ObjectStore.watch}. */
export interface WatchOptions extends ListOptions {
  /**
   * Resume after this resourceVersion: events newer than it are replayed from the store's
   * bounded history, then live ones follow. Omitted or `"0"`: the watch starts with a synthetic
   * `Added` event per current object (like an informer's initial list).
   */
  readonly resourceVersion?: string | undefined;
}

/** The type of a watch event. */
export type WatchEventType = 'Added' | 'Modified' | 'Deleted';

/**
 * One change seen by a watch. `object` is the object after the change (for `Deleted`, its last
 * state, carrying the deletion's resourceVersion). With a selector, an object that starts to
 * match arrives as `Added` and one that stops matching as `Deleted`.
 */
export interface WatchEvent<T = StoreObject> {
  readonly type: WatchEventType;
  readonly object: T;
}

/** Deletion propagation: what happens to dependents (objects whose ownerReferences name the object). */
export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** Options of {@link ObjectStore.delete}. */
export interface DeleteOptions {
  /** Namespace of the object (default `default`; ignored for cluster-scoped kinds). */
  readonly namespace?: string | undefined;
  /** Pods only: the grace period; `0` force-deletes. Default `spec.terminationGracePeriodSeconds` (30). */
  readonly gracePeriodSeconds?: number | undefined;
  /** Default `Background`. */
  readonly propagationPolicy?: PropagationPolicy | undefined;
  /** Delete only if the object still has this uid / resourceVersion (else `conflict`). */
  readonly preconditions?: { readonly uid?: string | undefined; readonly resourceVersion?: string | undefined } | undefined;
}

/** The outcome of {@link ObjectStore.delete}. */
export interface DeleteResult<T = StoreObject> {
  /** The object's state after the call (with deletionTimestamp when it remains), or its last state. */
  readonly object: T;
  /** True iff the object is gone; false when it remains (graceful deletion, finalizers). */
  readonly removed: boolean;
}

/**
 * The object store port: the API server and etcd of a podkit cluster. Objects are immutable
 * (frozen) snapshots; writes are validated (a rejected write changes nothing) and versioned.
 * Every write bumps a global `resourceVersion` counter. All operations are synchronous; watches
 * are cold Observables that deliver events in resourceVersion order.
 *
 * Errors are `PodkitError`s: `not_found`, `already_exists`, `conflict` (stale resourceVersion),
 * `invalid_object` (validation, listing field paths), `invalid_argument` (bad selector or
 * option), `expired` (watch resume from a resourceVersion no longer in the history).
 */
export interface ObjectStore {
  /** The resourceVersion of the latest write (`"0"` for an empty store). */
  readonly resourceVersion: string;

  /**
   * Creates an object: assigns uid, creationTimestamp, resourceVersion, generation 1, and a name
   * from `metadata.generateName` when `metadata.name` is empty. Namespaced kinds default to
   * namespace `default`. Throws `already_exists`, `invalid_object`.
   */
  create<T extends StoreObject>(obj: T): T;

  /** The object, or throws `not_found`. */
  get<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K>;

  /** The object, or `undefined`. */
  tryGet<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> | undefined;

  /** The objects of a kind matching the options, in a stable order (creation order for unfiltered lists). */
  list<K extends StoreKind>(kind: K, options?: ListOptions): readonly ObjectOf<K>[];

  /**
   * Replaces metadata (labels, annotations, ownerReferences, finalizers) and spec. A stale
   * `metadata.resourceVersion` throws `conflict` and writes nothing (an omitted one updates
   * unconditionally). Status changes are ignored (use {@link updateStatus}); `generation` is
   * bumped iff the spec changed. An update that removes the last finalizer of an object being
   * deleted removes it. An update that changes nothing returns the stored object unchanged.
   */
  update<T extends StoreObject>(obj: T): T;

  /** Replaces only the status (the status subresource): spec and metadata changes are ignored; generation is kept. */
  updateStatus<T extends StoreObject>(obj: T): T;

  /**
   * Optional: runs a `create` or `update` through everything but the write, as the API server's
   * `dryRun=All` (shape, admission, defaults, validation, existence and resourceVersion checks),
   * and returns the object as it would be stored; writes nothing, assigns no uid or name. Throws
   * what the write would throw. `apply` uses it to check every document before writing any.
   */
  dryRun?<T extends StoreObject>(op: 'create' | 'update', obj: T): T;

  /**
   * Optional: binds a pod to a node in one write, as the API server's `pods/binding`
   * subresource: sets `spec.nodeName` and writes `pod.status` (the scheduler's
   * `PodScheduled=True`); other spec and metadata changes are ignored. `metadata.resourceVersion`
   * and `uid`, when set, are preconditions. Throws `conflict` when the pod is bound to another
   * node or is being deleted, `not_found` when it is gone. A store without it gets the same
   * result from the scheduler as an `update` followed by an `updateStatus`.
   */
  bind?(pod: Pod, nodeName: string): Pod;

  /**
   * Deletes an object. Pods are deleted gracefully (deletionTimestamp = now + grace; the node's
   * PodController finishes with grace 0); objects with finalizers get a deletionTimestamp and stay
   * until their finalizers are removed; dependents are garbage-collected per `propagationPolicy`.
   */
  delete<K extends StoreKind>(kind: K, name: string, options?: DeleteOptions): DeleteResult<ObjectOf<K>>;

  /**
   * Applies a JSON merge patch (RFC 7386) to an object's metadata and spec, or with
   * `subresource: 'status'` to its status, and writes it. A `metadata.resourceVersion` in the patch
   * is a precondition (`conflict` if stale); otherwise the write is unconditional. Throws
   * `not_found`, `conflict`, `invalid_object`, `invalid_argument` (renaming patches).
   */
  patch<K extends StoreKind>(kind: K, name: string, patch: MergePatch, options?: PatchOptions): ObjectOf<K>;

  /** A cold Observable of changes to objects of a kind; see {@link WatchOptions}. */
  watch<K extends StoreKind>(kind: K, options?: WatchOptions): Observable<WatchEvent<ObjectOf<K>>>;
}
