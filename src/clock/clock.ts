/** A handle for a scheduled timer; pass it to {@link Clock.clearTimeout}. */
export interface TimerHandle {
  /** A number unique among this clock's timers. */
  readonly id: number;
}

/**
 * The time source of podkit's shell (controllers, the PodController, the cluster). The pure core
 * never reads a clock: it receives `now` as an argument.
 *
 * Two implementations: {@link SystemClock} (wall time) and `VirtualClock` from `podkit/testing`
 * (deterministic, advanced by hand).
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds (0 or less: on the next tick). */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; cancelling a fired or unknown timer does nothing. */
  clearTimeout(handle: TimerHandle): void;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}
