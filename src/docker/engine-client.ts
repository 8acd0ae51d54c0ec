import type Docker from 'dockerode';
import { RuntimeError } from '../runtime/runtime-error.js';
import { engineMessage, engineStatus, toRuntimeError } from './docker-errors.js';
import type { DockerContainerInspect } from './engine-types.js';
import { fromDockerLabels, podkitLabelKeys, type PodkitObjectIdentity } from './labels.js';

/** A container summary from `GET /containers/json`. */
export interface ContainerSummary {
  readonly Id: string;
  readonly State: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
}

/** Maps `fn` over `items` with at most `limit` calls in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The engine calls podkit makes, with podkit's label namespace applied and engine errors mapped
 * to {@link RuntimeError}s. Holds no state.
 */
export class EngineClient {
  readonly keys: ReturnType<typeof podkitLabelKeys>;

  constructor(
    readonly docker: Docker,
    readonly labelNamespace: string,
  ) {
    this.keys = podkitLabelKeys(labelNamespace);
  }

  /** Inspects a podkit object of the given role; `not_found` if missing or not podkit's. */
  async inspect(id: string, role: 'sandbox' | 'container'): Promise<{ info: DockerContainerInspect; identity: PodkitObjectIdentity }> {
    let info: DockerContainerInspect;
    try {
      info = (await this.docker.getContainer(id).inspect()) as unknown as DockerContainerInspect;
    } catch (error) {
      throw toRuntimeError(error, `${role} "${id}" not found`, 'internal', { id });
    }
    const identity = fromDockerLabels(info.Config.Labels ?? {}, this.labelNamespace);
    if (identity?.role !== role) {
      throw new RuntimeError('not_found', `${role} "${id}" not found: the container is not a podkit ${role} of label namespace "${this.labelNamespace}".`, {
        details: { id },
      });
    }
    return { info, identity };
  }

  /** Like {@link inspect}, but `undefined` when missing. */
  async tryInspect(id: string, role: 'sandbox' | 'container'): Promise<{ info: DockerContainerInspect; identity: PodkitObjectIdentity } | undefined> {
    try {
      return await this.inspect(id, role);
    } catch (error) {
      if (error instanceof RuntimeError && error.code === 'not_found') return undefined;
      throw error;
    }
  }

  /** Summaries of podkit containers with every given label (`key=value`). */
  async list(labels: readonly string[]): Promise<ContainerSummary[]> {
    try {
      return (await this.docker.listContainers({ all: true, filters: { label: [`${this.keys.managed}=true`, ...labels] } })) as ContainerSummary[];
    } catch (error) {
      throw toRuntimeError(error, 'list of containers failed');
    }
  }

  /** Inspects of podkit objects of a role with the given labels (objects gone meanwhile are skipped). */
  async inspectAll(role: 'sandbox' | 'container', labels: readonly string[]): Promise<DockerContainerInspect[]> {
    const summaries = await this.list([`${this.keys.role}=${role}`, ...labels]);
    const found = await mapLimit(summaries, 8, async (s) => (await this.tryInspect(s.Id, role))?.info);
    return found.filter((i): i is DockerContainerInspect => i !== undefined);
  }

  /**
   * Stops a container: the stop signal, `graceSeconds`, then SIGKILL; resolves once it exited.
   * Already stopped: resolves. Missing: resolves if `missingOk`, else `not_found`.
   */
  async stop(id: string, graceSeconds: number, missingOk: boolean): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.ceil(graceSeconds)) });
    } catch (error) {
      const status = engineStatus(error);
      if (status === 304) return;
      if (status === 404 && missingOk) return;
      if (status === 409 && /not running/i.test(engineMessage(error))) return;
      throw toRuntimeError(error, `stop of container "${id}" failed`, 'internal', { id });
    }
  }

  /** Removes a container (killing it); a missing one or one already being removed is fine. */
  async remove(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true });
    } catch (error) {
      const status = engineStatus(error);
      if (status === 404) return;
      if (status === 409 && /already in progress/i.test(engineMessage(error))) return;
      throw toRuntimeError(error, `remove of container "${id}" failed`, 'internal', { id });
    }
  }

  /** Removes a volume; a missing one is fine. */
  async removeVolume(name: string): Promise<void> {
    try {
      await this.docker.getVolume(name).remove();
    } catch (error) {
      if (engineStatus(error) === 404) return;
      throw toRuntimeError(error, `remove of volume "${name}" failed`, 'internal', { volume: name });
    }
  }

  /** Names and labels of podkit volumes with every given label. */
  async listVolumes(labels: readonly string[]): Promise<{ name: string; labels: Readonly<Record<string, string>> }[]> {
    try {
      const result = (await this.docker.listVolumes({ filters: { label: [`${this.keys.managed}=true`, ...labels] } })) as {
        Volumes?: { Name: string; Labels?: Record<string, string> | null }[] | null;
      };
      return (result.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
    } catch (error) {
      throw toRuntimeError(error, 'list of volumes failed');
    }
  }

  /** The engine-side data directory of a volume, or `undefined` if missing. */
  async volumeMountpoint(name: string): Promise<string | undefined> {
    try {
      const info = (await this.docker.getVolume(name).inspect()) as { Mountpoint?: string };
      return info.Mountpoint === '' ? undefined : info.Mountpoint;
    } catch (error) {
      if (engineStatus(error) === 404) return undefined;
      throw toRuntimeError(error, `inspect of volume "${name}" failed`, 'internal', { volume: name });
    }
  }
}
