import { PodkitError } from '../errors.js';

/** A point in time as podkit's pure functions accept it: a Date, an RFC 3339 string, or ms since the epoch. */
export type TimeInput = Date | string | number;

/**
 * Milliseconds since the epoch for a {@link TimeInput}. Throws `invalid_argument` for an
 * unparseable string or a non-finite number.
 */
export function toMillis(t: TimeInput): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : parseText(t);
  if (!Number.isFinite(ms)) {
    throw new PodkitError('invalid_argument', `Expected a time (Date, RFC 3339 string or epoch ms), received ${JSON.stringify(String(t))}.`);
  }
  return ms;
}

/**
 * `Date.parse`, remembered: the same status timestamps (startedAt, lastTransitionTime) are read
 * on every probe and sync, and `Date.parse` is slow. Bounded: cleared when full.
 */
function parseText(text: string): number {
  let ms = parsedTexts.get(text);
  if (ms === undefined) {
    ms = Date.parse(text);
    if (parsedTexts.size >= PARSED_TEXTS_LIMIT) parsedTexts.clear();
    parsedTexts.set(text, ms);
  }
  return ms;
}

const parsedTexts = new Map<string, number>();
const PARSED_TEXTS_LIMIT = 4096;

/**
 * The RFC 3339 text of a time, truncated to whole seconds in UTC (`2024-05-01T10:00:00Z`), the
 * way the API server serialises `metav1.Time`. Times outside years 0000–9999 saturate at
 * `0000-01-01T00:00:00Z` / `9999-12-31T23:59:59Z`.
 *
 * @example
 * ```ts
 * import { toTimestamp } from 'podkit/model';
 * toTimestamp(0); // '1970-01-01T00:00:00Z'
 * ```
 */
export function toTimestamp(t: TimeInput): string {
  // RFC 3339 ends with year 9999 (and Go's metav1.Time with it): later times saturate there, so
  // a huge grace period or deadline gives a far-future timestamp, not an exception.
  const ms = Math.min(MAX_TIMESTAMP_MS, Math.max(MIN_TIMESTAMP_MS, Math.floor(toMillis(t) / 1000) * 1000));
  // Timestamps come in runs of the same second (virtual time): remember the last one.
  if (ms === lastStampMs) return lastStamp;
  const text = new Date(ms).toISOString().replace('.000Z', 'Z');
  lastStampMs = ms;
  lastStamp = text;
  return text;
}

/** 9999-12-31T23:59:59Z and 0000-01-01T00:00:00Z, the ends of RFC 3339. */
const MAX_TIMESTAMP_MS = 253402300799000;
const MIN_TIMESTAMP_MS = -62167219200000;

let lastStampMs = Number.NaN;
let lastStamp = '';

/**
 * The `metav1.MicroTime` text of a time: RFC 3339 in UTC with 6 fractional digits
 * (`2024-05-01T10:00:00.123000Z`), as the API server serialises a Lease's `acquireTime` and
 * `renewTime`. Sub-millisecond parts of a fractional ms count are kept (truncated to whole
 * microseconds); times outside years 0000–9999 saturate at `0000-01-01T00:00:00.000000Z` /
 * `9999-12-31T23:59:59.999999Z`.
 *
 * @example
 * ```ts
 * import { toMicroTime } from 'podkit/model';
 * toMicroTime(1500.25); // '1970-01-01T00:00:01.500250Z'
 * ```
 */
export function toMicroTime(t: TimeInput): string {
  const ms = toMillis(t);
  if (ms >= MAX_TIMESTAMP_MS + 1000) return '9999-12-31T23:59:59.999999Z';
  if (ms < MIN_TIMESTAMP_MS) return '0000-01-01T00:00:00.000000Z';
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - whole) * 1000));
  return `${new Date(whole).toISOString().slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
