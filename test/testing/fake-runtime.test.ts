import { firstValueFrom, toArray } from 'rxjs';
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

  describe('volumes', () => {
    it('shares an emptyDir between the containers of a sandbox, honouring subPath and readOnly', async () => {
      const { rt, clock, run } = await setup({}, { volumes: [{ name: 'shared', type: 'emptyDir' }] });
      const writer = await run('writer', ['sh', '-c', 'echo hi > /data/index.html; mkdir -p /data/sub; echo deep > /data/sub/f; sleep 3600'], {
        mounts: [{ volume: 'shared', containerPath: '/data', readOnly: false }],
      });
      const reader = await run('reader', ['sleep', '3600'], {
        mounts: [
          { volume: 'shared', containerPath: '/www', readOnly: true },
          { volume: 'shared', containerPath: '/only-sub', readOnly: false, subPath: 'sub' },
        ],
      });
      await clock.advance(0);
      expect(await rt.exec(reader, ['cat', '/www/index.html', '/only-sub/f'])).toMatchObject({ stdout: 'hi\ndeep\n', exitCode: 0 });
      expect(await rt.exec(reader, ['sh', '-c', 'echo x > /www/new'])).toMatchObject({ exitCode: 1, stderr: "sh: can't create /www/new: Read-only file system\n" });
      expect(rt.readFile(writer, '/data/index.html')).toBe('hi\n');
      expect(await rt.exec(reader, ['cat', '/tmp/x'])).toMatchObject({ exitCode: 1 });
    });

    it('keeps each container root filesystem private', async () => {
      const { rt, clock, run } = await setup();
      const a = await run('a', ['sh', '-c', 'echo mine > /tmp/f; sleep 3600']);
      const b = await run('b', ['sleep', '3600']);
      await clock.advance(0);
      expect(rt.readFile(a, '/tmp/f')).toBe('mine\n');
      expect(rt.readFile(b, '/tmp/f')).toBeUndefined();
    });

    it('shares a hostPath directory between sandboxes of the node', async () => {
      const clock = new VirtualClock();
      const rt = new FakeRuntime({ clock });
      await rt.ensureImage('busybox:1.36', { pullPolicy: 'IfNotPresent' });
      const mounts = [{ volume: 'host', containerPath: '/host', readOnly: false }];
      const one = await rt.runPodSandbox(sandboxConfig('one', { volumes: [{ name: 'host', type: 'hostPath', path: '/var/data' }] }));
      const two = await rt.runPodSandbox(sandboxConfig('two', { volumes: [{ name: 'host', type: 'hostPath', path: '/var/data' }] }));
      const w = await rt.createContainer(one, containerConfig('w', ['sh', '-c', 'echo node > /host/f; sleep 3600'], { mounts }));
      const r = await rt.createContainer(two, containerConfig('r', ['sleep', '3600'], { mounts }));
      await rt.startContainer(w);
      await rt.startContainer(r);
      await clock.advance(0);
      expect(rt.readFile(r, '/host/f')).toBe('node\n');
    });
  });

  describe('logs', () => {
    it('filters with since and tail, and separates stdout from stderr', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('l', ['sh', '-c', 'echo a; echo b >&2; sleep 1; echo c; echo -n partial']);
      await clock.advance('2s');
      const all = await logLines(rt, id);
      expect(all).toEqual([
        { time: START, stream: 'stdout', text: 'a' },
        { time: START, stream: 'stderr', text: 'b' },
        { time: START + 1_000, stream: 'stdout', text: 'c' },
        { time: START + 1_000, stream: 'stdout', text: 'partial' },
      ]);
      const since = await firstValueFrom(rt.logs(id, { since: START + 1 }).pipe(toArray()));
      expect(since.map((l) => l.text)).toEqual(['c', 'partial']);
      const tail = await firstValueFrom(rt.logs(id, { tail: 1 }).pipe(toArray()));
      expect(tail.map((l) => l.text)).toEqual(['partial']);
      expect(await firstValueFrom(rt.logs(id, { tail: 0 }).pipe(toArray()))).toEqual([]);
    });

    it('follows new lines until the container exits, then completes', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('f', ['sh', '-c', 'echo one; sleep 5; echo two; sleep 5']);
      const seen: string[] = [];
      let complete = false;
      rt.logs(id, { follow: true, tail: 10 }).subscribe({ next: (l) => seen.push(l.text), complete: () => (complete = true) });
      await clock.advance('5s');
      expect(seen).toEqual(['one', 'two']);
      expect(complete).toBe(false);
      await clock.advance('5s');
      expect(complete).toBe(true);
    });

    it('keeps at most maxLogLines lines', async () => {
      const { rt, clock, run } = await setup({ maxLogLines: 100 });
      const id = await run('many', ['sh', '-c', 'for i in $(seq 250); do echo $i; done']);
      await clock.advance(0);
      const lines = await logLines(rt, id);
      expect(lines.length).toBeLessThanOrEqual(100);
      expect(lines.at(-1)?.text).toBe('250');
    });

    it('errors with not_found for a missing container', async () => {
      const { rt } = await setup();
      expect(await code(firstValueFrom(rt.logs('nope')))).toBe('not_found');
    });
  });

  describe('exec', () => {
    it('runs in the container environment and working directory', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('e', ['sleep', '3600'], { env: [{ name: 'MODE', value: 'test' }], workingDir: '/tmp' });
      await clock.advance(0);
      expect(await rt.exec(id, ['sh', '-c', 'echo $MODE $(pwd)'])).toEqual({ exitCode: 0, stdout: 'test /tmp\n', stderr: '', timedOut: false });
    });

    it('creates a missing working directory at start, as Docker does', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('w', ['sh', '-c', 'echo here > file; sleep 3600'], { workingDir: '/srv/app' });
      await clock.advance(0);
      expect(rt.readFile(id, '/srv/app/file')).toBe('here\n');
    });

    it('times out on the clock and kills the exec process', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('e', ['sleep', '3600']);
      const p = rt.exec(id, ['sh', '-c', 'sleep 10; echo late > /tmp/late'], { timeoutMs: 2_000 });
      await clock.advance('2s');
      expect(await p).toMatchObject({ timedOut: true });
      await clock.advance('20s');
      expect(rt.readFile(id, '/tmp/late')).toBeUndefined();
    });

    it('answers an unknown executable with exit code 126 and rejects exec in a container that is not running', async () => {
      const { rt, clock, run } = await setup();
      const id = await run('e', ['sleep', '1']);
      expect(await rt.exec(id, ['nosuch'])).toMatchObject({ exitCode: 126, stderr: expect.stringContaining('executable file not found in $PATH') });
      await clock.advance('1s');
      expect(await code(rt.exec(id, ['true']))).toBe('conflict');
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
