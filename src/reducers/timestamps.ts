/**
 * Internal fast paths for the reducer's hot loop: RFC 3339 whole-second text without going through
 * `Date#toISOString`, and a deep freeze that stops at frozen subtrees. Both agree with the model's
 * `toTimestamp` and with immer's `freeze(value, true)` (tested).
 */
import { toTimestamp } from '../model/time.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

let lastSecond = Number.NaN;
let lastText = '';

/** `toTimestamp(ms)` for a finite ms value, memoizing the last second seen. */
export function timestampOf(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastText;
  let days = Math.floor(second / 86400);
  let rest = second - days * 86400;
  // civil-from-days (H. Hinnant), valid for the proleptic Gregorian calendar.
  days += 719468;
  const era = Math.floor(days / 146097);
  const doe = days - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  let text: string;
  if (year < 1000 || year > 9999) {
    text = toTimestamp(second * 1000);
  } else {
    const h = Math.floor(rest / 3600);
    rest -= h * 3600;
    const m = Math.floor(rest / 60);
    text = `${year}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(rest - m * 60)}Z`;
  }
  lastSecond = second;
  lastText = text;
  return text;
}

/** Something that yields a timestamp only when asked (conditions rarely need one). */
export interface TimeSource {
  readonly now: string;
}

/** A {@link TimeSource} for a ms time, formatted on first use. */
export class LazyTimestamp implements TimeSource {
  private text: string | undefined;
  constructor(readonly at: number) {}
  get now(): string {
    return (this.text ??= timestampOf(this.at));
  }
}

/** Deeply freezes plain objects and arrays, not descending into already frozen values. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) freezeTree(value);
  return value;
}

function freezeTree(value: object): void {
  // Children first: iterating an object is cheaper before it is frozen.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const child: unknown = value[i];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
    }
  } else {
    for (const key in value) {
      const child: unknown = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeTree(child);
    }
  }
  Object.freeze(value);
}
