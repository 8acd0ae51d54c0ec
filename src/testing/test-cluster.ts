import type { Observable } from 'rxjs';
import type { Duration } from '../clock/duration.js';
import { formatDuration } from '../clock/duration.js';
import { PodkitError } from '../errors.js';
import type { KubeEvent } from '../model/event.js';
import type { Node } from '../model/index.js';
import type { TimeInput } from '../model/time.js';
import type { ExecResult, LogLine } from '../runtime/container-runtime.js';
import { defaultTolerationSecondsAdmission } from '../store/admission.js';
import { MemoryStore } from '../store/memory-store.js';
import type { DeleteOptions, DeleteResult, ListOptions, ObjectOf, ObjectStore, StoreKind, StoreObject, WatchEvent, WatchOptions } from '../store/object-store.js';
import type { Controller } from '../controllers/controller.js';
import type { ApplyInput, ApplyOptions } from '../controllers/cluster/apply.js';
import type { BuiltinControllerOptions } from '../controllers/cluster/builtin-controllers.js';
import { createCluster } from '../controllers/cluster/cluster.js';
import type { Cluster, ClusterRunUntilOptions } from '../controllers/cluster/cluster-api.js';
import type { FormatTableOptions } from '../controllers/cluster/cluster-tables.js';
import { formatEventTable } from '../controllers/cluster/cluster-events.js';
import type { NodeOptions } from '../controllers/cluster/node-agent.js';
import type { ClusterExecOptions, PodLogOptions } from '../controllers/cluster/pod-io.js';
import type { Recipe, RecipeUpdateOptions } from '../controllers/recipes.js';
import { FakeRuntime } from './fake-runtime/fake-runtime.js';
import type { FakeRuntimeOptions } from './fake-runtime/types.js';
import { withStoreFaults, type StoreFaults } from './store-faults.js';
import { registerTestCluster, unregisterTestCluster } from './test-cluster-registry.js';
import { VirtualClock } from './virtual-clock.js';

const BUILTIN_KINDS: readonly StoreKind[] = ['Node', 'Pod', 'ReplicaSet', 'Job', 'DaemonSet'];

/** A node of a test cluster: a name, or node options whose runtime defaults to a FakeRuntime. */
export type TestNode = string | (Omit<NodeOptions, 'runtime'> & { readonly runtime?: NodeOptions['runtime'] });

/** Options of {@link createTestCluster}. */
export interface TestClusterOptions {
  /** The nodes: a count (`node-1` ... `node-n`) or a list. Default 1. */
  readonly nodes?: number | readonly TestNode[];
  /** The clock; default a new `VirtualClock` starting at `start`. */
  readonly clock?: VirtualClock;
  /** Start time of the default clock (default 2024-01-01T00:00:00Z). */
  readonly start?: TimeInput;
  /** Options of the default FakeRuntimes (besides the clock). */
  readonly runtime?: Omit<FakeRuntimeOptions, 'clock'>;
  /** Which built-in controllers run (all by default). */
  readonly controllers?: BuiltinControllerOptions;
  /** Seed of uids and generated names (default 1). */
  readonly seed?: number;
  /** Wrap the store with {@link withStoreFaults} and expose the control API as `t.faults`. */
  readonly storeFaults?: boolean;
  /** Extra kinds to record in `history` (custom kinds); the built-in kinds are always recorded. */
  readonly recordKinds?: readonly string[];
  /** How many lines of change timeline a runUntil timeout shows (default 40). */
  readonly timelineLength?: number;
}

/** One recorded change of an object. */
export interface TimelineEntry {
  /** Clock time of the change. */
  readonly at: number;
  readonly type: WatchEvent['type'];
  readonly kind: string;
  /** `namespace/name`, or `name` for cluster-scoped objects. */
  readonly key: string;
  readonly object: StoreObject;
}

/** A cluster for tests (see {@link createTestCluster}). */
export interface TestCluster extends Cluster {
  readonly clock: VirtualClock;
  /** Like `Cluster.runUntil`, with the test cluster passed to the predicate and a timeline (object changes, Events, pods) in the timeout error. */
  runUntil(predicate: (cluster: TestCluster) => boolean, options: ClusterRunUntilOptions): Promise<void>;
  /** The FakeRuntime of a node created by the test cluster. */
  runtime(node: string): FakeRuntime;
  /**
   * Adds a node like `Cluster.addNode`; a name or options without a runtime get a FakeRuntime
   * (with the cluster's `runtime` options), reachable with {@link TestCluster.runtime}.
   */
  addNode(node: TestNode): Node;
  /** The names of the nodes the test cluster added, in order (a node whose Node object was deleted included). */
  nodeNames(): string[];
  /** Every version of an object in order (created, each update, the deletion), as watches saw them. */
  history(kind: string, name: string, namespace?: string): StoreObject[];
  /** Every recorded change, in order. */
  changes(): readonly TimelineEntry[];
  /** A readable timeline: the last changes and Events, and the pod table. */
  timeline(): string;
  /** The store fault controls (only with `storeFaults: true`; otherwise throws `unsupported`). */
  readonly faults: StoreFaults;
}

const keyOf = (o: StoreObject): string => (o.metadata.namespace === undefined ? (o.metadata.name ?? '') : `${o.metadata.namespace}/${o.metadata.name ?? ''}`);

function summary(o: StoreObject): string {
  const status = o.status as Record<string, unknown> | undefined;
  const parts: string[] = [`rv=${o.metadata.resourceVersion ?? '?'}`];
  if (o.kind === 'Pod') {
    const pod = o as ObjectOf<'Pod'>;
    parts.push(`phase=${pod.status?.phase ?? '-'}`);
    if (pod.spec.nodeName !== undefined) parts.push(`node=${pod.spec.nodeName}`);
    const restarts = (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
    if (restarts > 0) parts.push(`restarts=${restarts}`);
  } else if (status !== undefined) {
    for (const k of ['replicas', 'readyReplicas', 'active', 'succeeded', 'failed', 'numberReady']) {
      if (typeof status[k] === 'number') parts.push(`${k}=${String(status[k])}`);
    }
  }
  if (o.metadata.deletionTimestamp !== undefined) parts.push('terminating');
  return parts.join(' ');
}

/**
 * Creates a cluster for tests: a `VirtualClock`, FakeRuntime nodes (`node-1` by default), all
 * built-in controllers, and a recorder that watches every kind from the start, so `history`
 * returns every version of an object. `runUntil` fails with a readable timeline (the last
 * changes, Events and the pod table). Call `close()` at the end of each test.
 *
 * What it does not do: it does not advance time on its own; custom kinds are recorded only when
 * listed in `recordKinds`.
 *
 * @example
 * ```ts
 * import { createTestCluster, newReplicaSet } from 'podkit/testing';
 * const t = createTestCluster({ nodes: 2 });
 * t.apply(newReplicaSet({ name: 'web', replicas: 3 }));
 * await t.runUntil((c) => c.list('Pod').filter((p) => p.status?.phase === 'Running').length === 3, { timeout: '1m' });
 * await t.close();
 * ```
 */
export function createTestCluster(options: TestClusterOptions = {}): TestCluster {
  const clock = options.clock ?? new VirtualClock(options.start === undefined ? {} : { start: options.start });
  const memory = new MemoryStore({ clock, ...(options.seed === undefined ? {} : { seed: options.seed }), admission: [defaultTolerationSecondsAdmission] });
  const wrapped = options.storeFaults === true ? withStoreFaults(memory, clock) : undefined;
  const store: ObjectStore = wrapped?.store ?? memory;

  const changes: TimelineEntry[] = [];
  const byObject = new Map<string, StoreObject[]>();
  for (const kind of [...BUILTIN_KINDS, ...(options.recordKinds ?? [])]) {
    memory.watch(kind as StoreKind).subscribe((ev) => {
      const key = keyOf(ev.object);
      changes.push({ at: clock.now(), type: ev.type, kind, key, object: ev.object });
      const id = `${kind}/${key}`;
      const list = byObject.get(id);
      if (list === undefined) byObject.set(id, [ev.object]);
      else list.push(ev.object);
    });
  }

  const runtimes = new Map<string, FakeRuntime>();
  const newRuntime = (): FakeRuntime => new FakeRuntime({ ...options.runtime, clock, name: options.runtime?.name ?? 'fake' });
  const nodeSpecs: TestNode[] =
    typeof options.nodes === 'number' ? Array.from({ length: options.nodes }, (_, i) => `node-${i + 1}`) : [...(options.nodes ?? ['node-1'])];
  const nodes: NodeOptions[] = nodeSpecs.map((n) => {
    const spec = typeof n === 'string' ? { name: n } : n;
    const runtime = spec.runtime ?? newRuntime();
    if (runtime instanceof FakeRuntime) runtimes.set(spec.name, runtime);
    return { ...spec, runtime };
  });
  const names = nodes.map((n) => n.name);

  const cluster = createCluster({
    clock,
    store,
    nodes,
    ...(options.controllers === undefined ? {} : { controllers: options.controllers }),
  });
  const t = new PodkitTestCluster(cluster, clock, { runtimes, newRuntime, names }, changes, byObject, wrapped?.faults, options.timelineLength ?? 40);
  registerTestCluster(t);
  return t;
}

class PodkitTestCluster implements TestCluster {
  readonly #c: Cluster;
  readonly #runtimes: Map<string, FakeRuntime>;
  readonly #newRuntime: () => FakeRuntime;
  readonly #names: string[];
  readonly #changes: TimelineEntry[];
  readonly #byObject: Map<string, StoreObject[]>;
  readonly #faults: StoreFaults | undefined;
  readonly #timelineLength: number;
  readonly clock: VirtualClock;

  constructor(
    c: Cluster,
    clock: VirtualClock,
    nodes: { readonly runtimes: Map<string, FakeRuntime>; readonly newRuntime: () => FakeRuntime; readonly names: string[] },
    changes: TimelineEntry[],
    byObject: Map<string, StoreObject[]>,
    faults: StoreFaults | undefined,
    timelineLength: number,
  ) {
    this.#c = c;
    this.clock = clock;
    this.#runtimes = nodes.runtimes;
    this.#newRuntime = nodes.newRuntime;
    this.#names = nodes.names;
    this.#changes = changes;
    this.#byObject = byObject;
    this.#faults = faults;
    this.#timelineLength = timelineLength;
  }

  get store(): ObjectStore {
    return this.#c.store;
  }
  get events$(): Observable<KubeEvent> {
    return this.#c.events$;
  }
  get faults(): StoreFaults {
    if (this.#faults === undefined) throw new PodkitError('unsupported', 't.faults: create the test cluster with { storeFaults: true } to inject store faults.');
    return this.#faults;
  }
  apply(input: ApplyInput, options?: ApplyOptions): StoreObject[] {
    return this.#c.apply(input, options);
  }
  get<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> {
    return this.#c.get(kind, name, namespace);
  }
  tryGet<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> | undefined {
    return this.#c.tryGet(kind, name, namespace);
  }
  list<K extends StoreKind>(kind: K, options?: ListOptions): readonly ObjectOf<K>[] {
    return this.#c.list(kind, options);
  }
  watch<K extends StoreKind>(kind: K, options?: WatchOptions): Observable<WatchEvent<ObjectOf<K>>> {
    return this.#c.watch(kind, options);
  }
  delete<K extends StoreKind>(kind: K, name: string, options?: DeleteOptions): DeleteResult<ObjectOf<K>> {
    return this.#c.delete(kind, name, options);
  }
  scale(kind: StoreKind, name: string, replicas: number, options?: { readonly namespace?: string }): ObjectOf<'ReplicaSet'> {
    return this.#c.scale(kind, name, replicas, options);
  }
  events(about?: { readonly kind?: string; readonly name?: string; readonly namespace?: string }): KubeEvent[] {
    return this.#c.events(about);
  }
  logs(pod: string, options?: PodLogOptions): Promise<string> {
    return this.#c.logs(pod, options);
  }
  logStream(pod: string, options?: PodLogOptions): Observable<LogLine> {
    return this.#c.logStream(pod, options);
  }
  patch<K extends StoreKind>(kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options?: RecipeUpdateOptions): ObjectOf<K> {
    return this.#c.patch(kind, name, recipe, options);
  }
  updateStatus<K extends StoreKind>(kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options?: RecipeUpdateOptions): ObjectOf<K> {
    return this.#c.updateStatus(kind, name, recipe, options);
  }
  exec(pod: string, container: string | undefined, command: readonly string[], options?: ClusterExecOptions): Promise<ExecResult> {
    return this.#c.exec(pod, container, command, options);
  }
  addNode(node: TestNode): Node {
    const spec = typeof node === 'string' ? { name: node } : node;
    const runtime = spec.runtime ?? this.#newRuntime();
    const added = this.#c.addNode({ ...spec, runtime });
    if (runtime instanceof FakeRuntime) this.#runtimes.set(spec.name, runtime);
    this.#names.push(spec.name);
    return added;
  }
  nodeNames(): string[] {
    return [...this.#names];
  }
  stopNode(name: string): Promise<void> {
    return this.#c.stopNode(name);
  }
  startNode(name: string): Promise<void> {
    return this.#c.startNode(name);
  }
  addController(controller: Controller): void {
    this.#c.addController(controller);
  }
  advance(duration: Duration): Promise<void> {
    return this.#c.advance(duration);
  }
  async runUntil(predicate: (cluster: TestCluster) => boolean, options: ClusterRunUntilOptions): Promise<void> {
    try {
      await this.#c.runUntil(() => predicate(this), options);
    } catch (e) {
      if (e instanceof PodkitError && e.code === 'timeout') {
        throw new PodkitError('timeout', `${e.message.split('\n')[0] ?? e.message}.\n${this.timeline()}`, { details: e.details, cause: e });
      }
      throw e;
    }
  }
  formatTable(kind: StoreKind, options?: FormatTableOptions): string {
    return this.#c.formatTable(kind, options);
  }
  runtime(node: string): FakeRuntime {
    const r = this.#runtimes.get(node);
    if (r === undefined) throw new PodkitError('not_found', `runtime(${JSON.stringify(node)}): no FakeRuntime node of that name (known: ${[...this.#runtimes.keys()].join(', ') || 'none'}).`);
    return r;
  }
  history(kind: string, name: string, namespace?: string): StoreObject[] {
    const cluster = kind === 'Node';
    const key = cluster ? name : `${namespace ?? 'default'}/${name}`;
    return [...(this.#byObject.get(`${kind}/${key}`) ?? [])];
  }
  changes(): readonly TimelineEntry[] {
    return this.#changes;
  }
  timeline(): string {
    const start = this.#changes[0]?.at ?? this.clock.now();
    const recent = this.#changes.filter((c) => c.kind !== 'Node').slice(-this.#timelineLength);
    const lines = recent.map((c) => `  +${formatDuration(c.at - start).padEnd(6)} ${c.type.padEnd(8)} ${c.kind}/${c.key} ${summary(c.object)}`);
    const events = this.#c.events().slice(-15);
    return [
      `Virtual time: +${formatDuration(this.clock.now() - start)}`,
      `Last ${recent.length} object changes (Node heartbeats left out):`,
      ...(lines.length === 0 ? ['  (none)'] : lines),
      `Last ${events.length} events:`,
      events.length === 0 ? '  (none)' : formatEventTable(events, this.clock.now()),
      'Pods:',
      this.#c.formatTable('Pod', { wide: true }),
    ].join('\n');
  }
  async close(): Promise<void> {
    unregisterTestCluster(this);
    await this.#c.close();
  }
}
