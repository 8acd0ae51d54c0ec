// IPv4 addresses and CIDR ranges, for the pod networks of nodes (pure): the node IPAM
// controller's subnetting of the cluster CIDR and host-local's allocation inside a node's range.
import { PodkitError } from '../errors.js';

/** An IPv4 CIDR range: its network address (as an unsigned 32-bit number) and prefix length. */
export interface Ipv4Cidr {
  readonly network: number;
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** An IPv4 address as an unsigned 32-bit number, or `undefined` when `text` is not one. */
export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (m === null) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255 || (m[i]!.length > 1 && m[i]!.startsWith('0'))) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/** The dotted form of an unsigned 32-bit address. */
export function formatIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `10.244.1.0/24`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

/** The number of addresses of a prefix length. */
function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Parses an IPv4 CIDR (`10.244.0.0/16`); host bits are cleared, as Go's `net.ParseCIDR` does.
 * Throws `invalid_argument` naming `field` for anything else (IPv6 included: podkit's pod
 * networks are IPv4).
 */
export function parseCidr(text: string, field: string): Ipv4Cidr {
  const slash = typeof text === 'string' ? text.indexOf('/') : -1;
  const ip = slash < 0 ? undefined : parseIpv4(text.slice(0, slash));
  const prefixText = slash < 0 ? '' : text.slice(slash + 1);
  const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (ip === undefined || !(prefix >= 0 && prefix <= 32)) {
    throw new PodkitError('invalid_argument', `${field}: expected an IPv4 CIDR such as "10.244.0.0/16", received ${JSON.stringify(text)}.`, { details: { field } });
  }
  return { network: ip - (ip % size(prefix)), prefix };
}

/** The `index`-th subnet of prefix `prefix` inside `range` (the node IPAM controller's range allocator), or `undefined` past the last. */
export function subnet(range: Ipv4Cidr, prefix: number, index: number): Ipv4Cidr | undefined {
  if (prefix < range.prefix || prefix > 32 || index < 0 || index >= 2 ** (prefix - range.prefix)) return undefined;
  return { network: range.network + index * size(prefix), prefix };
}

/** True when `inner` lies inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network && inner.network + size(inner.prefix) <= outer.network + size(outer.prefix);
}

/**
 * The addresses host-local IPAM hands out in a range: from the network address + 2 (+1 is the
 * gateway) to the broadcast address − 1 — `10.244.1.2` … `10.244.1.254` for a /24, 253 pods.
 * `first > last` when the range is too small to hold any.
 */
export function podAddressRange(cidr: Ipv4Cidr): { readonly first: number; readonly last: number } {
  const end = cidr.network + size(cidr.prefix) - 1;
  return { first: cidr.network + 2, last: end - 1 };
}
