import type { Observable, Subscription } from 'rxjs';
import type { Clock } from '../../clock/clock.js';
import { parseDuration, type Duration } from '../../clock/duration.js';
import { SystemClock } from '../../clock/system-clock.js';
import { PodkitError } from '../../errors.js';
import type { KubeEvent } from '../../model/event.js';
import type { Node, Pod } from '../../model/index.js';
import { toTimestamp } from '../../model/time.js';
import type { ExecResult, LogLine } from '../../runtime/container-runtime.js';
import { defaultTolerationSecondsAdmission } from '../../store/admission.js';
import { MemoryStore } from '../../store/memory-store.js';
import type { DeleteOptions, DeleteResult, ListOptions, ObjectOf, ObjectStore, StoreKind, StoreObject, WatchEvent, WatchOptions } from '../../store/object-store.js';
import type { Controller } from '../controller.js';
import { applyObjects, type ApplyInput, type ApplyOptions } from './apply.js';
import { builtinControllers } from './builtin-controllers.js';
import { ClusterEvents, formatEventTable } from './cluster-events.js';
import { formatKindTable, type FormatTableOptions } from './cluster-tables.js';
import { NodeAgent, type NodeOptions } from './node-agent.js';
import { NodeIpam } from './node-ipam.js';
import { podControllerKubelet } from './pod-controller-kubelet.js';
import { logText } from '../pod-logs.js';
import { patchObject, patchStatus, type Recipe, type RecipeUpdateOptions } from '../recipes.js';
import { execIn, resolveContainer, streamLogs, type ClusterExecOptions, type PodLogOptions } from './pod-io.js';
import { requireSteppable, runUntil } from './virtual-time.js';
import type { Cluster, ClusterOptions, ClusterRunUntilOptions } from './cluster-api.js';
import { reclaimClaimVolumes } from './claim-volumes.js';

export type { Cluster, ClusterOptions, ClusterRunUntilOptions } from './cluster-api.js';

/**
 * Creates a cluster: the composition root of podkit. Wires a store (a `MemoryStore` by default),
 * the built-in controllers (scheduler, node lifecycle with taint eviction, ReplicaSet, Job,
 * DaemonSet, PodGC — each built with `createController` and added like a user's), and one node per entry of `nodes`
 * (a Node object with heartbeats every 10 s and a PodController running its pods on its runtime).
 *
 * On a `VirtualClock` everything is deterministic: the same inputs give the same names, uids,
 * times and Event order; use `advance` / `runUntil` to move time.
 *
 * @example
 * ```ts
 * import { createCluster } from 'podkit';
 * import { FakeRuntime, VirtualClock } from 'podkit/testing';
 * const clock = new VirtualClock();
 * const cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
 * cluster.apply(replicaSetYaml);
 * await cluster.runUntil((c) => c.list('Pod').filter((p) => p.status?.phase === 'Running').length === 3, { timeout: '1m' });
 * console.log(cluster.formatTable('Pod'));
 * await cluster.close();
 * ```
 */
export function createCluster(options: ClusterOptions = {}): Cluster {
  const cluster = new PodkitCluster(options);
  try {
    for (const c of builtinControllers(options.controllers)) cluster.addController(c);
    for (const node of options.nodes ?? []) cluster.addNode(node);
  } catch (e) {
    // Nothing may keep running after a failed start (controller stops are synchronous up to their last await).
    void cluster.close();
    throw e;
  }
  return cluster;
}

class PodkitCluster implements Cluster {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly #events: ClusterEvents;
  readonly #controllers: Controller[] = [];
  readonly #nodes = new Map<string, NodeAgent>();
  readonly #options: ClusterOptions;
  readonly #ipam: NodeIpam;
  #closed = false;
  /** Claim storage reclaim on PVC deletion (§P.8). */
  readonly #claimVolumes: Subscription;

  constructor(options: ClusterOptions) {
    this.#options = options;
    this.#ipam = new NodeIpam(options.clusterCIDR, options.nodeCIDRMaskSize);
    this.clock = options.clock ?? new SystemClock();
    this.store =
      options.store ??
      new MemoryStore({ clock: this.clock, ...(options.seed === undefined ? {} : { seed: options.seed }), admission: [defaultTolerationSecondsAdmission] });
    this.#events = new ClusterEvents(this.clock);
    this.#claimVolumes = reclaimClaimVolumes(this.store, () => [...this.#nodes.values()].map((a) => a.runtime));
  }

  get events$(): Observable<KubeEvent> {
    return this.#events.stream();
  }

  #open(operation: string): void {
    if (this.#closed) throw new PodkitError('closed', `cluster.${operation}(): the cluster is closed.`);
  }

  apply(input: ApplyInput, options?: ApplyOptions): StoreObject[] {
    this.#open('apply');
    return applyObjects(this.store, input, options);
  }

  get<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> {
    return this.store.get(kind, name, namespace);
  }

  tryGet<K extends StoreKind>(kind: K, name: string, namespace?: string): ObjectOf<K> | undefined {
    return this.store.tryGet(kind, name, namespace);
  }

  list<K extends StoreKind>(kind: K, options?: ListOptions): readonly ObjectOf<K>[] {
    return this.store.list(kind, options);
  }

  watch<K extends StoreKind>(kind: K, options?: WatchOptions): Observable<WatchEvent<ObjectOf<K>>> {
    return this.store.watch(kind, options);
  }

  delete<K extends StoreKind>(kind: K, name: string, options?: DeleteOptions): DeleteResult<ObjectOf<K>> {
    this.#open('delete');
    return this.store.delete(kind, name, options);
  }

  scale(kind: StoreKind, name: string, replicas: number, options: { readonly namespace?: string } = {}): ObjectOf<'ReplicaSet'> {
    this.#open('scale');
    if (kind !== 'ReplicaSet') {
      throw new PodkitError('unsupported', `scale: expected kind ReplicaSet, received ${JSON.stringify(kind)} (podkit scales ReplicaSets; set a Job's spec.parallelism with apply).`);
    }
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw new PodkitError('invalid_argument', `scale: replicas: expected an integer >= 0, received ${String(replicas)}.`, { details: { field: 'spec.replicas' } });
    }
    const rs = this.store.get('ReplicaSet', name, options.namespace);
    return this.store.update({ ...rs, spec: { ...rs.spec, replicas } });
  }

  events(about: { readonly kind?: string; readonly name?: string; readonly namespace?: string } = {}): KubeEvent[] {
    return this.#events.list().filter((e) => {
      const o = e.involvedObject;
      return (about.kind === undefined || o.kind === about.kind) && (about.name === undefined || o.name === about.name) && (about.namespace === undefined || o.namespace === about.namespace);
    });
  }

  #podAndRuntime(name: string, namespace: string | undefined): { pod: Pod; agent: NodeAgent } {
    const pod = this.store.get('Pod', name, namespace);
    const nodeName = pod.spec.nodeName;
    const agent = nodeName === undefined ? undefined : this.#nodes.get(nodeName);
    if (agent === undefined) {
      throw new PodkitError('invalid_argument', `pod ${name} is not running on a node of this cluster${nodeName === undefined ? ' (it is not scheduled yet)' : ` (node ${nodeName})`}.`, {
        details: { pod: name, nodeName },
      });
    }
    return { pod, agent };
  }

  async logs(pod: string, options: PodLogOptions = {}): Promise<string> {
    return logText(this.#logLines('logs', pod, options), options);
  }

  logStream(pod: string, options: PodLogOptions = {}): Observable<LogLine> {
    return this.#logLines('logStream', pod, options);
  }

  #logLines(operation: string, pod: string, options: PodLogOptions): Observable<LogLine> {
    this.#open(operation);
    const { pod: p, agent } = this.#podAndRuntime(pod, options.namespace);
    return streamLogs(agent.runtime, p, resolveContainer(p, options.container), options, this.clock.now());
  }

  patch<K extends StoreKind>(kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options?: RecipeUpdateOptions): ObjectOf<K> {
    this.#open('patch');
    return patchObject(this.store, kind, name, recipe, options);
  }

  updateStatus<K extends StoreKind>(kind: K, name: string, recipe: Recipe<ObjectOf<K>>, options?: RecipeUpdateOptions): ObjectOf<K> {
    this.#open('updateStatus');
    return patchStatus(this.store, kind, name, recipe, options);
  }

  async exec(pod: string, container: string | undefined, command: readonly string[], options: ClusterExecOptions = {}): Promise<ExecResult> {
    this.#open('exec');
    const { pod: p, agent } = this.#podAndRuntime(pod, options.namespace);
    return execIn(agent.runtime, p, resolveContainer(p, container), command, options);
  }

  addNode(node: NodeOptions): Node {
    this.#open('addNode');
    // A Node object left in the store by an earlier cluster is re-registered (as a restarted
    // kubelet does); only a second agent for the same name in this cluster is an error.
    if (this.#nodes.has(node.name)) {
      throw new PodkitError('already_exists', `nodes ${JSON.stringify(node.name)} already exists`, { details: { kind: 'Node', name: node.name } });
    }
    const ordinal = this.#nodes.size;
    const address = node.address ?? `10.0.${Math.floor(ordinal / 250)}.${(ordinal % 250) + 2}`;
    // The node IPAM controller: the range the Node already has, else the lowest free one.
    const existing = this.store.tryGet('Node', node.name);
    const podCIDR = this.#ipam.assign(node.name, existing?.spec?.podCIDR, this.store.list('Node').map((n) => n.spec?.podCIDR));
    const env = { store: this.store, clock: this.clock, events: this.#events, address, ...(podCIDR === undefined ? {} : { podCIDR }) };
    const onError = (e: unknown): void => this.#reportError(e, node.name);

    const agent = new NodeAgent(
      { ...node, address },
      {
        store: this.store,
        clock: this.clock,
        recorder: this.#events.recorder('kubelet', node.name),
        ordinal,
        ...(podCIDR === undefined ? {} : { podCIDR }),
        ...(this.#options.heartbeatInterval === undefined ? {} : { heartbeatIntervalMs: parseDuration(this.#options.heartbeatInterval, 'heartbeatInterval') }),
        kubelet: (name) => podControllerKubelet(name, node, env, onError),
        onError,
      },
    );
    const registered = agent.register();
    this.#nodes.set(node.name, agent);
    if (podCIDR === undefined) {
      // Upstream's range allocator records this and leaves the node without a podCIDR.
      this.#events.recorder('cidrAllocator').record({
        involvedObject: { kind: 'Node', name: node.name, uid: registered.metadata.uid ?? '' },
        type: 'Normal',
        reason: 'CIDRNotAvailable',
        message: `Node ${node.name} status is now: CIDRNotAvailable`,
      });
    }
    return registered;
  }

  /** Background errors go to `onError`, else become a Warning Event on the node. */
  #reportError(error: unknown, nodeName: string): void {
    if (this.#options.onError !== undefined) {
      this.#options.onError(error);
      return;
    }
    this.#events.recorder('kubelet', nodeName).record({
      involvedObject: { kind: 'Node', name: nodeName },
      type: 'Warning',
      reason: 'KubeletError',
      message: error instanceof Error ? error.message : String(error),
    });
  }

  #agent(name: string): NodeAgent {
    const agent = this.#nodes.get(name);
    if (agent === undefined) {
      throw new PodkitError('not_found', `nodes ${JSON.stringify(name)} not found (known: ${[...this.#nodes.keys()].join(', ') || 'none'})`, { details: { kind: 'Node', name } });
    }
    return agent;
  }

  async stopNode(name: string): Promise<void> {
    this.#open('stopNode');
    await this.#agent(name).stop();
  }

  async startNode(name: string): Promise<void> {
    this.#open('startNode');
    await this.#agent(name).start();
  }

  addController(controller: Controller): void {
    this.#open('addController');
    if (this.#controllers.some((c) => c.name === controller.name)) {
      throw new PodkitError('already_exists', `a controller named ${JSON.stringify(controller.name)} is already running in this cluster.`);
    }
    controller.start({ store: this.store, clock: this.clock, recorder: this.#events.recorder(controller.name) });
    this.#controllers.push(controller);
  }

  async advance(duration: Duration): Promise<void> {
    this.#open('advance');
    await requireSteppable(this.clock, 'advance').advance(duration);
  }

  async runUntil(predicate: (cluster: Cluster) => boolean, options: ClusterRunUntilOptions): Promise<void> {
    this.#open('runUntil');
    const clock = requireSteppable(this.clock, 'runUntil');
    await runUntil(clock, () => predicate(this), options, (message) => new PodkitError('timeout', `${message}.\n${this.#timeline()}`, { details: { timeout: options.timeout } }));
  }

  /** A readable summary for timeout errors: the time, the last Events and the pods. */
  #timeline(): string {
    const now = this.clock.now();
    const events = this.#events.list().slice(-20);
    return [
      `Virtual time: ${toTimestamp(now)}`,
      `Last ${events.length} events:`,
      events.length === 0 ? '(none)' : formatEventTable(events, now),
      'Pods:',
      formatKindTable(this.store, 'Pod', now, { wide: true }),
    ].join('\n');
  }

  formatTable(kind: StoreKind, options?: FormatTableOptions): string {
    return formatKindTable(this.store, kind, this.clock.now(), options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#claimVolumes.unsubscribe();
    for (const c of [...this.#controllers].reverse()) await c.stop();
    for (const agent of this.#nodes.values()) await agent.close();
    this.#events.close();
  }
}
