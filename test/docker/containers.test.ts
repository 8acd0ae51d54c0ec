// Containers on a real Docker engine: command semantics, env, exit reasons, OOM, stop, start failures.
import { expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import type { ContainerConfig, ContainerRuntime, RuntimeContainerStatus } from 'podkit';
import { describeDocker, newContainerConfig, newSandboxConfig, rawInspect, TEST_IMAGE, waitFor } from './docker-env.js';

/** Runs one container in a fresh sandbox until it exits; returns its status and output. */
async function runToExit(rt: ContainerRuntime, over: Partial<ContainerConfig>): Promise<{ status: RuntimeContainerStatus; output: string[]; id: string }> {
  const sb = await rt.runPodSandbox(newSandboxConfig());
  const id = await rt.createContainer(sb, newContainerConfig(over));
  await rt.startContainer(id);
  const status = await waitFor(
    'the container to exit',
    async () => {
      const s = await rt.containerStatus(id);
      return s.state === 'exited' ? s : undefined;
    },
    15_000,
  );
  const output = (await firstValueFrom(rt.logs(id).pipe(toArray()))).map((l) => l.text);
  return { status, output, id };
}

describeDocker('DockerRuntime containers', ({ runtime }) => {
  it('creates, starts and reports a running container with its identity and image', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ name: 'main', attempt: 2, labels: { tier: 'x' }, command: ['sleep', '30'] }));
    expect((await rt.containerStatus(id)).state).toBe('created');
    await rt.startContainer(id);
    const s = await rt.containerStatus(id);
    expect(s).toMatchObject({ id, sandboxId: sb, name: 'main', attempt: 2, image: TEST_IMAGE, state: 'running', oomKilled: false, labels: { tier: 'x' } });
    expect(s.imageId).toMatch(/^sha256:/);
    expect(s.startedAt).toBeGreaterThanOrEqual(s.createdAt);
    await rt.startContainer(id); // starting a running container is a no-op
    expect(await rt.listContainers({ sandboxId: sb })).toHaveLength(1);
    expect(await rt.listContainers({ labels: { tier: 'x' } })).toHaveLength(1);
    expect(await rt.listContainers({ labels: { tier: 'y' } })).toHaveLength(0);
  });

  it.each([
    ['the image cmd when neither is set (sh with no tty exits 0)', {}, []],
    ['command replacing the entrypoint', { command: ['echo', 'from-command'] }, ['from-command']],
    ['args replacing the cmd', { args: ['echo', 'from-args'] }, ['from-args']],
    ['command with args', { command: ['sh', '-c'], args: ['echo "$0 $1"', 'a', 'b'] }, ['a b']],
  ])('runs %s', async (_name, over, expected) => {
    const { status, output } = await runToExit(runtime(), over);
    expect(status.exitCode).toBe(0);
    expect(output).toEqual(expected);
  });

  it('passes env and workingDir', async () => {
    const { output } = await runToExit(runtime(), {
      command: ['sh', '-c', 'echo "$GREETING $POD_IP_LIKE"; pwd'],
      env: [
        { name: 'GREETING', value: 'hello world' },
        { name: 'POD_IP_LIKE', value: '10.0.0.1' },
      ],
      workingDir: '/tmp',
    });
    expect(output).toEqual(['hello world 10.0.0.1', '/tmp']);
  });

  it.each([
    ['exit 0 as Completed', 'exit 0', 0, 'Completed'],
    ['exit 3 as Error', 'exit 3', 3, 'Error'],
    ['exit 137 (how a shell reports SIGKILL) as Error with signal 9', 'exit 137', 137, 'Error'],
  ])('reports %s (dockershim reasons)', async (_name, script, exitCode, reason) => {
    const { status } = await runToExit(runtime(), { command: ['sh', '-c', script] });
    expect(status).toMatchObject({ state: 'exited', exitCode, reason, oomKilled: false });
    expect(status.finishedAt).toBeGreaterThanOrEqual(status.startedAt ?? Infinity);
    if (exitCode === 137) expect(status.signal).toBe(9);
  });

  it('reports OOMKilled for a container that exceeds its memory limit', async () => {
    const { status } = await runToExit(runtime(), {
      command: ['sh', '-c', 'x=a; while true; do x=$x$x; done'],
      resources: { memoryLimitBytes: 24 * 1024 * 1024 },
    });
    expect(status).toMatchObject({ state: 'exited', reason: 'OOMKilled', oomKilled: true, exitCode: 137 });
  });

  it('applies the memory limit without swap and the CPU limit', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sleep', '30'], resources: { memoryLimitBytes: 64 * 1024 * 1024, nanoCpus: 250_000_000 } }));
    const info = await rawInspect(id);
    expect(info.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(info.HostConfig.MemorySwap).toBe(64 * 1024 * 1024);
    expect(info.HostConfig.NanoCpus).toBe(250_000_000);
    expect(info.HostConfig.NetworkMode).toBe(`container:${sb}`);
  });

  it('stops a container that exits on SIGTERM without waiting for the grace period', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.1; done'] }));
    await rt.startContainer(id);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the trap be installed
    const t0 = Date.now();
    await rt.stopContainer(id, 10);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await rt.containerStatus(id)).toMatchObject({ state: 'exited', exitCode: 0, reason: 'Completed' });
    await rt.stopContainer(id, 10); // idempotent
  });

  it('kills a container that ignores SIGTERM once the grace period is over', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'trap "" TERM; while true; do sleep 0.1; done'] }));
    await rt.startContainer(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const t0 = Date.now();
    await rt.stopContainer(id, 1);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    const s = await rt.containerStatus(id);
    expect(s).toMatchObject({ state: 'exited', exitCode: 137, signal: 9, reason: 'Error' });
    expect(s.finishedAt).toBeGreaterThanOrEqual(t0 - 1000);
  });

  it('sends the configured stop signal first', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ stopSignal: 'SIGUSR1', command: ['sh', '-c', 'trap "exit 7" USR1; trap "" TERM; while true; do sleep 0.1; done'] }));
    await rt.startContainer(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rt.stopContainer(id, 10);
    expect((await rt.containerStatus(id)).exitCode).toBe(7);
  });

  it('rejects start_failed for an unknown executable and reports the container exited with StartError', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['/no/such/binary'] }));
    await expect(rt.startContainer(id)).rejects.toMatchObject({ code: 'start_failed', message: expect.stringMatching(/no such file or directory/) });
    const s = await rt.containerStatus(id);
    expect(s).toMatchObject({ state: 'exited', reason: 'StartError', message: expect.stringMatching(/\/no\/such\/binary/) });
    expect(s.exitCode).not.toBe(0);
    await rt.removeContainer(id);
    await rt.removeContainer(id); // idempotent
    expect(await rt.listContainers({ sandboxId: sb })).toEqual([]);
  });

  it('rejects a create with a missing image and leaves nothing behind', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    await expect(rt.createContainer(sb, newContainerConfig({ image: 'podkit-no-such-image:0' }))).rejects.toMatchObject({ code: 'create_failed', message: expect.stringMatching(/No such image/i) });
    expect(await rt.listContainers({ sandboxId: sb })).toEqual([]);
  });

  it('rejects a create in a missing sandbox with not_found and a duplicate create with conflict', async () => {
    const rt = runtime();
    await expect(rt.createContainer('0123456789ab', newContainerConfig())).rejects.toMatchObject({ code: 'not_found' });
    const sb = await rt.runPodSandbox(newSandboxConfig());
    await rt.createContainer(sb, newContainerConfig());
    await expect(rt.createContainer(sb, newContainerConfig())).rejects.toMatchObject({ code: 'conflict' });
  });

  it('answers not_found for unknown containers, and removes missing ones without error', async () => {
    const rt = runtime();
    await expect(rt.containerStatus('0123456789ab')).rejects.toMatchObject({ code: 'not_found' });
    await expect(rt.stopContainer('0123456789ab', 1)).rejects.toMatchObject({ code: 'not_found' });
    await expect(rt.removeContainer('0123456789ab')).resolves.toBeUndefined();
  });
});
