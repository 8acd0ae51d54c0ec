// Completion-index intervals of Indexed Jobs (upstream indexed_job_utils.go `orderedIntervals`,
// k8s-semantics §I.7). Pure and linear in the size of the input (plus the output for expansions).
import { PodkitError } from '../../errors.js';

/** A closed interval of completion indexes, `first..last`. */
export interface IndexInterval {
  readonly first: number;
  readonly last: number;
}

/** Sorted, non-overlapping intervals (upstream `orderedIntervals`). */
export type OrderedIntervals = readonly IndexInterval[];

/**
 * Go's `strconv.Atoi` for the decimal texts found in annotations and status strings: an optional
 * sign then at least one digit; anything else (spaces, empty, overflow) is `undefined`.
 */
export function atoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Parses an indexes string (`status.completedIndexes`, `status.failedIndexes`, a success-policy
 * `succeededIndexes`) exactly as upstream `parseIndexesFromString`: comma-separated `a` or `a-b`
 * parts; a corrupt part is skipped; parsing stops at the first part starting at or beyond
 * `completions`; an end beyond it is clipped to `completions − 1`; a part adjacent to the previous
 * one is merged into it. Linear in the text length.
 */
export function parseIndexIntervals(text: string | undefined, completions: number): IndexInterval[] {
  if (text === undefined || text === '') return [];
  const result: { first: number; last: number }[] = [];
  for (const part of text.split(',')) {
    const limits = part.split('-');
    const first = atoi(limits[0] as string);
    if (first === undefined) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      const l = atoi(limits[1] as string);
      if (l === undefined) continue;
      last = l >= completions ? completions - 1 : l;
    }
    const prev = result[result.length - 1];
    if (prev !== undefined && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return result;
}

/**
 * The text form of intervals (upstream `orderedIntervals.String`): single indexes as `a`, a pair
 * as `a,b`, a longer run as `a-b`, joined by commas.
 */
export function formatIndexIntervals(intervals: OrderedIntervals): string {
  const parts: string[] = [];
  for (const v of intervals) {
    if (v.last > v.first) parts.push(v.last === v.first + 1 ? `${v.first},${v.last}` : `${v.first}-${v.last}`);
    else parts.push(String(v.first));
  }
  return parts.join(',');
}

/** The number of indexes the intervals hold (upstream `total`). */
export function intervalsTotal(intervals: OrderedIntervals): number {
  let count = 0;
  for (const v of intervals) count += v.last - v.first + 1;
  return count;
}

/** True iff `ix` lies in one of the intervals (binary search, upstream `has`). */
export function intervalsHas(intervals: OrderedIntervals, ix: number): boolean {
  let lo = 0;
  let hi = intervals.length;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    if ((intervals[mid] as IndexInterval).last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < intervals.length && (intervals[hi] as IndexInterval).first <= ix;
}

/** Merges two ordered interval lists into one, joining adjacent and overlapping ones (upstream `merge`). */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): IndexInterval[] {
  const result: { first: number; last: number }[] = [];
  const add = (v: IndexInterval): void => {
    const last = result[result.length - 1];
    if (last === undefined || v.first > last.last + 1) result.push({ first: v.first, last: v.last });
    else if (last.last < v.last) last.last = v.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if ((a[i] as IndexInterval).first < (b[j] as IndexInterval).first) add(a[i++] as IndexInterval);
    else add(b[j++] as IndexInterval);
  }
  while (i < a.length) add(a[i++] as IndexInterval);
  while (j < b.length) add(b[j++] as IndexInterval);
  return result;
}

/** The intervals plus the given indexes, which must be sorted ascending (upstream `withOrderedIndexes`). */
export function withOrderedIndexes(intervals: OrderedIntervals, sortedIndexes: readonly number[]): IndexInterval[] {
  return mergeIntervals(
    intervals,
    sortedIndexes.map((ix) => ({ first: ix, last: ix })),
  );
}

/** Sorted, de-duplicated copy of the indexes (skips the sort when already sorted). */
export function sortedUnique(indexes: Iterable<number>): number[] {
  const arr = [...indexes];
  let sorted = true;
  for (let i = 1; i < arr.length; i++) {
    if ((arr[i] as number) < (arr[i - 1] as number)) {
      sorted = false;
      break;
    }
  }
  if (!sorted) arr.sort((x, y) => x - y);
  const out: number[] = [];
  for (const x of arr) if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  return out;
}

/**
 * The compressed text of a set of completion indexes, as the Job controller writes
 * `status.completedIndexes` and `status.failedIndexes` (§I.7): sorted, de-duplicated, runs of
 * three or more as `a-b`, pairs as `a,b`. Linear for sorted input, O(n log n) otherwise.
 * Throws `invalid_argument` for a negative or non-integer index.
 *
 * @example
 * ```ts
 * import { formatCompletedIndexes } from 'podkit/planners';
 * formatCompletedIndexes([0, 2, 3, 4, 5]); // '0,2-5'
 * formatCompletedIndexes([2, 3]); // '2,3'
 * ```
 */
export function formatCompletedIndexes(indexes: Iterable<number>): string {
  const sorted = sortedUnique(indexes);
  for (const ix of sorted) {
    if (!Number.isSafeInteger(ix) || ix < 0) {
      throw new PodkitError('invalid_argument', `formatCompletedIndexes: expected integer indexes >= 0, received ${ix}.`, {
        details: { index: ix },
      });
    }
  }
  return formatIndexIntervals(withOrderedIndexes([], sorted));
}

/**
 * The completion indexes a status string holds, ascending, as the Job controller reads
 * `status.completedIndexes` (§I.7, upstream `parseIndexesFromString`): corrupt parts are skipped,
 * parsing stops at a part starting at or beyond `completions`, ends beyond it are clipped, and
 * nothing is returned for a reversed range. Linear in the text plus the number of indexes.
 *
 * @example
 * ```ts
 * import { parseCompletedIndexes } from 'podkit/planners';
 * parseCompletedIndexes('0,2-5', 10); // [0, 2, 3, 4, 5]
 * parseCompletedIndexes('1-3,x,8-12', 10); // [1, 2, 3, 8, 9]
 * ```
 */
export function parseCompletedIndexes(text: string, completions: number): number[] {
  const out: number[] = [];
  for (const v of parseIndexIntervals(text, completions)) for (let i = v.first; i <= v.last; i++) out.push(i);
  return out;
}
