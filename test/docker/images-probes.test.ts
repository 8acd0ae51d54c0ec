// Image pull policies and httpGet / tcpSocket probes from the host, on a real Docker engine.
import net from 'node:net';
import { expect, it } from 'vitest';
import { isRuntimeError } from 'podkit';
import { describeDocker, newContainerConfig, newSandboxConfig, newTestRuntime, TEST_IMAGE, waitFor } from './docker-env.js';

describeDocker('DockerRuntime images and probes', ({ runtime }) => {
  it('uses a present image with IfNotPresent and Never without pulling', async () => {
    const rt = runtime();
    const present = await rt.imageStatus(TEST_IMAGE);
    expect(present?.id).toMatch(/^sha256:/);
    expect(await rt.ensureImage(TEST_IMAGE, { pullPolicy: 'IfNotPresent' })).toEqual({ imageId: present?.id, pulled: false });
    expect(await rt.ensureImage(TEST_IMAGE, { pullPolicy: 'Never' })).toEqual({ imageId: present?.id, pulled: false });
    // `busybox` means busybox:latest, which docker-setup.sh tags locally.
    expect((await rt.ensureImage('busybox', { pullPolicy: 'IfNotPresent' })).imageId).toBe(present?.id);
    expect((await rt.listImages()).map((i) => i.ref)).toContain(TEST_IMAGE);
  });

  it('fails a missing image with pull policy Never with image_never_pull, not retryable', async () => {
    const error: unknown = await runtime()
      .ensureImage('podkit-absent/image:1', { pullPolicy: 'Never' })
      .catch((e: unknown) => e);
    expect(isRuntimeError(error, 'image_never_pull')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(false);
    expect(await runtime().imageStatus('podkit-absent/image:1')).toBeUndefined();
  });

  it.each([
    ['IfNotPresent with a missing image', 'podkit-absent/image:1', 'IfNotPresent'],
    ['Always, even for a local image, when no registry answers', TEST_IMAGE, 'Always'],
  ] as const)('fails a pull quickly with image_pull_failed and the engine message: %s', async (_name, image, pullPolicy) => {
    const t0 = Date.now();
    const error: unknown = await runtime()
      .ensureImage(image, { pullPolicy })
      .catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(isRuntimeError(error, 'image_pull_failed')).toBe(true);
    expect((error as Error).message).toContain(image.split(':')[0]);
    expect((error as Error).cause).toBeDefined();
  });

  it('gives up on a pull from a registry that never answers at the pull timeout, instead of hanging', async () => {
    // A "registry" on the engine's loopback (insecure by default) that accepts and stays silent.
    const sockets: net.Socket[] = [];
    const server = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const rt = await newTestRuntime({ pullTimeoutMs: 1500 });
    try {
      const t0 = Date.now();
      const error: unknown = await rt.ensureImage(`127.0.0.1:${port}/silent/image:1`, { pullPolicy: 'IfNotPresent' }).catch((e: unknown) => e);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(isRuntimeError(error, 'image_pull_failed')).toBe(true);
      expect((error as Error).message).toMatch(/1500 ms/);
    } finally {
      await rt.close();
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it('reaches the pod IP from the host with httpGet and tcpConnect', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const c = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'mkdir -p /w && echo healthy > /w/healthz && exec httpd -f -p 8080 -h /w'] }));
    await rt.startContainer(c);
    const ok = await waitFor('the server to answer', async () => {
      const r = await rt.httpGet({ sandboxId: sb, port: 8080, path: '/healthz', scheme: 'HTTP', timeoutMs: 1000 });
      return r.ok ? r : undefined;
    });
    expect(ok).toEqual({ ok: true, statusCode: 200, body: 'healthy\n' });
    expect(await rt.httpGet({ sandboxId: sb, port: 8080, path: '/missing', scheme: 'HTTP', timeoutMs: 1000 })).toMatchObject({ ok: true, statusCode: 404 });
    expect(await rt.httpGet({ sandboxId: sb, port: 8081, path: '/', scheme: 'HTTP', timeoutMs: 1000 })).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED/) });
    expect(await rt.tcpConnect({ sandboxId: sb, port: 8080, timeoutMs: 1000 })).toBe(true);
    expect(await rt.tcpConnect({ sandboxId: sb, port: 8081, timeoutMs: 1000 })).toBe(false);
  });

  it('fails a probe of a stopped sandbox instead of hanging, and rejects an unknown sandbox', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    await rt.stopPodSandbox(sb);
    expect(await rt.httpGet({ sandboxId: sb, port: 80, path: '/', scheme: 'HTTP', timeoutMs: 500 })).toMatchObject({ ok: false, error: expect.stringMatching(/not ready/) });
    expect(await rt.tcpConnect({ sandboxId: sb, port: 80, timeoutMs: 500 })).toBe(false);
    await expect(rt.tcpConnect({ sandboxId: '0123456789ab', port: 80, timeoutMs: 500 })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('times out an httpGet against a server that never answers', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    // nc accepts one connection and never replies (its stdin never ends).
    const c = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'tail -f /dev/null | nc -l -p 9090 >/dev/null'] }));
    await rt.startContainer(c);
    await waitFor('nc to listen', async () => ((await rt.exec(c, ['sh', '-c', 'netstat -ltn | grep -q ":9090 "'])).exitCode === 0 ? true : undefined));
    const t0 = Date.now();
    const r = await rt.httpGet({ sandboxId: sb, port: 9090, path: '/', scheme: 'HTTP', timeoutMs: 400 });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/timeout/) });
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
