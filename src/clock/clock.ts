/** A handle for a scheduled timer; pass it to {@link Clock.clearTimeout}. */
export interface TimerHandle {
  /** A number unique among this clock's timers. */
  readonly id: number;
}

/** Options of {@link Clock.setTimeout}. */
export interface TimerOptions {
  /**
   * Run after every other timer due at the same time and the work they start (coalescing
   * wake-ups, for example a controller's batched sync). Default false.
   */
  readonly lowPriority?: boolean | undefined;
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
  /**
   * Runs `fn` once after `ms` milliseconds (0 or less: on the next tick). With
   * `{ lowPriority: true }` the timer yields to every other timer due at the same time and to
   * the work they start: it runs when nothing else is left to do at that instant (a
   * `VirtualClock` honours this; a clock that cannot tell may run it as a plain timer).
   */
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): TimerHandle;
  /** Cancels a timer; cancelling a fired or unknown timer does nothing. */
  clearTimeout(handle: TimerHandle): void;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}
