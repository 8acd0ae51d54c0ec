import { describe, expect, it } from 'vitest';
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
});
