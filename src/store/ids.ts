import { SystemClock } from '../clock/system-clock.js';

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

/**
 * An {@link IdSource} of random version-4 UUIDs and random suffixes (the platform's
 * `crypto.getRandomValues`), as a real API server gives. The default of a store or PodController
 * on a `SystemClock`, where runs are not reproducible anyway and uids must not repeat across
 * processes that share a container engine (a repeated uid would adopt another pod's containers).
 *
 * @example
 * ```ts
 * import { randomIdSource } from 'podkit';
 * randomIdSource().uid(); // e.g. '3b241101-e2bb-4255-8caf-4136c566a962'
 * ```
 */
export function randomIdSource(): IdSource {
  const bytes = (n: number): Uint8Array => globalThis.crypto.getRandomValues(new Uint8Array(n));
  return {
    uid: () => globalThis.crypto.randomUUID(),
    suffix: (n) => {
      let s = '';
      // 27 symbols: reject bytes >= 243 (9 × 27) so every symbol is equally likely.
      while (s.length < n) for (const b of bytes(n * 2)) if (b < 243 && s.length < n) s += NAME_SUFFIX_ALPHABET[b % 27];
      return s;
    },
  };
}

/**
 * The default id source of a component on `clock`: {@link seededIdSource} when a seed is given
 * or the clock is not the wall clock (a `VirtualClock`: reproducible runs), else
 * {@link randomIdSource}.
 * @internal
 */
export function defaultIdSource(clock: unknown, seed: number | undefined): IdSource {
  return seed === undefined && clock instanceof SystemClock ? randomIdSource() : seededIdSource(seed ?? 1);
}
