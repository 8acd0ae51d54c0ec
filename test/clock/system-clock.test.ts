import { describe, expect, it, vi } from 'vitest';
import { SystemClock } from 'podkit';

describe('SystemClock', () => {
  it('fires a timer after its delay and not after clearTimeout', async () => {
    const clock = new SystemClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('a'), 5);
    const b = clock.setTimeout(() => fired.push('b'), 5);
    clock.clearTimeout(b);
    await clock.sleep(30);
    expect(fired).toEqual(['a']);
  });

  it('reads the wall clock', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
  });

  it('waits the whole delay beyond the host timer limit (2^31-1 ms), and can still be cleared', () => {
    vi.useFakeTimers();
    try {
      const clock = new SystemClock();
      const fired: string[] = [];
      const fortyDays = 40 * 24 * 3600 * 1000;
      clock.setTimeout(() => fired.push('long'), fortyDays);
      const cleared = clock.setTimeout(() => fired.push('cleared'), fortyDays);
      vi.advanceTimersByTime(2_147_483_647 + 10);
      expect(fired).toEqual([]);
      clock.clearTimeout(cleared);
      vi.advanceTimersByTime(fortyDays);
      expect(fired).toEqual(['long']);
    } finally {
      vi.useRealTimers();
    }
  });
});
