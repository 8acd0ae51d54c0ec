import { describe, expect, it } from 'vitest';
import { PodkitError, type Clock } from 'podkit';
import { VirtualClock } from 'podkit/testing';

const START = Date.UTC(2024, 0, 1);

describe('VirtualClock', () => {
  it('starts at 2024-01-01T00:00:00Z by default and at the given start otherwise', () => {
    expect(new VirtualClock().now()).toBe(START);
    expect(new VirtualClock({ start: '2030-05-01T10:00:00Z' }).now()).toBe(Date.UTC(2030, 4, 1, 10));
    expect(new VirtualClock({ start: 42 }).now()).toBe(42);
    expect(new VirtualClock({ start: new Date(7) }).now()).toBe(7);
  });

  it('implements the Clock port', () => {
    const clock: Clock = new VirtualClock();
    expect(typeof clock.sleep).toBe('function');
  });

  it('stands still until advanced', async () => {
    const clock = new VirtualClock();
    let fired = false;
    clock.setTimeout(() => (fired = true), 0);
    await new Promise((r) => setTimeout(r, 5));
    expect(fired).toBe(false);
    expect(clock.now()).toBe(START);
  });

  it('runs timers by due time, then by creation order, at their due time', async () => {
    const clock = new VirtualClock();
    const seen: [string, number][] = [];
    const at = (name: string) => () => seen.push([name, clock.now() - START]);
    clock.setTimeout(at('c'), 300);
    clock.setTimeout(at('a1'), 100);
    clock.setTimeout(at('b'), 200);
    clock.setTimeout(at('a2'), 100);
    clock.setTimeout(at('zero'), 0);
    clock.setTimeout(at('negative'), -5);
    await clock.advance('250ms');
    expect(seen).toEqual([['zero', 0], ['negative', 0], ['a1', 100], ['a2', 100], ['b', 200]]);
    expect(clock.now() - START).toBe(250);
    await clock.advance(50);
    expect(seen.at(-1)).toEqual(['c', 300]);
  });

  it('accepts Go duration strings and rejects negative or malformed ones', async () => {
    const clock = new VirtualClock();
    await clock.advance('1h30m');
    expect(clock.now() - START).toBe(5_400_000);
    await expect(clock.advance(-1)).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(clock.advance('soon')).rejects.toBeInstanceOf(PodkitError);
  });

  it('does not run cancelled timers and ignores foreign or repeated cancels', async () => {
    const clock = new VirtualClock();
    let ran = 0;
    const h = clock.setTimeout(() => ran++, 10);
    clock.setTimeout(() => ran++, 20);
    expect(clock.pendingTimers()).toBe(2);
    clock.clearTimeout(h);
    clock.clearTimeout(h);
    clock.clearTimeout({ id: 2 });
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(START + 20);
    await clock.advance(100);
    expect(ran).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('lets a timer cancel a later timer of the same instant', async () => {
    const clock = new VirtualClock();
    const ran: string[] = [];
    let second: ReturnType<Clock['setTimeout']> | undefined;
    clock.setTimeout(() => {
      ran.push('first');
      if (second) clock.clearTimeout(second);
    }, 10);
    second = clock.setTimeout(() => ran.push('second'), 10);
    await clock.advance(10);
    expect(ran).toEqual(['first']);
  });

  it('settles promise chains started by a timer before moving on, so their sleeps start at the right time', async () => {
    const clock = new VirtualClock();
    const log: number[] = [];
    const work = async (): Promise<void> => {
      await Promise.resolve();
      await (async () => {
        for (let i = 0; i < 20; i++) await null;
      })();
      await clock.sleep(10);
      log.push(clock.now() - START);
      await clock.sleep(10);
      log.push(clock.now() - START);
    };
    clock.setTimeout(() => void work(), 5);
    await clock.advance(30);
    expect(log).toEqual([15, 25]);
  });

  it('settles work started before advance() so its timers are registered at the current time', async () => {
    const clock = new VirtualClock();
    let woke = -1;
    void (async () => {
      for (let i = 0; i < 50; i++) await null;
      await clock.sleep(1_000);
      woke = clock.now() - START;
    })();
    await clock.advance('1s');
    expect(woke).toBe(1_000);
  });

  it('runs a zero-delay timer added by a timer in the same advance, after the chains of that instant settle', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      order.push('outer');
      void Promise.resolve().then(() => order.push('outer-microtask'));
      clock.setTimeout(() => order.push('inner'), 0);
    }, 5);
    await clock.advance(5);
    expect(order).toEqual(['outer', 'outer-microtask', 'inner']);
  });

  it('settles work chained with queueMicrotask', async () => {
    const clock = new VirtualClock();
    let at = -1;
    clock.setTimeout(() => {
      queueMicrotask(() => {
        void clock.sleep(7).then(() => (at = clock.now() - START));
      });
    }, 1);
    await clock.advance(10);
    expect(at).toBe(8);
  });

  it.each([
    [
      'a rejection caught through nested async functions',
      async (clock: VirtualClock) => {
        const inner = async (): Promise<number> => {
          await null;
          throw new Error('exit');
        };
        const guard = async (fn: () => Promise<number>): Promise<number> => {
          try {
            return await fn();
          } catch {
            return 0;
          }
        };
        await guard(async () => (await inner()) + 1);
        await clock.sleep(10);
      },
    ],
    [
      'an exit thrown from a loop after a sleep and caught two levels up',
      async (clock: VirtualClock) => {
        class Exit {}
        const trap = async (): Promise<void> => {
          await null;
          await null;
          throw new Exit();
        };
        const loop = async (): Promise<void> => {
          for (;;) {
            await clock.sleep(5);
            await trap();
          }
        };
        const guard = async (fn: () => Promise<number>): Promise<number> => {
          try {
            return await fn();
          } catch {
            return 0;
          }
        };
        await guard(async () => {
          await loop();
          return 1;
        });
        await clock.sleep(5);
      },
    ],
    [
      'Promise.all, Promise.race and an async generator',
      async (clock: VirtualClock) => {
        async function* gen(): AsyncGenerator<number> {
          for (let i = 0; i < 3; i++) yield i;
        }
        for await (const _ of gen()) await Promise.all([Promise.resolve(1), (async () => 2)()]);
        await Promise.race([new Promise(() => {}), Promise.resolve()]);
        await clock.sleep(10);
      },
    ],
    [
      'thenables and nested queueMicrotask',
      async (clock: VirtualClock) => {
        await { then: (r: (v: number) => void) => r(1) };
        await new Promise<void>((r) => queueMicrotask(() => queueMicrotask(r)));
        await clock.sleep(10);
      },
    ],
  ])('settles %s before running later timers', async (_name, work) => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      void work(clock).then(() => order.push(`work done at ${clock.now() - START}`));
    }, 1_000);
    clock.setTimeout(() => order.push(`later timer at ${clock.now() - START}`), 30_000);
    await clock.advance('35s');
    expect(order).toEqual(['work done at 1010', 'later timer at 30000']);
  });

  it('settles process.nextTick and queueMicrotask work of a synchronous timer before the next instant', async () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.setTimeout(() => {
      process.nextTick(() => void clock.sleep(5).then(() => order.push(`tick work at ${clock.now() - START}`)));
      queueMicrotask(() => void clock.sleep(7).then(() => order.push(`microtask work at ${clock.now() - START}`)));
    }, 10);
    clock.setTimeout(() => order.push(`next instant at ${clock.now() - START}`), 16);
    await clock.advance(20);
    expect(order).toEqual(['tick work at 15', 'next instant at 16', 'microtask work at 17']);
  });

  it('restores queueMicrotask and process.nextTick once it stops advancing', async () => {
    const { queueMicrotask: qm } = globalThis;
    const { nextTick } = process;
    const clock = new VirtualClock();
    clock.setTimeout(() => {
      expect(globalThis.queueMicrotask).not.toBe(qm);
    }, 1);
    await clock.advance(1);
    expect(globalThis.queueMicrotask).toBe(qm);
    expect(process.nextTick).toBe(nextTick);
  });

  it('advances to an absolute time with advanceTo and refuses to go backwards', async () => {
    const clock = new VirtualClock();
    await clock.advanceTo('2024-01-01T00:01:00Z');
    expect(clock.now() - START).toBe(60_000);
    await expect(clock.advanceTo(START)).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('runUntilIdle runs every timer, including ones added on the way', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now() - START);
      clock.setTimeout(() => seen.push(clock.now() - START), 5_000);
    }, 1_000);
    await clock.runUntilIdle();
    expect(seen).toEqual([1_000, 6_000]);
    expect(clock.now() - START).toBe(6_000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runUntilIdle fails clearly on a periodic timer that never stops', async () => {
    const clock = new VirtualClock();
    const tick = (): void => {
      clock.setTimeout(tick, 10_000);
    };
    tick();
    const error = await clock.runUntilIdle({ maxTimers: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PodkitError);
    expect((error as PodkitError).code).toBe('timeout');
    expect((error as PodkitError).message).toMatch(/fired 50 timers.*periodic/);
  });

  it('rejects a nested or concurrent advance', async () => {
    const clock = new VirtualClock();
    const first = clock.advance(10);
    await expect(clock.advance(10)).rejects.toMatchObject({ code: 'conflict' });
    await first;
  });

  it('rejects advance with the error a timer throws and keeps later timers pending', async () => {
    const clock = new VirtualClock();
    let later = false;
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 10);
    clock.setTimeout(() => (later = true), 20);
    await expect(clock.advance(30)).rejects.toThrow('boom');
    expect(clock.now() - START).toBe(10);
    expect(later).toBe(false);
    await clock.advance(10);
    expect(later).toBe(true);
  });

  it('rejects a non-finite delay', () => {
    expect(() => new VirtualClock().setTimeout(() => {}, Number.POSITIVE_INFINITY)).toThrow(PodkitError);
  });

  it('compacts cancelled timers so create-and-cancel loops do not grow the heap', async () => {
    const clock = new VirtualClock();
    for (let i = 0; i < 50_000; i++) clock.clearTimeout(clock.setTimeout(() => {}, 1_000 + i));
    const keep = clock.setTimeout(() => {}, 5);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(START + 5);
    clock.clearTimeout(keep);
    await clock.runUntilIdle();
    expect(clock.now()).toBe(START);
  });

  it('runs 200k timers spread over an hour in order', async () => {
    const clock = new VirtualClock();
    let last = -1;
    let outOfOrder = 0;
    let count = 0;
    let seed = 7;
    for (let i = 0; i < 200_000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
      clock.setTimeout(() => {
        const t = clock.now();
        if (t < last) outOfOrder++;
        last = t;
        count++;
      }, seed % 3_600_000);
    }
    await clock.advance('1h');
    expect(count).toBe(200_000);
    expect(outOfOrder).toBe(0);
  });
});

describe('VirtualClock low-priority timers', () => {
  it('run after every other timer due at the same instant, and after the timers and promise work those start', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    clock.setTimeout(() => log.push('low'), 0, { lowPriority: true });
    clock.setTimeout(() => {
      log.push('a');
      clock.setTimeout(() => log.push('a-again'), 0);
      void Promise.resolve().then(() => Promise.resolve()).then(() => {
        log.push('a-promise');
        clock.setTimeout(() => log.push('a-promise-timer'), 0);
      });
    }, 0);
    clock.setTimeout(() => log.push('b'), 0);
    await clock.advance(0);
    expect(log).toEqual(['a', 'b', 'a-promise', 'a-again', 'a-promise-timer', 'low']);
  });

  it('with a delay, wait at their due time behind the plain timers due then, never before', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const log: string[] = [];
    clock.setTimeout(() => log.push(`low@${clock.now() - t0}`), 1_000, { lowPriority: true });
    clock.setTimeout(() => log.push(`plain@${clock.now() - t0}`), 1_000);
    clock.setTimeout(() => log.push(`later@${clock.now() - t0}`), 1_001);
    expect(clock.pendingTimers()).toBe(3);
    expect(clock.nextTimerAt()).toBe(t0 + 1_000);
    await clock.advance('999ms');
    expect(log).toEqual([]);
    await clock.advance('2ms');
    expect(log).toEqual(['plain@1000', 'low@1000', 'later@1001']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('can be cancelled before and after they fall due', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    const early = clock.setTimeout(() => log.push('early'), 500, { lowPriority: true });
    const now = clock.setTimeout(() => log.push('now'), 0, { lowPriority: true });
    clock.setTimeout(() => clock.clearTimeout(now), 0);
    clock.clearTimeout(early);
    expect(clock.pendingTimers()).toBe(2);
    await clock.advance('1s');
    expect(log).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('count towards runUntilIdle and report the instant as the next timer', async () => {
    const clock = new VirtualClock();
    let ran = 0;
    clock.setTimeout(() => ran++, 0, { lowPriority: true });
    expect(clock.nextTimerAt()).toBe(clock.now());
    await clock.runUntilIdle();
    expect(ran).toBe(1);
  });
});
