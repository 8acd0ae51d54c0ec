// The node IPAM controller's range allocator (kube-controller-manager with --allocate-node-cidrs,
// as kind and kubeadm run it): each Node gets a /24 of the cluster CIDR 10.244.0.0/16 as
// spec.podCIDR, and its kubelet hands it to the runtime, which allocates pod IPs from it.
import { PodkitError } from '../../errors.js';
import { cidrContains, formatCidr, parseCidr, subnet, type Ipv4Cidr } from '../../runtime/ipv4.js';

/** The cluster's pod range by default (`--cluster-cidr` of kind and of kubeadm with flannel). */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
/** The prefix length of each node's range by default (`--node-cidr-mask-size`: 24, 254 addresses for 110 pods). */
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;

/**
 * Hands out node ranges: the lowest /`maskSize` of the cluster CIDR that no Node uses. A range
 * given to a node stays with it (for the life of the cluster: podkit has no node removal that
 * would free it).
 */
export class NodeIpam {
  readonly #cluster: Ipv4Cidr;
  readonly #mask: number;
  readonly #assigned = new Map<string, string>();

  constructor(clusterCIDR: string = DEFAULT_CLUSTER_CIDR, maskSize: number = DEFAULT_NODE_CIDR_MASK_SIZE) {
    this.#cluster = parseCidr(clusterCIDR, 'clusterCIDR');
    if (!Number.isInteger(maskSize) || maskSize < this.#cluster.prefix || maskSize > 30) {
      throw new PodkitError(
        'invalid_argument',
        `nodeCIDRMaskSize: expected an integer from ${this.#cluster.prefix} (the prefix of clusterCIDR ${formatCidr(this.#cluster)}) to 30, received ${String(maskSize)}.`,
        { details: { field: 'nodeCIDRMaskSize' } },
      );
    }
    this.#mask = maskSize;
  }

  /** The cluster CIDR, as `10.244.0.0/16`. */
  get clusterCIDR(): string {
    return formatCidr(this.#cluster);
  }

  /**
   * The range of node `name`: the one already given to it, else `existing` (the podCIDR its
   * Node object already has, kept as the allocator does on restart), else the lowest range
   * that is neither in `taken` (every Node's podCIDR) nor given to another node. `undefined`
   * when the cluster CIDR is used up (upstream: the `CIDRNotAvailable` event, no podCIDR).
   */
  assign(name: string, existing: string | undefined, taken: Iterable<string | undefined>): string | undefined {
    const known = this.#assigned.get(name);
    if (known !== undefined) return known;
    if (existing !== undefined && existing !== '') {
      this.#assigned.set(name, existing);
      return existing;
    }
    const used: Ipv4Cidr[] = [];
    const mark = (cidr: string | undefined): void => {
      if (cidr === undefined || cidr === '') return;
      let c: Ipv4Cidr;
      try {
        c = parseCidr(cidr, 'spec.podCIDR');
      } catch {
        return;
      }
      used.push(c);
    };
    for (const cidr of taken) mark(cidr);
    for (const cidr of this.#assigned.values()) mark(cidr);
    for (let i = 0; ; i++) {
      const candidate = subnet(this.#cluster, this.#mask, i);
      if (candidate === undefined) return undefined;
      if (used.some((u) => cidrContains(u, candidate) || cidrContains(candidate, u))) continue;
      const text = formatCidr(candidate);
      this.#assigned.set(name, text);
      return text;
    }
  }
}
