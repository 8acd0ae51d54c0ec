import { PodkitError } from '../errors.js';

/**
 * A length of time: a number of milliseconds, or a Go/Kubernetes-style duration string such as
 * `"90s"`, `"5m"`, `"1h30m"`, `"1.5h"` or `"500ms"`. See {@link parseDuration}.
 */
export type Duration = number | string;

const NS_PER_MS = 1_000_000;

/** Nanoseconds per unit. `d` (24h) is a podkit extension: Go's `time.ParseDuration` has no days. */
const UNIT_NS: ReadonlyMap<string, number> = new Map([
  ['ns', 1],
  ['us', 1_000],
  ['\u00b5s', 1_000], // µs (micro sign)
  ['\u03bcs', 1_000], // μs (Greek mu)
  ['ms', NS_PER_MS],
  ['s', 1_000 * NS_PER_MS],
  ['m', 60_000 * NS_PER_MS],
  ['h', 3_600_000 * NS_PER_MS],
  ['d', 86_400_000 * NS_PER_MS],
]);

const HELP = 'a number of milliseconds or a duration string like "90s", "1h30m", "1.5h" or "500ms" (units ns, us, ms, s, m, h, and d for 24h)';

function invalid(input: unknown, why: string, field: string | undefined): PodkitError {
  const where = field === undefined ? '' : `${field}: `;
  const shown = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return new PodkitError('invalid_argument', `${where}Expected ${HELP}; received ${shown} (${why}).`, {
    details: { input, ...(field === undefined ? {} : { field }) },
  });
}

/**
 * Milliseconds for a {@link Duration}.
 *
 * A number is taken as milliseconds and returned as is (it must be finite). A string follows Go's
 * `time.ParseDuration` (which Kubernetes uses for durations): an optional sign, then one or more
 * decimal numbers each followed by a unit — `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h` — such as
 * `"300ms"`, `"-1.5h"` or `"2h45m"`; `"0"` alone needs no unit. As a podkit extension `d` means
 * 24 hours (`"2d"`); Go rejects it. Sub-millisecond strings give fractional milliseconds
 * (`"1500us"` → 1.5). It does not accept spaces, bare numbers in strings (`"10"`) or ISO 8601
 * (`"PT10S"`).
 *
 * Throws a `PodkitError` with code `invalid_argument` that names the bad input (and `field`, the
 * field path to report, when given).
 *
 * @example
 * ```ts
 * import { parseDuration } from 'podkit';
 * parseDuration('1h30m'); // 5_400_000
 * parseDuration('500ms'); // 500
 * parseDuration(250);     // 250
 * ```
 */
export function parseDuration(d: Duration, field?: string): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) throw invalid(d, 'not a finite number', field);
    return d;
  }
  if (typeof d !== 'string') throw invalid(d, `a ${typeof d}, not a number or string`, field);
  let i = 0;
  let negative = false;
  if (d[0] === '-' || d[0] === '+') {
    negative = d[0] === '-';
    i = 1;
  }
  if (d.slice(i) === '0') return 0;
  if (i === d.length) throw invalid(d, d.length === 0 ? 'empty' : 'no number after the sign', field);
  let totalNs = 0;
  while (i < d.length) {
    const start = i;
    while (i < d.length && d.charCodeAt(i) >= 48 && d.charCodeAt(i) <= 57) i++;
    const intDigits = i - start;
    let fracDigits = 0;
    if (d[i] === '.') {
      i++;
      const fracStart = i;
      while (i < d.length && d.charCodeAt(i) >= 48 && d.charCodeAt(i) <= 57) i++;
      fracDigits = i - fracStart;
    }
    if (intDigits === 0 && fracDigits === 0) throw invalid(d, `expected a number at position ${start}`, field);
    const intPart = intDigits === 0 ? 0 : Number(d.slice(start, start + intDigits));
    const fracPart = fracDigits === 0 ? 0 : Number(`0.${d.slice(i - fracDigits, i)}`);
    const unitStart = i;
    while (i < d.length && !(d.charCodeAt(i) >= 48 && d.charCodeAt(i) <= 57) && d[i] !== '.') i++;
    const unit = d.slice(unitStart, i);
    if (unit === '') throw invalid(d, `missing unit after ${JSON.stringify(d.slice(start, i))}`, field);
    const perUnit = UNIT_NS.get(unit);
    if (perUnit === undefined) throw invalid(d, `unknown unit ${JSON.stringify(unit)}`, field);
    // Whole units exactly, the fraction rounded to the nanosecond (Go truncates; rounding undoes float error).
    totalNs += intPart * perUnit + Math.round(fracPart * perUnit);
  }
  if (!Number.isFinite(totalNs)) throw invalid(d, 'out of range', field);
  const ms = totalNs / NS_PER_MS;
  return negative ? -ms : ms;
}

/** Writes `v` with `prec` fractional digits, trailing zeros (and a bare point) dropped: Go's fmtFrac. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let print = false;
  for (let k = 0; k < prec; k++) {
    const digit = v % 10n;
    print ||= digit !== 0n;
    if (print) digits = digit.toString() + digits;
    v /= 10n;
  }
  return [print ? `.${digits}` : '', v];
}

/**
 * The Go text of a duration (`time.Duration.String`): `"1m30s"`, `"20s"`, `"5m0s"`,
 * `"1h0m0s"`, `"1.5s"`, `"500ms"`, `"0s"`. This is how the kubelet writes durations in messages,
 * for example `back-off 5m0s restarting failed container=...`.
 *
 * Takes milliseconds (fractions are kept down to the nanosecond). Durations of a second or more
 * use `h`, `m` and `s` with a decimal fraction of seconds; shorter ones use `ms`, `µs` or `ns`.
 * Never emits days (Go has none). Throws `invalid_argument` for a non-finite number.
 *
 * @example
 * ```ts
 * import { formatDuration } from 'podkit';
 * formatDuration(300_000); // '5m0s'
 * formatDuration(90_000);  // '1m30s'
 * formatDuration(1.5);     // '1.5ms'
 * ```
 */
export function formatDuration(ms: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw invalid(ms, 'not a finite number of milliseconds', undefined);
  const negative = ms < 0;
  const abs = Math.abs(ms);
  const whole = Math.trunc(abs);
  let u = BigInt(whole) * BigInt(NS_PER_MS) + BigInt(Math.round((abs - whole) * NS_PER_MS));
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < 1_000n) [unit, prec] = ['ns', 0];
    else if (u < 1_000_000n) [unit, prec] = ['\u00b5s', 3];
    else [unit, prec] = ['ms', 6];
    const [frac, rest] = fmtFrac(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return negative ? `-${out}` : out;
}
