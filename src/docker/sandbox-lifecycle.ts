import type Docker from 'dockerode';
import type { PodSandboxConfig, SandboxVolume } from '../runtime/container-runtime.js';
import { RuntimeError } from '../runtime/runtime-error.js';
import { engineMessage, engineStatus, toRuntimeError } from './docker-errors.js';
import type { EngineClient } from './engine-client.js';
import { sandboxVolumes } from './from-docker.js';
import type { ResolvedDockerRuntimeOptions } from './options.js';
import { claimVolumeName, sandboxName, toClaimVolumeCreateBody, toSandboxCreateBody, toVolumeCreateBody, volumeName } from './to-docker.js';

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

/** How many sandboxes a runtime object remembers (oldest forgotten first; a forgotten one is inspected). */
const KNOWN_SANDBOX_LIMIT = 4096;

/** True if an engine error says the named container (e.g. a `container:<id>` namespace owner) does not exist. */
export function isNoSuchContainer(error: unknown): boolean {
  const status = engineStatus(error);
  return (status === 400 || status === 404) && /no such container/i.test(engineMessage(error));
}

/**
 * Runs, stops and removes pod sandboxes: an infra container holding the pod's network (and IPC)
 * namespace, plus a Docker volume per emptyDir. Everything is read back from the engine's labels,
 * so a new runtime object sees what an earlier one created. The only state is a bounded memo of
 * the sandboxes this object ran (their {@link SandboxRecord}, which never changes): it saves the
 * inspect that would re-read those labels. A remembered sandbox that is gone is detected by the
 * engine call that needs it (and forgotten).
 */
export class SandboxLifecycle {
  /** Sandboxes this object ran and has not removed, by full container id. */
  private readonly known = new Map<string, SandboxRecord>();

  constructor(
    private readonly engine: EngineClient,
    private readonly options: ResolvedDockerRuntimeOptions,
    /** Makes the sandbox image present (pull policy IfNotPresent); called when a create finds it missing. */
    private readonly ensureSandboxImage: () => Promise<unknown>,
  ) {}

  private get docker(): Docker {
    return this.engine.docker;
  }

  /** The Docker volume name of a pod's emptyDir. */
  volumeName(podUid: string, name: string): string {
    return volumeName(this.options.namePrefix, podUid, name);
  }

  /** The Docker volume name of a claim's storage. */
  claimVolumeName(namespace: string, claim: string): string {
    return claimVolumeName(this.options.namePrefix, namespace, claim);
  }


  /** True if this object ran the sandbox with this full id and has not removed it. */
  isKnown(id: string): boolean {
    return this.known.has(id);
  }

  /** Drops the memo of a sandbox (removed, or found gone). */
  forget(id: string): void {
    this.known.delete(id);
  }

  private remember(record: SandboxRecord): void {
    this.known.delete(record.id);
    this.known.set(record.id, record);
    if (this.known.size > KNOWN_SANDBOX_LIMIT) {
      const oldest = this.known.keys().next();
      if (oldest.done !== true) this.known.delete(oldest.value);
    }
  }

  /** The sandbox's record: remembered, else from its inspect. Rejects with `not_found`. */
  async record(id: string): Promise<SandboxRecord> {
    const known = this.known.get(id);
    if (known !== undefined) return known;
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
   * The sandbox image is ensured (IfNotPresent) only when the create reports it missing, then the
   * create is retried once. If the same sandbox (same name, same pod uid) already runs, returns
   * its id instead of a duplicate. A failure removes what this call created.
   */
  async run(config: PodSandboxConfig): Promise<string> {
    validate(config);
    const created: string[] = [];
    try {
      for (const v of config.volumes) {
        if (v.type === 'persistentClaim') {
          // A claim's volume outlives the sandbox: created once, never rolled back here.
          const claimBody = toClaimVolumeCreateBody(v, this.options);
          if (await this.volumeExists(claimBody.Name)) continue;
          try {
            await this.docker.createVolume(claimBody);
          } catch (error) {
            throw toRuntimeError(error, `create of claim volume "${v.claim}" failed`, 'create_failed', { volume: v.name, claim: v.claim });
          }
          continue;
        }
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
      const createBody = { name, ...body } as Docker.ContainerCreateOptions;
      let id: string;
      try {
        try {
          id = (await this.docker.createContainer(createBody)).id;
        } catch (error) {
          if (engineStatus(error) !== 404 || !/no such image/i.test(engineMessage(error))) throw error;
          await this.ensureSandboxImage();
          id = (await this.docker.createContainer(createBody)).id;
        }
      } catch (error) {
        if (error instanceof RuntimeError) throw error;
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
      this.remember({
        id,
        podUid: config.podUid,
        namespace: config.namespace,
        podName: config.name,
        attempt: config.attempt,
        hostNetwork: config.hostNetwork,
        volumes: config.volumes.map((v) => ({ ...v })),
      });
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

  /**
   * Kills every container of the sandbox, then the sandbox. A missing sandbox is fine. A
   * remembered sandbox needs no inspect: its members are listed and stopped, then it is.
   */
  async stop(id: string): Promise<void> {
    let sandboxId = id;
    if (!this.known.has(id)) {
      const found = await this.engine.tryInspect(id, 'sandbox');
      if (found === undefined) return;
      sandboxId = found.info.Id;
    }
    const members = await this.engine.list([`${this.engine.keys.sandboxId}=${sandboxId}`]);
    await Promise.all(members.map((m) => this.engine.stop(m.Id, 0, true)));
    await this.engine.stop(sandboxId, 0, true);
  }

  /**
   * Removes the sandbox's containers, the sandbox, and — when no other sandbox of the pod is
   * left — the pod's volumes. Returns the ids of the removed containers. A missing sandbox is fine.
   */
  async remove(id: string): Promise<string[]> {
    const known = this.known.get(id);
    if (known !== undefined) return this.removeKnown(known);
    const found = await this.engine.tryInspect(id, 'sandbox');
    const sandboxId = found?.info.Id ?? id;
    const members = await this.engine.list([`${this.engine.keys.sandboxId}=${sandboxId}`]);
    await Promise.all(members.map((m) => this.engine.remove(m.Id)));
    if (found === undefined) return members.map((m) => m.Id);
    await this.engine.remove(sandboxId);
    this.forget(sandboxId);
    const k = this.engine.keys;
    const podUid = found.identity.podUid;
    const others = await this.engine.list([`${k.role}=sandbox`, `${k.podUid}=${podUid}`]);
    if (others.length === 0) await this.removePodVolumes(podUid);
    return [...members.map((m) => m.Id), sandboxId];
  }

  /**
   * {@link remove} of a remembered sandbox, without the inspect. The check for other sandboxes of
   * the pod and the volume list are skipped when the pod has no emptyDir volume (every sandbox of
   * a pod has the pod's volumes, so there is no volume to remove).
   */
  private async removeKnown(record: SandboxRecord): Promise<string[]> {
    const k = this.engine.keys;
    const members = await this.engine.list([`${k.sandboxId}=${record.id}`]);
    await Promise.all(members.map((m) => this.engine.remove(m.Id)));
    await this.engine.remove(record.id);
    this.forget(record.id);
    if (record.volumes.some((v) => v.type === 'emptyDir')) {
      // Listed after the removal, so that of two sandboxes of the pod removed at once, the last sees none left.
      const others = await this.engine.list([`${k.role}=sandbox`, `${k.podUid}=${record.podUid}`]);
      if (others.length === 0) await this.removePodVolumes(record.podUid);
    }
    return [...members.map((m) => m.Id), record.id];
  }

  /**
   * Removes a container, and with the last object of its pod (a container that outlived its
   * sandbox: a deletion cut short) the pod's volumes, which would otherwise stay, as only a
   * sandbox removal takes volumes along. Costs an inspect and a listing besides the removal (the
   * memo of sandboxes is not trusted here: the case is one of a sandbox gone behind its back).
   */
  async removeContainer(id: string): Promise<void> {
    const found = await this.engine.tryInspect(id, 'container');
    await this.engine.remove(id);
    const podUid = found?.identity.podUid;
    if (podUid === undefined) return;
    const left = await this.engine.list([`${this.engine.keys.podUid}=${podUid}`]);
    if (left.length === 0) await this.removePodVolumes(podUid);
  }

  private async removePodVolumes(podUid: string): Promise<void> {
    const k = this.engine.keys;
    const volumes = await this.engine.listVolumes([`${k.role}=volume`, `${k.podUid}=${podUid}`]);
    await Promise.all(volumes.map((v) => this.engine.removeVolume(v.name)));
  }
}
