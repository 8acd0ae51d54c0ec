import { promiseHooks } from 'node:v8';

// Detects when the microtask queue has gone quiet, without a macrotask per check.
//
// While a VirtualClock is advancing, V8 promise hooks count promise activity (a promise created,
// a reaction about to run) other than our own probes. A probe is a reaction queued at the end of
// the FIFO microtask queue: when it runs, everything queued before it has run. If nothing else
// ran in between, the queue was empty. Two quiet probes in a row are required after activity, so
// that a plain `queueMicrotask` job (invisible to promise hooks) that resolves a promise is seen.

const RESOLVED = Promise.resolve();
/** Probes before giving up on microtasks and draining with a macrotask instead. */
const MAX_PROBES = 100_000;

let users = 0;
let activity = 0;
let suppress = false;
let own: Promise<unknown> | undefined;
let stops: ReturnType<typeof promiseHooks.onInit>[] = [];

const hooks = (promiseHooks as typeof promiseHooks | undefined) ?? undefined;

/** Starts counting promise activity (reference counted across clocks). */
export function acquireSettleHooks(): void {
  if (hooks === undefined || users++ > 0) return;
  stops = [
    hooks.onInit(() => {
      if (!suppress) activity++;
    }),
    hooks.onBefore((p) => {
      if (p !== own) activity++;
    }),
  ];
}

/** Stops counting once the last user releases. */
export function releaseSettleHooks(): void {
  if (hooks === undefined || --users > 0) return;
  for (const stop of stops) stop();
  stops = [];
}

/** A counter that grows with every promise created or reaction run (while hooks are held). */
export function promiseActivity(): number {
  return activity;
}

/** True if {@link drainThen} can tell quiet from busy (promise hooks are available and held). */
export function canProbe(): boolean {
  return hooks !== undefined && users > 0;
}

/** One macrotask turn: every queued microtask (and process.nextTick) runs before it. */
export function macrotaskTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function schedule(probe: () => void): void {
  suppress = true;
  own = RESOLVED.then(probe);
  suppress = false;
}

/**
 * Calls `done` (from a microtask) once `quietProbes` probes in a row saw no promise activity:
 * every promise chain started so far has run as far as it can without a timer or I/O. Falls
 * back to a macrotask turn without promise hooks or when activity never stops.
 */
export function drainThen(done: () => void, quietProbes: number): void {
  if (!canProbe()) {
    setImmediate(done);
    return;
  }
  let quiet = 0;
  let probes = 0;
  let seen = activity;
  const probe = (): void => {
    own = undefined;
    if (activity === seen) {
      if (++quiet >= quietProbes) return done();
    } else {
      quiet = 0;
      quietProbes = 2;
      seen = activity;
    }
    if (++probes > MAX_PROBES) {
      setImmediate(done);
      return;
    }
    schedule(probe);
  };
  schedule(probe);
}

/** Promise form of {@link drainThen} with two quiet probes. */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => drainThen(resolve, 2));
}
