import { describe, expect, it } from 'vitest';
import { PodkitError, formatDuration, parseDuration } from 'podkit';

// Cases restated from Go's time_test.go (parseDurationTests / durationTests), in milliseconds.
describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['+0', 0],
    ['5s', 5_000],
    ['30s', 30_000],
    ['1478s', 1_478_000],
    ['-5s', -5_000],
    ['+5s', 5_000],
    ['5.0s', 5_000],
    ['5.6s', 5_600],
    ['5.s', 5_000],
    ['.5s', 500],
    ['1.004s', 1_004],
    ['100.00100s', 100_001],
    ['10ns', 0.00001],
    ['11us', 0.011],
    ['12\u00b5s', 0.012],
    ['12\u03bcs', 0.012],
    ['13ms', 13],
    ['15m', 900_000],
    ['16h', 57_600_000],
    ['3h30m', 12_600_000],
    ['10.5s4m', 250_500],
    ['-2m3.4s', -123_400],
    ['1h2m3s4ms5us6ns', 3_723_004.005006],
    ['39h9m14.425s', 140_954_425],
    ['90s', 90_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
  ])('reads the Go duration %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toBeCloseTo(ms, 9);
  });

  it('accepts d as 24 hours, a documented podkit extension that Go lacks', () => {
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('1d12h')).toBe(129_600_000);
  });

  it('returns a finite number of milliseconds unchanged', () => {
    expect(parseDuration(250)).toBe(250);
    expect(parseDuration(0)).toBe(0);
  });

  it.each([
    ['', 'empty'],
    ['3', 'missing unit'],
    ['-', 'no number'],
    ['s', 'expected a number'],
    ['.', 'expected a number'],
    ['-.', 'expected a number'],
    ['.s', 'expected a number'],
    ['+.s', 'expected a number'],
    ['10x', 'unknown unit "x"'],
    ['1 s', 'unknown unit " s"'],
    ['PT10S', 'expected a number'],
    ['1.5', 'missing unit'],
  ])('rejects %j with invalid_argument naming the input (%s)', (input, why) => {
    let error: unknown;
    try {
      parseDuration(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PodkitError);
    expect((error as PodkitError).code).toBe('invalid_argument');
    expect((error as PodkitError).message).toContain(JSON.stringify(input));
    expect((error as PodkitError).message).toContain(why);
    expect((error as PodkitError).details).toMatchObject({ input });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('rejects the non-finite number %d', (input) => {
    expect(() => parseDuration(input)).toThrow(/finite/);
  });

  it('names the field path when one is given', () => {
    expect(() => parseDuration('soon', 'spec.timeout')).toThrow(/^spec\.timeout: Expected/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [0.000001, '1ns'],
    [0.0011, '1.1\u00b5s'],
    [2.2, '2.2ms'],
    [500, '500ms'],
    [3_300, '3.3s'],
    [20_000, '20s'],
    [90_000, '1m30s'],
    [245_000, '4m5s'],
    [245_001, '4m5.001s'],
    [300_000, '5m0s'],
    [18_367_001, '5h6m7.001s'],
    [480_000.000001, '8m0.000000001s'],
    [3_600_000, '1h0m0s'],
    [259_200_000, '72h0m0s'],
    [-1_500, '-1.5s'],
  ])('writes %d ms as Go does: %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes the kubelet CrashLoopBackOff cap as 5m0s', () => {
    expect(`back-off ${formatDuration(parseDuration('300s'))} restarting failed container=app`).toBe(
      'back-off 5m0s restarting failed container=app',
    );
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1_000, 61_000, 3_723_004, 86_400_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });

  it('rejects a non-finite number', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(PodkitError);
  });
});
