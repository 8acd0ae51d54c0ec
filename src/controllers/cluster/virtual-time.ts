import type { Clock } from '../../clock/clock.js';
import { parseDuration, type Duration } from '../../clock/duration.js';
import { PodkitError } from '../../errors.js';

/** A clock that time can be moved on by hand (the `VirtualClock` of podkit/testing, or any look-alike). */
export interface SteppableClock extends Clock {
  advance(duration: Duration): Promise<void>;
  /** When the next timer is due (ms), or undefined when none is pending. */
  nextTimerAt?(): number | undefined;
}

/** The clock as a {@link SteppableClock}, or `undefined` when time cannot be moved by hand. */
export function steppable(clock: Clock): SteppableClock | undefined {
  return typeof (clock as Partial<SteppableClock>).advance === 'function' ? (clock as SteppableClock) : undefined;
}

/** The clock as a {@link SteppableClock}, or a clear `unsupported` error naming the operation. */
export function requireSteppable(clock: Clock, operation: string): SteppableClock {
  const v = steppable(clock);
  if (v === undefined) {
    throw new PodkitError(
      'unsupported',
      `cluster.${operation}() needs a virtual clock: create the cluster with { clock: new VirtualClock() } from 'podkit/testing' (the cluster runs on a SystemClock, whose time cannot be moved).`,
    );
  }
  return v;
}

/** Options of {@link runUntil}. */
export interface RunUntilOptions {
  /** Give up after this much virtual time. */
  readonly timeout: Duration;
  /** Advance in steps of this size; default: jump to the next timer each time. */
  readonly step?: Duration;
}

/** A safety net against timers that keep re-arming at the same instant. */
const MAX_ROUNDS = 1_000_000;

/**
 * Advances a steppable clock until `done()` holds: first lets pending work settle, then moves
 * to the next timer (or by `step`), never beyond `timeout`. Resolves as soon as `done()` is true;
 * rejects with `describe()`'s text in a `timeout` PodkitError otherwise.
 */
export async function runUntil(
  clock: SteppableClock,
  done: () => boolean,
  options: RunUntilOptions,
  describe: (message: string) => PodkitError,
): Promise<void> {
  const timeout = parseDuration(options.timeout, 'timeout');
  const step = options.step === undefined ? undefined : parseDuration(options.step, 'step');
  if (timeout < 0) throw new PodkitError('invalid_argument', `runUntil: timeout: expected a duration >= 0, received ${JSON.stringify(options.timeout)}.`);
  if (step !== undefined && step <= 0) throw new PodkitError('invalid_argument', `runUntil: step: expected a duration > 0, received ${JSON.stringify(options.step)}.`);
  const deadline = clock.now() + timeout;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (done()) return;
    await clock.advance(0);
    if (done()) return;
    const now = clock.now();
    if (now >= deadline) break;
    const next = clock.nextTimerAt?.();
    const target = step !== undefined ? now + step : next === undefined ? deadline : Math.max(next, now);
    await clock.advance(Math.min(target, deadline) - now);
  }
  throw describe(`runUntil: the condition did not hold within ${typeof options.timeout === 'number' ? `${options.timeout}ms` : options.timeout} of virtual time`);
}
