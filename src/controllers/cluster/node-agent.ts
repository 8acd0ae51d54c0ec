import type { Clock, TimerHandle } from '../../clock/clock.js';
import { PodkitError } from '../../errors.js';
import type { Node, NodeCondition, ResourceList, Taint } from '../../model/index.js';
import { toMicroTime, toTimestamp } from '../../model/time.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import type { ObjectStore } from '../../store/object-store.js';
import type { EventRecorder } from '../event-recorder.js';

/** The kubelet version nodes of a podkit cluster report (`status.nodeInfo.kubeletVersion`). */
export const PODKIT_KUBELET_VERSION = 'v1.34.0-podkit';

/** How often a node posts its status (the kubelet's `nodeStatusUpdateFrequency`, 10 s). */
export const NODE_HEARTBEAT_INTERVAL_MS = 10_000;

/** Where node Leases live (the kubelet's `kube-node-lease`). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** The kubelet's `nodeLeaseDurationSeconds` (40); it renews every quarter of it, 10 s. */
export const NODE_LEASE_DURATION_SECONDS = 40;

/** A node's capacity; each omitted resource takes the default (4 CPUs, 16Gi memory, 110 pods). */
export interface NodeCapacity {
  /** CPUs, as a number or a quantity (`'4'`, `'3500m'`). */
  readonly cpu?: number | string;
  /** Memory as a quantity (`'16Gi'`) or bytes. */
  readonly memory?: number | string;
  /** Maximum pods (the kubelet's `--max-pods`). */
  readonly pods?: number;
}

/** A node of a cluster: its name, the runtime its pods run on, and its Node object's labels, taints and capacity. */
export interface NodeOptions {
  readonly name: string;
  readonly runtime: ContainerRuntime;
  /** Extra labels (besides `kubernetes.io/hostname`, `kubernetes.io/os` and `kubernetes.io/arch`). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  readonly capacity?: NodeCapacity;
  /** Cordoned from the start (`spec.unschedulable`). */
  readonly unschedulable?: boolean;
  /** The node's InternalIP (default `10.0.<n / 250>.<n % 250 + 2>` by the order nodes were added). */
  readonly address?: string;
}

/** What runs a node's pods (the PodController in store mode): started and stopped with the node. */
export interface NodeKubelet {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
  /** Releases everything for good (after `stop`); optional. */
  close?(): void | Promise<void>;
}

/** The default capacity of a node. */
export const DEFAULT_NODE_CAPACITY: Readonly<Required<NodeCapacity>> = { cpu: 4, memory: '16Gi', pods: 110 };

export function capacityList(capacity: NodeCapacity | undefined): ResourceList {
  const c = { ...DEFAULT_NODE_CAPACITY, ...capacity };
  return { cpu: String(c.cpu), memory: String(c.memory), pods: String(c.pods) };
}

const CONDITION_TEXT: Readonly<Record<string, readonly [status: 'True' | 'False', reason: string, message: string]>> = {
  MemoryPressure: ['False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  DiskPressure: ['False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  PIDPressure: ['False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  Ready: ['True', 'KubeletReady', 'kubelet is posting ready status'],
};

/**
 * The node's conditions as a healthy kubelet posts them at `now`: every condition gets
 * `lastHeartbeatTime = now`; `lastTransitionTime` moves only when a status flips.
 */
export function healthyNodeConditions(previous: readonly NodeCondition[] | undefined, now: number): NodeCondition[] {
  const at = toTimestamp(now);
  return Object.entries(CONDITION_TEXT).map(([type, [status, reason, message]]) => {
    const old = previous?.find((c) => c.type === type);
    const since = old !== undefined && old.status === status && old.lastTransitionTime !== undefined ? old.lastTransitionTime : at;
    return { type, status, reason, message, lastHeartbeatTime: at, lastTransitionTime: since };
  });
}

/** `spec.podCIDR` and `spec.podCIDRs` of a node's range (podCIDRs is kept verbatim by the Node schema, hence the cast). */
function podCIDRFields(podCIDR: string | undefined): Pick<NonNullable<Node['spec']>, 'podCIDR'> {
  return podCIDR === undefined ? {} : ({ podCIDR, podCIDRs: [podCIDR] } as Pick<NonNullable<Node['spec']>, 'podCIDR'>);
}

/** Everything a {@link NodeAgent} needs from its cluster. */
export interface NodeAgentContext {
  readonly store: ObjectStore;
  readonly clock: Clock;
  /** Events of the node's kubelet (component `kubelet`, host = the node). */
  readonly recorder: EventRecorder;
  /** The node's position among the cluster's nodes (for its default address). */
  readonly ordinal: number;
  /** The node's pod range from the cluster's node IPAM (`spec.podCIDR` and `spec.podCIDRs`); none when the cluster CIDR is used up. */
  readonly podCIDR?: string;
  readonly heartbeatIntervalMs?: number;
  /** Builds the component that runs the node's pods. */
  readonly kubelet: (nodeName: string, runtime: ContainerRuntime) => NodeKubelet;
  /** Receives errors of the background start. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * One node of a cluster: registers its Node object (Ready, capacity = allocatable, addresses,
 * `nodeInfo.kubeletVersion`, the pod range `spec.podCIDR` the cluster gave it), runs its pods through a {@link NodeKubelet}, and posts a heartbeat
 * every 10 s (the Ready condition's `lastHeartbeatTime`) while it runs and its runtime answers
 * `ping()`. Stopping it silences both, as if the machine dropped off the network: its containers
 * keep running and the node lifecycle controller marks it Unknown after the grace period.
 */
export class NodeAgent {
  readonly name: string;
  readonly runtime: ContainerRuntime;
  readonly #options: NodeOptions;
  readonly #ctx: NodeAgentContext;
  readonly #kubelet: NodeKubelet;
  #timer: TimerHandle | undefined;
  #running = false;

  constructor(options: NodeOptions, ctx: NodeAgentContext) {
    this.name = options.name;
    this.runtime = options.runtime;
    this.#options = options;
    this.#ctx = ctx;
    this.#kubelet = ctx.kubelet(options.name, options.runtime);
  }

  /** True while the node runs (not stopped). */
  get running(): boolean {
    return this.#running;
  }

  /** The Node object this agent registers. */
  nodeObject(): Node {
    const o = this.#options;
    const n = this.#ctx.ordinal;
    const capacity = capacityList(o.capacity);
    const now = this.#ctx.clock.now();
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: o.name,
        labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': o.name, 'kubernetes.io/os': 'linux', ...o.labels },
      },
      spec: {
        ...podCIDRFields(this.#ctx.podCIDR),
        ...(o.taints === undefined || o.taints.length === 0 ? {} : { taints: o.taints.map((t) => ({ ...t })) }),
        ...(o.unschedulable === true ? { unschedulable: true } : {}),
      },
      status: {
        capacity,
        allocatable: { ...capacity },
        conditions: healthyNodeConditions(undefined, now),
        addresses: [
          { type: 'InternalIP', address: o.address ?? `10.0.${Math.floor(n / 250)}.${(n % 250) + 2}` },
          { type: 'Hostname', address: o.name },
        ],
        nodeInfo: {
          kubeletVersion: PODKIT_KUBELET_VERSION,
          containerRuntimeVersion: `${o.runtime.name}://podkit`,
          osImage: 'podkit',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
  }

  /**
   * Registers the Node object and starts the node in the background (errors go to `onError`);
   * returns the registered Node. A Node of that name already in the store (left by an earlier
   * cluster on the same store) is kept as it is, with its labels, taints and conditions, like a
   * restarted kubelet re-registering; its heartbeats resume.
   */
  register(): Node {
    const { store, podCIDR } = this.#ctx;
    let node = store.tryGet('Node', this.name) ?? store.create(this.nodeObject());
    // A Node registered without a range gets one (the IPAM controller's PatchNodeCIDRs).
    if (podCIDR !== undefined && node.spec?.podCIDR === undefined) node = store.update({ ...node, spec: { ...node.spec, ...podCIDRFields(podCIDR) } });
    this.#ctx.recorder.record({ involvedObject: { kind: 'Node', name: this.name, uid: node.metadata.uid ?? '' }, type: 'Normal', reason: 'Starting', message: 'Starting kubelet.' });
    this.#event('NodeReady');
    this.start().catch((e: unknown) => this.#ctx.onError?.(e));
    return node;
  }

  /**
   * Starts (or restarts) the heartbeats and the kubelet: posts a status at once (when the runtime
   * answers), then starts the kubelet, so the pods it reports Ready find their node Ready.
   * Resolves without waiting on the clock: a kubelet whose runtime does not answer keeps retrying
   * in the background. No-op when running.
   */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#beat();
    if (!this.#running) return;
    await this.#kubelet.start();
  }

  /** Stops heartbeats and the kubelet (containers keep running). No-op when stopped. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    if (this.#timer !== undefined) this.#ctx.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#kubelet.stop();
  }

  /** Stops the node and releases its kubelet for good. */
  async close(): Promise<void> {
    await this.stop();
    await this.#kubelet.close?.();
  }

  #schedule(): void {
    if (!this.#running || this.#timer !== undefined) return;
    this.#timer = this.#ctx.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#beat();
    }, this.#ctx.heartbeatIntervalMs ?? NODE_HEARTBEAT_INTERVAL_MS);
  }

  /** One heartbeat: if the runtime answers, post the node status; then schedule the next. */
  async #beat(): Promise<void> {
    let reachable = true;
    try {
      await this.runtime.ping();
    } catch {
      reachable = false;
    }
    if (!this.#running) return;
    if (reachable) {
      this.#postStatus();
      this.#renewLease();
    }
    this.#schedule();
  }

  /**
   * Renews the node's Lease (`kube-node-lease/<node>`, holder the node, 40 s, owned by the Node so
   * it goes with it), creating it when missing, as the kubelet's node lease controller does.
   */
  #renewLease(): void {
    const { store, clock } = this.#ctx;
    const node = store.tryGet('Node', this.name);
    if (node === undefined) return;
    const spec = { holderIdentity: this.name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: toMicroTime(clock.now()) };
    try {
      const lease = store.tryGet('Lease', this.name, NODE_LEASE_NAMESPACE);
      if (lease === undefined) {
        store.create({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.name, namespace: NODE_LEASE_NAMESPACE, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.name, uid: node.metadata.uid ?? '' }] },
          spec,
        });
      } else {
        store.update({ ...lease, spec: { ...lease.spec, ...spec } });
      }
    } catch (e) {
      // A concurrent writer won: the next renewal comes in 10 s.
      if (!(e instanceof PodkitError && (e.code === 'conflict' || e.code === 'already_exists'))) throw e;
    }
  }

  #postStatus(): void {
    const { store, clock } = this.#ctx;
    const node = store.tryGet('Node', this.name);
    if (node === undefined) {
      // The kubelet registers its node again when the object was deleted.
      store.create(this.nodeObject());
      return;
    }
    const wasReady = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
    const conditions = [
      ...healthyNodeConditions(node.status?.conditions, clock.now()),
      ...(node.status?.conditions ?? []).filter((c) => CONDITION_TEXT[c.type] === undefined),
    ];
    try {
      store.updateStatus({ ...node, status: { ...node.status, conditions } });
    } catch (e) {
      // A concurrent writer won: the next heartbeat comes in 10 s.
      if (!(e instanceof PodkitError && e.code === 'conflict')) throw e;
      return;
    }
    if (!wasReady) this.#event('NodeReady');
  }

  #event(reason: 'NodeReady'): void {
    this.#ctx.recorder.record({
      involvedObject: { kind: 'Node', name: this.name },
      type: 'Normal',
      reason,
      message: `Node ${this.name} status is now: ${reason}`,
    });
  }
}
