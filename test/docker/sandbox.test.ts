// Pod sandboxes on a real Docker engine: network namespace, volumes, host ports, clean-up.
import { expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { isRuntimeError } from 'podkit';
import { describeDocker, newContainerConfig, newSandboxConfig, newTestRuntime, rawObjects, waitFor } from './docker-env.js';

describeDocker('DockerRuntime sandboxes', ({ runtime }) => {
  it('runs a sandbox that is ready with a pod IP, and stops and removes it idempotently', async () => {
    const rt = runtime();
    const config = newSandboxConfig({ labels: { app: 'web' } });
    const id = await rt.runPodSandbox(config);
    const status = await rt.podSandboxStatus(id);
    expect(status).toMatchObject({ id, podUid: config.podUid, namespace: 'default', name: config.name, attempt: 0, state: 'ready', hostNetwork: false, labels: { app: 'web' } });
    expect(status.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await rt.listPodSandboxes({ labels: { app: 'web' } })).toHaveLength(1);
    expect(await rt.listPodSandboxes({ labels: { app: 'other' } })).toHaveLength(0);

    await rt.stopPodSandbox(id);
    const stopped = await rt.podSandboxStatus(id);
    expect(stopped.state).toBe('notready');
    expect(stopped.ip).toBeUndefined();
    await rt.stopPodSandbox(id);

    await rt.removePodSandbox(id);
    await rt.removePodSandbox(id);
    await expect(rt.podSandboxStatus(id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stopping a sandbox kills its containers; removing it removes them', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const c = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] }));
    await rt.startContainer(c);
    const started = Date.now();
    await rt.stopPodSandbox(sb);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await rt.containerStatus(c)).state).toBe('exited');
    await rt.removePodSandbox(sb);
    await expect(rt.containerStatus(c)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets the containers of a pod reach each other on localhost (shared network namespace)', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const server = await rt.createContainer(sb, newContainerConfig({ name: 'server', command: ['sh', '-c', 'mkdir -p /www && echo pong > /www/index.html && exec httpd -f -p 8080 -h /www'] }));
    await rt.startContainer(server);
    const client = await rt.createContainer(sb, newContainerConfig({ name: 'client', command: ['sh', '-c', 'for i in $(seq 1 50); do wget -qO- http://localhost:8080/ && exit 0; sleep 0.1; done; exit 1'] }));
    await rt.startContainer(client);
    const status = await waitFor('the client to exit', async () => {
      const s = await rt.containerStatus(client);
      return s.state === 'exited' ? s : undefined;
    });
    expect(status).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const lines = await firstValueFrom(rt.logs(client).pipe(toArray()));
    expect(lines.map((l) => l.text)).toEqual(['pong']);
  });

  it('puts every container of a pod in the same network, IPC and UTS (hostname) namespaces', async () => {
    const rt = runtime();
    const config = newSandboxConfig();
    const sb = await rt.runPodSandbox(config);
    // Both stay alive, so distinct namespaces cannot share a recycled inode number.
    const script = 'readlink /proc/self/ns/net; readlink /proc/self/ns/ipc; hostname; sleep 30';
    const ids = [];
    for (const name of ['one', 'two']) {
      const id = await rt.createContainer(sb, newContainerConfig({ name, command: ['sh', '-c', script] }));
      await rt.startContainer(id);
      ids.push(id);
    }
    const outputs = [];
    for (const id of ids) {
      outputs.push(
        await waitFor('three lines', async () => {
          const lines = (await firstValueFrom(rt.logs(id).pipe(toArray()))).map((l) => l.text);
          return lines.length >= 3 ? lines : undefined;
        }),
      );
    }
    expect(outputs[0]).toHaveLength(3);
    expect(outputs[0]?.[2]).toBe(config.name);
    expect(outputs[1]).toEqual(outputs[0]);
  });

  it('shares an emptyDir between two containers, honouring subPath and readOnly, and removes it with the sandbox', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig({ volumes: [{ name: 'shared', type: 'emptyDir' }] }));
    expect((await rawObjects(rt.options.labelNamespace)).volumes).toHaveLength(1);
    const writer = await rt.createContainer(
      sb,
      newContainerConfig({
        name: 'writer',
        command: ['sh', '-c', 'echo hello > /data/top.txt && mkdir -p /data/sub && echo nested > /data/sub/inner.txt'],
        mounts: [{ volume: 'shared', containerPath: '/data', readOnly: false }],
      }),
    );
    await rt.startContainer(writer);
    await waitFor('the writer to exit', async () => ((await rt.containerStatus(writer)).state === 'exited' ? true : undefined));
    const reader = await rt.createContainer(
      sb,
      newContainerConfig({
        name: 'reader',
        command: ['sh', '-c', 'cat /all/top.txt /only/inner.txt; touch /all/x 2>/dev/null && echo writable || echo readonly'],
        mounts: [
          { volume: 'shared', containerPath: '/all', readOnly: true },
          { volume: 'shared', containerPath: '/only', readOnly: false, subPath: 'sub' },
        ],
      }),
    );
    await rt.startContainer(reader);
    await waitFor('the reader to exit', async () => ((await rt.containerStatus(reader)).state === 'exited' ? true : undefined));
    const lines = await firstValueFrom(rt.logs(reader).pipe(toArray()));
    expect(lines.map((l) => l.text)).toEqual(['hello', 'nested', 'readonly']);

    await rt.removePodSandbox(sb);
    expect(await rawObjects(rt.options.labelNamespace)).toEqual({ containers: [], volumes: [] });
  });

  it('creates a missing subPath directory of an emptyDir (as the kubelet does)', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig({ volumes: [{ name: 'v', type: 'emptyDir' }] }));
    const c = await rt.createContainer(
      sb,
      newContainerConfig({ command: ['sh', '-c', 'echo x > /m/f && cat /m/f'], mounts: [{ volume: 'v', containerPath: '/m', readOnly: false, subPath: 'new/dir' }] }),
    );
    await rt.startContainer(c);
    const s = await waitFor('exit', async () => {
      const st = await rt.containerStatus(c);
      return st.state === 'exited' ? st : undefined;
    });
    expect(s.exitCode).toBe(0);
  });

  it('mounts a hostPath volume as a bind mount', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig({ volumes: [{ name: 'etc', type: 'hostPath', path: '/etc' }] }));
    const c = await rt.createContainer(sb, newContainerConfig({ command: ['cat', '/host-etc/hostname'], mounts: [{ volume: 'etc', containerPath: '/host-etc', readOnly: true }] }));
    await rt.startContainer(c);
    await waitFor('exit', async () => ((await rt.containerStatus(c)).state === 'exited' ? true : undefined));
    const { readFileSync } = await import('node:fs');
    const lines = await firstValueFrom(rt.logs(c).pipe(toArray()));
    expect(lines.map((l) => l.text)).toEqual([readFileSync('/etc/hostname', 'utf8').trim()]);
  });

  it('publishes a host port on the sandbox', async () => {
    const rt = runtime();
    const hostPort = 20000 + Math.floor(Math.random() * 20000);
    const sb = await rt.runPodSandbox(newSandboxConfig({ portMappings: [{ containerPort: 8080, hostPort, protocol: 'TCP', hostIP: '127.0.0.1' }] }));
    const c = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'mkdir -p /w && echo published > /w/index.html && exec httpd -f -p 8080 -h /w'] }));
    await rt.startContainer(c);
    const result = await waitFor('the published port to answer', async () => {
      const r = await rt.httpGet({ sandboxId: sb, host: '127.0.0.1', port: hostPort, path: '/', scheme: 'HTTP', timeoutMs: 1000 });
      return r.ok ? r : undefined;
    });
    expect(result).toMatchObject({ ok: true, statusCode: 200, body: 'published\n' });
  });

  it('uses the host network for hostNetwork pods', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig({ hostNetwork: true }));
    const status = await rt.podSandboxStatus(sb);
    expect(status).toMatchObject({ hostNetwork: true, state: 'ready' });
    expect(status.ip).toBeUndefined();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const c = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', `mkdir -p /w && echo host > /w/index.html && exec httpd -f -p 127.0.0.1:${port} -h /w`] }));
    await rt.startContainer(c);
    // Listening on the host's loopback: only reachable if the pod really is on the host network.
    expect(await waitFor('the port to open on the host', async () => ((await rt.tcpConnect({ sandboxId: sb, host: '127.0.0.1', port, timeoutMs: 500 })) ? true : undefined))).toBe(true);
  });

  it('returns the running sandbox instead of a duplicate when the same sandbox is run again', async () => {
    const rt = runtime();
    const config = newSandboxConfig();
    const first = await rt.runPodSandbox(config);
    expect(await rt.runPodSandbox(config)).toBe(first);
    expect(await rt.listPodSandboxes()).toHaveLength(1);
  });

  it('rejects an invalid sandbox config naming the field', async () => {
    const rt = runtime();
    await expect(rt.runPodSandbox(newSandboxConfig({ volumes: [{ name: 'x', type: 'hostPath', path: 'relative' }] }))).rejects.toMatchObject({
      code: 'invalid_argument',
      details: { field: 'volumes[0].path' },
    });
  });

  it('leaves nothing behind when the sandbox cannot start', async () => {
    const broken = await newTestRuntime({ sandboxCommand: ['/no/such/pause'] });
    try {
      const error: unknown = await broken.runPodSandbox(newSandboxConfig({ volumes: [{ name: 'v', type: 'emptyDir' }] })).catch((e: unknown) => e);
      expect(isRuntimeError(error, 'start_failed')).toBe(true);
      expect((error as Error).message).toMatch(/no such file or directory/);
      expect(await rawObjects(broken.options.labelNamespace)).toEqual({ containers: [], volumes: [] });
    } finally {
      await broken.gc([]);
      await broken.close();
    }
  });
});
