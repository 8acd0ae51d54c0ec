import { describe, expect, it } from 'vitest';
import { START, logLines, setup } from './fake-harness.js';

/** Starts `command`, stops it with `grace` seconds, and reports when and how it ended. */
async function stopOutcome(command: string[], grace: number, options: { init?: boolean; stopSignal?: string } = {}) {
  const { rt, clock, run } = await setup(options.init === undefined ? {} : { init: options.init });
  const id = await run('c', command, options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal });
  await clock.advance('100ms');
  const t0 = clock.now();
  let stoppedAt = -1;
  void rt.stopContainer(id, grace).then(() => (stoppedAt = clock.now() - t0));
  await clock.advance(`${grace + 5}s`);
  const status = await rt.containerStatus(id);
  const logs = (await logLines(rt, id)).map((l) => l.text);
  return { stoppedAt, exitCode: status.exitCode, signal: status.signal, finished: (status.finishedAt ?? 0) - t0, logs };
}

// Docker without --init: the main process is PID 1, which ignores signals it has no handler for.
describe('FakeRuntime stop and signals (§F.2, §F.4)', () => {
  it('runs a TERM trap after the current sleep: trap exit 0 in a sleep 1 loop exits 0 within a second', async () => {
    const r = await stopOutcome(['sh', '-c', "trap 'echo got-term; exit 0' TERM; while true; do sleep 1; done"], 30);
    expect(r.exitCode).toBe(0);
    expect(r.stoppedAt).toBeLessThanOrEqual(1_000);
    expect(r.logs).toEqual(['got-term']);
  });

  it('does not interrupt a foreground sleep: the trap runs when the sleep ends, after the grace period the container is killed', async () => {
    const r = await stopOutcome(['sh', '-c', "trap 'echo got-term; exit 0' TERM; sleep 3600"], 10);
    expect(r).toMatchObject({ exitCode: 137, signal: 9, stoppedAt: 10_000, logs: [] });
  });

  it('runs the trap at once while the shell is in wait', async () => {
    const r = await stopOutcome(['sh', '-c', "trap 'echo bye; exit 0' TERM; sleep 3600 & wait"], 30);
    expect(r).toMatchObject({ exitCode: 0, stoppedAt: 0, logs: ['bye'] });
  });

  it('kills a container that ignores TERM (trap "") with 137 at the end of the grace period', async () => {
    const r = await stopOutcome(['sh', '-c', "trap '' TERM; while true; do sleep 1; done"], 5);
    expect(r).toMatchObject({ exitCode: 137, signal: 9, stoppedAt: 5_000, finished: 5_000 });
  });

  it('keeps running after a trap that does not exit, and kills it at the end of the grace period', async () => {
    const r = await stopOutcome(['sh', '-c', "trap 'echo term' TERM; while true; do sleep 1; done"], 3);
    expect(r).toMatchObject({ exitCode: 137, stoppedAt: 3_000, logs: ['term'] });
  });

  it('ignores TERM in PID 1 without a handler (sleep 3600 is killed after the grace period)', async () => {
    const r = await stopOutcome(['sleep', '3600'], 10);
    expect(r).toMatchObject({ exitCode: 137, signal: 9, stoppedAt: 10_000 });
  });

  it('with init: true, TERM kills a process without a handler at once with 143 (signal 15)', async () => {
    const r = await stopOutcome(['sleep', '3600'], 10, { init: true });
    expect(r).toMatchObject({ exitCode: 143, signal: 15, stoppedAt: 0 });
  });

  it('kills at once with a grace period of 0', async () => {
    const r = await stopOutcome(['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"], 0);
    expect(r).toMatchObject({ exitCode: 137, signal: 9, stoppedAt: 0 });
  });

  it('sends the configured stop signal instead of TERM', async () => {
    const r = await stopOutcome(['sh', '-c', "trap 'exit 5' INT; trap 'exit 6' TERM; while true; do sleep 1; done"], 30, { stopSignal: 'SIGINT' });
    expect(r.exitCode).toBe(5);
  });

  it('sends the image stop signal when the container has none', async () => {
    const { rt, clock, sandboxId } = await setup();
    rt.addImage('quitter:1', { stopSignal: 'SIGQUIT', present: true });
    const id = await rt.createContainer(sandboxId, { name: 'q', attempt: 0, image: 'quitter:1', command: ['sh', '-c', "trap 'exit 3' QUIT; while true; do sleep 1; done"], env: [], mounts: [], labels: {} });
    await rt.startContainer(id);
    void rt.stopContainer(id, 30);
    await clock.advance('2s');
    expect((await rt.containerStatus(id)).exitCode).toBe(3);
  });

  it('runs the EXIT trap when a TERM trap exits', async () => {
    const r = await stopOutcome(['sh', '-c', "trap 'echo cleanup' EXIT; trap 'exit 0' TERM; while true; do sleep 1; done"], 30);
    expect(r).toMatchObject({ exitCode: 0, logs: ['cleanup'] });
  });

  it('lets a process signal PID 1 with kill (from exec)', async () => {
    const { rt, clock, run } = await setup();
    const id = await run('k', ['sh', '-c', "trap 'exit 9' USR1; while true; do sleep 1; done"]);
    await clock.advance(0);
    expect(await rt.exec(id, ['sh', '-c', 'kill -USR1 1'])).toMatchObject({ exitCode: 0 });
    await clock.advance('1s');
    expect((await rt.containerStatus(id)).exitCode).toBe(9);
    expect((await rt.exec(id, ['true']).catch((e: { code: string }) => e.code))).toBe('conflict');
  });

  it('stops a stopped or missing container as a no-op', async () => {
    const { rt, clock, run } = await setup();
    const id = await run('done', ['true']);
    await clock.advance(0);
    await rt.stopContainer(id, 10);
    await rt.stopContainer('missing', 10);
    expect((await rt.containerStatus(id)).finishedAt).toBe(START);
  });
});
