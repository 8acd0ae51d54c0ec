import type { Observable } from 'rxjs';
import type { PullPolicy } from '../model/container.js';

/** Labels: string keys and values, as on Kubernetes objects. */
export type Labels = Readonly<Record<string, string>>;

/** A volume of a pod sandbox, shared by every container of the pod that mounts it. */
export type SandboxVolume =
  | { readonly name: string; readonly type: 'emptyDir'; readonly medium?: string; readonly sizeLimitBytes?: number }
  | { readonly name: string; readonly type: 'hostPath'; readonly path: string };

/** A host port published by the sandbox. */
export interface PortMapping {
  readonly containerPort: number;
  readonly hostPort: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly hostIP?: string;
}

/**
 * What a runtime needs to create a pod sandbox: the pod's identity, its network mode and its
 * volumes. The sandbox owns the pod's network namespace and volumes; every container of the pod
 * joins it.
 */
export interface PodSandboxConfig {
  readonly podUid: string;
  readonly namespace: string;
  readonly name: string;
  /** 0 for the first sandbox of a pod; incremented when a sandbox must be recreated. */
  readonly attempt: number;
  readonly hostname?: string;
  /** Use the node's network namespace instead of a pod one. */
  readonly hostNetwork: boolean;
  readonly labels: Labels;
  readonly volumes: readonly SandboxVolume[];
  readonly portMappings: readonly PortMapping[];
}

/** The state of a pod sandbox. */
export type PodSandboxState = 'ready' | 'notready';

/** A pod sandbox as the runtime sees it. */
export interface PodSandboxStatus {
  readonly id: string;
  readonly podUid: string;
  readonly namespace: string;
  readonly name: string;
  readonly attempt: number;
  readonly state: PodSandboxState;
  /** The pod IP (absent with host networking until the node IP is known, or once stopped). */
  readonly ip?: string;
  readonly hostNetwork: boolean;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly labels: Labels;
}

/** A volume mount of a container: a sandbox volume name mapped to a path. */
export interface Mount {
  readonly volume: string;
  readonly containerPath: string;
  readonly readOnly: boolean;
  readonly subPath?: string;
}

/** Resource limits the runtime enforces. */
export interface ContainerResources {
  /** Memory limit in bytes; exceeding it gets the container OOM-killed. */
  readonly memoryLimitBytes?: number;
  /** CPU limit in nano-CPUs (1e9 = one core). */
  readonly nanoCpus?: number;
}

/**
 * What a runtime needs to create a container. `command` and `args` follow Kubernetes: `command`
 * replaces the image's entrypoint, `args` its cmd. `env` is already resolved (fieldRefs
 * substituted by the caller).
 */
export interface ContainerConfig {
  readonly name: string;
  /** How many times this container has been (re)created in this pod: 0, 1, 2, ... */
  readonly attempt: number;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly workingDir?: string;
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly mounts: readonly Mount[];
  readonly resources?: ContainerResources;
  /** Signal sent first on stop; defaults to the image's stop signal or SIGTERM. */
  readonly stopSignal?: string;
  readonly labels: Labels;
}

/** The state of a container in the runtime (CRI's CONTAINER_CREATED / RUNNING / EXITED / UNKNOWN). */
export type RuntimeContainerState = 'created' | 'running' | 'exited' | 'unknown';

/** A container as the runtime sees it. Times are milliseconds since the epoch. */
export interface RuntimeContainerStatus {
  readonly id: string;
  readonly sandboxId: string;
  readonly name: string;
  readonly attempt: number;
  readonly image: string;
  readonly imageId: string;
  readonly state: RuntimeContainerState;
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly exitCode?: number;
  /** The signal that ended the process, if any (9 for SIGKILL, 15 for SIGTERM). */
  readonly signal?: number;
  /** Kubernetes' terminated reason: `Completed`, `Error`, `OOMKilled`, `StartError`, `ContainerCannotRun`. */
  readonly reason?: string;
  readonly message?: string;
  readonly oomKilled: boolean;
  readonly labels: Labels;
}

/** A locally present image. */
export interface ImageInfo {
  /** The reference it was asked for (`busybox:1.36`). */
  readonly ref: string;
  /** The image id (`sha256:...`). */
  readonly id: string;
  readonly sizeBytes?: number;
}

/** Options for {@link ContainerRuntime.ensureImage}. */
export interface EnsureImageOptions {
  readonly pullPolicy: PullPolicy;
}

/** Result of {@link ContainerRuntime.ensureImage}. */
export interface EnsureImageResult {
  readonly imageId: string;
  /** True if the runtime pulled it now; false if it was already present. */
  readonly pulled: boolean;
}

/** Result of {@link ContainerRuntime.exec}. */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** True if the command was stopped at its timeout (exitCode is then not meaningful). */
  readonly timedOut: boolean;
}

/** Options for {@link ContainerRuntime.exec}. */
export interface ExecOptions {
  /** Stop waiting after this many milliseconds. */
  readonly timeoutMs?: number;
}

/** One log line of a container. */
export interface LogLine {
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** Options for {@link ContainerRuntime.logs}. */
export interface LogOptions {
  /** Keep the stream open and emit new lines until the container exits or the subscriber leaves. */
  readonly follow?: boolean;
  /** Only the last N lines (of the existing ones). */
  readonly tail?: number;
  /** Only lines at or after this time (ms since the epoch). */
  readonly since?: number;
}

/** Filter for {@link ContainerRuntime.listContainers} and {@link ContainerRuntime.listSandboxes}. */
export interface ListFilter {
  /** Every listed label must match exactly. */
  readonly labels?: Labels;
  readonly sandboxId?: string;
}

/** An HTTP request of an httpGet probe or hook, sent from the node into the pod. */
export interface HttpProbeRequest {
  readonly sandboxId: string;
  /** Defaults to the pod IP. */
  readonly host?: string;
  readonly port: number;
  readonly path: string;
  readonly scheme: 'HTTP' | 'HTTPS';
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly timeoutMs: number;
}

/** The outcome of an httpGet request: a status code, or a failure to connect. */
export type HttpProbeResult =
  | { readonly ok: true; readonly statusCode: number; readonly body?: string }
  | { readonly ok: false; readonly error: string };

/** A TCP connect of a tcpSocket probe. */
export interface TcpProbeRequest {
  readonly sandboxId: string;
  readonly host?: string;
  readonly port: number;
  readonly timeoutMs: number;
}

/** Something that happened in the runtime, pushed so that exits are seen without polling. */
export type RuntimeEvent =
  | { readonly type: 'ContainerStarted'; readonly containerId: string; readonly sandboxId: string; readonly at: number }
  | {
      readonly type: 'ContainerExited';
      readonly containerId: string;
      readonly sandboxId: string;
      readonly exitCode: number;
      readonly oomKilled: boolean;
      readonly at: number;
    }
  | { readonly type: 'ContainerRemoved'; readonly containerId: string; readonly sandboxId: string; readonly at: number }
  | { readonly type: 'SandboxDied'; readonly sandboxId: string; readonly at: number };

/**
 * The container runtime port, shaped after Kubernetes' CRI but in podkit's own types. The
 * PodController (the kubelet) drives pods through it; adapters: `FakeRuntime` (podkit/testing)
 * and `createDockerRuntime` (podkit/docker). Every adapter passes the conformance suite
 * `describeRuntimeConformance` from podkit/testing/vitest.
 *
 * Rules every adapter follows:
 * - Errors are {@link RuntimeError}s (`not_found` for a missing object, `unavailable` when the
 *   engine cannot be reached, ...).
 * - `stop*` and `remove*` are idempotent: stopping a stopped container or removing a missing
 *   one succeeds.
 * - A call that fails halfway leaves nothing behind (a created-but-unstartable container is
 *   reported, not leaked: the caller removes it, or the adapter already did).
 * - Labels are the caller's: a status carries exactly the labels its object was created with,
 *   verbatim, whatever their keys (`io.kubernetes.pod.uid`, `io.podkit.node-name`, a user's
 *   own), and a {@link ListFilter} matches exactly those. An adapter that stores its own
 *   bookkeeping in the engine's labels reserves a fixed, documented set of keys (the Docker
 *   adapter: `reservedLabelKeys()` of `podkit/docker`) and rejects a caller label or filter on
 *   one of them with `invalid_argument`, never silently drops, overwrites or mismatches it.
 */
export interface ContainerRuntime {
  /** Short name used as the containerID scheme (`fake`, `docker`): `docker://<id>`. */
  readonly name: string;

  /** Resolves if the runtime answers; rejects with `unavailable` otherwise. */
  ping(): Promise<void>;

  // Sandboxes
  /** Creates and starts a pod sandbox (network namespace + volumes). Returns its id. */
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  /** Stops every container of the sandbox (killing them) and the sandbox itself. Idempotent. */
  stopPodSandbox(sandboxId: string): Promise<void>;
  /** Removes a sandbox, its containers and its volumes. Idempotent. */
  removePodSandbox(sandboxId: string): Promise<void>;
  /** The sandbox's status. Rejects with `not_found`. */
  podSandboxStatus(sandboxId: string): Promise<PodSandboxStatus>;
  /** Every sandbox matching the filter. */
  listPodSandboxes(filter?: ListFilter): Promise<readonly PodSandboxStatus[]>;

  // Images
  /**
   * Makes the image present according to the pull policy: `Never` fails with
   * `image_never_pull` if absent, `IfNotPresent` pulls only if absent, `Always` pulls (and falls
   * back to nothing: a failed pull is `image_pull_failed`).
   */
  ensureImage(image: string, options: EnsureImageOptions): Promise<EnsureImageResult>;
  /** The image if present locally, else `undefined`. */
  imageStatus(image: string): Promise<ImageInfo | undefined>;
  /** Every local image. */
  listImages(): Promise<readonly ImageInfo[]>;

  // Containers
  /** Creates (does not start) a container in a sandbox. Returns its id. */
  createContainer(sandboxId: string, config: ContainerConfig): Promise<string>;
  /** Starts a created container. A process that cannot start rejects with `start_failed` and leaves the container `exited` with reason `StartError`. */
  startContainer(containerId: string): Promise<void>;
  /**
   * Sends the stop signal, waits up to `gracePeriodSeconds`, then kills. Resolves once the
   * container has exited. Idempotent.
   */
  stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void>;
  /** Removes a container (killing it if running). Idempotent. */
  removeContainer(containerId: string): Promise<void>;
  /** The container's status. Rejects with `not_found`. */
  containerStatus(containerId: string): Promise<RuntimeContainerStatus>;
  /** Every container matching the filter (running or not). */
  listContainers(filter?: ListFilter): Promise<readonly RuntimeContainerStatus[]>;

  /** Runs a command in a running container. */
  exec(containerId: string, command: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** The container's log lines; completes at the end unless `follow`. */
  logs(containerId: string, options?: LogOptions): Observable<LogLine>;

  /** Sends an HTTP GET into the pod's network (httpGet probes and hooks). */
  httpGet(request: HttpProbeRequest): Promise<HttpProbeResult>;
  /** Opens a TCP connection into the pod's network (tcpSocket probes); true if it connected. */
  tcpConnect(request: TcpProbeRequest): Promise<boolean>;

  /** The runtime's event stream (a cold Observable: subscribe to start receiving). */
  events(): Observable<RuntimeEvent>;

  /** Releases connections and timers. The runtime's containers are left as they are. */
  close(): Promise<void>;
}
