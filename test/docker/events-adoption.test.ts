// The event stream, re-adoption by a fresh runtime object, and garbage collection, on a real engine.
import { PassThrough } from 'node:stream';
import Docker from 'dockerode';
import { expect, it } from 'vitest';
import type { RuntimeEvent } from 'podkit';
import { createDockerRuntime } from 'podkit/docker';
// Internal: the event source, to run its relist against an engine whose event stream is silent.
import { dockerEvents } from '../../src/docker/docker-events.js';
import { describeDocker, newContainerConfig, newSandboxConfig, rawObjects, waitFor } from './docker-env.js';

describeDocker('DockerRuntime events, adoption and gc', ({ runtime }) => {
  it('reports start, exit (with the exit code), OOM kills, removal and sandbox death from the engine event stream', async () => {
    const rt = runtime();
    const events: RuntimeEvent[] = [];
    const sub = rt.events().subscribe((e) => events.push(e));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the stream is open
      const sb = await rt.runPodSandbox(newSandboxConfig());
      const quits = await rt.createContainer(sb, newContainerConfig({ name: 'quits', command: ['sh', '-c', 'sleep 0.2; exit 3'] }));
      const hog = await rt.createContainer(sb, newContainerConfig({ name: 'hog', command: ['sh', '-c', 'x=a; while true; do x=$x$x; done'], resources: { memoryLimitBytes: 24 * 1024 * 1024 } }));
      await rt.startContainer(quits);
      await rt.startContainer(hog);
      const of = (id: string, type: RuntimeEvent['type']): RuntimeEvent | undefined => events.find((e) => e.type === type && 'containerId' in e && e.containerId === id);
      await waitFor('both exits', async () => (of(quits, 'ContainerExited') && of(hog, 'ContainerExited') ? true : undefined));
      expect(of(quits, 'ContainerStarted')).toMatchObject({ sandboxId: sb });
      expect(of(quits, 'ContainerExited')).toMatchObject({ sandboxId: sb, exitCode: 3, oomKilled: false });
      expect(of(hog, 'ContainerExited')).toMatchObject({ exitCode: 137, oomKilled: true });
      const exitAt = (of(quits, 'ContainerExited') as { at: number }).at;
      expect(exitAt).toBe((await rt.containerStatus(quits)).finishedAt);

      await rt.removeContainer(quits);
      await waitFor('the removal', async () => of(quits, 'ContainerRemoved'));
      await rt.stopPodSandbox(sb);
      await waitFor('the sandbox death', async () => events.find((e) => e.type === 'SandboxDied' && e.sandboxId === sb));
      // Each fact once, even though the relist (every second here) sees the same states.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(events.filter((e) => e.type === 'ContainerExited' && e.containerId === quits)).toHaveLength(1);
      expect(events.filter((e) => e.type === 'ContainerStarted' && e.containerId === quits)).toHaveLength(1);
    } finally {
      sub.unsubscribe();
    }
  });

  it('catches exits the event stream missed with the relist safety net', async () => {
    const rt = runtime();
    const real = new Docker();
    // The real engine, except that its event stream never says anything.
    const deaf = Object.assign(Object.create(real) as Docker, { getEvents: () => Promise.resolve(new PassThrough()) });
    const events: RuntimeEvent[] = [];
    const sub = dockerEvents({ docker: deaf, labelNamespace: rt.options.labelNamespace, relistIntervalMs: 200 }).subscribe((e) => events.push(e));
    try {
      const sb = await rt.runPodSandbox(newSandboxConfig());
      const c = await rt.createContainer(sb, newContainerConfig({ command: ['sh', '-c', 'sleep 0.6; exit 5'] }));
      await rt.startContainer(c);
      await waitFor('the relist to see the exit', async () => events.find((e) => e.type === 'ContainerExited'));
      const status = await rt.containerStatus(c);
      expect(events).toEqual([
        { type: 'ContainerStarted', containerId: c, sandboxId: sb, at: status.startedAt },
        { type: 'ContainerExited', containerId: c, sandboxId: sb, exitCode: 5, oomKilled: false, at: status.finishedAt },
      ]);
      await rt.removePodSandbox(sb);
      await waitFor('the relist to see the removal', async () => events.find((e) => e.type === 'ContainerRemoved'));
      await waitFor('the relist to see the sandbox go', async () => events.find((e) => e.type === 'SandboxDied'));
      expect(events.slice(2).map((e) => e.type).sort()).toEqual(['ContainerRemoved', 'SandboxDied']);
    } finally {
      sub.unsubscribe();
    }
  });

  it('does not report objects of another label namespace', async () => {
    const rt = runtime();
    const other = await createDockerRuntime({ ...rt.options, labelNamespace: `${rt.options.labelNamespace}.other`, namePrefix: `${rt.options.namePrefix}-o` });
    const events: RuntimeEvent[] = [];
    const sub = rt.events().subscribe((e) => events.push(e));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const sb = await other.runPodSandbox(newSandboxConfig());
      const c = await other.createContainer(sb, newContainerConfig({ command: ['true'] }));
      await other.startContainer(c);
      await waitFor('the foreign container to exit', async () => ((await other.containerStatus(c)).state === 'exited' ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(events).toEqual([]);
      expect(await rt.listPodSandboxes()).toEqual([]);
      await expect(rt.containerStatus(c)).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      sub.unsubscribe();
      await other.gc([]);
      await other.close();
    }
  });

  it('lets a fresh runtime object adopt what an earlier one created instead of duplicating it', async () => {
    const first = runtime();
    const config = newSandboxConfig({ labels: { app: 'adopted' }, volumes: [{ name: 'data', type: 'emptyDir' }] });
    const sb = await first.runPodSandbox(config);
    const c = await first.createContainer(sb, newContainerConfig({ name: 'main', attempt: 1, command: ['sleep', '60'], mounts: [{ volume: 'data', containerPath: '/data', readOnly: false }] }));
    await first.startContainer(c);

    const second = await createDockerRuntime(first.options);
    try {
      expect(await second.listPodSandboxes({ labels: { app: 'adopted' } })).toEqual([expect.objectContaining({ id: sb, podUid: config.podUid, state: 'ready' })]);
      expect(await second.listContainers({ sandboxId: sb })).toEqual([expect.objectContaining({ id: c, name: 'main', attempt: 1, state: 'running' })]);
      expect(await second.runPodSandbox(config)).toBe(sb);
      await expect(second.createContainer(sb, newContainerConfig({ name: 'main', attempt: 1 }))).rejects.toMatchObject({ code: 'conflict' });
      // The adopted sandbox's volumes are known from its labels.
      const sidecar = await second.createContainer(sb, newContainerConfig({ name: 'side', command: ['sleep', '60'], mounts: [{ volume: 'data', containerPath: '/d', readOnly: false, subPath: 's' }] }));
      await second.startContainer(sidecar);
      await first.exec(c, ['sh', '-c', 'echo shared > /data/s/f']);
      expect((await second.exec(sidecar, ['cat', '/d/f'])).stdout).toBe('shared\n');
      expect((await rawObjects(first.options.labelNamespace)).containers).toHaveLength(3);
    } finally {
      await second.close();
    }
  });

  it('gc() removes the containers, sandboxes and volumes of pods that are not live, and keeps the live ones', async () => {
    const rt = runtime();
    const live = newSandboxConfig({ volumes: [{ name: 'v', type: 'emptyDir' }] });
    const dead = newSandboxConfig({ volumes: [{ name: 'v', type: 'emptyDir' }] });
    const liveSb = await rt.runPodSandbox(live);
    const deadSb = await rt.runPodSandbox(dead);
    const liveC = await rt.createContainer(liveSb, newContainerConfig({ command: ['sleep', '60'] }));
    const deadC = await rt.createContainer(deadSb, newContainerConfig({ command: ['sleep', '60'] }));
    await rt.startContainer(liveC);
    await rt.startContainer(deadC);

    expect(await rt.gc([live.podUid])).toEqual({ containers: 2, volumes: 1 });
    expect((await rt.listPodSandboxes()).map((s) => s.id)).toEqual([liveSb]);
    expect((await rt.listContainers()).map((s) => s.id)).toEqual([liveC]);
    const raw = await rawObjects(rt.options.labelNamespace);
    expect(raw.containers.sort()).toEqual([liveSb, liveC].sort());
    expect(raw.volumes).toHaveLength(1);

    expect(await rt.gc([])).toEqual({ containers: 2, volumes: 1 });
    expect(await rawObjects(rt.options.labelNamespace)).toEqual({ containers: [], volumes: [] });
  });
});
