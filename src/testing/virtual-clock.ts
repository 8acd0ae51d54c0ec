import type { Clock, TimerHandle, TimerOptions } from '../clock/clock.js';
import { parseDuration, type Duration } from '../clock/duration.js';
import { PodkitError } from '../errors.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { acquireSettleHooks, activityCount, drainMicrotasks, drainThen, macrotaskTurn, quietSince, releaseSettleHooks } from './settle.js';
import { TimerHeap, VirtualTimer } from './timer-heap.js';

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** The clock's initial time. Defaults to `2024-01-01T00:00:00Z`. */
  readonly start?: TimeInput;
}

/** Options for {@link VirtualClock.runUntilIdle}. */
export interface RunUntilIdleOptions {
  /**
   * Fail once this many timers have fired and timers still remain (a periodic timer never lets
   * the clock go idle). Defaults to the number of timers pending at the call plus 100 000.
   */
  readonly maxTimers?: number;
}

const DEFAULT_START = Date.UTC(2024, 0, 1);

/**
 * A deterministic {@link Clock} for tests: time stands still until you advance it.
 *
 * Timers live in a binary heap (O(log n) insert, O(1) cancel by lazy deletion). `advance(d)`
 * runs every timer that falls due within `d`, in order of due time and then of creation, and
 * moves `now()` to each timer's due time while it runs. After the timers of one instant have run,
 * the clock lets the work they started settle (for example `await runtime.start(); await
 * clock.sleep(10)` inside a timer registers its sleep at the right virtual time) before it moves
 * on. To tell settled from busy without a macrotask per instant, it counts activity while
 * advancing: V8 promise hooks (promises created, settled, reactions run), and wrappers around
 * `queueMicrotask` and `process.nextTick` (a nextTick costs one `setImmediate` turn). An instant
 * whose timers did only synchronous work costs nothing more than the heap operations. A macrotask
 * turn also happens at the start and at the end of each `advance()`.
 *
 * What it does not do: it never fires on its own (nothing happens unless you call `advance`,
 * `advanceTo` or `runUntilIdle`); timers of the same instant run back to back, so a promise
 * continuation started by one of them runs after the others of that instant (Node would interleave
 * them); work started with `setImmediate`, real timers or real I/O from a timer is only waited for
 * at the end of `advance()`. `advance()` must not be called again before the previous call
 * resolves, and two clocks should not advance concurrently (the activity counter is shared).
 *
 * @example
 * ```ts
 * import { VirtualClock } from 'podkit/testing';
 * const clock = new VirtualClock();
 * const fired: number[] = [];
 * clock.setTimeout(() => fired.push(clock.now()), 1_500);
 * await clock.advance('2s'); // fired: [start + 1500]
 * ```
 */
export class VirtualClock implements Clock {
  readonly #heap = new TimerHeap();
  /** Low-priority timers that are due: they run when nothing else is due at the current instant. */
  #idle: VirtualTimer[] = [];
  /** The start time; timers and `#now` count from it, so they stay small integers (fast heap compares). */
  readonly #origin: number;
  #now = 0;
  #nextId = 1;
  #live = 0;
  #advancing = false;

  constructor(options: VirtualClockOptions = {}) {
    this.#origin = options.start === undefined ? DEFAULT_START : toMillis(options.start);
  }

  /** The virtual time, in milliseconds since the epoch. */
  now(): number {
    return this.#origin + this.#now;
  }

  /**
   * Schedules `fn` at `now() + ms` (0 or less: at `now()`, on the next advance). A
   * `lowPriority` timer runs at its due time only once no other timer is due then and the work
   * the others started has settled (low-priority timers of one instant run in creation order).
   */
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): TimerHandle {
    if (!Number.isFinite(ms) && !Number.isNaN(ms)) {
      throw new PodkitError('invalid_argument', `VirtualClock.setTimeout: expected a finite delay in ms, received ${ms}.`);
    }
    if (options?.lowPriority === true) {
      const idle = new VirtualTimer(this.#nextId++, this.#now, fn);
      if (ms > 0) {
        // A plain timer until its due time, then it waits there behind everything else.
        const carrier = new VirtualTimer(idle.id, this.#now + ms, () => {
          // The carrier's live count (taken back when it fired) passes to the queued timer.
          this.#idle.push(idle);
          this.#live++;
        });
        this.#heap.push(carrier);
        idle.carrier = carrier;
      } else {
        this.#idle.push(idle);
      }
      this.#live++;
      return idle;
    }
    const timer = new VirtualTimer(this.#nextId++, ms > 0 ? this.#now + ms : this.#now, fn);
    this.#heap.push(timer);
    this.#live++;
    return timer;
  }

  /** Cancels a timer. Cancelling a fired, cancelled or foreign handle does nothing. */
  clearTimeout(handle: TimerHandle): void {
    if (!(handle instanceof VirtualTimer) || handle.fn === null) return;
    handle.fn = null;
    // A low-priority timer not yet due: its carrier holds the live count.
    if (handle.carrier !== undefined) handle.carrier.fn = null;
    this.#live--;
    // Lazy deletion: rebuild once cancelled timers outnumber live ones.
    if (this.#heap.size > 1024 && this.#heap.size > 2 * this.#live) this.#heap.compact();
  }

  /** Resolves when the clock has been advanced by `ms`. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.setTimeout(resolve, ms);
    });
  }

  /** The number of timers scheduled and not yet fired or cancelled. */
  pendingTimers(): number {
    return this.#live;
  }

  /** When the next timer is due (ms since the epoch), or `undefined` if none is pending. */
  nextTimerAt(): number | undefined {
    if (this.#idle.some((t) => t.fn !== null)) return this.now();
    const next = this.#peekLive();
    return next === undefined ? undefined : this.#origin + next.due;
  }

  /**
   * Moves time forward by `duration` (ms or a string like `'90s'`), running every timer that
   * falls due on the way and settling the promise chains they start. Resolves with `now()` at
   * `start + duration`. Rejects with the first error a timer callback throws (time then stays at
   * that timer's due time; later timers stay pending).
   */
  async advance(duration: Duration): Promise<void> {
    const ms = parseDuration(duration, 'duration');
    if (ms < 0) throw new PodkitError('invalid_argument', `VirtualClock.advance: expected a duration >= 0, received ${JSON.stringify(duration)}.`);
    await this.#run(this.#now + ms, Number.POSITIVE_INFINITY);
  }

  /** Moves time forward to `time` (never backwards), like {@link VirtualClock.advance}. */
  async advanceTo(time: TimeInput): Promise<void> {
    const target = toMillis(time);
    if (target < this.now()) {
      throw new PodkitError('invalid_argument', `VirtualClock.advanceTo: ${new Date(target).toISOString()} is before now (${new Date(this.now()).toISOString()}); time never goes backwards.`);
    }
    await this.#run(target - this.#origin, Number.POSITIVE_INFINITY);
  }

  /**
   * Runs timers (advancing time to each) until none remains. Throws a `PodkitError` with code
   * `timeout` after `maxTimers` timers if timers still remain: a periodic timer never lets the
   * clock go idle, so use {@link VirtualClock.advance} for those.
   */
  async runUntilIdle(options: RunUntilIdleOptions = {}): Promise<void> {
    const max = options.maxTimers ?? this.#live + 100_000;
    await this.#run(Number.POSITIVE_INFINITY, max);
  }

  #peekLive(): VirtualTimer | undefined {
    let top = this.#heap.peek();
    while (top !== undefined && top.fn === null) {
      this.#heap.pop();
      top = this.#heap.peek();
    }
    return top;
  }

  async #run(end: number, maxTimers: number): Promise<void> {
    if (this.#advancing) {
      throw new PodkitError('conflict', 'VirtualClock is already advancing: await the previous advance()/runUntilIdle() before calling it again (and never call it from a timer).');
    }
    this.#advancing = true;
    acquireSettleHooks();
    try {
      await macrotaskTurn();
      let fired = 0;
      for (;;) {
        // Run instant after instant. An instant whose timers did only synchronous work goes
        // straight on to the next; one that started promise work waits until it has settled.
        await new Promise<void>((resolve, reject) => {
          const step = (): void => {
            try {
              for (;;) {
                const next = this.#peekLive();
                if (this.#idle.length > 0 && (next === undefined || next.due > this.#now)) {
                  // Nothing else is due at this instant: the low-priority timers' turn.
                  if (fired >= maxTimers) {
                    throw new PodkitError('timeout', `VirtualClock.runUntilIdle: fired ${fired} timers and ${this.#live} remain (low-priority timers keep re-arming at ${new Date(this.now()).toISOString()}).`, { details: { fired, pending: this.#live } });
                  }
                  const before = activityCount();
                  fired += this.#runIdle();
                  if (!quietSince(before)) return drainThen(step);
                  continue;
                }
                if (next === undefined || next.due > end) return resolve();
                if (fired >= maxTimers) {
                  throw new PodkitError('timeout', `VirtualClock.runUntilIdle: fired ${fired} timers and ${this.#live} remain (next at ${new Date(this.#origin + next.due).toISOString()}); a periodic timer keeps the clock busy. Use advance() for periodic work or raise maxTimers.`, { details: { fired, pending: this.#live } });
                }
                const before = activityCount();
                fired += this.#runInstant(next.due);
                if (!quietSince(before)) return drainThen(step);
              }
            } catch (e) {
              reject(e);
            }
          };
          drainThen(step);
        });
        // Nothing due any more: let work outside promises (setImmediate, nextTick) run, then look again.
        await macrotaskTurn();
        await drainMicrotasks();
        const next = this.#peekLive();
        if (this.#idle.length === 0 && (next === undefined || next.due > end)) break;
      }
      if (end !== Number.POSITIVE_INFINITY && end > this.#now) this.#now = end;
    } finally {
      releaseSettleHooks();
      this.#advancing = false;
    }
  }

  /** Runs the low-priority timers due now (those present at the start), in creation order. */
  #runIdle(): number {
    const batch = this.#idle;
    this.#idle = [];
    let fired = 0;
    for (const t of batch) {
      const fn = t.fn;
      if (fn === null) continue;
      t.fn = null;
      this.#live--;
      fired++;
      fn();
    }
    return fired;
  }

  /**
   * Runs, in order, every live timer due at `due` that exists now. Timers they add for the same
   * instant run in the next round, after the promise chains of this one have settled.
   */
  #runInstant(due: number): number {
    this.#now = due;
    const lastId = this.#nextId - 1;
    let fired = 0;
    for (;;) {
      const t = this.#heap.peek();
      if (t === undefined || t.due !== due || t.id > lastId) break;
      this.#heap.pop();
      const fn = t.fn;
      if (fn === null) continue;
      t.fn = null;
      this.#live--;
      fired++;
      fn();
    }
    return fired;
  }
}
