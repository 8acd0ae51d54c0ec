// The sandboxes a runtime object ran are remembered (no inspect per call): the paths that skip
// the inspect must still see what changed behind the object's back.
import Docker from 'dockerode';
import { expect, it } from 'vitest';
import { isRuntimeError } from 'podkit';
import { createDockerRuntime } from 'podkit/docker';
import { describeDocker, newContainerConfig, newSandboxConfig, newTestRuntime, rawInspect, rawObjects } from './docker-env.js';

describeDocker('DockerRuntime remembered sandboxes', ({ runtime }) => {
  it('rejects a create in a sandbox it ran that was removed behind its back with not_found, leaving no container', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    await new Docker().getContainer(sb).remove({ force: true });
    const error: unknown = await rt.createContainer(sb, newContainerConfig({ command: ['sleep', '60'] })).catch((e: unknown) => e);
    expect(isRuntimeError(error, 'not_found')).toBe(true);
    expect((error as Error).message).toContain(sb);
    expect((await rawObjects(rt.options.labelNamespace)).containers).toEqual([]);
    // Forgotten: the next call inspects and still answers not_found.
    await expect(rt.createContainer(sb, newContainerConfig())).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stops and removes a container another runtime object created in a sandbox it ran', async () => {
    const rt = runtime();
    const sb = await rt.runPodSandbox(newSandboxConfig());
    const other = await createDockerRuntime(rt.options);
    try {
      const c = await other.createContainer(sb, newContainerConfig({ command: ['sleep', '60'] }));
      await other.startContainer(c);
      await rt.stopPodSandbox(sb);
      expect((await rawInspect(c)).State.Running).toBe(false);
      expect((await rawInspect(sb)).State.Running).toBe(false);
      await rt.removePodSandbox(sb);
      expect(await rawObjects(rt.options.labelNamespace)).toEqual({ containers: [], volumes: [] });
    } finally {
      await other.close();
    }
  });

  it('removes the emptyDir volume of a pod with the last of its sandboxes, not before', async () => {
    const rt = runtime();
    const config = newSandboxConfig({ volumes: [{ name: 'data', type: 'emptyDir' }] });
    const first = await rt.runPodSandbox(config);
    const second = await rt.runPodSandbox({ ...config, attempt: 1 });
    await rt.stopPodSandbox(first);
    await rt.removePodSandbox(first);
    expect((await rawObjects(rt.options.labelNamespace)).volumes).toHaveLength(1);
    await rt.stopPodSandbox(second);
    await rt.removePodSandbox(second);
    expect(await rawObjects(rt.options.labelNamespace)).toEqual({ containers: [], volumes: [] });
  });

  it('fails a sandbox whose image is missing and cannot be pulled with image_pull_failed, leaving nothing behind', async () => {
    const broken = await newTestRuntime({ sandboxImage: 'localhost:1/podkit-no-such-pause:0', pullTimeoutMs: 30_000 });
    try {
      const error: unknown = await broken.runPodSandbox(newSandboxConfig({ volumes: [{ name: 'v', type: 'emptyDir' }] })).catch((e: unknown) => e);
      expect(isRuntimeError(error, 'image_pull_failed')).toBe(true);
      expect(await rawObjects(broken.options.labelNamespace)).toEqual({ containers: [], volumes: [] });
    } finally {
      await broken.gc([]);
      await broken.close();
    }
  });
});
