/** What a benchmark group is: a set of rows with ids (R1, C1, ...) run by bench/run.ts. */
import type { BenchResult } from '../lib/report.js';

/** Run-wide settings. */
export interface BenchContext {
  /** --quick: smaller sizes and fewer samples (whole suite under a minute). */
  readonly quick: boolean;
  /** Progress output (stderr), not part of the results. */
  readonly log: (line: string) => void;
}

/** A group of benchmark rows. `ids` are the row ids `--only` selects by (a group runs if any matches). */
export interface BenchGroup {
  readonly ids: readonly string[];
  readonly name: string;
  run(ctx: BenchContext, only: (id: string) => boolean): Promise<BenchResult[]>;
}
