import { firstValueFrom, toArray } from 'rxjs';
import { expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { rejectsWith } from './lifecycle-cases.js';

/** Logs, exec, volumes and the network shared by a pod's containers. */
export function ioCases(h: () => Harness, timeout: number): void {
  it('returns stdout and stderr lines in order with timestamps, honouring tail and since', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'logger', ['sh', '-c', 'echo one; echo oops >&2; sleep 2; echo two; echo three']);
    await t.exited(id);
    const lines = await t.logs(id);
    // Order is guaranteed within a stream; across stdout and stderr a real engine copies the two
    // pipes concurrently, so lines written back to back may come out in either order.
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['oops']);
    const times = lines.map((l) => l.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const one = lines.find((l) => l.text === 'one');
    const two = lines.find((l) => l.text === 'two');
    expect((two?.time ?? 0) - (one?.time ?? 0)).toBeGreaterThanOrEqual(1_500);
    expect((await t.logs(id, { tail: 2 })).map((l) => l.text)).toEqual(['two', 'three']);
    expect((await t.logs(id, { since: two?.time ?? 0 })).map((l) => l.text)).toEqual(['two', 'three']);
  }, timeout);

  it('follows a running container until it exits', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'follow', ['sh', '-c', 'echo first; sleep 2; echo second']);
    const all = firstValueFrom(t.rt.logs(id, { follow: true }).pipe(toArray()));
    const { value } = await t.during(all);
    expect(value.map((l) => l.text)).toEqual(['first', 'second']);
  }, timeout);

  it('rejects logs, exec and status of a missing container with not_found', async () => {
    const t = h();
    await rejectsWith(firstValueFrom(t.rt.logs('podkit-missing-container')), 'not_found');
    await rejectsWith(t.rt.exec('podkit-missing-container', ['true']), 'not_found');
    await rejectsWith(t.rt.containerStatus('podkit-missing-container'), 'not_found');
  }, timeout);

  it('passes the environment, and an unknown command in a script exits 127 with "not found" on stderr', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'env', ['sh', '-c', 'echo "greeting=$GREETING"; podkit-nope; exit $?'], {
      env: [{ name: 'GREETING', value: 'hello world' }],
    });
    expect(await t.exited(id)).toMatchObject({ exitCode: 127 });
    const lines = await t.logs(id);
    expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['greeting=hello world']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text).join('\n')).toMatch(/podkit-nope: not found/);
  }, timeout);

  it('runs exec in a running container with its environment and returns output and exit code', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'exec', ['sleep', '3600'], { env: [{ name: 'FOO', value: 'bar' }] });
    const r = await t.rt.exec(id, ['sh', '-c', 'echo "foo=$FOO"; echo err >&2; exit 4']);
    expect(r).toMatchObject({ exitCode: 4, stdout: 'foo=bar\n', stderr: 'err\n', timedOut: false });
    const missing = await t.rt.exec(id, ['podkit-no-such-binary']);
    expect(missing.exitCode).not.toBe(0);
  }, timeout);

  it('stops waiting for an exec at its timeout and reports timedOut', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'slow-exec', ['sleep', '3600']);
    const { value } = await t.during(t.raw.exec(id, ['sleep', '30'], { timeoutMs: 1_000 }));
    expect(value.timedOut).toBe(true);
  }, timeout);

  it('shares an emptyDir volume between the containers of a sandbox', async () => {
    const t = h();
    const sb = await t.sandbox([{ name: 'shared', type: 'emptyDir' }]);
    await t.container(sb, 'writer', ['sh', '-c', 'echo shared-content > /data/file && sleep 3600'], {
      mounts: [{ volume: 'shared', containerPath: '/data', readOnly: false }],
    });
    const reader = await t.container(sb, 'reader', ['sleep', '3600'], { mounts: [{ volume: 'shared', containerPath: '/mnt', readOnly: false }] });
    await t.eventually(async () => {
      const r = await t.rt.exec(reader, ['cat', '/mnt/file']);
      expect(r).toMatchObject({ exitCode: 0, stdout: 'shared-content\n' });
    });
  }, timeout);

  it('keeps a persistentClaim volume across sandboxes until deleteClaimVolume (§P.8)', async () => {
    const t = h();
    const del = t.raw.deleteClaimVolume;
    if (del === undefined) return; // an adapter without claim storage (the port method is optional)
    const claim = `claim-${t.token}`;
    const volume = [{ name: 'data', type: 'persistentClaim' as const, namespace: 'podkit-conformance', claim }];
    const mounts = [{ volume: 'data', containerPath: '/data', readOnly: false }];
    try {
      const first = await t.sandbox(volume);
      const writer = await t.container(first, 'writer', ['sleep', '3600'], { mounts });
      expect((await t.rt.exec(writer, ['sh', '-c', 'echo kept > /data/file'])).exitCode).toBe(0);
      await t.rt.stopPodSandbox(first);
      await t.rt.removePodSandbox(first);
      const second = await t.sandbox(volume);
      const reader = await t.container(second, 'reader', ['sleep', '3600'], { mounts });
      expect(await t.rt.exec(reader, ['cat', '/data/file'])).toMatchObject({ exitCode: 0, stdout: 'kept\n' });
      await t.rt.stopPodSandbox(second);
      await t.rt.removePodSandbox(second);
      await t.rt.deleteClaimVolume?.('podkit-conformance', claim);
      const third = await t.sandbox(volume);
      const after = await t.container(third, 'after', ['sleep', '3600'], { mounts });
      expect((await t.rt.exec(after, ['cat', '/data/file'])).exitCode).not.toBe(0);
      await t.rt.stopPodSandbox(third);
      await t.rt.removePodSandbox(third);
    } finally {
      await t.rt.deleteClaimVolume?.('podkit-conformance', claim);
    }
  }, timeout);

  it('shares the network namespace: containers reach each other on localhost, and httpGet/tcpConnect reach them from the node', async () => {
    const t = h();
    const sb = await t.sandbox();
    await t.container(sb, 'web', ['sh', '-c', 'mkdir -p /www && echo hello-from-httpd > /www/index.html && httpd -f -p 8080 -h /www']);
    const client = await t.container(sb, 'client', ['sleep', '3600']);
    await t.eventually(async () => {
      const r = await t.rt.exec(client, ['wget', '-q', '-O', '-', 'http://localhost:8080/']);
      expect(r).toMatchObject({ exitCode: 0, stdout: 'hello-from-httpd\n' });
    });
    const ok = await t.rt.httpGet({ sandboxId: sb, port: 8080, path: '/', scheme: 'HTTP', timeoutMs: 5_000 });
    expect(ok).toMatchObject({ ok: true, statusCode: 200 });
    const missing = await t.rt.httpGet({ sandboxId: sb, port: 8080, path: '/nope.html', scheme: 'HTTP', timeoutMs: 5_000 });
    expect(missing).toMatchObject({ ok: true, statusCode: 404 });
    expect(await t.rt.tcpConnect({ sandboxId: sb, port: 8080, timeoutMs: 5_000 })).toBe(true);
    expect(await t.rt.tcpConnect({ sandboxId: sb, port: 8081, timeoutMs: 5_000 })).toBe(false);
    expect((await t.rt.httpGet({ sandboxId: sb, port: 8081, path: '/', scheme: 'HTTP', timeoutMs: 5_000 })).ok).toBe(false);
  }, timeout);
}

/** OOM reporting, for adapters that enforce memory limits. */
export function resourceCases(h: () => Harness, timeout: number): void {
  it('reports OOMKilled with exit code 137 when a container exceeds its memory limit', async () => {
    const t = h();
    const id = await t.container(await t.sandbox(), 'hog', ['tail', '/dev/zero'], { resources: { memoryLimitBytes: 32 * 1024 * 1024 } });
    expect(await t.exited(id)).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true, reason: 'OOMKilled' });
  }, timeout);
}
