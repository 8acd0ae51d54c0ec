import { PodkitError } from '../errors.js';

/** The first slow-start batch size controllers use (upstream `SlowStartInitialBatchSize`). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * The batch sizes of a slow start over `count` calls (upstream `slowStartBatch`): `initial`,
 * then doubling, each capped by what remains: `slowStartBatches(10)` is `[1, 2, 4, 3]`. The
 * shell runs one batch at a time and stops after a batch in which any call failed.
 *
 * @example
 * ```ts
 * import { slowStartBatches } from 'podkit/planners';
 * slowStartBatches(10); // [1, 2, 4, 3]
 * ```
 */
export function slowStartBatches(count: number, initial: number = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new PodkitError('invalid_argument', `slowStartBatches: expected count to be an integer >= 0, received ${count}.`);
  }
  if (!Number.isInteger(initial) || initial < 1) {
    throw new PodkitError('invalid_argument', `slowStartBatches: expected initial to be an integer >= 1, received ${initial}.`);
  }
  const sizes: number[] = [];
  let remaining = count;
  for (let size = Math.min(remaining, initial); size > 0; size = Math.min(2 * size, remaining)) {
    sizes.push(size);
    remaining -= size;
  }
  return sizes;
}

/** The outcome of {@link runSlowStart}. */
export interface SlowStartResult {
  /** How many calls succeeded. */
  readonly successes: number;
  /** How many calls were made (the rest were never attempted). */
  readonly attempted: number;
  /** The first error of the first failed batch, if any. */
  readonly error?: unknown;
}

/**
 * Runs `fn(index)` `count` times in slow-start batches (see {@link slowStartBatches}); the calls
 * of one batch run concurrently; after a batch with a failure no further batch starts. The
 * executor the controller shells use; `fn` does the I/O.
 *
 * @example
 * ```ts
 * import { runSlowStart } from 'podkit/planners';
 * const { successes, error } = await runSlowStart(plan.creates.length, (i) => createPod(plan.creates[i]));
 * ```
 */
export async function runSlowStart(
  count: number,
  fn: (index: number) => Promise<unknown> | unknown,
  initial: number = SLOW_START_INITIAL_BATCH_SIZE,
): Promise<SlowStartResult> {
  let successes = 0;
  let attempted = 0;
  for (const size of slowStartBatches(count, initial)) {
    const start = attempted;
    const results = await Promise.allSettled(Array.from({ length: size }, (_, i) => Promise.resolve().then(() => fn(start + i))));
    attempted += size;
    let error: unknown;
    let failed = false;
    for (const r of results) {
      if (r.status === 'fulfilled') successes++;
      else if (!failed) {
        failed = true;
        error = r.reason;
      }
    }
    if (failed) return { successes, attempted, error };
  }
  return { successes, attempted };
}
