import type { Clock, TimerHandle } from '../clock/clock.js';
import { PodkitError } from '../errors.js';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.js';

/** Options for {@link WorkQueue}. */
export interface WorkQueueOptions<K> {
  readonly clock: Clock;
  readonly rateLimiter?: RateLimiter<K>;
}

/**
 * A keyed, de-duplicating work queue with delayed and rate-limited adds (client-go's
 * `workqueue.RateLimitingInterface`):
 * - a key waiting in the queue is held once, however often it is added;
 * - a key being processed is never handed to a second worker; re-adding it while processing
 *   marks it dirty and it is queued again when `done` is called;
 * - `addAfter` and `addRateLimited` use the {@link Clock}, so virtual time drives requeues.
 *
 * FIFO order among ready keys. After `shutDown`, `get` resolves `undefined` once the queue drains.
 */
export class WorkQueue<K = string> {
  readonly #clock: Clock;
  readonly #limiter: RateLimiter<K>;
  readonly #queue: K[] = [];
  #head = 0;
  readonly #dirty = new Set<K>();
  readonly #processing = new Set<K>();
  readonly #waiters: ((key: K | undefined) => void)[] = [];
  readonly #delayed = new Map<K, { at: number; handle: TimerHandle }>();
  #shuttingDown = false;

  constructor(options: WorkQueueOptions<K>) {
    this.#clock = options.clock;
    this.#limiter = options.rateLimiter ?? defaultControllerRateLimiter<K>();
  }

  /** Number of keys waiting (not counting delayed or in-process keys). */
  get length(): number {
    return this.#queue.length - this.#head;
  }

  /** Number of keys currently handed out to workers. */
  get processing(): number {
    return this.#processing.size;
  }

  /** Number of keys waiting for a delayed add. */
  get delayed(): number {
    return this.#delayed.size;
  }

  /** Queues `key` now (no-op if it already waits; marks it dirty if in process). */
  add(key: K): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      this.#dirty.delete(key);
      this.#processing.add(key);
      waiter(key);
      return;
    }
    this.#queue.push(key);
  }

  /** Queues `key` after `ms`; an earlier pending delayed add of the same key wins. */
  addAfter(key: K, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + ms;
    const existing = this.#delayed.get(key);
    if (existing !== undefined) {
      if (existing.at <= at) return;
      this.#clock.clearTimeout(existing.handle);
    }
    const handle = this.#clock.setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, ms);
    this.#delayed.set(key, { at, handle });
  }

  /** Queues `key` after its rate limiter's delay (one more failure for that key). */
  addRateLimited(key: K): void {
    this.addAfter(key, this.#limiter.when(key, this.#clock.now()));
  }

  /** Resets `key`'s rate-limiter history (after a successful reconcile). */
  forget(key: K): void {
    this.#limiter.forget(key);
  }

  /** How many rate-limited requeues `key` has had since it was last forgotten. */
  numRequeues(key: K): number {
    return this.#limiter.numRequeues(key);
  }

  /** The next key to process; waits if none. Resolves `undefined` after shut-down. */
  get(): Promise<K | undefined> {
    if (this.#head < this.#queue.length) {
      const key = this.#queue[this.#head] as K;
      this.#head += 1;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue.splice(0, this.#head);
        this.#head = 0;
      }
      this.#dirty.delete(key);
      this.#processing.add(key);
      return Promise.resolve(key);
    }
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Marks `key` finished; if it was re-added meanwhile, it is queued again. */
  done(key: K): void {
    if (!this.#processing.delete(key)) {
      throw new PodkitError('invalid_argument', `WorkQueue.done(${String(key)}) called for a key that is not being processed.`);
    }
    if (this.#dirty.has(key)) {
      this.#dirty.delete(key);
      this.add(key);
    }
  }

  /** Stops accepting keys, cancels delayed adds, and wakes idle workers with `undefined`. */
  shutDown(): void {
    this.#shuttingDown = true;
    for (const { handle } of this.#delayed.values()) this.#clock.clearTimeout(handle);
    this.#delayed.clear();
    for (const waiter of this.#waiters.splice(0)) waiter(undefined);
  }

  /** True once {@link shutDown} was called. */
  get isShuttingDown(): boolean {
    return this.#shuttingDown;
  }
}
