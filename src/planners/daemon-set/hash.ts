// Template hashes (upstream controller_utils.go `ComputeHash` and apimachinery rand
// `SafeEncodeString`, k8s-semantics §K.4).
import type { PodTemplateSpec } from '../../model/index.js';

/** The alphabet of generated names and hashes: no vowels, no 0, 1 or 3 (27 characters). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Upstream `rand.SafeEncodeString`: each character is replaced by `SAFE_ALPHABET[code % 27]`, so the
 * result cannot spell words.
 *
 * @example
 * ```ts
 * import { safeEncodeString } from 'podkit/planners';
 * safeEncodeString('0123'); // '4567'
 * ```
 */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** A deterministic serialization: object keys sorted, `undefined` members skipped (like JSON). */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${stableStringify(v)}`);
  }
  return `{${parts.join(',')}}`;
}

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1a 32-bit over bytes, continuing from `hash`. */
export function fnv32a(bytes: Uint8Array, hash: number = FNV32_OFFSET): number {
  let h = hash >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV32_PRIME) >>> 0;
  }
  return h;
}

/**
 * The hash that tells template revisions apart (the `controller-revision-hash` label of daemon
 * pods, §J.4, and the `pod-template-hash` of ReplicaSets, §K.4), as upstream `ComputeHash`:
 * FNV-32a over the template, then — when `collisionCount` is given — over its little-endian
 * uint32 in 8 bytes, then the decimal digits of the sum encoded with {@link safeEncodeString}.
 * Upstream hashes Go's deep-printed struct; podkit hashes a stable JSON serialization (keys
 * sorted), so values differ from a real cluster's but are equal exactly when templates are equal.
 *
 * @example
 * ```ts
 * import { computeTemplateHash } from 'podkit/planners';
 * computeTemplateHash(ds.spec.template); // e.g. '6d4cf56db6'
 * ```
 */
export function computeTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(stableStringify(template)));
  if (collisionCount !== undefined) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(bytes, h);
  }
  return safeEncodeString(String(h));
}
