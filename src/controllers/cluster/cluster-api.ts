import type { Observable } from 'rxjs';
import type { Clock } from '../../clock/clock.js';
import type { Duration } from '../../clock/duration.js';
import type { KubeEvent } from '../../model/event.js';
import type { Node } from '../../model/index.js';
import type { ExecResult, LogLine } from '../../runtime/container-runtime.js';
import type { DeleteOptions, DeleteResult, ListOptions, ObjectOf, ObjectStore, StoreKind, StoreObject, WatchEvent, WatchOptions } from '../../store/object-store.js';
import type { Controller } from '../controller.js';
import type { ApplyInput, ApplyOptions } from './apply.js';
import type { BuiltinControllerOptions } from './builtin-controllers.js';
import type { FormatTableOptions } from './cluster-tables.js';
import type { NodeOptions } from './node-agent.js';
import type { Recipe, RecipeUpdateOptions } from '../recipes.js';
import type { ClusterExecOptions, PodLogOptions } from './pod-io.js';
import type { RunUntilOptions } from './virtual-time.js';

/** Options of {@link createCluster}. */
export interface ClusterOptions {
  /** The time source of every component; default a `SystemClock`. Use a `VirtualClock` for deterministic runs. */
  readonly clock?: Clock;
  /** The nodes to start with, registered in this order. */
  readonly nodes?: readonly NodeOptions[];
  /** Seed of the default store's uids and generated names: default 1 on a virtual clock, random uids on a `SystemClock` unless a seed is given. */
  readonly seed?: number;
  /**
   * The store (the API server); default a `MemoryStore` on the cluster's clock with the model's
   * defaults and validation and the DefaultTolerationSeconds admission.
   */
  readonly store?: ObjectStore;
  /** Which built-in controllers run (scheduler, node lifecycle, ReplicaSet, Job, DaemonSet, PodGC) and their options. */
  readonly controllers?: BuiltinControllerOptions;
  /** How often nodes post their status (default 10 s). */
  readonly heartbeatInterval?: Duration;
  /**
   * The pod network of the cluster (kube-controller-manager's `--cluster-cidr`), default
   * `10.244.0.0/16` as kind and kubeadm: each node gets a range of it as `spec.podCIDR`, which its
   * kubelet hands the runtime (`updateRuntimeConfig`), so pod IPs never collide across nodes.
   */
  readonly clusterCIDR?: string;
  /** The prefix length of each node's range (`--node-cidr-mask-size`), default 24: 253 pod IPs per node, 256 nodes in the default cluster CIDR. */
  readonly nodeCIDRMaskSize?: number;
  /** Called with errors that no caller can receive (a node's kubelet failing in the background); default: a Warning Event `KubeletError` on the node. */
  readonly onError?: (error: unknown) => void;
}

/** Options of {@link Cluster.runUntil}. */
export type ClusterRunUntilOptions = RunUntilOptions;

/**
 * A running podkit cluster: a store (the API server), the built-in controllers (scheduler, node
 * lifecycle, ReplicaSet), one node agent per node (Node object, heartbeats, a PodController), and
 * the controllers you add. Create one with {@link createCluster}.
 */
export interface Cluster {
  /** The store every component reads and writes. */
  readonly store: ObjectStore;
  /** The clock every component runs on. */
  readonly clock: Clock;
  /** Creates or updates objects like `kubectl apply` (see `applyObjects`); returns the stored objects. */
  apply(input: ApplyInput, options?: ApplyOptions): StoreObject[];
  /** The object, or throws `not_found`. Namespaced kinds default to namespace `default`. */
  get<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K>;
  /** The object, or `undefined`. */
  tryGet<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> | undefined;
  /** The objects of a kind (by namespace, label and field selectors), in a stable order. */
  list<K extends StoreKind>(kind: K, options?: ListOptions): readonly ObjectOf<K>[];
  /** A cold stream of changes to objects of a kind (starting with an `Added` per existing object). */
  watch<K extends StoreKind>(kind: K, options?: WatchOptions): Observable<WatchEvent<ObjectOf<K>>>;
  /** Deletes an object (pods gracefully unless `gracePeriodSeconds: 0`). */
  delete<K extends StoreKind>(kind: K, name: string, options?: DeleteOptions): DeleteResult<ObjectOf<K>>;
  /** Sets `spec.replicas` of a ReplicaSet (`kubectl scale`); other kinds throw `unsupported`. */
  scale(kind: StoreKind, name: string, replicas: number, options?: { readonly namespace?: string }): ObjectOf<'ReplicaSet'>;
  /** Every Event of every component, as they are recorded (a repeat arrives again with a higher count). */
  readonly events$: Observable<KubeEvent>;
  /** The Events so far, in order of last update; optionally only those about one object. */
  events(about?: { readonly kind?: string; readonly name?: string; readonly namespace?: string }): KubeEvent[];
  /**
   * A container's log text (`kubectl logs`), read through the runtime of the pod's node: the
   * container defaults to the pod's first one; `previous`, `tailLines`, `sinceSeconds`,
   * `sinceTime`, `timestamps` as kubectl's flags; with `follow` it resolves once the container
   * exits. Rejects with `not_found` / `invalid_argument` for an unknown pod or container.
   * {@link Cluster.logStream} takes the same options and gives the lines as they come.
   */
  logs(pod: string, options?: PodLogOptions): Promise<string>;
  /**
   * A container's log lines as a stream (`kubectl logs [-f]`): with `follow`, new lines arrive
   * until the container exits or the subscriber leaves. Throws `not_found` / `invalid_argument`
   * at call time for an unknown pod or container. Same options as {@link Cluster.logs}.
   */
  logStream(pod: string, options?: PodLogOptions): Observable<LogLine>;
  /**
   * Updates an object with a recipe (immer: `(rs) => { rs.spec.replicas = 3 }`), retrying on
   * conflict like client-go's `RetryOnConflict` (5 attempts; the recipe may run more than once).
   * A recipe that changes nothing writes nothing. Status changes are ignored: use
   * {@link Cluster.updateStatus}. See `patchObject`.
   */
  patch<K extends StoreKind>(kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options?: RecipeUpdateOptions): ObjectOf<K>;
  /** Updates an object's status with a recipe through the status subresource, retrying on conflict like {@link Cluster.patch}. See `patchStatus`. */
  updateStatus<K extends StoreKind>(kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options?: RecipeUpdateOptions): ObjectOf<K>;
  /**
   * Runs a command in a running container (`kubectl exec`). The command runs on the node's
   * runtime: on a FakeRuntime with a VirtualClock, one that takes time (`sleep 5`) resolves as the
   * clock is advanced (start the call, advance, then await it).
   */
  exec(pod: string, container: string | undefined, command: readonly string[], options?: ClusterExecOptions): Promise<ExecResult>;
  /** Adds a node and starts it (its kubelet starts in the background); returns its Node object. Throws `already_exists` for a taken name. */
  addNode(node: NodeOptions): Node;
  /** Stops a node as if it dropped off the network: no heartbeats, no kubelet; its containers keep running. */
  stopNode(name: string): Promise<void>;
  /**
   * Brings a stopped node back: heartbeats restart and its kubelet resumes — it takes its pods
   * over again (their status, `Ready` included, is regenerated and written back) and finishes
   * pending deletions. Resolves without waiting on the clock: when the node's runtime does not
   * answer, the kubelet keeps retrying every second on the clock in the background.
   */
  startNode(name: string): Promise<void>;
  /** Starts a controller (built with `createController`) now; it stops with the cluster. */
  addController(controller: Controller): void;
  /** Moves virtual time forward (VirtualClock only; throws `unsupported` otherwise). */
  advance(duration: Duration): Promise<void>;
  /**
   * Advances virtual time, timer by timer (or by `step`), until `predicate(cluster)` holds; throws
   * a `timeout` PodkitError after `timeout` with a timeline (last Events and the pod table).
   */
  runUntil(predicate: (cluster: Cluster) => boolean, options: ClusterRunUntilOptions): Promise<void>;
  /** `kubectl get <kind>` text. */
  formatTable(kind: StoreKind, options?: FormatTableOptions): string;
  /**
   * Stops every controller, node agent and PodController and releases their timers and
   * subscriptions. Idempotent. Kills in flight are handed over, not awaited: a stop already sent
   * to a runtime finishes there, and nothing after it (sandbox removal, status writes) is done;
   * what pods that no longer exist leave on a node's runtime (containers, sandboxes and — on
   * Docker — their volumes) is removed the next time a kubelet of that node starts on it.
   */
  close(): Promise<void>;
}
