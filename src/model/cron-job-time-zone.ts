// Go's time.Location arithmetic (time.LoadLocation, Time.In, time.Date's local → UTC rule) on
// top of the IANA data that Intl carries, for the CronJob schedule (robfig/cron's SpecSchedule.Next
// walks wall-clock fields in a location exactly as Go computes them).

/** A loaded time zone: the UTC offset in effect at any instant. */
export interface TimeZone {
  /** The name it was loaded with (`UTC` for the empty name). */
  readonly name: string;
  /** Offset from UTC in milliseconds at the instant `utcMs` (local = utc + offset). */
  offsetAt(utcMs: number): number;
}

/** The UTC zone. */
export const UTC_ZONE: TimeZone = { name: 'UTC', offsetAt: () => 0 };

/** Offsets of one zone, remembered per 15-minute bucket (every modern transition falls on one). */
const BUCKET_MS = 15 * 60_000;

function intlZone(name: string): TimeZone | undefined {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch {
    return undefined;
  }
  const cache = new Map<number, number>();
  const compute = (ms: number): number => {
    const parts = fmt.formatToParts(new Date(ms));
    const get = (t: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const era = parts.find((p) => p.type === 'era')?.value ?? 'AD';
    let year = get('year');
    if (era === 'BC' || era === 'B') year = 1 - year;
    const local = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    // Date.UTC maps years 0..99 to 1900..1999: correct for them.
    const fixed = year >= 0 && year < 100 ? new Date(local).setUTCFullYear(year) : local;
    return fixed - Math.floor(ms / 1000) * 1000;
  };
  return {
    name,
    offsetAt(utcMs: number): number {
      const bucket = Math.floor(utcMs / BUCKET_MS);
      let off = cache.get(bucket);
      if (off === undefined) {
        off = compute(bucket * BUCKET_MS);
        if (cache.size > 50_000) cache.clear();
        cache.set(bucket, off);
      }
      return off;
    },
  };
}

const loaded = new Map<string, TimeZone>();

/**
 * Go's `time.LoadLocation` on the IANA database Node's Intl carries: `''` and `UTC` are UTC, an
 * IANA name (`Europe/Berlin`, `America/New_York`, aliases such as `US/Eastern`) its zone. Returns
 * the zone, or the error text Go gives (`unknown time zone X`). `Local` is refused here (podkit
 * has no process-local zone; the API rejects it anyway). Names are case-sensitive as on Linux,
 * except aliases (Intl resolves them case-insensitively).
 *
 * @example
 * ```ts
 * import { loadTimeZone } from 'podkit/model';
 * const z = loadTimeZone('Europe/Berlin');
 * typeof z === 'string' ? z : z.offsetAt(Date.UTC(2024, 0, 1)); // 3600000
 * ```
 */
export function loadTimeZone(name: string): TimeZone | string {
  if (name === '' || name === 'UTC') return UTC_ZONE;
  const hit = loaded.get(name);
  if (hit !== undefined) return hit;
  const unknown = `unknown time zone ${name}`;
  if (name === 'Local' || /^[+-]?\d/.test(name) || name.includes(':')) return unknown;
  const zone = intlZone(name);
  if (zone === undefined) return unknown;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  // Intl ignores case; Go reads /usr/share/zoneinfo/<name>, which does not.
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return unknown;
  loaded.set(name, zone);
  return zone;
}

/** Wall-clock fields of an instant in a zone (Go's `t.In(loc)` accessors). */
export interface WallClock {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday. */
  readonly weekday: number;
}

/** The wall clock of `utcMs` in `zone`. */
export function wallClock(utcMs: number, zone: TimeZone): WallClock {
  const d = new Date(utcMs + zone.offsetAt(utcMs));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/**
 * Go's `time.Date(year, month, day, hour, min, sec, 0, loc)`: fields are normalised (month 13 is
 * January of the next year, day 32 rolls over), then the local time is converted with Go's rule
 * for times in a gap or an overlap: the offset in effect at the local time read as UTC, corrected
 * once if the result falls in another period.
 */
export function goDate(year: number, month: number, day: number, hour: number, minute: number, second: number, zone: TimeZone): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  const local = d.getTime();
  const off1 = zone.offsetAt(local);
  if (off1 === 0 && zone === UTC_ZONE) return local;
  const utc = local - off1;
  const off2 = zone.offsetAt(utc);
  return off2 === off1 ? utc : local - off2;
}
