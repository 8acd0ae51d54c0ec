import type { Observable } from 'rxjs';
import type { PullPolicy } from '../model/container.js';

/** Labels: string keys and values, as on Kubernetes objects. */
export type Labels = Readonly<Record<string, string>>;

/** A volume of a pod sandbox, shared by every container of the pod that mounts it. */
export type SandboxVolume =
  | { readonly name: string; readonly type: 'emptyDir'; readonly medium?: string; readonly sizeLimitBytes?: number }
  | { readonly name: string; readonly type: 'hostPath'; readonly path: string }
  /**
   * A PersistentVolumeClaim's storage (a pod volume with `persistentVolumeClaim.claimName`): data
   * kept by the runtime under `namespace/claim`, shared by every sandbox that mounts the claim and
   * surviving them; removed only by {@link ContainerRuntime.deleteClaimVolume}.
   */
  | { readonly name: string; readonly type: 'persistentClaim'; readonly namespace: string; readonly claim: string; readonly readOnly?: boolean };

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

/**
 * The stdin of an exec'd command: the whole input (a string is UTF-8), or a stream of chunks read
 * as they arrive (a Node `Readable` such as `process.stdin` is one). The end of the input (the
 * string's end, the iterable finishing) is end-of-file for the command, as closing the write end
 * of a pipe is. A command that never reads its stdin is not held up by it: the exec ends when the
 * command exits, whether or not the input has ended, and the rest of the input is dropped (the
 * iterator's `return()` is called, which destroys a Node `Readable`). An iterable is read only as
 * fast as the command consumes it (back-pressure).
 *
 * @example
 * ```ts
 * import type { ExecInput } from 'podkit';
 * const whole: ExecInput = 'a\nb\n';
 * async function* typed(): AsyncIterable<Uint8Array> {
 *   yield new TextEncoder().encode('hi\n'); // the iterable's end is EOF
 * }
 * const streamed: ExecInput = typed();
 * ```
 */
export type ExecInput = string | Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Options for {@link ContainerRuntime.exec}.
 *
 * @example
 * ```ts
 * import type { ExecOptions } from 'podkit';
 * const options: ExecOptions = { stdin: 'hi\n', timeoutMs: 5_000 };
 * const result = await runtime.exec(containerId, ['cat'], options); // result.stdout === 'hi\n'
 * ```
 */
export interface ExecOptions {
  /** Stop waiting after this many milliseconds. */
  readonly timeoutMs?: number;
  /**
   * The command's stdin (see {@link ExecInput}). Without it the command's stdin is empty, as with
   * Docker's `AttachStdin: false` (`/dev/null`): a reader sees end-of-file at once.
   */
  readonly stdin?: ExecInput;
  /**
   * Run the command on a terminal (`kubectl exec -t`, Docker's `Tty: true`): it has one output,
   * so what it writes to stderr arrives in `stdout` (and `stderr` is empty), and the terminal's
   * output processing turns each `\n` into `\r\n`; input is processed as a terminal does (a
   * `\r` becomes `\n`, and the input is echoed to the output). Default false.
   */
  readonly tty?: boolean;
  /**
   * Receives the output as the command writes it (each stream in order; with `tty` everything
   * arrives as `stdout`), so a caller can relay it while the command runs (`kubectl exec -i`
   * answering typed input). The result still holds the whole output. Errors it throws are ignored.
   */
  readonly onOutput?: (stream: 'stdout' | 'stderr', chunk: Uint8Array) => void;
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

/**
 * The node's network settings the kubelet hands its runtime (CRI's `UpdateRuntimeConfig`, whose
 * `network_config.pod_cidr` the CNI plugin allocates pod IPs from), plus the node's IP, which a
 * CRI runtime reads from the host and a podkit runtime is told.
 *
 * @example
 * ```ts
 * import type { RuntimeConfig } from 'podkit';
 * const config: RuntimeConfig = { podCIDR: '10.244.1.0/24', nodeIP: '10.0.0.3' };
 * await runtime.updateRuntimeConfig?.(config); // what the PodController does with its podCIDR option
 * ```
 */
export interface RuntimeConfig {
  /** The node's pod range (`spec.podCIDR`, e.g. `10.244.1.0/24`): pod IPs come from it. */
  readonly podCIDR?: string;
  /** The node's IP: the IP of `hostNetwork` sandboxes. */
  readonly nodeIP?: string;
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
  /**
   * Takes the node's network settings (CRI `UpdateRuntimeConfig`): sandboxes created afterwards
   * get their IP from `podCIDR`. Optional: a runtime whose network assigns IPs itself (Docker's
   * bridge) leaves it out, and the kubelet then reports the IPs the runtime gives.
   */
  updateRuntimeConfig?(config: RuntimeConfig): Promise<void>;
  /**
   * Removes the storage of a claim (`persistentClaim` volumes of `namespace/claim`), once the
   * PersistentVolumeClaim object is deleted. Idempotent. Optional: a runtime without claim storage
   * leaves it out.
   */
  deleteClaimVolume?(namespace: string, claim: string): Promise<void>;

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
