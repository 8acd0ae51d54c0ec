// exec and logs on a real Docker engine.
import { expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import type { ContainerRuntime, LogLine } from 'podkit';
import { describeDocker, newContainerConfig, newSandboxConfig, waitFor } from './docker-env.js';

async function exited(rt: ContainerRuntime, id: string): Promise<void> {
  await waitFor('the container to exit', async () => ((await rt.containerStatus(id)).state === 'exited' ? true : undefined), 15_000);
}

describeDocker('DockerRuntime exec and logs', ({ runtime }) => {
  it('execs a command with demultiplexed stdout and stderr and its exit code', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sleep', '60'] }));
    await rt.startContainer(id);
    expect(await rt.exec(id, ['sh', '-c', 'echo to-out; echo to-err >&2; echo more-out; exit 4'])).toEqual({
      exitCode: 4,
      stdout: 'to-out\nmore-out\n',
      stderr: 'to-err\n',
      timedOut: false,
    });
    expect(await rt.exec(id, ['true'])).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    const missing = await rt.exec(id, ['/no/such/tool']);
    expect(missing.exitCode).not.toBe(0);
  });

  it('stops waiting for an exec at its timeout', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sleep', '60'] }));
    await rt.startContainer(id);
    const t0 = Date.now();
    const result = await rt.exec(id, ['sh', '-c', 'echo started; sleep 30'], { timeoutMs: 500 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(result).toMatchObject({ timedOut: true, stdout: 'started\n' });
  });

  it('rejects an exec in an exited container with exec_failed, and in an unknown one with not_found', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['true'] }));
    await rt.startContainer(id);
    await exited(rt, id);
    await expect(rt.exec(id, ['true'])).rejects.toMatchObject({ code: 'exec_failed' });
    await expect(rt.exec('0123456789ab', ['true'])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('returns log lines with the engine timestamps and stream, and honours tail and since', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'for i in 1 2 3 4; do echo line$i; done; echo oops >&2; sleep 0.3; echo late'] }));
    await rt.startContainer(id);
    await exited(rt, id);
    const status = await rt.containerStatus(id);
    const all = await firstValueFrom(rt.logs(id).pipe(toArray()));
    // Order is kept within a stream; the engine copies stdout and stderr independently.
    expect(all.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['line1', 'line2', 'line3', 'line4', 'late']);
    expect(all.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['oops']);
    expect(all.at(-1)?.text).toBe('late');
    for (const line of all) {
      expect(line.time).toBeGreaterThanOrEqual((status.startedAt ?? 0) - 1000);
      expect(line.time).toBeLessThanOrEqual((status.finishedAt ?? 0) + 1000);
    }
    const tail = await firstValueFrom(rt.logs(id, { tail: 2 }).pipe(toArray()));
    expect(tail).toHaveLength(2);
    expect(tail.at(-1)?.text).toBe('late');
    const lastTime = all.at(-1)?.time ?? 0;
    const since = await firstValueFrom(rt.logs(id, { since: lastTime }).pipe(toArray()));
    expect(since.map((l) => l.text)).toEqual(['late']);
  });

  it('follows the logs until the container exits', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'echo a; sleep 0.4; echo b; sleep 0.4; echo c'] }));
    await rt.startContainer(id);
    const lines: LogLine[] = [];
    await new Promise<void>((resolve, reject) => {
      rt.logs(id, { follow: true }).subscribe({ next: (l) => lines.push(l), error: reject, complete: resolve });
    });
    expect(lines.map((l) => l.text)).toEqual(['a', 'b', 'c']);
  });

  it('delivers followed lines while the container still runs, and lets the subscriber leave', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const id = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'while true; do echo tick; sleep 0.1; done'] }));
    await rt.startContainer(id);
    const first = await firstValueFrom(rt.logs(id, { follow: true, tail: 0 }));
    expect(first.text).toBe('tick');
    expect((await rt.containerStatus(id)).state).toBe('running');
  });

  it("keeps the previous instance's logs readable after a restart (a new attempt)", async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const first = await rt.createContainer(sb, newContainerConfig({ attempt: 0, command: ['sh', '-c', 'echo run-0; exit 1'] }));
    await rt.startContainer(first);
    await exited(rt, first);
    const second = await rt.createContainer(sb, newContainerConfig({ attempt: 1, command: ['sh', '-c', 'echo run-1; sleep 30'] }));
    await rt.startContainer(second);
    await waitFor('the new instance to log', async () => ((await firstValueFrom(rt.logs(second).pipe(toArray()))).length > 0 ? true : undefined));
    expect((await firstValueFrom(rt.logs(first).pipe(toArray()))).map((l) => l.text)).toEqual(['run-0']);
    expect((await firstValueFrom(rt.logs(second).pipe(toArray()))).map((l) => l.text)).toEqual(['run-1']);
    const attempts = (await rt.listContainers({ sandboxId: sb })).map((c) => [c.attempt, c.state]).sort();
    expect(attempts).toEqual([
      [0, 'exited'],
      [1, 'running'],
    ]);
  });

  it('errors the log stream of an unknown container with not_found', async () => {
    await expect(firstValueFrom(runtime().logs('0123456789ab').pipe(toArray()))).rejects.toMatchObject({ code: 'not_found' });
  });
});
