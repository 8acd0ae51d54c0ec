import { promiseHooks } from 'node:v8';

// Detects when the work started by timer callbacks has settled, without a macrotask per check.
//
// While a VirtualClock is advancing, V8 promise hooks count promise activity (a promise created,
// settled, or about to run a reaction) other than our own probes, and `queueMicrotask` and
// `process.nextTick` are wrapped to count too. A probe is a reaction queued at the end of the FIFO
// microtask queue: when it runs, everything queued before it has run. If nothing else happened
// in between, the queue was empty. Two quiet probes in a row are required after activity. A
// `process.nextTick` callback cannot run while probes keep the microtask queue busy, so a
// requested tick costs one macrotask turn.

const RESOLVED = Promise.resolve();
/** Probes before giving up on microtasks and draining with a macrotask instead. */
const MAX_PROBES = 100_000;

let users = 0;
let activity = 0;
let tickRequested = false;
let suppress = false;
let own: Promise<unknown> | undefined;
/** The previous probe's promise: it settles just after its probe returns. */
let lastOwn: Promise<unknown> | undefined;
let restore: (() => void) | undefined;

const hooks = (promiseHooks as typeof promiseHooks | undefined) ?? undefined;

/** Starts counting activity (reference counted across clocks). */
export function acquireSettleHooks(): void {
  if (hooks === undefined || users++ > 0) return;
  const originalQueueMicrotask = globalThis.queueMicrotask;
  const originalNextTick = process.nextTick;
  globalThis.queueMicrotask = (callback: () => void): void => {
    activity++;
    originalQueueMicrotask(callback);
  };
  process.nextTick = ((...args: Parameters<typeof process.nextTick>) => {
    activity++;
    tickRequested = true;
    originalNextTick.apply(process, args);
  }) as typeof process.nextTick;
  const stops = [
    hooks.onInit(() => {
      if (!suppress) activity++;
    }),
    hooks.onBefore((p) => {
      if (p !== own) activity++;
    }),
    hooks.onSettled((p) => {
      if (p !== own && p !== lastOwn) activity++;
    }),
  ];
  restore = () => {
    for (const stop of stops) (stop as () => void)();
    globalThis.queueMicrotask = originalQueueMicrotask;
    process.nextTick = originalNextTick;
  };
}

/** Stops counting once the last user releases. */
export function releaseSettleHooks(): void {
  if (hooks === undefined || --users > 0) return;
  restore?.();
  restore = undefined;
}

/** A counter that grows with every counted activity (while hooks are held). */
export function activityCount(): number {
  return activity;
}

/** True if nothing but promise-free synchronous work happened since `count` was read. */
export function quietSince(count: number): boolean {
  return hooks !== undefined && users > 0 && activity === count && !tickRequested;
}

/** One macrotask turn: every queued microtask (and process.nextTick) runs before it. */
export function macrotaskTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function schedule(probe: () => void): void {
  lastOwn = own;
  suppress = true;
  own = RESOLVED.then(probe);
  suppress = false;
}

/**
 * Calls `done` once everything started so far has run as far as it can without a timer, I/O or
 * `setImmediate`. Falls back to a macrotask turn without promise hooks or when activity never
 * stops.
 */
export function drainThen(done: () => void): void {
  if (hooks === undefined || users === 0) {
    setImmediate(done);
    return;
  }
  let quiet = 0;
  let probes = 0;
  let seen = activity;
  const probe = (): void => {
    if (activity !== seen) {
      quiet = 0;
      seen = activity;
    } else if (++quiet >= 2) {
      if (!tickRequested) return done();
      // Let process.nextTick callbacks run, then make sure their work has settled too.
      tickRequested = false;
      quiet = 0;
      setImmediate(() => schedule(probe));
      return;
    }
    if (++probes > MAX_PROBES) {
      setImmediate(done);
      return;
    }
    schedule(probe);
  };
  schedule(probe);
}

/** Promise form of {@link drainThen}. */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => drainThen(resolve));
}
