// Shared helpers for the FakeRuntime tests (not a test file).
import type { ContainerConfig, PodSandboxConfig } from 'podkit';
import { FakeRuntime, VirtualClock, type FakeRuntimeOptions } from 'podkit/testing';

export const START = Date.UTC(2024, 0, 1);

export function sandboxConfig(name = 'web', extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig {
  return { podUid: `uid-${name}`, namespace: 'default', name, attempt: 0, hostNetwork: false, labels: {}, volumes: [], portMappings: [], ...extra };
}

export function containerConfig(name: string, command: string[] | undefined, extra: Partial<ContainerConfig> = {}): ContainerConfig {
  return { name, attempt: 0, image: 'busybox:1.36', ...(command === undefined ? {} : { command }), env: [], mounts: [], labels: {}, ...extra };
}

/** A clock, a runtime and one ready sandbox. */
export async function setup(options: Partial<FakeRuntimeOptions> = {}, sandbox: Partial<PodSandboxConfig> = {}) {
  const clock = new VirtualClock();
  const rt = new FakeRuntime({ clock, ...options });
  const sandboxId = await rt.runPodSandbox(sandboxConfig('web', sandbox));
  await rt.ensureImage('busybox:1.36', { pullPolicy: 'IfNotPresent' });
  /** Creates and starts a container; returns its id. */
  const run = async (name: string, command: string[] | undefined, extra: Partial<ContainerConfig> = {}): Promise<string> => {
    const id = await rt.createContainer(sandboxId, containerConfig(name, command, extra));
    await rt.startContainer(id);
    return id;
  };
  /** Runs `sh -c script` in a container and returns its status and log text after `advance`. */
  const script = async (src: string, advance: string | number = 0, extra: Partial<ContainerConfig> = {}) => {
    const id = await run(`c${Math.abs(hash(src))}`, ['sh', '-c', src], extra);
    await clock.advance(advance);
    const status = await rt.containerStatus(id);
    const lines = await logLines(rt, id);
    return { id, status, stdout: lines.filter((l) => l.stream === 'stdout').map((l) => l.text), stderr: lines.filter((l) => l.stream === 'stderr').map((l) => l.text) };
  };
  return { clock, rt, sandboxId, run, script };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

export async function logLines(rt: FakeRuntime, id: string) {
  const { firstValueFrom, toArray } = await import('rxjs');
  return firstValueFrom(rt.logs(id).pipe(toArray()));
}
