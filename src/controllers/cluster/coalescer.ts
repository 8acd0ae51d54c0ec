import type { Clock, TimerHandle } from '../../clock/clock.js';

/**
 * Collects keys and hands them over once, at the end of the current instant (a 0 ms timer: after
 * the promise chains of this instant have settled on a VirtualClock, on the next macrotask on a
 * SystemClock). A burst of watch events about one owner thus costs one sync instead of one per
 * event, as an informer's batching does upstream; virtual time does not move.
 */
export class Coalescer {
  readonly #flush: (keys: readonly string[]) => void;
  readonly #pending = new Set<string>();
  #clock: Clock | undefined;
  #timer: TimerHandle | undefined;

  constructor(flush: (keys: readonly string[]) => void) {
    this.#flush = flush;
  }

  /** Starts collecting on `clock`; anything pending is dropped. */
  start(clock: Clock): void {
    this.stop();
    this.#clock = clock;
  }

  /** Drops pending keys and cancels the timer. */
  stop(): void {
    if (this.#timer !== undefined) this.#clock?.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    this.#clock = undefined;
  }

  /** Adds a key for the next flush. */
  add(key: string): void {
    const clock = this.#clock;
    if (clock === undefined) return;
    this.#pending.add(key);
    this.#timer ??= clock.setTimeout(() => {
      this.#timer = undefined;
      const keys = [...this.#pending];
      this.#pending.clear();
      this.#flush(keys);
    }, 0);
  }
}
