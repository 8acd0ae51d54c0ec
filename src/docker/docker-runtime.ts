import type Docker from 'dockerode';
import { Observable, Subject, takeUntil } from 'rxjs';
import type {
  ContainerConfig,
  EnsureImageOptions,
  EnsureImageResult,
  ExecOptions,
  ExecResult,
  HttpProbeRequest,
  HttpProbeResult,
  ImageInfo,
  ListFilter,
  LogLine,
  LogOptions,
  PodSandboxConfig,
  PodSandboxStatus,
  RuntimeContainerStatus,
  RuntimeEvent,
  SandboxVolume,
  TcpProbeRequest,
} from '../runtime/container-runtime.js';
import { RuntimeError } from '../runtime/runtime-error.js';
import { engineMessage, engineStatus, toRuntimeError } from './docker-errors.js';
import { dockerEvents } from './docker-events.js';
import { ensureImage, imageStatus, listImages, withTimeout } from './docker-images.js';
import { dockerExec } from './docker-exec.js';
import { dockerLogs } from './docker-streams.js';
import { EngineClient } from './engine-client.js';
import type { DockerContainerInspect } from './engine-types.js';
import { toContainerStatus, toSandboxStatus } from './from-docker.js';
import { collectGarbage } from './gc.js';
import { reservedKeyIn, reservedLabelKeys } from './labels.js';
import type { DockerEngineInfo, DockerGcResult, DockerRuntime, ResolvedDockerRuntimeOptions } from './options.js';
import { httpGetFromHost, tcpConnectFromHost } from './probes.js';
import { isNoSuchContainer, SandboxLifecycle, type SandboxRecord } from './sandbox-lifecycle.js';
import { containerName, toContainerCreateBody, type ResolvedVolume } from './to-docker.js';

/** Label filters (`key=value`) of a {@link ListFilter}'s labels. */
const labelFilters = (filter: ListFilter | undefined): string[] => Object.entries(filter?.labels ?? {}).map(([k, v]) => `${k}=${v}`);

/**
 * Rejects caller labels (or a list filter) on one of the adapter's reserved keys: the label
 * contract of the port (callers' labels are kept and matched verbatim; the adapter's own
 * bookkeeping keys are exactly {@link reservedLabelKeys}).
 */
function checkCallerLabels(labels: Readonly<Record<string, string>> | undefined, ns: string, field: string): void {
  const key = reservedKeyIn(labels, ns);
  if (key === undefined) return;
  throw new RuntimeError(
    'invalid_argument',
    `Expected ${field} to leave the Docker adapter's own label keys alone, received "${key}": ${reservedLabelKeys(ns).join(', ')} are reserved under the label namespace "${ns}" (any other key, in any namespace, is kept verbatim).`,
    { details: { field: `${field}["${key}"]`, reserved: reservedLabelKeys(ns) } },
  );
}

/** True if every label of the filter is on the object. */
const matches = (labels: Readonly<Record<string, string>>, filter: ListFilter | undefined): boolean =>
  Object.entries(filter?.labels ?? {}).every(([k, v]) => labels[k] === v);

/**
 * The Docker adapter of the ContainerRuntime port (see `createDockerRuntime`). Keeps no state the
 * engine does not (everything is read back from podkit's labels, so a new runtime object adopts
 * what an earlier one created), except the messages of start failures the engine leaves
 * unrecorded and a memo of the sandboxes this object ran (see SandboxLifecycle), which spares
 * an inspect per call on them.
 * @internal
 */
export class DockerRuntimeImpl implements DockerRuntime {
  readonly name = 'docker';
  readonly options: ResolvedDockerRuntimeOptions;
  private readonly engine: EngineClient;
  private readonly sandboxes: SandboxLifecycle;
  /** Containers whose start failed but that the engine still reports as `created`: id → message. */
  private readonly startFailures = new Map<string, string>();
  private readonly closing = new Subject<void>();
  private closed = false;

  constructor(docker: Docker, options: ResolvedDockerRuntimeOptions) {
    this.options = options;
    this.engine = new EngineClient(docker, options.labelNamespace);
    this.sandboxes = new SandboxLifecycle(this.engine, options, () =>
      ensureImage(this.docker, options.sandboxImage, { pullPolicy: 'IfNotPresent' }, options.pullTimeoutMs),
    );
  }

  private get docker(): Docker {
    return this.engine.docker;
  }

  private open(): void {
    if (this.closed) throw new RuntimeError('unavailable', 'the Docker runtime was closed: create a new one with createDockerRuntime().', { retryable: false });
  }

  /** Removes a claim's Docker volume (§P.8), once its PersistentVolumeClaim is deleted; a missing one is fine. */
  async deleteClaimVolume(namespace: string, claim: string): Promise<void> {
    this.open();
    await this.engine.removeVolume(this.sandboxes.claimVolumeName(namespace, claim));
  }

  async ping(): Promise<void> {
    this.open();
    try {
      await withTimeout(this.docker.ping(), this.options.pingTimeoutMs, () => new Error(`no answer within ${this.options.pingTimeoutMs} ms`));
    } catch (error) {
      throw new RuntimeError('unavailable', `the Docker engine did not answer a ping: ${error instanceof Error ? error.message : String(error)}. Is dockerd running and DOCKER_HOST right?`, {
        cause: error,
      });
    }
  }

  async engineInfo(): Promise<DockerEngineInfo> {
    this.open();
    try {
      const v = await this.docker.version();
      return { version: v.Version, apiVersion: v.ApiVersion };
    } catch (error) {
      throw toRuntimeError(error, 'version of the Docker engine failed');
    }
  }

  // Sandboxes -----------------------------------------------------------------------------------

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    this.open();
    checkCallerLabels(config.labels, this.options.labelNamespace, 'config.labels');
    return this.sandboxes.run(config);
  }

  async stopPodSandbox(sandboxId: string): Promise<void> {
    this.open();
    await this.sandboxes.stop(sandboxId);
  }

  async removePodSandbox(sandboxId: string): Promise<void> {
    this.open();
    const ids = await this.sandboxes.remove(sandboxId);
    for (const id of ids) this.startFailures.delete(id);
  }

  async podSandboxStatus(sandboxId: string): Promise<PodSandboxStatus> {
    this.open();
    const { info } = await this.engine.inspect(sandboxId, 'sandbox');
    return toSandboxStatus(info, this.options.labelNamespace, this.options.hostIp);
  }

  async listPodSandboxes(filter?: ListFilter): Promise<readonly PodSandboxStatus[]> {
    this.open();
    checkCallerLabels(filter?.labels, this.options.labelNamespace, 'filter.labels');
    let infos: DockerContainerInspect[];
    if (filter?.sandboxId !== undefined) {
      const found = await this.engine.tryInspect(filter.sandboxId, 'sandbox');
      infos = found === undefined ? [] : [found.info];
    } else {
      infos = await this.engine.inspectAll('sandbox', labelFilters(filter));
    }
    return infos.map((i) => toSandboxStatus(i, this.options.labelNamespace, this.options.hostIp)).filter((s) => matches(s.labels, filter));
  }

  // Images --------------------------------------------------------------------------------------

  async ensureImage(image: string, options: EnsureImageOptions): Promise<EnsureImageResult> {
    this.open();
    return ensureImage(this.docker, image, options, this.options.pullTimeoutMs);
  }

  async imageStatus(image: string): Promise<ImageInfo | undefined> {
    this.open();
    return imageStatus(this.docker, image);
  }

  async listImages(): Promise<readonly ImageInfo[]> {
    this.open();
    return listImages(this.docker);
  }

  // Containers ----------------------------------------------------------------------------------

  async createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    this.open();
    if (config.name === '') throw new RuntimeError('invalid_argument', 'Expected config.name to be a container name, received "".', { details: { field: 'name' } });
    if (config.image === '') throw new RuntimeError('invalid_argument', 'Expected config.image to be an image reference, received "".', { details: { field: 'image' } });
    if (!Number.isInteger(config.attempt) || config.attempt < 0) {
      throw new RuntimeError('invalid_argument', `Expected config.attempt to be an integer >= 0, received ${config.attempt}.`, { details: { field: 'attempt' } });
    }
    checkCallerLabels(config.labels, this.options.labelNamespace, 'config.labels');
    const sandbox = await this.sandboxes.record(sandboxId);
    const volumes = await this.resolveVolumes(sandbox, config);
    const body = toContainerCreateBody(config, {
      sandboxId: sandbox.id,
      podUid: sandbox.podUid,
      namespace: sandbox.namespace,
      podName: sandbox.podName,
      labelNamespace: this.options.labelNamespace,
      volumes,
    });
    const name = containerName(this.options.namePrefix, sandbox, config);
    try {
      const container = await this.docker.createContainer({ name, ...body } as Docker.ContainerCreateOptions);
      return container.id;
    } catch (error) {
      // A remembered sandbox is not inspected first: the engine names it when it is gone.
      if (isNoSuchContainer(error) && engineMessage(error).includes(sandbox.id)) {
        this.sandboxes.forget(sandbox.id);
        throw new RuntimeError('not_found', `sandbox "${sandboxId}" not found: ${engineMessage(error)}`, { cause: error, details: { id: sandboxId } });
      }
      const status = engineStatus(error);
      const mapped = toRuntimeError(error, `create of container "${config.name}" (${name}) failed`, 'create_failed', { sandboxId, container: config.name });
      // A 404 here is a missing image (the sandbox was just found): still a failed create.
      if (mapped.code === 'unavailable' || status === 409 || status === 400) throw mapped;
      throw new RuntimeError('create_failed', mapped.message, { cause: error, details: mapped.details, retryable: false });
    }
  }

  /** The sandbox's volumes, resolved for Docker; a volume's engine path only when a subPath needs it. */
  private async resolveVolumes(sandbox: SandboxRecord, config: ContainerConfig): Promise<Map<string, ResolvedVolume>> {
    const needsPath = new Set(config.mounts.filter((m) => m.subPath !== undefined && m.subPath !== '').map((m) => m.volume));
    const resolved = new Map<string, ResolvedVolume>();
    for (const v of sandbox.volumes) resolved.set(v.name, await this.resolveVolume(sandbox, v, needsPath.has(v.name)));
    return resolved;
  }

  private async resolveVolume(sandbox: SandboxRecord, v: SandboxVolume, needsPath: boolean): Promise<ResolvedVolume> {
    if (v.type === 'hostPath') return { kind: 'bind', path: v.path };
    const dockerName = v.type === 'persistentClaim' ? this.sandboxes.claimVolumeName(v.namespace, v.claim) : this.sandboxes.volumeName(sandbox.podUid, v.name);
    if (!needsPath) return { kind: 'volume', dockerName };
    const mountpoint = await this.engine.volumeMountpoint(dockerName);
    return mountpoint === undefined ? { kind: 'volume', dockerName } : { kind: 'volume', dockerName, mountpoint };
  }

  async startContainer(containerId: string): Promise<void> {
    this.open();
    try {
      await this.docker.getContainer(containerId).start();
    } catch (error) {
      const status = engineStatus(error);
      if (status === 304) return;
      if (status === 404) throw toRuntimeError(error, `container "${containerId}" not found`, 'not_found', { containerId });
      const mapped = toRuntimeError(error, `start of container "${containerId}" failed`, 'start_failed', { containerId });
      if (mapped.code === 'unavailable') throw mapped;
      const failure = new RuntimeError('start_failed', mapped.message, { cause: error, details: mapped.details, retryable: false });
      this.startFailures.set(containerId, failure.message);
      throw failure;
    }
  }

  async stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    this.open();
    await this.engine.stop(containerId, gracePeriodSeconds, false);
  }

  async removeContainer(containerId: string): Promise<void> {
    this.open();
    await this.sandboxes.removeContainer(containerId);
    this.startFailures.delete(containerId);
  }

  async containerStatus(containerId: string): Promise<RuntimeContainerStatus> {
    this.open();
    const { info } = await this.engine.inspect(containerId, 'container');
    return this.status(info);
  }

  async listContainers(filter?: ListFilter): Promise<readonly RuntimeContainerStatus[]> {
    this.open();
    checkCallerLabels(filter?.labels, this.options.labelNamespace, 'filter.labels');
    const labels = labelFilters(filter);
    if (filter?.sandboxId !== undefined) labels.push(`${this.engine.keys.sandboxId}=${filter.sandboxId}`);
    const infos = await this.engine.inspectAll('container', labels);
    return infos.map((i) => this.status(i)).filter((s) => matches(s.labels, filter));
  }

  /** The status, with a start failure the engine did not record (the container stays `created`). */
  private status(info: DockerContainerInspect): RuntimeContainerStatus {
    const status = toContainerStatus(info, this.options.labelNamespace);
    const failure = this.startFailures.get(info.Id);
    if (failure === undefined || status.state !== 'created') return status;
    return {
      ...status,
      state: 'exited',
      reason: 'StartError',
      message: failure,
      exitCode: info.State.ExitCode === 0 ? 128 : info.State.ExitCode,
      startedAt: status.createdAt,
      finishedAt: status.createdAt,
    };
  }

  // Exec, logs, probes --------------------------------------------------------------------------

  async exec(containerId: string, command: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    this.open();
    return dockerExec(this.docker, containerId, command, options);
  }

  logs(containerId: string, options?: LogOptions): Observable<LogLine> {
    return dockerLogs(this.docker, containerId, options).pipe(takeUntil(this.closing));
  }

  /** The address probes reach a sandbox at, or an error text when it has none. */
  private async probeHost(sandboxId: string): Promise<{ host: string } | { error: string }> {
    const status = await this.podSandboxStatus(sandboxId);
    if (status.state !== 'ready') return { error: `sandbox "${sandboxId}" is not ready` };
    if (status.ip !== undefined) return { host: status.ip };
    return status.hostNetwork ? { host: '127.0.0.1' } : { error: `sandbox "${sandboxId}" has no IP` };
  }

  async httpGet(request: HttpProbeRequest): Promise<HttpProbeResult> {
    this.open();
    const target = request.host !== undefined ? { host: request.host } : await this.probeHost(request.sandboxId);
    if ('error' in target) return { ok: false, error: target.error };
    return httpGetFromHost({ ...request, host: target.host });
  }

  async tcpConnect(request: TcpProbeRequest): Promise<boolean> {
    this.open();
    const target = request.host !== undefined ? { host: request.host } : await this.probeHost(request.sandboxId);
    if ('error' in target) return false;
    return tcpConnectFromHost(target.host, request.port, request.timeoutMs);
  }

  events(): Observable<RuntimeEvent> {
    return dockerEvents({ docker: this.docker, labelNamespace: this.options.labelNamespace, relistIntervalMs: this.options.relistIntervalMs }).pipe(
      takeUntil(this.closing),
    );
  }

  // Housekeeping --------------------------------------------------------------------------------

  async gc(livePodUids: Iterable<string>): Promise<DockerGcResult> {
    this.open();
    const { result, removed } = await collectGarbage(this.engine, new Set(livePodUids));
    for (const id of removed) {
      this.startFailures.delete(id);
      this.sandboxes.forget(id);
    }
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.next();
    this.closing.complete();
  }
}

