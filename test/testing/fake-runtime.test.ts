import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isRuntimeError, type ContainerRuntime, type RuntimeEvent } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { START, containerConfig, logLines, sandboxConfig, setup } from './fake-harness.js';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (isRuntimeError(e) ? e.code : String(e)),
  );
}

describe('FakeRuntime', () => {
  it('implements the ContainerRuntime port and is named fake by default', () => {
    const rt: ContainerRuntime = new FakeRuntime({ clock: new VirtualClock() });
    expect(rt.name).toBe('fake');
    expect(new FakeRuntime({ clock: new VirtualClock(), name: 'other' }).name).toBe('other');
  });

  describe('sandboxes', () => {
    it('assigns deterministic pod IPs in sequence and the node IP to host-network sandboxes', async () => {
      const rt = new FakeRuntime({ clock: new VirtualClock(), hostIp: '192.168.1.5' });
      const a = await rt.runPodSandbox(sandboxConfig('a'));
      const b = await rt.runPodSandbox(sandboxConfig('b'));
      const h = await rt.runPodSandbox(sandboxConfig('h', { hostNetwork: true }));
      expect((await rt.podSandboxStatus(a)).ip).toBe('10.244.0.2');
      expect((await rt.podSandboxStatus(b)).ip).toBe('10.244.0.3');
      expect(await rt.podSandboxStatus(h)).toMatchObject({ ip: '192.168.1.5', hostNetwork: true });
    });

    it('drops the IP of a stopped sandbox and refuses new containers in it', async () => {
      const { rt, sandboxId } = await setup();
      await rt.stopPodSandbox(sandboxId);
      const s = await rt.podSandboxStatus(sandboxId);
      expect(s.state).toBe('notready');
      expect(s.ip).toBeUndefined();
      expect(await code(rt.createContainer(sandboxId, containerConfig('late', ['true'])))).toBe('create_failed');
    });

    it('validates the sandbox config and names the field', async () => {
      const rt = new FakeRuntime({ clock: new VirtualClock() });
      const error = await rt.runPodSandbox(sandboxConfig('', {})).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_argument', details: { field: 'name' } });
      const dup = await rt.runPodSandbox(sandboxConfig('x', { volumes: [{ name: 'v', type: 'emptyDir' }, { name: 'v', type: 'emptyDir' }] })).catch((e: unknown) => e);
      expect(dup).toMatchObject({ code: 'invalid_argument', details: { field: 'volumes[1].name' } });
    });
  });

  describe('images', () => {
    it('pulls any valid image in permissive mode, once under IfNotPresent and every time under Always', async () => {
      const rt = new FakeRuntime({ clock: new VirtualClock() });
      const first = await rt.ensureImage('nginx:1.25', { pullPolicy: 'IfNotPresent' });
      expect(first).toMatchObject({ pulled: true });
      expect(first.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await rt.ensureImage('nginx:1.25', { pullPolicy: 'IfNotPresent' })).toEqual({ imageId: first.imageId, pulled: false });
      expect(await rt.ensureImage('nginx:1.25', { pullPolicy: 'Always' })).toEqual({ imageId: first.imageId, pulled: true });
      expect(await rt.imageStatus('docker.io/library/nginx:1.25')).toMatchObject({ id: first.imageId });
      expect(await rt.listImages()).toHaveLength(1);
    });

    it('treats busybox, busybox:latest and docker.io/library/busybox:latest as one image', async () => {
      const rt = new FakeRuntime({ clock: new VirtualClock() });
      const a = await rt.ensureImage('busybox', { pullPolicy: 'IfNotPresent' });
      expect(await rt.ensureImage('docker.io/library/busybox:latest', { pullPolicy: 'Never' })).toEqual({ imageId: a.imageId, pulled: false });
    });

    it('fails Never for an absent image, rejects invalid references, and in strict mode fails unknown images', async () => {
      const rt = new FakeRuntime({ clock: new VirtualClock(), images: ['busybox:1.36', { ref: 'app:v1', present: true }] });
      expect(await code(rt.ensureImage('busybox:1.36', { pullPolicy: 'Never' }))).toBe('image_never_pull');
      expect(await code(rt.ensureImage('Not A Ref', { pullPolicy: 'IfNotPresent' }))).toBe('invalid_argument');
      const err = await rt.ensureImage('other:1', { pullPolicy: 'IfNotPresent' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'image_pull_failed', retryable: true });
      expect(String((err as Error).message)).toMatch(/manifest unknown/);
      expect(await rt.ensureImage('app:v1', { pullPolicy: 'Never' })).toMatchObject({ pulled: false });
      rt.addImage('other:1');
      expect(await rt.ensureImage('other:1', { pullPolicy: 'IfNotPresent' })).toMatchObject({ pulled: true });
      rt.removeImage('other:1');
      expect(await rt.imageStatus('other:1')).toBeUndefined();
      expect(await code(rt.ensureImage('other:1', { pullPolicy: 'IfNotPresent' }))).toBe('image_pull_failed');
    });

    it('takes the pull latency on the clock', async () => {
      const clock = new VirtualClock();
      const rt = new FakeRuntime({ clock, latencies: { pull: '3s' } });
      let done = false;
      void rt.ensureImage('busybox', { pullPolicy: 'IfNotPresent' }).then(() => (done = true));
      await clock.advance('2999ms');
      expect(done).toBe(false);
      await clock.advance(1);
      expect(done).toBe(true);
    });
  });

  describe('containers', () => {
    it.each([
      ['neither command nor args: entrypoint + cmd', undefined, undefined, 'ep default'],
      ['args only: entrypoint + args', undefined, ['given'], 'ep given'],
      ['command only: the image cmd is ignored', ['echo', 'cmd'], undefined, 'cmd'],
      ['command and args', ['echo'], ['a', 'b'], 'a b'],
    ])('combines command/args with the image entrypoint/cmd as Kubernetes does (%s)', async (_n, command, args, out) => {
      const { rt, clock, sandboxId } = await setup();
      rt.addImage('tool:1', { entrypoint: ['echo', 'ep'], cmd: ['default'] });
      await rt.ensureImage('tool:1', { pullPolicy: 'IfNotPresent' });
      const id = await rt.createContainer(sandboxId, containerConfig('t', command, { image: 'tool:1', ...(args === undefined ? {} : { args }) }));
      await rt.startContainer(id);
      await clock.advance(0);
      expect((await logLines(rt, id)).map((l) => l.text)).toEqual([out]);
    });

    it('runs the default pause command when neither image nor container gives one, and it exits 0 on SIGTERM', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('default', undefined);
      await clock.advance('1h');
      expect((await rt.containerStatus(id)).state).toBe('running');
      await rt.stopContainer(id, 30);
      expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
    });

    it('fails an unknown executable at start with start_failed, StartError and exit code 127', async () => {
      const { rt, sandboxId } = await setup();
      const id = await rt.createContainer(sandboxId, containerConfig('x', ['nginx', '-g', 'daemon off;']));
      const events: RuntimeEvent[] = [];
      const sub = rt.events().subscribe((e) => events.push(e));
      const err = await rt.startContainer(id).catch((e: unknown) => e);
      sub.unsubscribe();
      expect(err).toMatchObject({ code: 'start_failed' });
      expect((err as Error).message).toContain('exec: "nginx": executable file not found in $PATH');
      expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', reason: 'StartError', exitCode: 127 });
      expect(events.map((e) => e.type)).toEqual(['ContainerExited']);
      expect(await code(rt.startContainer(id))).toBe('conflict');
    });

    it('rejects containers for a missing sandbox, an absent image, a duplicate name and attempt, or an unknown volume', async () => {
      const { rt, sandboxId } = await setup();
      expect(await code(rt.createContainer('nope', containerConfig('a', ['true'])))).toBe('not_found');
      expect(await code(rt.createContainer(sandboxId, containerConfig('a', ['true'], { image: 'absent:1' })))).toBe('not_found');
      await rt.createContainer(sandboxId, containerConfig('a', ['true']));
      expect(await code(rt.createContainer(sandboxId, containerConfig('a', ['true'])))).toBe('conflict');
      expect(await rt.createContainer(sandboxId, containerConfig('a', ['true'], { attempt: 1 }))).toMatch(/^container-/);
      const err = await rt.createContainer(sandboxId, containerConfig('b', ['true'], { mounts: [{ volume: 'data', containerPath: '/d', readOnly: false }] })).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'invalid_argument', details: { field: 'mounts[0].volume' } });
    });

    it('reports Completed for exit 0 and Error otherwise, with start and finish times on the clock', async () => {
      const { rt, clock, run } = await setup();
      const ok = await run('ok', ['sh', '-c', 'sleep 2; exit 0']);
      const bad = await run('bad', ['sh', '-c', 'exit 42']);
      await clock.advance('5s');
      expect(await rt.containerStatus(ok)).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: START, finishedAt: START + 2_000 });
      expect(await rt.containerStatus(bad)).toMatchObject({ exitCode: 42, reason: 'Error', finishedAt: START });
    });

    it('keeps a while/sleep loop running and timestamps each log line with virtual time', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('loop', ['sh', '-c', 'while true; do echo hi; sleep 1; done']);
      await clock.advance('3.5s');
      const lines = await logLines(rt, id);
      expect(lines.map((l) => l.time - START)).toEqual([0, 1_000, 2_000, 3_000]);
      expect((await rt.containerStatus(id)).state).toBe('running');
    });

    it('lets a busy loop without sleep consume virtual time instead of hanging', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('busy', ['sh', '-c', 'while true; do :; done']);
      await clock.advance('5ms');
      expect((await rt.containerStatus(id)).state).toBe('running');
      await rt.removeContainer(id);
    });

    it('removes containers idempotently and emits Exited then Removed for a running one', async () => {
      const { rt, run } = await setup();
      const id = await run('r', ['sleep', '3600']);
      const events: RuntimeEvent[] = [];
      const sub = rt.events().subscribe((e) => events.push(e));
      await rt.removeContainer(id);
      await rt.removeContainer(id);
      sub.unsubscribe();
      expect(events.map((e) => [e.type, 'exitCode' in e ? e.exitCode : undefined])).toEqual([
        ['ContainerExited', 137],
        ['ContainerRemoved', undefined],
      ]);
      expect(await code(rt.containerStatus(id))).toBe('not_found');
    });

    it('takes create, start, stop and sandbox latencies on the clock', async () => {
      const clock = new VirtualClock();
      const rt = new FakeRuntime({ clock, latencies: { sandbox: '1s', create: '2s', start: '3s', stop: 4_000 } });
      const t0 = clock.now();
      const flow = (async () => {
        const sb = await rt.runPodSandbox(sandboxConfig());
        await rt.ensureImage('busybox:1.36', { pullPolicy: 'IfNotPresent' });
        const id = await rt.createContainer(sb, containerConfig('a', ['sleep', '3600']));
        await rt.startContainer(id);
        const started = clock.now() - t0;
        await rt.stopContainer(id, 0);
        return [started, clock.now() - t0];
      })();
      await clock.advance('20s');
      expect(await flow).toEqual([6_000, 10_000]);
    });
  });

  describe('events, calls and availability', () => {
    it('streams events only to current subscribers (cold) in the order they happen', async () => {
      const { rt, clock, sandboxId, run } = await setup();
      const early = await run('early', ['true']);
      await clock.advance(0);
      const events: RuntimeEvent[] = [];
      const sub = rt.events().subscribe((e) => events.push(e));
      const id = await run('late', ['sh', '-c', 'sleep 1; exit 1']);
      await clock.advance('1s');
      await rt.removePodSandbox(sandboxId);
      sub.unsubscribe();
      expect(events).toEqual([
        { type: 'ContainerStarted', containerId: id, sandboxId, at: START },
        { type: 'ContainerExited', containerId: id, sandboxId, exitCode: 1, oomKilled: false, at: START + 1_000 },
        { type: 'ContainerRemoved', containerId: early, sandboxId, at: START + 1_000 },
        { type: 'ContainerRemoved', containerId: id, sandboxId, at: START + 1_000 },
      ]);
    });

    it('records every call with its arguments and clock time', async () => {
      const clock = new VirtualClock();
      const rt = new FakeRuntime({ clock });
      await clock.advance('1s');
      await rt.ping();
      await rt.containerStatus('x').catch(() => undefined);
      expect(rt.calls).toEqual([
        { method: 'ping', args: [], time: START + 1_000 },
        { method: 'containerStatus', args: ['x'], time: START + 1_000 },
      ]);
      rt.clearCalls();
      expect(rt.calls).toEqual([]);
      const quiet = new FakeRuntime({ clock, recordCalls: false });
      await quiet.ping();
      expect(quiet.calls).toEqual([]);
    });

    it('rejects every call with unavailable while unavailable, errors event streams, and keeps containers running', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('a', ['sh', '-c', 'sleep 5; exit 3']);
      let streamError: unknown;
      rt.events().subscribe({ error: (e: unknown) => (streamError = e) });
      rt.setAvailable(false);
      expect(rt.available).toBe(false);
      expect(streamError).toMatchObject({ code: 'unavailable', retryable: true });
      expect(await code(rt.ping())).toBe('unavailable');
      expect(await code(rt.containerStatus(id))).toBe('unavailable');
      expect(await code(firstValueFrom(rt.events()))).toBe('unavailable');
      expect(await code(firstValueFrom(rt.logs(id)))).toBe('unavailable');
      await clock.advance('5s');
      rt.setAvailable(true);
      expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 3 });
    });

    it('rejects calls after close and completes event streams', async () => {
      const { rt } = await setup();
      let completed = false;
      rt.events().subscribe({ complete: () => (completed = true) });
      await rt.close();
      await rt.close();
      expect(completed).toBe(true);
      expect(await code(rt.ping())).toBe('unavailable');
    });
  });

  describe('resources', () => {
    it('OOM-kills a container that exceeds its memory limit (tail /dev/zero) with exit 137 and reason OOMKilled', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('hog', ['tail', '/dev/zero'], { resources: { memoryLimitBytes: 256 * 1024 * 1024 } });
      await clock.advance('10s');
      expect(await rt.containerStatus(id)).toMatchObject({ exitCode: 137, signal: 9, oomKilled: true, reason: 'OOMKilled' });
    });

    it('lets a defined program allocate memory up to the limit', async () => {
      const { rt, clock, run } = await setup();
      rt.defineProgram('alloc', async (ctx) => {
        ctx.allocate(Number(ctx.args[0]));
        await ctx.sleep(1_000);
        return 0;
      });
      const small = await run('small', ['alloc', String(10 * 1024 * 1024)], { resources: { memoryLimitBytes: 20 * 1024 * 1024 } });
      const big = await run('big', ['alloc', String(30 * 1024 * 1024)], { resources: { memoryLimitBytes: 20 * 1024 * 1024 } });
      await clock.advance('1s');
      expect(await rt.containerStatus(small)).toMatchObject({ exitCode: 0, oomKilled: false });
      expect(await rt.containerStatus(big)).toMatchObject({ exitCode: 137, oomKilled: true });
    });
  });
});
