// robfig/cron v3 parser and SpecSchedule.Next, restated from its spec_test.go / parser_test.go
// (TestActivation, TestNext, TestErrors) with 5-field specs, as Kubernetes' ParseStandard.
import { describe, expect, it } from 'vitest';
import { loadTimeZone, parseCronSchedule, type CronSchedule } from 'podkit/model';

const parse = (spec: string): CronSchedule => {
  const s = parseCronSchedule(spec);
  if (typeof s === 'string') throw new Error(s);
  return s;
};
const utc = (text: string): number => Date.parse(`${text}Z`);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

describe('parseCronSchedule: activation (robfig TestActivation, §Q.1)', () => {
  const cases: [string, string, boolean][] = [
    ['2012-07-09T15:00:00', '0/15 * * * *', true],
    ['2012-07-09T15:45:00', '0/15 * * * *', true],
    ['2012-07-09T15:40:00', '0/15 * * * *', false],
    ['2012-07-09T15:05:00', '5/15 * * * *', true],
    ['2012-07-09T15:20:00', '5/15 * * * *', true],
    ['2012-07-09T15:50:00', '5/15 * * * *', true],
    ['2012-07-15T15:00:00', '0/15 * * Jul *', true],
    ['2012-07-15T15:00:00', '0/15 * * Jun *', false],
    ['2012-07-15T08:30:00', '30 08 ? Jul Sun', true],
    ['2012-07-15T08:30:00', '30 08 15 Jul ?', true],
    ['2012-07-16T08:30:00', '30 08 ? Jul Sun', false],
    ['2012-07-16T08:30:00', '30 08 15 Jul ?', false],
    ['2012-07-09T15:00:00', '@hourly', true],
    ['2012-07-09T15:04:00', '@hourly', false],
    ['2012-07-09T15:00:00', '@daily', false],
    ['2012-07-09T00:00:00', '@daily', true],
    ['2012-07-09T00:00:00', '@midnight', true],
    ['2012-07-09T00:00:00', '@weekly', false],
    ['2012-07-08T00:00:00', '@weekly', true],
    ['2012-07-08T01:00:00', '@weekly', false],
    ['2012-07-08T00:00:00', '@monthly', false],
    ['2012-07-01T00:00:00', '@monthly', true],
    ['2013-01-01T00:00:00', '@yearly', true],
    ['2013-01-01T00:00:00', '@annually', true],
    ['2013-02-01T00:00:00', '@yearly', false],
  ];
  it.each(cases)('at %s, %s fires: %s', (time, spec, fires) => {
    const t = utc(time);
    expect(parse(spec).next(t - 1000) === t).toBe(fires);
  });

  describe('day of month and day of week: OR when both are restricted, AND when either has the star bit (§Q.1)', () => {
    const dd: [string, string, boolean][] = [
      ['2012-07-15T00:00:00', '* * 1,15 * Sun', true],
      ['2012-06-15T00:00:00', '* * 1,15 * Sun', true],
      ['2012-08-01T00:00:00', '* * 1,15 * Sun', true],
      ['2012-07-15T00:00:00', '* * * * Mon', false],
      // */10 has step 10: no star bit, so it is restricted and OR applies.
      ['2012-07-15T00:00:00', '* * */10 * Sun', true],
      ['2012-07-09T00:00:00', '* * 1,15 * *', false],
      ['2012-07-15T00:00:00', '* * 1,15 * *', true],
      ['2012-07-15T00:00:00', '* * */2 * Sun', true],
      // ? is a star: AND with Monday.
      ['2012-07-15T00:00:00', '* * ? * Mon', false],
      // */1 keeps the star bit.
      ['2012-07-15T00:00:00', '* * */1 * Mon', false],
    ];
    it.each(dd)('at %s, %s fires: %s', (time, spec, fires) => {
      const t = utc(time);
      expect(parse(spec).next(t - 1000) === t).toBe(fires);
    });
  });
});

describe('parseCronSchedule: next (robfig TestNext, §Q.1)', () => {
  const cases: [string, string, string | undefined][] = [
    ['2012-07-09T14:45:00', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T14:59:00', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T14:59:59', '0/15 * * * *', '2012-07-09T15:00:00Z'],
    ['2012-07-09T15:45:00', '20-35/15 * * * *', '2012-07-09T16:20:00Z'],
    ['2012-07-09T23:46:00', '*/15 * * * *', '2012-07-10T00:00:00Z'],
    ['2012-07-09T23:45:00', '20-35/15 * * * *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:51', '20-35/15 1/2 * * *', '2012-07-10T01:20:00Z'],
    ['2012-07-09T23:35:51', '20-35/15 10-12 * * *', '2012-07-10T10:20:00Z'],
    ['2012-07-09T23:35:51', '20-35/15 1/2 */2 * *', '2012-07-11T01:20:00Z'],
    ['2012-07-09T23:35:51', '20-35/15 * 9-20 * *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:51', '20-35/15 * 9-20 Jul *', '2012-07-10T00:20:00Z'],
    ['2012-07-09T23:35:00', '0 0 9 Apr-Oct ?', '2012-08-09T00:00:00Z'],
    // v3: a stepped star has no star bit, so */5 OR Monday: the 1st (v1 gave Mon Aug 6).
    ['2012-07-09T23:35:00', '0 0 */5 Apr,Aug,Oct Mon', '2012-08-01T00:00:00Z'],
    ['2012-07-09T23:35:00', '0 0 */5 Oct Mon', '2012-10-01T00:00:00Z'],
    ['2012-07-09T23:35:00', '0 0 * Feb Mon', '2013-02-04T00:00:00Z'],
    ['2012-07-09T23:35:00', '0 0 * Feb Mon/2', '2013-02-01T00:00:00Z'],
    ['2012-12-31T23:59:45', '* * * * *', '2013-01-01T00:00:00Z'],
    ['2012-07-09T23:35:00', '0 0 29 Feb ?', '2016-02-29T00:00:00Z'],
    ['2012-07-09T23:35:00', '0 0 30 Feb ?', undefined],
    ['2012-07-09T23:35:00', '0 0 31 Apr ?', undefined],
    // Names are case-insensitive.
    ['2012-07-09T23:35:00', '0 0 * fEb mON', '2013-02-04T00:00:00Z'],
  ];
  it.each(cases)('after %s, %s is next at %s', (time, spec, want) => {
    expect(iso(parse(spec).next(utc(time)))).toBe(want);
  });

  it('@every d fires d after the given time, whole seconds, at least 1 s (robfig ConstantDelaySchedule, §Q.1)', () => {
    const t = utc('2012-07-09T10:00:00') + 500;
    expect(parse('@every 5m').next(t)).toBe(t - 500 + 300_000);
    expect(parse('@every 1h30m').next(t)).toBe(t - 500 + 5_400_000);
    expect(parse('@every 1.5s').next(t)).toBe(t - 500 + 1000);
    expect(parse('@every 10ms').next(t)).toBe(t - 500 + 1000);
  });
});

describe('parseCronSchedule: time zones and DST (robfig TestNext DST cases, §Q.10)', () => {
  const ny = (local: string, off: '-05:00' | '-04:00'): number => Date.parse(`${local}${off}`);
  it('a time in the spring-forward gap does not exist that day: the next is a year later (EST → EDT)', () => {
    expect(parse('TZ=America/New_York 30 2 11 Mar ?').next(ny('2012-03-11T00:00:00', '-05:00'))).toBe(ny('2013-03-11T02:30:00', '-04:00'));
  });
  it('02:30 on the fall-back day is once, in EST (EDT → EST)', () => {
    expect(parse('TZ=America/New_York 30 2 04 Nov ?').next(ny('2012-11-04T00:00:00', '-04:00'))).toBe(ny('2012-11-04T02:30:00', '-05:00'));
  });
  it('01:30 on the fall-back day fires twice: after 01:45 EDT comes 01:30 EST', () => {
    const s = parse('TZ=America/New_York 30 1 04 Nov ?');
    expect(s.next(ny('2012-11-04T00:00:00', '-04:00'))).toBe(ny('2012-11-04T01:30:00', '-04:00'));
    expect(s.next(ny('2012-11-04T01:45:00', '-04:00'))).toBe(ny('2012-11-04T01:30:00', '-05:00'));
  });
  it('CRON_TZ= works like TZ=, and hourly schedules follow the wall clock across the gap', () => {
    const s = parse('CRON_TZ=Europe/Berlin 0 * * * *');
    // 2024-03-31 02:00 CET → 03:00 CEST: after 01:00 CET (00:00Z) the next hour is 03:00 CEST (01:00Z).
    expect(s.next(Date.parse('2024-03-31T00:00:00Z'))).toBe(Date.parse('2024-03-31T01:00:00Z'));
  });
  // robfig v3.0.1 spec_test TestNext (the DST block), 5-field.
  const dst: [string, string, string][] = [
    ['2012-03-11T00:00:00-05:00', 'TZ=America/New_York 0 * * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', 'TZ=America/New_York 0 * * * ?', '2012-03-11T03:00:00-04:00'],
    ['2012-03-11T03:00:00-04:00', 'TZ=America/New_York 0 * * * ?', '2012-03-11T04:00:00-04:00'],
    ['2012-03-11T00:00:00-05:00', 'CRON_TZ=America/New_York 0 * * * ?', '2012-03-11T01:00:00-05:00'],
    ['2012-03-11T01:00:00-05:00', 'TZ=America/New_York 0 1 * * ?', '2012-03-12T01:00:00-04:00'],
    // 2 am does not exist on 2012-03-11: skipped (v3.0.1 has no ISC-style run at 3 am).
    ['2012-03-11T00:00:00-05:00', 'TZ=America/New_York 0 2 * * ?', '2012-03-12T02:00:00-04:00'],
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 * * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', 'TZ=America/New_York 0 * * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', 'TZ=America/New_York 0 * * * ?', '2012-11-04T02:00:00-05:00'],
    // 1 am happens twice on 2012-11-04, and runs twice.
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 1 * * ?', '2012-11-04T01:00:00-04:00'],
    ['2012-11-04T01:00:00-04:00', 'TZ=America/New_York 0 1 * * ?', '2012-11-04T01:00:00-05:00'],
    ['2012-11-04T01:00:00-05:00', 'TZ=America/New_York 0 1 * * ?', '2012-11-05T01:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 2 * * ?', '2012-11-04T02:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 3 * * ?', '2012-11-04T03:00:00-05:00'],
    ['2012-11-04T00:00:00-04:00', 'TZ=America/New_York 0 3 3 * ?', '2012-12-03T03:00:00-05:00'],
    // Midnight does not exist in Sao Paulo on 2018-11-04 (robfig issue 157).
    ['2018-10-17T05:00:00-04:00', 'TZ=America/Sao_Paulo 0 9 10 * ?', '2018-11-10T06:00:00-05:00'],
    ['2018-02-14T05:00:00-05:00', 'TZ=America/Sao_Paulo 0 9 22 * ?', '2018-02-22T07:00:00-05:00'],
  ];
  it.each(dst)('after %s, %s is next at %s', (from, spec, want) => {
    expect(parse(spec).next(Date.parse(from))).toBe(Date.parse(want));
  });
  it('loadTimeZone refuses Local, wrong case and unknown names with Go\'s message', () => {
    expect(loadTimeZone('Local')).toBe('unknown time zone Local');
    expect(loadTimeZone('america/new_york')).toBe('unknown time zone america/new_york');
    expect(loadTimeZone('Mars/Olympus')).toBe('unknown time zone Mars/Olympus');
    expect(typeof loadTimeZone('US/Eastern')).toBe('object');
    expect(typeof loadTimeZone('Etc/UTC')).toBe('object');
  });
});

describe('parseCronSchedule: errors (robfig parser, messages verbatim, §Q.1)', () => {
  const cases: [string, string][] = [
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 * * * * *', 'expected exactly 5 fields, found 6: [0 * * * * *]'],
    ['0 0 * * * * *', 'expected exactly 5 fields, found 7: [0 0 * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * 32 * *', 'end of range (32) above maximum (31): 32'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['* * * * 1-7', 'end of range (7) above maximum (6): 1-7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['* * * * L', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['* * * * MON#2', 'failed to parse int from MON#2: strconv.Atoi: parsing "MON#2": invalid syntax'],
    ['* * L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ['-1 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['@reboot', 'unrecognized descriptor: @reboot'],
    ['@every', 'unrecognized descriptor: @every'],
    ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ['@every 5x', 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ['TZ=Mars/Base * * * * *', 'provided bad location Mars/Base: unknown time zone Mars/Base'],
  ];
  it.each(cases)('%j → %s', (spec, message) => {
    expect(parseCronSchedule(spec)).toBe(message);
  });
});
