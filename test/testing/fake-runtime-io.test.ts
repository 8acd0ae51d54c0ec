import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { isRuntimeError } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { START, containerConfig, logLines, sandboxConfig, setup } from './fake-harness.js';

async function code(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (isRuntimeError(e) ? e.code : String(e)),
  );
}

describe('FakeRuntime files, logs and exec', () => {
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

});
