import { describe, expect, it } from 'vitest';
import { setup } from './fake-harness.js';

describe('FakeRuntime.exec of a program that ends synchronously', () => {
  it('answers without arming a timeout timer (it could not fire before the program ended)', async () => {
    const { clock, rt, run } = await setup();
    const id = await run('app', ['sleep', '3600']);
    const pending = clock.pendingTimers();
    const answer = rt.exec(id, ['true'], { timeoutMs: 1_000 });
    expect(clock.pendingTimers()).toBe(pending);
    expect(await answer).toEqual({ exitCode: 0, stdout: '', stderr: '', timedOut: false });
    expect(await rt.exec(id, ['false'], { timeoutMs: 1_000 })).toEqual({ exitCode: 1, stdout: '', stderr: '', timedOut: false });
    expect(await rt.exec(id, ['echo', 'hi'], { timeoutMs: 1_000 })).toEqual({ exitCode: 0, stdout: 'hi\n', stderr: '', timedOut: false });
  });

  it('still rejects when the container is not running', async () => {
    const { rt, sandboxId } = await setup();
    const id = await rt.createContainer(sandboxId, { name: 'idle', attempt: 0, image: 'busybox:1.36', command: ['true'], env: [], mounts: [], labels: {} });
    await expect(rt.exec(id, ['true'])).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('FakeRuntime.exec of a program that waits', () => {
  it('arms the timeout and kills the process when it expires', async () => {
    const { clock, rt, run } = await setup();
    const id = await run('app', ['sleep', '3600']);
    const pending = clock.pendingTimers();
    const answer = rt.exec(id, ['sleep', '5'], { timeoutMs: 1_000 });
    await Promise.resolve();
    expect(clock.pendingTimers()).toBe(pending + 2); // the sleep and the timeout
    await clock.advance('1s');
    expect(await answer).toEqual({ exitCode: 137, stdout: '', stderr: '', timedOut: true });
    expect(clock.pendingTimers()).toBe(pending);
  });

  it('ends every running exec process with 137 when the container exits, in start order', async () => {
    const { clock, rt, run } = await setup();
    const id = await run('app', ['sleep', '3600']);
    const ended: string[] = [];
    const first = rt.exec(id, ['sleep', '100']).then((r) => (ended.push('first'), r));
    const second = rt.exec(id, ['sleep', '200']).then((r) => (ended.push('second'), r));
    const quick = await rt.exec(id, ['true']);
    expect(quick.exitCode).toBe(0);
    await clock.advance('1s');
    await rt.stopContainer(id, 0);
    expect(await first).toMatchObject({ exitCode: 137, timedOut: false });
    expect(await second).toMatchObject({ exitCode: 137, timedOut: false });
    expect(ended).toEqual(['first', 'second']);
  });

  it('resolves an exec process that ends on its own while others still run', async () => {
    const { clock, rt, run } = await setup();
    const id = await run('app', ['sleep', '3600']);
    const long = rt.exec(id, ['sleep', '100']);
    const short = rt.exec(id, ['sh', '-c', 'sleep 2; echo done']);
    await clock.advance('2s');
    expect(await short).toEqual({ exitCode: 0, stdout: 'done\n', stderr: '', timedOut: false });
    await clock.advance('98s');
    expect(await long).toEqual({ exitCode: 0, stdout: '', stderr: '', timedOut: false });
  });
});
