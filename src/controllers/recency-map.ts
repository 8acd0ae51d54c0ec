/**
 * A map bounded to `limit` entries that remembers the order of last update: `set` moves a key to
 * the end, and past the limit the least recently set entry is dropped. Every operation is O(1)
 * amortised (an order log with lazily skipped stale entries, compacted when it doubles), where a
 * `Map` with delete + set and `keys().next()` eviction degrades with the holes it leaves.
 * @internal
 */
export class RecencyMap<K, V> {
  readonly #byKey = new Map<K, { value: V; stamp: number }>();
  /** Keys in order of last update, with the stamp they had then; stale entries are skipped. */
  #order: { key: K; stamp: number }[] = [];
  #head = 0;
  #stamp = 0;
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#byKey.size;
  }

  get(key: K): V | undefined {
    return this.#byKey.get(key)?.value;
  }

  /** Sets the value and makes the key the most recent; evicts the oldest past the limit. */
  set(key: K, value: V): void {
    const stamp = ++this.#stamp;
    this.#byKey.set(key, { value, stamp });
    this.#order.push({ key, stamp });
    while (this.#byKey.size > this.#limit) this.#evictOldest();
    // The whole array counts, including the evicted prefix before #head: measuring only the window
    // after #head let a full map (one eviction per set) grow the array without bound.
    if (this.#order.length > 2 * this.#byKey.size + 1024) this.#compact();
  }

  /** The length of the internal order log, evicted and stale entries included (bounded by 2 × size + 1025). @internal */
  get logLength(): number {
    return this.#order.length;
  }

  /** The values, least recently set first. */
  values(): V[] {
    const out: V[] = [];
    for (let i = this.#head; i < this.#order.length; i++) {
      const { key, stamp } = this.#order[i]!;
      const entry = this.#byKey.get(key);
      if (entry !== undefined && entry.stamp === stamp) out.push(entry.value);
    }
    return out;
  }

  #compact(): void {
    const live: { key: K; stamp: number }[] = [];
    for (let i = this.#head; i < this.#order.length; i++) {
      const item = this.#order[i]!;
      if (this.#byKey.get(item.key)?.stamp === item.stamp) live.push(item);
    }
    this.#order = live;
    this.#head = 0;
  }

  #evictOldest(): void {
    while (this.#head < this.#order.length) {
      const { key, stamp } = this.#order[this.#head]!;
      this.#head += 1;
      if (this.#byKey.get(key)?.stamp === stamp) {
        this.#byKey.delete(key);
        return;
      }
    }
  }
}
