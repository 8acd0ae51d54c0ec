/**
 * Interleaved measurement: podkit and its comparator run in alternation (A B, B A, A B, ...) in
 * one process after a warm-up, so machine noise hits both alike. Ratios within one run are the
 * result; absolute numbers across runs are not comparable.
 */
import { summarize, type Summary } from './stats.js';

/** Options of {@link interleave}. */
export interface InterleaveOptions {
  /** Un-recorded rounds first (JIT warm-up). */
  readonly warmup: number;
  /** Recorded rounds. */
  readonly samples: number;
  /** Calls of a micro benchmark per sample (the sample is the mean time per call). */
  readonly batch?: number;
}

/** The two sample summaries, in ns per call for micro benchmarks and ms for async ones. */
export interface Pair {
  readonly subject: Summary;
  readonly comparator: Summary;
}

function timeBatch(fn: () => unknown, batch: number): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fn();
  return Number(process.hrtime.bigint() - t0) / batch;
}

/** Micro benchmark: ns per call of `subject` and `comparator`, interleaved. */
export function interleave(subject: () => unknown, comparator: () => unknown, o: InterleaveOptions): Pair {
  const batch = o.batch ?? 1_000;
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < o.warmup + o.samples; r++) {
    const first = r % 2 === 0;
    const x = first ? timeBatch(subject, batch) : timeBatch(comparator, batch);
    const y = first ? timeBatch(comparator, batch) : timeBatch(subject, batch);
    if (r < o.warmup) continue;
    a.push(first ? x : y);
    b.push(first ? y : x);
  }
  return { subject: summarize(a), comparator: summarize(b) };
}

/** Milliseconds one async run takes. */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Macro benchmark: ms per run of two async workloads, interleaved (each run builds its own state). */
export async function interleaveAsync(subject: () => Promise<unknown>, comparator: () => Promise<unknown>, o: InterleaveOptions): Promise<Pair> {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < o.warmup + o.samples; r++) {
    const first = r % 2 === 0;
    const x = await timeAsync(first ? subject : comparator);
    const y = await timeAsync(first ? comparator : subject);
    if (r < o.warmup) continue;
    a.push(first ? x : y);
    b.push(first ? y : x);
  }
  return { subject: summarize(a), comparator: summarize(b) };
}

/** Forces a full GC when node runs with --expose-gc (a no-op otherwise). */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) {
    g();
    g();
  }
}

/** True when node runs with --expose-gc. */
export function canGc(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}
