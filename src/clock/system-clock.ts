import type { Clock, TimerHandle, TimerOptions } from './clock.js';

/** The longest delay a host timer takes (Node fires longer ones after 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

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

  /**
   * Runs `fn` after `ms` ms of wall time; `lowPriority` is not honoured (a plain timer). Delays
   * beyond the host's timer limit (2³¹−1 ms, about 24.8 days; Node fires longer ones at once) are
   * re-armed in steps, so a long grace period or deadline waits its whole length.
   */
  setTimeout(fn: () => void, ms: number, _options?: TimerOptions): TimerHandle {
    const id = this.#next++;
    const due = Date.now() + Math.max(0, ms);
    const arm = (delay: number): void => {
      const t = setTimeout(() => {
        const left = due - Date.now();
        if (left > 0) return arm(left);
        this.#timers.delete(id);
        fn();
      }, Math.min(Math.max(0, delay), MAX_TIMER_MS));
      if (typeof t === 'object' && t !== null && 'unref' in t) t.unref();
      this.#timers.set(id, t);
    };
    arm(ms);
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
