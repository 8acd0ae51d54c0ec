/**
 * A per-item rate limiter for work-queue requeues (client-go `workqueue.RateLimiter`): `when`
 * returns how long to wait before the item is processed again, `forget` resets its history.
 * Limiters are shell objects: they read time only through the `now` the queue passes in.
 */
export interface RateLimiter<K = string> {
  /** Delay in ms before `key` may be retried; each call counts as one more failure. */
  when(key: K, now: number): number;
  /** Clears `key`'s failure history (call after a successful reconcile). */
  forget(key: K): void;
  /** How many times `key` has been requeued since it was last forgotten. */
  numRequeues(key: K): number;
}

/**
 * Exponential per-item back-off: `base × 2^failures`, capped at `max` (client-go
 * `ItemExponentialFailureRateLimiter`; controller-runtime's default is 5 ms → 1000 s).
 */
export function exponentialRateLimiter<K = string>(baseMs = 5, maxMs = 1_000_000): RateLimiter<K> {
  const failures = new Map<K, number>();
  return {
    when(key) {
      const n = failures.get(key) ?? 0;
      failures.set(key, n + 1);
      const delay = baseMs * 2 ** n;
      return Number.isFinite(delay) ? Math.min(delay, maxMs) : maxMs;
    },
    forget(key) {
      failures.delete(key);
    },
    numRequeues(key) {
      return failures.get(key) ?? 0;
    },
  };
}

/**
 * An overall token bucket shared by all items (client-go `BucketRateLimiter`): `qps` tokens per
 * second, at most `burst` banked. Returns the wait until the item's token is available.
 */
export function bucketRateLimiter<K = string>(qps = 10, burst = 100): RateLimiter<K> {
  let tokens = burst;
  let last: number | undefined;
  return {
    when(_key, now) {
      if (last !== undefined) tokens = Math.min(burst, tokens + ((now - last) / 1000) * qps);
      last = now;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / qps) * 1000);
    },
    forget() {},
    numRequeues() {
      return 0;
    },
  };
}

/** The longest delay of several limiters (client-go `MaxOfRateLimiter`). */
export function maxOfRateLimiter<K = string>(...limiters: RateLimiter<K>[]): RateLimiter<K> {
  return {
    when(key, now) {
      return Math.max(0, ...limiters.map((l) => l.when(key, now)));
    },
    forget(key) {
      for (const l of limiters) l.forget(key);
    },
    numRequeues(key) {
      return Math.max(0, ...limiters.map((l) => l.numRequeues(key)));
    },
  };
}

/**
 * controller-runtime's default controller rate limiter: the maximum of per-item exponential
 * back-off (5 ms doubling to 1000 s) and an overall 10 qps / 100 burst bucket.
 */
export function defaultControllerRateLimiter<K = string>(): RateLimiter<K> {
  return maxOfRateLimiter(exponentialRateLimiter<K>(5, 1_000_000), bucketRateLimiter<K>(10, 100));
}
