import type Docker from 'dockerode';
import type { PodSandboxConfig, SandboxVolume } from '../runtime/container-runtime.js';
import { RuntimeError } from '../runtime/runtime-error.js';
import { engineStatus, toRuntimeError } from './docker-errors.js';
import type { EngineClient } from './engine-client.js';
import { sandboxVolumes } from './from-docker.js';
import type { ResolvedDockerRuntimeOptions } from './options.js';
import { sandboxName, toSandboxCreateBody, toVolumeCreateBody, volumeName } from './to-docker.js';

/** What creating a container in a sandbox needs to know about it (read from its labels). */
export interface SandboxRecord {
  readonly id: string;
  readonly podUid: string;
  readonly namespace: string;
  readonly podName: string;
  readonly attempt: number;
  readonly hostNetwork: boolean;
  readonly volumes: readonly SandboxVolume[];
}

function invalid(field: string, expected: string, received: unknown): RuntimeError {
  return new RuntimeError('invalid_argument', `Expected ${field} to be ${expected}, received ${JSON.stringify(received)}.`, { details: { field } });
}

/** Checks a sandbox config; throws `invalid_argument` naming the field. */
function validate(config: PodSandboxConfig): void {
  if (config.podUid === '') throw invalid('podUid', 'a pod uid', config.podUid);
  if (config.name === '') throw invalid('name', 'a pod name', config.name);
  if (config.namespace === '') throw invalid('namespace', 'a namespace', config.namespace);
  if (!Number.isInteger(config.attempt) || config.attempt < 0) throw invalid('attempt', 'an integer >= 0', config.attempt);
  const names = new Set<string>();
  config.volumes.forEach((v, i) => {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v.name)) throw invalid(`volumes[${i}].name`, 'a DNS label', v.name);
    if (names.has(v.name)) throw invalid(`volumes[${i}].name`, 'unique among the volumes', v.name);
    names.add(v.name);
    if (v.type === 'hostPath' && !v.path.startsWith('/')) throw invalid(`volumes[${i}].path`, 'an absolute path', v.path);
  });
  config.portMappings.forEach((p, i) => {
    if (!Number.isInteger(p.hostPort) || p.hostPort < 1 || p.hostPort > 65535) throw invalid(`portMappings[${i}].hostPort`, 'a port 1-65535', p.hostPort);
  });
}

/**
 * Runs, stops and removes pod sandboxes: an infra container holding the pod's network (and IPC)
 * namespace, plus a Docker volume per emptyDir. Keeps no state: everything is read back from the
 * engine's labels, so a new runtime object sees what an earlier one created.
 */
export class SandboxLifecycle {
  constructor(
    private readonly engine: EngineClient,
    private readonly options: ResolvedDockerRuntimeOptions,
  ) {}

  private get docker(): Docker {
    return this.engine.docker;
  }

  /** The Docker volume name of a pod's emptyDir. */
  volumeName(podUid: string, name: string): string {
    return volumeName(this.options.namePrefix, podUid, name);
  }

  /** The sandbox's record, from its inspect. Rejects with `not_found`. */
  async record(id: string): Promise<SandboxRecord> {
    const { info, identity } = await this.engine.inspect(id, 'sandbox');
    return {
      id: info.Id,
      podUid: identity.podUid,
      namespace: identity.namespace,
      podName: identity.podName,
      attempt: identity.attempt ?? 0,
      hostNetwork: info.HostConfig?.NetworkMode === 'host',
      volumes: sandboxVolumes(info.Config.Labels ?? {}, this.options.labelNamespace),
    };
  }

  /**
   * Creates the pod's volumes (reusing existing ones) and creates and starts the infra container.
   * If the same sandbox (same name, same pod uid) already runs, returns its id instead of a
   * duplicate. A failure removes what this call created.
   */
  async run(config: PodSandboxConfig): Promise<string> {
    validate(config);
    const created: string[] = [];
    try {
      for (const v of config.volumes) {
        if (v.type !== 'emptyDir') continue;
        const body = toVolumeCreateBody(v, { podUid: config.podUid, namespace: config.namespace, podName: config.name }, this.options);
        if (await this.volumeExists(body.Name)) continue;
        try {
          await this.docker.createVolume(body);
        } catch (error) {
          throw toRuntimeError(error, `create of volume "${v.name}" failed`, 'create_failed', { volume: v.name });
        }
        created.push(body.Name);
      }
      const name = sandboxName(this.options.namePrefix, config);
      const body = toSandboxCreateBody(config, {
        image: this.options.sandboxImage,
        ...(this.options.sandboxCommand === undefined ? {} : { command: this.options.sandboxCommand }),
        namePrefix: this.options.namePrefix,
        labelNamespace: this.options.labelNamespace,
        network: this.options.network,
      });
      let id: string;
      try {
        id = (await this.docker.createContainer({ name, ...body } as Docker.ContainerCreateOptions)).id;
      } catch (error) {
        const status = engineStatus(error);
        if (status === 409) {
          const running = await this.runningSandbox(name, config.podUid);
          if (running !== undefined) return running;
        }
        throw toRuntimeError(error, `create of the sandbox of pod "${config.namespace}/${config.name}" failed`, status === 409 ? 'conflict' : 'create_failed', {
          podUid: config.podUid,
        });
      }
      try {
        await this.docker.getContainer(id).start();
      } catch (error) {
        await this.engine.remove(id).catch(() => undefined);
        const mapped = toRuntimeError(error, `start of the sandbox of pod "${config.namespace}/${config.name}" failed`, 'start_failed', { podUid: config.podUid });
        throw mapped.code === 'unavailable' ? mapped : new RuntimeError('start_failed', mapped.message, { cause: error, details: mapped.details });
      }
      return id;
    } catch (error) {
      await Promise.all(created.map((v) => this.engine.removeVolume(v).catch(() => undefined)));
      throw error;
    }
  }

  private async volumeExists(name: string): Promise<boolean> {
    try {
      await this.docker.getVolume(name).inspect();
      return true;
    } catch (error) {
      if (engineStatus(error) === 404) return false;
      throw toRuntimeError(error, `inspect of volume "${name}" failed`);
    }
  }

  /** The id of a running podkit sandbox with this name and pod uid, if any. */
  private async runningSandbox(name: string, podUid: string): Promise<string | undefined> {
    const found = await this.engine.tryInspect(name, 'sandbox');
    if (found === undefined || found.identity.podUid !== podUid || !found.info.State.Running) return undefined;
    return found.info.Id;
  }

  /** Kills every container of the sandbox, then the sandbox. A missing sandbox is fine. */
  async stop(id: string): Promise<void> {
    const found = await this.engine.tryInspect(id, 'sandbox');
    if (found === undefined) return;
    const members = await this.engine.list([`${this.engine.keys.sandboxId}=${found.info.Id}`]);
    await Promise.all(members.map((m) => this.engine.stop(m.Id, 0, true)));
    await this.engine.stop(found.info.Id, 0, true);
  }

  /**
   * Removes the sandbox's containers, the sandbox, and — when no other sandbox of the pod is
   * left — the pod's volumes. Returns the ids of the removed containers. A missing sandbox is fine.
   */
  async remove(id: string): Promise<string[]> {
    const found = await this.engine.tryInspect(id, 'sandbox');
    const sandboxId = found?.info.Id ?? id;
    const members = await this.engine.list([`${this.engine.keys.sandboxId}=${sandboxId}`]);
    await Promise.all(members.map((m) => this.engine.remove(m.Id)));
    if (found === undefined) return members.map((m) => m.Id);
    await this.engine.remove(sandboxId);
    const k = this.engine.keys;
    const podUid = found.identity.podUid;
    const others = await this.engine.list([`${k.role}=sandbox`, `${k.podUid}=${podUid}`]);
    if (others.length === 0) {
      const volumes = await this.engine.listVolumes([`${k.role}=volume`, `${k.podUid}=${podUid}`]);
      await Promise.all(volumes.map((v) => this.engine.removeVolume(v.name)));
    }
    return [...members.map((m) => m.Id), sandboxId];
  }
}
