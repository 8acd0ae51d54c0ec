import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PodkitError } from 'podkit';
import { QUANTITY_FORMAT_ERROR, compareQuantities, parseQuantity, quantityToMilli, quantityToValue } from 'podkit/model';

// Cases restated from k8s.io/apimachinery/pkg/api/resource quantity_test.go (TestQuantityParse,
// TestQuantityString): value in nano units, canonical text, format.
describe('parseQuantity', () => {
  it.each([
    ['500m', 500_000_000n, '500m', 'DecimalSI'],
    ['0.5', 500_000_000n, '500m', 'DecimalSI'],
    ['0.1', 100_000_000n, '100m', 'DecimalSI'],
    ['1', 1_000_000_000n, '1', 'DecimalSI'],
    ['0', 0n, '0', 'DecimalSI'],
    ['128Mi', 128n * 1024n * 1024n * 1_000_000_000n, '128Mi', 'BinarySI'],
    ['1Ki', 1024n * 1_000_000_000n, '1Ki', 'BinarySI'],
    ['1024Mi', 1024n ** 3n * 1_000_000_000n, '1Gi', 'BinarySI'],
    ['1.5Ki', 1536n * 1_000_000_000n, '1536', 'BinarySI'],
    ['0.5Gi', 512n * 1024n * 1024n * 1_000_000_000n, '512Mi', 'BinarySI'],
    ['100Ki', 102_400n * 1_000_000_000n, '100Ki', 'BinarySI'],
    ['0.1Ki', 102_400_000_000n, '102400m', 'BinarySI'],
    ['1G', 10n ** 18n, '1G', 'DecimalSI'],
    ['1000', 10n ** 12n, '1k', 'DecimalSI'],
    ['1e3', 10n ** 12n, '1e3', 'DecimalExponent'],
    ['1E3', 10n ** 12n, '1E3', 'DecimalExponent'],
    ['10e3', 10n ** 13n, '10e3', 'DecimalExponent'],
    ['1000e3', 10n ** 15n, '1e6', 'DecimalExponent'],
    ['1.5e3', 1500n * 10n ** 9n, '1500', 'DecimalExponent'],
    ['100n', 100n, '100n', 'DecimalSI'],
    ['1.5', 1_500_000_000n, '1500m', 'DecimalSI'],
    ['1.0', 1_000_000_000n, '1', 'DecimalSI'],
    ['-1', -1_000_000_000n, '-1', 'DecimalSI'],
    ['.5', 500_000_000n, '500m', 'DecimalSI'],
    ['1.', 1_000_000_000n, '1.', 'DecimalSI'],
    ['Ki', 0n, '0', 'BinarySI'],
    ['0.0000000001', 1n, '1n', 'DecimalSI'],
    ['1u', 1000n, '1u', 'DecimalSI'],
    ['2E', 2n * 10n ** 27n, '2E', 'DecimalSI'],
    [' 1Gi ', 1024n ** 3n * 1_000_000_000n, '1Gi', 'BinarySI'],
  ] as const)('parses %j as %s nano, canonical %j (%s)', (input, nano, canonical, format) => {
    const q = parseQuantity(input);
    expect(q.nano).toBe(nano);
    expect(q.canonical).toBe(canonical);
    expect(q.format).toBe(format);
  });

  it.each([
    [0.1, 100_000_000n, '100m'],
    [1, 1_000_000_000n, '1'],
    [2048, 2048n * 1_000_000_000n, '2048'],
    [1e21, 10n ** 30n, '1e+21'],
  ] as const)('reads the number %d from its decimal text (%s nano)', (input, nano, canonical) => {
    const q = parseQuantity(input);
    expect(q.nano).toBe(nano);
    expect(q.canonical).toBe(canonical);
  });

  it('keeps a canonical string as written, as Quantity.String() caches it (01 stays 01, 1. stays 1.)', () => {
    expect(parseQuantity('01').canonical).toBe('01');
    expect(parseQuantity('+1Ki').canonical).toBe('+1Ki');
  });

  it.each(['', 'abc', '1.5.5', '1Mi ok', '1 Gi', '1Zi', '5X'])('rejects %j with the regular-expression message', (bad) => {
    expect(() => parseQuantity(bad)).toThrowError(QUANTITY_FORMAT_ERROR);
  });

  it.each(['12e', '1Mi5', '1kk', '1mi', '--1'])("rejects %j with \"unable to parse quantity's suffix\"", (bad) => {
    expect(() => parseQuantity(bad)).toThrowError("unable to parse quantity's suffix");
  });

  it('rejects NaN and infinite numbers', () => {
    expect(() => parseQuantity(Number.NaN)).toThrowError(QUANTITY_FORMAT_ERROR);
    expect(() => parseQuantity(Number.POSITIVE_INFINITY)).toThrowError(PodkitError);
  });

  it('caps BinarySI values at 2^63-1 like upstream (8Ei)', () => {
    expect(parseQuantity('8Ei').nano).toBe(((1n << 63n) - 1n) * 1_000_000_000n);
  });

  it('refuses absurd exponents instead of allocating huge numbers', () => {
    expect(() => parseQuantity('1e99999999')).toThrowError(/too large/);
    expect(parseQuantity('1e-99999999').nano).toBe(1n);
  });

  it('is exact: the sum of ten 0.1 quantities is exactly 1', () => {
    const sum = Array.from({ length: 10 }, () => parseQuantity('0.1').nano).reduce((a, b) => a + b, 0n);
    expect(sum).toBe(parseQuantity('1').nano);
  });

  it('canonical text parses back to the same value (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom('', 'm', 'u', 'n', 'k', 'M', 'G', 'Ki', 'Mi', 'Gi', 'e3', 'e-2'),
        (n, suffix) => {
          const q = parseQuantity(`${n}${suffix}`);
          expect(parseQuantity(q.canonical).nano).toBe(q.nano);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('quantity conversions', () => {
  it.each([
    ['0.1', 100n],
    ['1', 1000n],
    ['500m', 500n],
    ['1n', 1n],
    ['1.0001', 1001n],
    ['-1n', 0n],
  ] as const)('quantityToMilli(%j) = %s (rounded up, as MilliValue)', (q, milli) => {
    expect(quantityToMilli(q)).toBe(milli);
  });

  it.each([
    ['1Ki', 1024n],
    ['128Mi', 134_217_728n],
    ['500m', 1n],
    ['1G', 1_000_000_000n],
  ] as const)('quantityToValue(%j) = %s (rounded up, as Value)', (q, v) => {
    expect(quantityToValue(q)).toBe(v);
  });

  it('compares exactly across formats', () => {
    expect(compareQuantities('1Gi', '1024Mi')).toBe(0);
    expect(compareQuantities('1G', '1Gi')).toBe(-1);
    expect(compareQuantities('0.5', '499m')).toBe(1);
  });
});
