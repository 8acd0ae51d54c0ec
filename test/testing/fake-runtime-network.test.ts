import { describe, expect, it } from 'vitest';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { containerConfig, logLines, sandboxConfig, setup } from './fake-harness.js';

describe('FakeRuntime network', () => {
  it('serves files with httpd to other containers of the pod on localhost and to the node by pod IP', async () => {
    const { rt, clock, sandboxId, run } = await setup({}, { volumes: [{ name: 'html', type: 'emptyDir' }] });
    const mounts = [{ volume: 'html', containerPath: '/www', readOnly: false }];
    await run('web', ['httpd', '-f', '-p', '8080', '-h', '/www'], { mounts });
    const side = await run('sidecar', ['sh', '-c', 'while true; do date > /www/index.html; sleep 10; done'], { mounts });
    await clock.advance(0);
    expect(await rt.exec(side, ['wget', '-q', '-O', '-', 'http://localhost:8080/'])).toMatchObject({ exitCode: 0, stdout: 'Mon Jan  1 00:00:00 UTC 2024\n' });
    await clock.advance('10s');
    const res = await rt.httpGet({ sandboxId, port: 8080, path: '/index.html', scheme: 'HTTP', timeoutMs: 1_000 });
    expect(res).toEqual({ ok: true, statusCode: 200, body: 'Mon Jan  1 00:00:10 UTC 2024\n' });
    const missing = await rt.exec(side, ['wget', '-q', '-O', '-', 'http://127.0.0.1:8080/none']);
    expect(missing).toMatchObject({ exitCode: 1, stderr: 'wget: server returned error: HTTP/1.1 404 Not Found\n' });
  });

  it('refuses connections to a port nobody listens on', async () => {
    const { rt, clock, sandboxId, run } = await setup();
    const id = await run('c', ['sleep', '3600']);
    await clock.advance(0);
    expect(await rt.httpGet({ sandboxId, port: 81, path: '/', scheme: 'HTTP', timeoutMs: 1_000 })).toEqual({ ok: false, error: 'dial tcp 10.244.0.2:81: connect: connection refused' });
    expect(await rt.tcpConnect({ sandboxId, port: 81, timeoutMs: 1_000 })).toBe(false);
    expect(await rt.exec(id, ['wget', '-q', 'http://localhost:81/'])).toMatchObject({ exitCode: 1, stderr: "wget: can't connect to remote host (127.0.0.1): Connection refused\n" });
    expect(await rt.exec(id, ['nc', '-z', 'localhost', '81'])).toMatchObject({ exitCode: 1 });
    expect(await rt.exec(id, ['wget', 'http://no-such-host/'])).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("bad address 'no-such-host'") });
  });

  it('frees a port when its program exits, and a second listener on a port fails', async () => {
    const { rt, clock, sandboxId, run } = await setup();
    const nc = await run('nc', ['nc', '-l', '-p', '9000']);
    const dup = await run('dup', ['nc', '-lk', '-p', '9000']);
    await clock.advance(0);
    expect(await rt.containerStatus(dup)).toMatchObject({ exitCode: 1 });
    expect(await rt.tcpConnect({ sandboxId, port: 9000, timeoutMs: 1_000 })).toBe(true);
    await rt.stopContainer(nc, 0);
    expect(await rt.tcpConnect({ sandboxId, port: 9000, timeoutMs: 1_000 })).toBe(false);
  });

  it('reaches another pod by its IP but not its localhost', async () => {
    const clock = new VirtualClock();
    const rt = new FakeRuntime({ clock });
    await rt.ensureImage('busybox:1.36', { pullPolicy: 'IfNotPresent' });
    const server = await rt.runPodSandbox(sandboxConfig('server'));
    const client = await rt.runPodSandbox(sandboxConfig('client'));
    const s = await rt.createContainer(server, containerConfig('s', ['nc', '-l', '-p', '5432']));
    const c = await rt.createContainer(client, containerConfig('c', ['sleep', '3600']));
    await rt.startContainer(s);
    await rt.startContainer(c);
    await clock.advance(0);
    const ip = (await rt.podSandboxStatus(server)).ip ?? '';
    expect(await rt.exec(c, ['nc', '-z', ip, '5432'])).toMatchObject({ exitCode: 0 });
    expect(await rt.exec(c, ['nc', '-z', 'localhost', '5432'])).toMatchObject({ exitCode: 1 });
    expect(await rt.tcpConnect({ sandboxId: client, host: ip, port: 5432, timeoutMs: 1_000 })).toBe(true);
    await rt.stopPodSandbox(server);
    expect(await rt.exec(c, ['nc', '-z', ip, '5432'])).toMatchObject({ exitCode: 1 });
  });

  it('rejects httpGet for a missing sandbox with not_found', async () => {
    const { rt } = await setup();
    await expect(rt.httpGet({ sandboxId: 'nope', port: 80, path: '/', scheme: 'HTTP', timeoutMs: 1 })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('FakeRuntime.defineProgram', () => {
  it('runs a user program that serves HTTP, logs, and shuts down gracefully on SIGTERM', async () => {
    const { rt, clock, sandboxId } = await setup();
    rt.defineProgram('nginx', async (ctx) => {
      ctx.stdout(`starting with ${ctx.args.join(' ')} in ${ctx.pod.name} at ${ctx.pod.ip}\n`);
      ctx.listen(80, (req) => (req.path === '/healthz' ? { status: 200, body: 'ok' } : { status: 404 }));
      const signal = await ctx.waitForSignal();
      ctx.stdout(`got ${signal}\n`);
      await ctx.sleep(2_000);
      return 0;
    });
    rt.addImage('nginx:1.25', { entrypoint: ['nginx'], cmd: ['-g', 'daemon off;'], present: true });
    const id = await rt.createContainer(sandboxId, containerConfig('nginx', undefined, { image: 'nginx:1.25' }));
    await rt.startContainer(id);
    await clock.advance(0);
    expect(await rt.httpGet({ sandboxId, port: 80, path: '/healthz', scheme: 'HTTP', timeoutMs: 1_000 })).toEqual({ ok: true, statusCode: 200, body: 'ok' });
    const stopped = rt.stopContainer(id, 30);
    await clock.advance('2s');
    await stopped;
    expect(await rt.containerStatus(id)).toMatchObject({ exitCode: 0, finishedAt: Date.UTC(2024, 0, 1, 0, 0, 2) });
    expect((await logLines(rt, id)).map((l) => l.text)).toEqual(['starting with -g daemon off; in web at 10.244.0.2', 'got SIGTERM']);
    expect(await rt.tcpConnect({ sandboxId, port: 80, timeoutMs: 1_000 })).toBe(false);
  });

  it('scopes a program to images, and an image with a programs list has only those (no sh: StartError)', async () => {
    const { rt, sandboxId } = await setup();
    rt.defineProgram('app', () => 0, { images: ['app:1'] });
    rt.addImage('app:1', { present: true });
    rt.addImage('distroless:1', { programs: ['app'], cmd: ['app'], present: true });
    const inBusybox = await rt.createContainer(sandboxId, containerConfig('a', ['app']));
    await expect(rt.startContainer(inBusybox)).rejects.toMatchObject({ code: 'start_failed' });
    const inApp = await rt.createContainer(sandboxId, containerConfig('b', ['app'], { image: 'app:1' }));
    await rt.startContainer(inApp);
    const noShell = await rt.createContainer(sandboxId, containerConfig('c', ['sh', '-c', 'true'], { image: 'distroless:1' }));
    await expect(rt.startContainer(noShell)).rejects.toMatchObject({ code: 'start_failed', message: expect.stringContaining('exec: "sh"') });
  });

  it('gives programs files, env, run() and a crash as exit 1 with the error on stderr', async () => {
    const { rt, clock, run } = await setup();
    rt.defineProgram('tool', async (ctx) => {
      ctx.writeFile('/tmp/out', `${ctx.env.MODE ?? ''}\n`);
      const r = await ctx.run('cat /tmp/out; exit 4');
      ctx.stdout(`${r.exitCode}:${r.stdout}`);
      return ctx.exists('/tmp/out') && ctx.readFile('/tmp/out') === 'fast\n' ? 7 : 1;
    });
    rt.defineProgram('crash', () => {
      throw new Error('kaboom');
    });
    const tool = await run('tool', ['tool'], { env: [{ name: 'MODE', value: 'fast' }] });
    const crash = await run('crash', ['crash']);
    await clock.advance(0);
    expect(await rt.containerStatus(tool)).toMatchObject({ exitCode: 7 });
    expect((await logLines(rt, tool)).map((l) => l.text)).toEqual(['4:fast']);
    expect(await rt.containerStatus(crash)).toMatchObject({ exitCode: 1 });
    expect((await logLines(rt, crash))[0]?.text).toContain('kaboom');
  });
});
