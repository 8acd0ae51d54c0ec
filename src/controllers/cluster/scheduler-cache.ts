import type { Node, Pod } from '../../model/index.js';
import { isPodTerminal, objectKey } from '../../model/pod-utils.js';
import { podHostPorts, type HostPort, type NodeUsage } from '../../planners/node-usage.js';
import { getControllerOf } from '../../planners/ownership.js';
import { podRequests, type Resources } from '../../planners/resources.js';
import type { WatchEvent } from '../../store/object-store.js';

/**
 * One node's {@link NodeUsage}, kept up to date pod by pod (the scheduler cache's `NodeInfo`):
 * `add` and `remove` are O(containers + host ports), so scheduling never rescans a node's pods.
 */
export class MutableNodeUsage implements NodeUsage {
  requested: Resources = { milliCpu: 0n, memory: 0n };
  nonZeroRequested: Resources = { milliCpu: 0n, memory: 0n };
  podCount = 0;
  readonly hostPorts: HostPort[] = [];
  readonly podsByController = new Map<string, number>();

  /** Counts a pod bound to this node. */
  add(pod: Pod): void {
    this.#apply(pod, 1n);
    this.hostPorts.push(...podHostPorts(pod));
  }

  /** Stops counting a pod counted by {@link add}. */
  remove(pod: Pod): void {
    this.#apply(pod, -1n);
    for (const p of podHostPorts(pod)) {
      const i = this.hostPorts.findIndex((h) => h.port === p.port && h.protocol === p.protocol && h.hostIP === p.hostIP);
      if (i >= 0) this.hostPorts.splice(i, 1);
    }
  }

  #apply(pod: Pod, sign: bigint): void {
    const r = podRequests(pod);
    const nz = podRequests(pod, true);
    this.requested = { milliCpu: this.requested.milliCpu + sign * r.milliCpu, memory: this.requested.memory + sign * r.memory };
    this.nonZeroRequested = {
      milliCpu: this.nonZeroRequested.milliCpu + sign * nz.milliCpu,
      memory: this.nonZeroRequested.memory + sign * nz.memory,
    };
    this.podCount += Number(sign);
    const uid = getControllerOf(pod)?.uid;
    if (uid !== undefined) {
      const n = (this.podsByController.get(uid) ?? 0) + Number(sign);
      if (n <= 0) this.podsByController.delete(uid);
      else this.podsByController.set(uid, n);
    }
  }
}

/** True iff the pod occupies room on its node: bound and not terminal (terminating pods still count). */
function counts(pod: Pod): boolean {
  return pod.spec.nodeName !== undefined && pod.spec.nodeName !== '' && !isPodTerminal(pod);
}

/** What a node change means for pods that did not fit before. */
export type NodeChange = 'none' | 'relevant';

/**
 * The scheduler's view of the cluster, fed by Pod and Node watch events: the nodes (in the order
 * they appeared) and a {@link MutableNodeUsage} per node name. O(1) work per event.
 */
export class SchedulerCache {
  readonly #nodes = new Map<string, Node>();
  #nodeList: Node[] | undefined;
  /** Each node's position in `#nodeList` (valid while the list is). */
  readonly #positions = new Map<string, number>();
  readonly #usage = new Map<string, MutableNodeUsage>();
  /** The version of each pod currently counted in a node's usage, by `namespace/name`. */
  readonly #counted = new Map<string, Pod>();

  /** The usage per node name (a `PodsOnNodes` for the scheduling planners). */
  get usage(): ReadonlyMap<string, NodeUsage> {
    return this.#usage;
  }

  /** The known nodes, in the order they were added. */
  nodes(): readonly Node[] {
    if (this.#nodeList === undefined) {
      this.#nodeList = [...this.#nodes.values()];
      this.#positions.clear();
      this.#nodeList.forEach((n, i) => this.#positions.set(n.metadata.name ?? '', i));
    }
    return this.#nodeList;
  }

  /** The known nodes by name. */
  get nodesByName(): ReadonlyMap<string, Node> {
    return this.#nodes;
  }

  #usageOf(nodeName: string): MutableNodeUsage {
    let u = this.#usage.get(nodeName);
    if (u === undefined) this.#usage.set(nodeName, (u = new MutableNodeUsage()));
    return u;
  }

  /**
   * Folds a pod watch event into the usage. Returns true when room was freed on a node (a bound
   * pod went away or became terminal): pods that did not fit may fit now.
   */
  observePod(event: WatchEvent<Pod>): boolean {
    const pod = event.object;
    const key = objectKey(pod);
    const prev = this.#counted.get(key);
    const now = event.type !== 'Deleted' && counts(pod);
    if (prev !== undefined && now && prev.spec.nodeName === pod.spec.nodeName) {
      // Still on the same node: requests come from the (immutable) spec, nothing to recount.
      this.#counted.set(key, pod);
      return false;
    }
    if (prev !== undefined) {
      this.#usageOf(prev.spec.nodeName as string).remove(prev);
      this.#counted.delete(key);
    }
    if (now) {
      this.#usageOf(pod.spec.nodeName as string).add(pod);
      this.#counted.set(key, pod);
    }
    return prev !== undefined && !(now && prev.spec.nodeName === pod.spec.nodeName);
  }

  /**
   * Folds a node watch event in. `relevant` when a node appeared or changed in a way that can
   * make a pod fit (labels, taints, cordoning, allocatable/capacity); heartbeats are not relevant.
   */
  observeNode(event: WatchEvent<Node>): NodeChange {
    const node = event.object;
    const name = node.metadata.name ?? '';
    const prev = this.#nodes.get(name);
    if (event.type === 'Deleted') {
      this.#nodes.delete(name);
      this.#nodeList = undefined;
      return 'none';
    }
    this.#nodes.set(name, node);
    if (prev === undefined) {
      this.#nodeList = undefined;
      return 'relevant';
    }
    if (this.#nodeList !== undefined) {
      const i = this.#positions.get(name);
      if (i !== undefined && this.#nodeList[i] === prev) this.#nodeList[i] = node;
      else this.#nodeList = undefined;
    }
    const same =
      JSON.stringify(prev.metadata.labels ?? {}) === JSON.stringify(node.metadata.labels ?? {}) &&
      JSON.stringify(prev.spec ?? {}) === JSON.stringify(node.spec ?? {}) &&
      JSON.stringify(prev.status?.allocatable ?? {}) === JSON.stringify(node.status?.allocatable ?? {}) &&
      JSON.stringify(prev.status?.capacity ?? {}) === JSON.stringify(node.status?.capacity ?? {});
    return same ? 'none' : 'relevant';
  }
}
