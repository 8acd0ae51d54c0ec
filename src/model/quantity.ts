import { PodkitError } from '../errors.js';
import type { Quantity } from './meta.js';

/** How a quantity was written, which decides how it prints (`resource.Format`). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/**
 * An exactly parsed Kubernetes quantity. `nano` is the value in units of 10⁻⁹ (Kubernetes keeps
 * every quantity at nano precision, rounding finer values up, away from zero), so no float error
 * ever appears: `0.1` is exactly `100_000_000n` nano = 100 milli.
 */
export interface ParsedQuantity {
  /** The value × 10⁹, exact. */
  readonly nano: bigint;
  /** The suffix family the quantity was written in. */
  readonly format: QuantityFormat;
  /** The canonical text Kubernetes prints (`Quantity.String()`): `0.5` → `500m`, `1024Mi` → `1Gi`. */
  readonly canonical: string;
}

/** `resource.ErrFormatWrong`. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_SUFFIX = "unable to parse quantity's suffix";

const DEC_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DEC_BY_EXP = new Map<number, string>(Object.entries(DEC_SUFFIX).map(([s, e]) => [e, s]));
const BIN_BY_EXP = new Map<number, string>(Object.entries(BIN_SUFFIX).map(([s, e]) => [e, s]));
const MAX_INT64 = (1n << 63n) - 1n;
const NANO_PER_UNIT = 1_000_000_000n;
/** podkit refuses decimal exponents that would need more than this many digits. */
const MAX_DIGITS = 4096;
const TOO_LARGE = `quantity too large (podkit supports values below 10^${MAX_DIGITS - 9})`;

interface Pieces {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** `parseQuantityString`, character by character as upstream (so `.5`, `1.` and `000` parse). */
function splitQuantity(str: string): Pieces | string {
  let pos = 0;
  const end = str.length;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  const num = str.slice(pos, i) || '0';
  let denom = '';
  if (str[i] === '.') {
    const start = ++i;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(start, i);
  }
  const suffixStart = i;
  while (i < end && 'eEinumkKMGTP'.includes(str[i] ?? '')) i++;
  if (str[i] === '-' || str[i] === '+') i++;
  while (i < end && isDigit(str[i])) i++;
  if (i < end) return QUANTITY_FORMAT_ERROR;
  return { positive, num, denom, suffix: str.slice(suffixStart) };
}

function interpretSuffix(s: string): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const dec = DEC_SUFFIX[s];
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BIN_SUFFIX[s];
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E') && /^[-+]?[0-9]+$/.test(s.slice(1))) {
    const exponent = Number.parseInt(s.slice(1), 10);
    if (Math.abs(exponent) <= 2147483647) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Divides rounding up, away from zero (inf.RoundUp), for a positive divisor. */
function divAway(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a < 0n ? q - 1n : q + 1n;
}

/** Divides rounding towards +∞ (upstream `AsScale`), for a positive divisor. */
function divCeil(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

function abs(a: bigint): bigint {
  return a < 0n ? -a : a;
}

/** Removes factors of `f` from `v` (`removeInt64Factors`). */
function removeFactors(v: bigint, f: bigint): [bigint, number] {
  let times = 0;
  if (v === 0n) return [v, 0];
  while (v % f === 0n) {
    v /= f;
    times++;
  }
  return [v, times];
}

/** `Quantity.CanonicalizeBytes`, from the exact nano value. */
function canonicalize(nano: bigint, format: QuantityFormat): string {
  if (nano === 0n) return '0';
  let fmt = format;
  if (fmt === 'BinarySI') {
    const exactUnits = nano % NANO_PER_UNIT === 0n;
    if (abs(nano) < 1024n * NANO_PER_UNIT || !exactUnits) fmt = 'DecimalSI';
  }
  if (fmt === 'BinarySI') {
    const [mantissa, times] = removeFactors(nano / NANO_PER_UNIT, 1024n);
    return `${mantissa}${BIN_BY_EXP.get(times * 10) ?? ''}`;
  }
  let [mantissa, exponent] = removeFactors(nano, 10n);
  exponent -= 9;
  while (((exponent % 3) + 3) % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (fmt === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  while (exponent > 18) {
    mantissa *= 1000n;
    exponent -= 3;
  }
  return `${mantissa}${DEC_BY_EXP.get(exponent) ?? ''}`;
}

/**
 * The error `tryParseQuantity` would return for `q`, without computing the value (no bigint
 * arithmetic), or undefined for a well-formed quantity. Remembered per text (bounded): the
 * schemas check every quantity of every write with it.
 */
export function quantitySyntaxError(q: Quantity): string | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? syntaxOf(String(q)) : QUANTITY_FORMAT_ERROR;
  if (typeof q !== 'string') return QUANTITY_FORMAT_ERROR;
  let known = syntaxChecked.get(q);
  if (known === undefined) {
    known = syntaxOf(q.trim()) ?? '';
    if (syntaxChecked.size >= SYNTAX_CACHE_LIMIT) syntaxChecked.clear();
    syntaxChecked.set(q, known);
  }
  return known === '' ? undefined : known;
}

const syntaxChecked = new Map<string, string>();
const SYNTAX_CACHE_LIMIT = 4096;

function syntaxOf(str: string): string | undefined {
  if (str.length === 0) return QUANTITY_FORMAT_ERROR;
  if (str === '0') return undefined;
  const pieces = splitQuantity(str);
  if (typeof pieces === 'string') return pieces;
  const suffix = interpretSuffix(pieces.suffix);
  if (suffix === undefined) return ERR_SUFFIX;
  if (suffix.base === 10 && suffix.exponent - pieces.denom.length + 9 > MAX_DIGITS) return TOO_LARGE;
  return undefined;
}

/**
 * Parses a quantity exactly as `resource.ParseQuantity`, returning the error message instead of
 * throwing. Numbers are read from their decimal text, as the API server reads JSON numbers.
 */
export function tryParseQuantity(q: Quantity): ParsedQuantity | string {
  if (typeof q === 'number' && !Number.isFinite(q)) return QUANTITY_FORMAT_ERROR;
  const str = typeof q === 'number' ? String(q) : q.trim();
  if (str.length === 0) return QUANTITY_FORMAT_ERROR;
  if (str === '0') return { nano: 0n, format: 'DecimalSI', canonical: '0' };
  const pieces = splitQuantity(str);
  if (typeof pieces === 'string') return pieces;
  const suffix = interpretSuffix(pieces.suffix);
  if (suffix === undefined) return ERR_SUFFIX;
  const { base, exponent, format } = suffix;
  const digits = BigInt(pieces.num + pieces.denom);
  const sign = pieces.positive ? 1n : -1n;
  let nano: bigint;
  let cached = false;
  if (base === 10) {
    const scale = exponent - pieces.denom.length + 9;
    if (scale > MAX_DIGITS) return TOO_LARGE;
    nano =
      scale >= 0
        ? digits * pow10(scale)
        : -scale > pieces.num.length + pieces.denom.length + 1
          ? digits === 0n ? 0n : 1n
          : divAway(digits, pow10(-scale));
    const shifted = pieces.num + pieces.denom;
    cached =
      18 - shifted.length >= 0 &&
      exponent - pieces.denom.length >= -9 &&
      (exponent - pieces.denom.length) % 3 === 0 &&
      !shifted.endsWith('000') &&
      shifted[0] !== '0';
  } else {
    const scaled = digits * (1n << BigInt(exponent)) * NANO_PER_UNIT;
    nano = divAway(scaled, pow10(pieces.denom.length));
    if (nano > MAX_INT64 * NANO_PER_UNIT) nano = MAX_INT64 * NANO_PER_UNIT;
    const precision = 15 - pieces.num.length - Math.trunc((exponent * 3) / 10) - 1;
    const value = BigInt(pieces.num);
    cached = pieces.denom.length === 0 && precision >= 0 && value * (1n << BigInt(exponent)) <= MAX_INT64 && (value & 7n) !== 0n;
  }
  nano *= sign;
  return { nano, format, canonical: cached ? str : canonicalize(nano, format) };
}

/**
 * Parses a Kubernetes resource quantity exactly (`500m`, `0.5`, `128Mi`, `1G`, `1e3`, `100n`).
 * Throws a `PodkitError` with code `invalid_argument` and Kubernetes' message for bad input.
 * Values finer than 1n are rounded up, as upstream does; BinarySI values are capped at 2⁶³−1.
 *
 * @example
 * ```ts
 * import { parseQuantity } from 'podkit/model';
 * parseQuantity('0.1').nano; // 100_000_000n
 * parseQuantity('1024Mi').canonical; // '1Gi'
 * ```
 */
export function parseQuantity(q: Quantity): ParsedQuantity {
  const parsed = tryParseQuantity(q);
  if (typeof parsed === 'string') {
    throw new PodkitError('invalid_argument', `Invalid quantity ${JSON.stringify(q)}: ${parsed}.`, { details: { quantity: q } });
  }
  return parsed;
}

/**
 * The quantity in thousandths, rounded up (`MilliValue()`): `quantityToMilli('0.1') === 100n`,
 * `quantityToMilli('1') === 1000n`. Throws like {@link parseQuantity}.
 */
export function quantityToMilli(q: Quantity): bigint {
  return divCeil(parseQuantity(q).nano, 1_000_000n);
}

/**
 * The quantity in whole units, rounded up (`Value()`): bytes for memory (`quantityToValue('1Ki')
 * === 1024n`), cores for cpu (`quantityToValue('500m') === 1n`). Throws like {@link parseQuantity}.
 */
export function quantityToValue(q: Quantity): bigint {
  return divCeil(parseQuantity(q).nano, NANO_PER_UNIT);
}

/** Compares two quantities exactly: -1, 0 or 1 (`Quantity.Cmp`). Throws like {@link parseQuantity}. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const x = parseQuantity(a).nano;
  const y = parseQuantity(b).nano;
  return x < y ? -1 : x > y ? 1 : 0;
}
