import { describe, expect, it } from 'vitest';
import { isRuntimeError, type RuntimeEvent } from 'podkit';
import type { FakeFault } from 'podkit/testing';
import { START, containerConfig, sandboxConfig, setup } from './fake-harness.js';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (isRuntimeError(e) ? e.code : String(e)),
  );
}

describe('FakeRuntime fault injection', () => {
  it('fails pulls of an image with image_pull_failed for the given number of times', async () => {
    const { rt } = await setup();
    const handle = rt.inject({ image: 'nginx', fault: { type: 'pullFailure', message: 'toomanyrequests: rate limit' }, times: 2 });
    const first = await rt.ensureImage('docker.io/library/nginx:latest', { pullPolicy: 'Always' }).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'image_pull_failed', message: 'toomanyrequests: rate limit' });
    expect(await code(rt.ensureImage('nginx', { pullPolicy: 'Always' }))).toBe('image_pull_failed');
    expect(await rt.ensureImage('nginx', { pullPolicy: 'Always' })).toMatchObject({ pulled: true });
    expect(handle.triggered).toBe(2);
  });

  it('fails sandbox creation for a pod with create_failed', async () => {
    const { rt } = await setup();
    rt.inject({ pod: 'default/broken', fault: { type: 'sandboxFailure' } });
    expect(await code(rt.runPodSandbox(sandboxConfig('broken')))).toBe('create_failed');
    expect(await rt.runPodSandbox(sandboxConfig('fine'))).toMatch(/^sandbox-/);
  });

  it('fails container creation for a container name with create_failed and leaves nothing behind', async () => {
    const { rt, sandboxId } = await setup();
    rt.inject({ container: 'app', fault: { type: 'createFailure', message: 'no space left on device' } });
    const err = await rt.createContainer(sandboxId, containerConfig('app', ['true'])).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'create_failed', message: 'no space left on device' });
    expect(await rt.listContainers({ sandboxId })).toEqual([]);
    expect(await rt.createContainer(sandboxId, containerConfig('other', ['true']))).toMatch(/^container-/);
  });

  it('fails a start with start_failed and a StartError status (exit code 128 by default)', async () => {
    const { rt, sandboxId } = await setup();
    rt.inject({ pod: 'uid-web', container: 'app', fault: { type: 'startFailure', message: 'permission denied' }, times: 1 });
    const id = await rt.createContainer(sandboxId, containerConfig('app', ['sleep', '10']));
    expect(await code(rt.startContainer(id))).toBe('start_failed');
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', reason: 'StartError', exitCode: 128, message: 'permission denied' });
    const again = await rt.createContainer(sandboxId, containerConfig('app', ['sleep', '10'], { attempt: 1 }));
    await rt.startContainer(again);
    expect((await rt.containerStatus(again)).state).toBe('running');
  });

  it('delays a start with slowStart', async () => {
    const { rt, clock, sandboxId } = await setup();
    rt.inject({ container: 'slow', fault: { type: 'slowStart', ms: '5s' } });
    const id = await rt.createContainer(sandboxId, containerConfig('slow', ['sleep', '100']));
    let started = -1;
    void rt.startContainer(id).then(() => (started = clock.now() - START));
    await clock.advance('4s');
    expect((await rt.containerStatus(id)).state).toBe('created');
    await clock.advance('1s');
    expect(started).toBe(5_000);
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'running', startedAt: START + 5_000 });
  });

  it.each<[string, FakeFault, Record<string, unknown>]>([
    ['exit with a code', { type: 'exit', code: 3, afterMs: '30s' }, { exitCode: 3, reason: 'Error', oomKilled: false }],
    ['exit 0', { type: 'exit', code: 0, afterMs: 30_000 }, { exitCode: 0, reason: 'Completed' }],
    ['death by a signal', { type: 'signal', signal: 'SIGSEGV', afterMs: '30s' }, { exitCode: 139, signal: 11, reason: 'Error' }],
    ['an OOM kill', { type: 'oom', afterMs: '30s' }, { exitCode: 137, signal: 9, oomKilled: true, reason: 'OOMKilled' }],
  ])('ends a container at the given time: %s', async (_name, fault, expected) => {
    const { rt, clock, run } = await setup();
    rt.inject({ container: 'app', fault });
    const id = await run('app', ['sleep', '3600']);
    await clock.advance('29999ms');
    expect((await rt.containerStatus(id)).state).toBe('running');
    await clock.advance(1);
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', finishedAt: START + 30_000, ...expected });
  });

  it('keeps crashing every new container of a crash-looping pod until the fault is removed', async () => {
    const { rt, clock, sandboxId } = await setup();
    const handle = rt.inject({ pod: 'web', container: 'app', fault: { type: 'exit', code: 1, afterMs: '1s' } });
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await rt.createContainer(sandboxId, containerConfig('app', ['sleep', '3600'], { attempt }));
      await rt.startContainer(id);
      await clock.advance('1s');
      expect((await rt.containerStatus(id)).exitCode).toBe(1);
    }
    expect(handle.triggered).toBe(3);
    handle.remove();
    const id = await rt.createContainer(sandboxId, containerConfig('app', ['sleep', '3600'], { attempt: 3 }));
    await rt.startContainer(id);
    await clock.advance('1s');
    expect((await rt.containerStatus(id)).state).toBe('running');
  });

  it('applies an exit fault to a matching container that is already running, counting from now', async () => {
    const { rt, clock, run } = await setup();
    const id = await run('app', ['sleep', '3600']);
    const other = await run('other', ['sleep', '3600']);
    await clock.advance('10s');
    rt.inject({ container: 'app', fault: { type: 'exit', code: 2 } });
    await clock.advance(0);
    expect(await rt.containerStatus(id)).toMatchObject({ exitCode: 2, finishedAt: START + 10_000 });
    expect((await rt.containerStatus(other)).state).toBe('running');
  });

  it('kills a sandbox with sandboxDeath: SandboxDied, notready, its containers exit 137', async () => {
    const { rt, clock, sandboxId, run } = await setup();
    const id = await run('app', ['sleep', '3600']);
    const events: RuntimeEvent[] = [];
    rt.events().subscribe((e) => events.push(e));
    rt.inject({ pod: 'web', fault: { type: 'sandboxDeath', afterMs: '1m' } });
    await clock.advance('1m');
    expect(await rt.podSandboxStatus(sandboxId)).toMatchObject({ state: 'notready' });
    expect(await rt.containerStatus(id)).toMatchObject({ exitCode: 137, state: 'exited' });
    expect(events.map((e) => e.type)).toEqual(['ContainerExited', 'SandboxDied']);
    expect(events[1]).toEqual({ type: 'SandboxDied', sandboxId, at: START + 60_000 });
  });

  it('arms sandboxDeath for sandboxes created later', async () => {
    const { rt, clock } = await setup();
    rt.inject({ pod: 'doomed', fault: { type: 'sandboxDeath', afterMs: 500 } });
    const sb = await rt.runPodSandbox(sandboxConfig('doomed'));
    await clock.advance(500);
    expect((await rt.podSandboxStatus(sb)).state).toBe('notready');
  });

  it('overrides httpGet and tcpConnect results per port, and delays past the timeout fail', async () => {
    const { rt, clock, sandboxId, run } = await setup();
    await run('web', ['httpd', '-f', '-p', '80', '-h', '/']);
    await clock.advance(0);
    const get = (port: number) => rt.httpGet({ sandboxId, port, path: '/', scheme: 'HTTP', timeoutMs: 1_000 });
    rt.inject({ pod: 'web', fault: { type: 'probe', kind: 'http', result: 503, port: 80 }, times: 1 });
    expect(await get(80)).toEqual({ ok: true, statusCode: 503 });
    expect(await get(80)).toMatchObject({ ok: true, statusCode: 404 });
    rt.inject({ container: 'web', fault: { type: 'probe', kind: 'http', result: { ok: false, error: 'boom' } }, times: 1 });
    expect(await get(80)).toEqual({ ok: false, error: 'boom' });
    rt.inject({ pod: 'web', fault: { type: 'probe', kind: 'tcp', result: true, port: 9999 }, times: 1 });
    expect(await rt.tcpConnect({ sandboxId, port: 9999, timeoutMs: 1_000 })).toBe(true);
    expect(await rt.tcpConnect({ sandboxId, port: 9999, timeoutMs: 1_000 })).toBe(false);
    rt.inject({ pod: 'web', fault: { type: 'probe', kind: 'http', delayMs: '5s' }, times: 1 });
    const slow = get(80);
    await clock.advance('1s');
    expect(await slow).toMatchObject({ ok: false, error: expect.stringContaining('deadline exceeded') });
  });

  it('rejects an unknown fault type and a bad times value', async () => {
    const { rt } = await setup();
    expect(() => rt.inject({ fault: { type: 'meteor' } as unknown as FakeFault })).toThrow(/unknown fault type "meteor"/);
    expect(() => rt.inject({ fault: { type: 'oom' }, times: 0 })).toThrow(/times must be a positive integer/);
  });

  it('stops triggering after clearFaults', async () => {
    const { rt } = await setup();
    rt.inject({ fault: { type: 'pullFailure' } });
    rt.clearFaults();
    expect(await rt.ensureImage('alpine', { pullPolicy: 'IfNotPresent' })).toMatchObject({ pulled: true });
  });
});
