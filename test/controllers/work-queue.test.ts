import { describe, expect, it } from 'vitest';
import { WorkQueue, exponentialRateLimiter, bucketRateLimiter, maxOfRateLimiter, defaultControllerRateLimiter } from 'podkit';
import { VirtualClock } from 'podkit/testing';

const drain = async (q: WorkQueue<string>): Promise<string[]> => {
  const out: string[] = [];
  while (q.length > 0) {
    const k = await q.get();
    if (k === undefined) break;
    out.push(k);
    q.done(k);
  }
  return out;
};

describe('WorkQueue', () => {
  it('holds a waiting key once however often it is added (client-go de-duplication)', async () => {
    const q = new WorkQueue<string>({ clock: new VirtualClock() });
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await drain(q)).toEqual(['a', 'b']);
  });

  it('never hands a key being processed to a second worker, and requeues it after done if re-added', async () => {
    const q = new WorkQueue<string>({ clock: new VirtualClock() });
    q.add('a');
    const first = await q.get();
    expect(first).toBe('a');
    q.add('a');
    expect(q.length).toBe(0);
    q.done('a');
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
  });

  it('wakes a waiting worker when a key is added', async () => {
    const q = new WorkQueue<string>({ clock: new VirtualClock() });
    const pending = q.get();
    q.add('x');
    expect(await pending).toBe('x');
    expect(q.processing).toBe(1);
  });

  it('adds a key after a delay on the clock, and the earliest delayed add wins', async () => {
    const clock = new VirtualClock();
    const q = new WorkQueue<string>({ clock });
    q.addAfter('a', 10_000);
    q.addAfter('a', 5_000);
    q.addAfter('a', 20_000);
    await clock.advance('4s');
    expect(q.length).toBe(0);
    await clock.advance('1s');
    expect(q.length).toBe(1);
    await clock.advance('30s');
    expect(q.length).toBe(1);
  });

  it('requeues rate-limited keys with exponential back-off and forgets on success', async () => {
    const clock = new VirtualClock();
    const q = new WorkQueue<string>({ clock, rateLimiter: exponentialRateLimiter(1_000, 60_000) });
    q.addRateLimited('a'); // 1s
    expect(q.numRequeues('a')).toBe(1);
    await clock.advance(999);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(q.length).toBe(1);
    await drain(q);
    q.addRateLimited('a'); // 2s
    await clock.advance(1_999);
    expect(q.length).toBe(0);
    await clock.advance(1);
    expect(q.length).toBe(1);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });

  it('resolves idle workers with undefined on shut-down and drops delayed adds', async () => {
    const clock = new VirtualClock();
    const q = new WorkQueue<string>({ clock });
    const waiting = q.get();
    q.addAfter('later', 1_000);
    q.shutDown();
    expect(await waiting).toBeUndefined();
    await clock.advance('2s');
    expect(q.length).toBe(0);
    q.add('x');
    expect(q.length).toBe(0);
  });

  it('rejects done() for a key that is not being processed', () => {
    const q = new WorkQueue<string>({ clock: new VirtualClock() });
    expect(() => q.done('nope')).toThrowError(/not being processed/);
  });
});

describe('rate limiters', () => {
  it('exponential: base × 2^n capped at max (client-go ItemExponentialFailureRateLimiter)', () => {
    const l = exponentialRateLimiter<string>(5, 40);
    expect([1, 2, 3, 4, 5].map(() => l.when('k', 0))).toEqual([5, 10, 20, 40, 40]);
    expect(l.when('other', 0)).toBe(5);
    l.forget('k');
    expect(l.when('k', 0)).toBe(5);
  });

  it('bucket: allows a burst, then spaces items at 1/qps (client-go BucketRateLimiter)', () => {
    const l = bucketRateLimiter<string>(10, 2);
    expect(l.when('a', 0)).toBe(0);
    expect(l.when('b', 0)).toBe(0);
    expect(l.when('c', 0)).toBe(100);
    expect(l.when('d', 0)).toBe(200);
    expect(l.when('e', 10_000)).toBe(0);
  });

  it('max-of takes the longest delay, and the default combines 5 ms exponential with 10 qps / 100 burst', () => {
    const l = maxOfRateLimiter(exponentialRateLimiter<string>(5, 1_000), bucketRateLimiter<string>(1, 1));
    expect(l.when('a', 0)).toBe(5);
    expect(l.when('a', 0)).toBe(1_000);
    const d = defaultControllerRateLimiter<string>();
    expect(d.when('x', 0)).toBe(5);
    expect(d.when('x', 0)).toBe(10);
  });
});
