import { formatCidr, formatIpv4, parseCidr, parseIpv4, podAddressRange, type Ipv4Cidr } from '../../runtime/ipv4.js';
import type { FakeProcess } from './process.js';
import type { FakeHttpHandler } from './types.js';

/** A program serving a port in a sandbox. */
export interface Listener {
  readonly proc: FakeProcess;
  readonly containerName: string;
  readonly image: string;
  readonly http: FakeHttpHandler | undefined;
}

/** The ports served in one sandbox's network namespace (shared by its containers). */
export class SandboxNet {
  #ports: Map<number, Listener> | undefined;

  listen(port: number, listener: Listener): boolean {
    const ports = (this.#ports ??= new Map());
    if (ports.has(port)) return false;
    ports.set(port, listener);
    return true;
  }

  unlisten(port: number, proc: FakeProcess): void {
    if (this.#ports?.get(port)?.proc === proc) this.#ports.delete(port);
  }

  /** Frees every port a process served (it exited). */
  release(proc: FakeProcess): void {
    if (this.#ports === undefined) return;
    for (const [port, l] of this.#ports) if (l.proc === proc) this.#ports.delete(port);
  }

  get(port: number): Listener | undefined {
    return this.#ports?.get(port);
  }

  clear(): void {
    this.#ports = undefined;
  }
}

/**
 * A node's pod IPs, as host-local IPAM hands them out of the node's range (`10.244.0.0/24` until
 * the kubelet configures another with `updateRuntimeConfig`): round-robin from the address after
 * the last one given (.2, .3, … .254, then the freed ones again), never one still in use;
 * released when a sandbox stops. Deterministic.
 */
export class IpPool {
  #cidr: Ipv4Cidr;
  #range: { readonly first: number; readonly last: number };
  /** The last address handed out. */
  #last: number;
  readonly #used = new Set<number>();

  constructor(cidr = '10.244.0.0/24') {
    this.#cidr = parseCidr(cidr, 'podCIDR');
    this.#range = podAddressRange(this.#cidr);
    this.#last = this.#range.first - 1;
  }

  /** The range, as `10.244.0.0/24`. */
  get cidr(): string {
    return formatCidr(this.#cidr);
  }

  /** Moves to another range (a changed `podCIDR`); addresses in use stay in use until released. */
  configure(cidr: string): void {
    const next = parseCidr(cidr, 'podCIDR');
    if (next.network === this.#cidr.network && next.prefix === this.#cidr.prefix) return;
    this.#cidr = next;
    this.#range = podAddressRange(next);
    this.#last = this.#range.first - 1;
  }

  /** The next free address, or `undefined` when every one of the range is in use. */
  allocate(): string | undefined {
    const { first, last } = this.#range;
    const count = last - first + 1;
    for (let i = 1; i <= count; i++) {
      const candidate = first + ((this.#last - first + i) % count + count) % count;
      if (this.#used.has(candidate)) continue;
      this.#used.add(candidate);
      this.#last = candidate;
      return formatIpv4(candidate);
    }
    return undefined;
  }

  /** Frees an address (a stopped sandbox's). */
  release(ip: string): void {
    const n = parseIpv4(ip);
    if (n !== undefined) this.#used.delete(n);
  }

  /** The range as host-local names it in its errors: `10.244.0.1-10.244.0.254`. */
  describe(): string {
    return `${formatIpv4(this.#range.first - 1)}-${formatIpv4(this.#range.last)}`;
  }
}
