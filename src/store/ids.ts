/** The alphabet of generated name suffixes: no vowels, no 0, 1 or 3 (§K.3, upstream `rand.String`). */
export const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Where a store gets uids and generated-name suffixes. Inject one to make tests reproducible. */
export interface IdSource {
  /** A new object uid (UUID-shaped). */
  uid(): string;
  /** `n` random characters from {@link NAME_SUFFIX_ALPHABET}. */
  suffix(n: number): string;
}

const HEX_DIGITS = '0123456789abcdef';

/** mulberry32: a tiny seeded 32-bit PRNG, returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A deterministic {@link IdSource}: the same seed gives the same uids and suffixes. uids look like
 * version-4 UUIDs. This is what a `MemoryStore` uses unless told otherwise.
 *
 * @example
 * ```ts
 * import { seededIdSource } from 'podkit';
 * const ids = seededIdSource(42);
 * ids.suffix(5); // e.g. 'x7kqz'
 * ```
 */
export function seededIdSource(seed = 1): IdSource {
  const next = mulberry32(seed);
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += HEX_DIGITS[Math.floor(next() * 16)];
    return s;
  };
  return {
    uid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
    suffix: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += NAME_SUFFIX_ALPHABET[Math.floor(next() * NAME_SUFFIX_ALPHABET.length)];
      return s;
    },
  };
}
