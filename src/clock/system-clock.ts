import type { Clock, TimerHandle, TimerOptions } from './clock.js';

/**
 * The wall clock: `Date.now()` and the host's timers. Timers are `unref`'d so an idle podkit
 * never keeps the process alive.
 *
 * @example
 * ```ts
 * import { SystemClock } from 'podkit';
 * const clock = new SystemClock();
 * await clock.sleep(100);
 * ```
 */
export class SystemClock implements Clock {
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #next = 1;

  now(): number {
    return Date.now();
  }

  /** Runs `fn` after `ms` ms of wall time; `lowPriority` is not honoured (a plain timer). */
  setTimeout(fn: () => void, ms: number, _options?: TimerOptions): TimerHandle {
    const id = this.#next++;
    const t = setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, Math.max(0, ms));
    if (typeof t === 'object' && t !== null && 'unref' in t) t.unref();
    this.#timers.set(id, t);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const t = this.#timers.get(handle.id);
    if (t !== undefined) {
      clearTimeout(t);
      this.#timers.delete(handle.id);
    }
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // A sleeping caller expects to be woken even if nothing else holds the loop open.
      setTimeout(resolve, Math.max(0, ms));
    });
  }
}
