// CronJob schedules, restated from github.com/robfig/cron/v3 v3.0.1 (the version Kubernetes
// vendors): parser.go (ParseStandard, getField, getRange, parseDescriptor), spec.go
// (SpecSchedule.Next, dayMatches) and constantdelay.go (@every). kubernetes-rules.md §Q.1.
import { goDate, loadTimeZone, UTC_ZONE, wallClock, type TimeZone } from './cron-job-time-zone.js';

/** A parsed schedule: the next activation strictly after a time, or `undefined` when there is none within five years. */
export interface CronSchedule {
  /** The next activation time (epoch ms) after `afterMs`, as robfig's `Schedule.Next`; `undefined` is Go's zero time. */
  next(afterMs: number): number | undefined;
}

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** A field as robfig keeps it: the set values, and the star bit (the field began with `*` or `?`, step 1). */
interface Field {
  readonly bits: readonly boolean[];
  readonly star: boolean;
}

class ParseError extends Error {}

/** Go's `fmt` of a `[]string`: `[a b c]`. */
const goList = (xs: readonly string[]): string => `[${xs.join(' ')}]`;

/** strconv.Atoi + robfig's mustParseInt. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) throw new ParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 9223372036854775807) {
    throw new ParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  }
  if (n < 0) throw new ParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  const key = expr.toLowerCase();
  return names !== undefined && Object.prototype.hasOwnProperty.call(names, key) ? (names[key] as number) : mustParseInt(expr);
}

/** robfig `getRange`: `number | number "-" number [ "/" number ]`, `*`, `?`, names. */
function getRange(expr: string, r: Bounds, bits: boolean[]): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  const low = lowAndHigh[0] ?? '';
  if (low === '*' || low === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(low, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', r.names);
    else throw new ParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] ?? '');
    // "N/step" means "N-max/step".
    if (singleDigit) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new ParseError(`too many slashes: ${expr}`);
  if (start < r.min) throw new ParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new ParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new ParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new ParseError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) bits[i] = true;
  return star;
}

/** robfig `getField`: a comma-separated list of ranges (empty items are skipped, as `strings.FieldsFunc`). */
function getField(field: string, r: Bounds): Field {
  const bits: boolean[] = new Array<boolean>(r.max + 1).fill(false);
  let star = false;
  for (const expr of field.split(',')) {
    if (expr === '') continue;
    if (getRange(expr, r, bits)) star = true;
  }
  return { bits, star };
}

const all = (r: Bounds): Field => ({ bits: Array.from({ length: r.max + 1 }, (_, i) => i >= r.min), star: true });
const only = (r: Bounds, v: number): Field => ({ bits: Array.from({ length: r.max + 1 }, (_, i) => i === v), star: false });

/** robfig `SpecSchedule` (the seconds field of the standard parser is always `0`). */
class SpecSchedule implements CronSchedule {
  constructor(
    readonly minute: Field,
    readonly hour: Field,
    readonly dom: Field,
    readonly month: Field,
    readonly dow: Field,
    readonly zone: TimeZone,
  ) {}

  #dayMatches(w: { day: number; weekday: number }): boolean {
    const domMatch = this.dom.bits[w.day] === true;
    const dowMatch = this.dow.bits[w.weekday] === true;
    if (this.dom.star || this.dow.star) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  /** `SpecSchedule.Next`, field by field as upstream, with the WRAP restarts and the DST midnight fix. */
  next(afterMs: number): number | undefined {
    const z = this.zone;
    // Start at the earliest possible time (the upcoming second).
    let t = Math.floor(afterMs / 1000) * 1000 + 1000;
    let added = false;
    const yearLimit = wallClock(t, z).year + 5;
    wrap: for (;;) {
      let w = wallClock(t, z);
      if (w.year > yearLimit) return undefined;
      while (this.month.bits[w.month] !== true) {
        if (!added) {
          added = true;
          t = goDate(w.year, w.month, 1, 0, 0, 0, z);
          w = wallClock(t, z);
        }
        t = goDate(w.year, w.month + 1, w.day, w.hour, w.minute, w.second, z);
        w = wallClock(t, z);
        if (w.month === 1) continue wrap;
      }
      while (!this.#dayMatches(w)) {
        if (!added) {
          added = true;
          t = goDate(w.year, w.month, w.day, 0, 0, 0, z);
          w = wallClock(t, z);
        }
        t = goDate(w.year, w.month, w.day + 1, w.hour, w.minute, w.second, z);
        w = wallClock(t, z);
        // Notice if the hour is no longer midnight due to DST: add an hour if it's 23, subtract one if it's 1.
        if (w.hour !== 0) {
          t += (w.hour > 12 ? 24 - w.hour : -w.hour) * 3_600_000;
          w = wallClock(t, z);
        }
        if (w.day === 1) continue wrap;
      }
      while (this.hour.bits[w.hour] !== true) {
        if (!added) {
          added = true;
          t = goDate(w.year, w.month, w.day, w.hour, 0, 0, z);
        }
        t += 3_600_000;
        w = wallClock(t, z);
        if (w.hour === 0) continue wrap;
      }
      while (this.minute.bits[w.minute] !== true) {
        if (!added) {
          added = true;
          t = Math.floor(t / 60_000) * 60_000;
        }
        t += 60_000;
        w = wallClock(t, z);
        if (w.minute === 0) continue wrap;
      }
      if (w.second !== 0) {
        // The seconds loop adds one second at a time until second 0, then wraps: the same as
        // jumping to the next whole minute and wrapping.
        if (!added) added = true;
        t = Math.floor(t / 1000) * 1000 + (60 - w.second) * 1000;
        continue wrap;
      }
      return t;
    }
  }
}

/** robfig `ConstantDelaySchedule` (`@every`): whole seconds, at least one. */
class ConstantDelaySchedule implements CronSchedule {
  constructor(readonly delayMs: number) {}
  next(afterMs: number): number {
    const frac = ((afterMs % 1000) + 1000) % 1000;
    return afterMs + this.delayMs - frac;
  }
}

const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's `time.ParseDuration`, in milliseconds (sub-millisecond parts kept as fractions). */
function parseGoDuration(s: string): number {
  const orig = s;
  const quoted = JSON.stringify(orig);
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new ParseError(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(s);
    const intPart = m?.[1] ?? '';
    const frac = m?.[3];
    if (intPart === '' && (frac === undefined || frac === '')) throw new ParseError(`time: invalid duration ${quoted}`);
    s = s.slice(m?.[0].length ?? 0);
    const u = /^[^0-9.]*/.exec(s)?.[0] ?? '';
    if (u === '') throw new ParseError(`time: missing unit in duration ${quoted}`);
    const unit = UNITS[u];
    if (unit === undefined) throw new ParseError(`time: unknown unit ${JSON.stringify(u)} in duration ${quoted}`);
    s = s.slice(u.length);
    total += Number(`${intPart === '' ? '0' : intPart}.${frac ?? '0'}`) * unit;
    if (total > 9223372036854.775) throw new ParseError(`time: invalid duration ${quoted}`);
  }
  return neg ? -total : total;
}

function parseDescriptor(descriptor: string, zone: TimeZone): CronSchedule {
  const midnight = (dom: Field, month: Field, dow: Field, hour = only(HOURS, 0)): SpecSchedule =>
    new SpecSchedule(only(MINUTES, 0), hour, dom, month, dow, zone);
  switch (descriptor) {
    case '@yearly':
    case '@annually':
      return midnight(only(DOM, 1), only(MONTHS, 1), all(DOW));
    case '@monthly':
      return midnight(only(DOM, 1), all(MONTHS), all(DOW));
    case '@weekly':
      return midnight(all(DOM), all(MONTHS), only(DOW, 0));
    case '@daily':
    case '@midnight':
      return midnight(all(DOM), all(MONTHS), all(DOW));
    case '@hourly':
      return midnight(all(DOM), all(MONTHS), all(DOW), all(HOURS));
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    let ms: number;
    try {
      ms = parseGoDuration(descriptor.slice(every.length));
    } catch (e) {
      throw new ParseError(`failed to parse duration ${descriptor}: ${(e as Error).message}`);
    }
    // Every(): at least a second, rounded down to whole seconds.
    const delay = ms < 1000 ? 1000 : ms - (ms % 1000);
    return new ConstantDelaySchedule(delay);
  }
  throw new ParseError(`unrecognized descriptor: ${descriptor}`);
}

/**
 * Parses a CronJob schedule exactly as `cron.ParseStandard` (robfig/cron v3.0.1) does: five
 * fields (minute, hour, day of month, month, day of week), each a comma list of `*`, `?`, `N`,
 * `N-M`, with `/step` (`N/step` means `N-max/step`); month and weekday names (`jan`, `MON`, case
 * insensitive); day of week 0–6 (Sunday is 0; 7 is rejected); the descriptors `@yearly`,
 * `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly` and `@every <duration>`;
 * an optional `TZ=<zone> ` or `CRON_TZ=<zone> ` prefix. Day of month and day of week combine with
 * OR when both are restricted, AND when either starts with `*` / `?` (robfig's star bit; a stepped `*` such as `*\/2` is
 * restricted). Without a zone the schedule runs in `defaultZone` (UTC unless given).
 *
 * Returns the schedule, or robfig's error text (`expected exactly 5 fields, found 6: [...]`).
 *
 * @example
 * ```ts
 * import { parseCronSchedule } from 'podkit/model';
 * const s = parseCronSchedule('*\/5 * * * *');
 * typeof s === 'string' ? s : s.next(Date.UTC(2024, 0, 1, 0, 1)); // Date.UTC(2024, 0, 1, 0, 5)
 * ```
 */
export function parseCronSchedule(spec: string, defaultZone: TimeZone = UTC_ZONE): CronSchedule | string {
  try {
    return parseStandard(spec, defaultZone);
  } catch (e) {
    if (e instanceof ParseError) return e.message;
    throw e;
  }
}

function parseStandard(spec: string, defaultZone: TimeZone): CronSchedule {
  if (spec.length === 0) throw new ParseError('empty spec string');
  let zone = defaultZone;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    // Go slices spec[eq+1:i]; with no space it panics, here it is an error.
    const name = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    const loaded = i < 0 ? `unknown time zone ${name}` : loadTimeZone(name);
    if (typeof loaded === 'string') throw new ParseError(`provided bad location ${name}: ${loaded}`);
    zone = loaded;
    spec = spec.slice(i).trim();
  }
  if (spec.startsWith('@')) return parseDescriptor(spec, zone);
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new ParseError(`expected exactly 5 fields, found ${fields.length}: ${goList(fields)}`);
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  return new SpecSchedule(getField(minute, MINUTES), getField(hour, HOURS), getField(dom, DOM), getField(month, MONTHS), getField(dow, DOW), zone);
}
