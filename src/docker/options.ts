import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { DEFAULT_LABEL_NAMESPACE } from './labels.js';

/** Options of {@link createDockerRuntime}. Every field is optional. */
export interface DockerRuntimeOptions {
  /** The engine's unix socket (`/var/run/docker.sock`). Default: from `DOCKER_HOST`, else the standard socket. */
  readonly socketPath?: string;
  /** The engine's TCP host, instead of a socket (`DOCKER_HOST=tcp://host:port` works too). */
  readonly host?: string;
  /** The engine's TCP port, with `host`. */
  readonly port?: number;
  /** `http` or `https`, with `host`. */
  readonly protocol?: 'http' | 'https';
  /**
   * The image of the infra container that holds each pod's network namespace. Default
   * `registry.k8s.io/pause:3.9` (the kubelet's); any local image works with a `sandboxCommand`
   * that sleeps, e.g. the busybox test image with `['sleep', '2147483647']`. Ensured with pull
   * policy IfNotPresent.
   */
  readonly sandboxImage?: string;
  /** Replaces the sandbox image's entrypoint. Default: the image's own. */
  readonly sandboxCommand?: readonly string[];
  /** Prefix of every Docker container and volume name podkit creates. Default `podkit`. */
  readonly namePrefix?: string;
  /** The label namespace of podkit's Docker labels. Default `io.podkit`. Two runtimes with different namespaces ignore each other's objects. */
  readonly labelNamespace?: string;
  /** The Docker network pod sandboxes join. Default `bridge`. */
  readonly network?: string;
  /** The node's IP: reported as the pod IP of `hostNetwork` pods, and probed for them (else `127.0.0.1`). */
  readonly hostIp?: string;
  /** An image pull that has not finished after this many ms fails with `image_pull_failed`. Default 300 000. */
  readonly pullTimeoutMs?: number;
  /** How often the event stream relists containers to catch missed events. Default 5 000 ms. */
  readonly relistIntervalMs?: number;
  /** `ping()` gives up after this many ms. Default 2 000. */
  readonly pingTimeoutMs?: number;
}

/** {@link DockerRuntimeOptions} with defaults applied. */
export interface ResolvedDockerRuntimeOptions {
  readonly sandboxImage: string;
  readonly sandboxCommand?: readonly string[];
  readonly namePrefix: string;
  readonly labelNamespace: string;
  readonly network: string;
  readonly hostIp?: string;
  readonly pullTimeoutMs: number;
  readonly relistIntervalMs: number;
  readonly pingTimeoutMs: number;
}

/** What {@link DockerRuntime.gc} removed. */
export interface DockerGcResult {
  /** Containers removed (sandboxes included). */
  readonly containers: number;
  readonly volumes: number;
}

/** The engine a {@link DockerRuntime} talks to. */
export interface DockerEngineInfo {
  /** The engine's version (`20.10.24`). */
  readonly version: string;
  /** The Engine API version it speaks (`1.41`). */
  readonly apiVersion: string;
}

/**
 * A {@link ContainerRuntime} on a Docker engine, with Docker-only extras: garbage collection of
 * podkit-labelled objects and engine facts.
 */
export interface DockerRuntime extends ContainerRuntime {
  /** The options in force. */
  readonly options: ResolvedDockerRuntimeOptions;
  /**
   * Removes every podkit-labelled container, sandbox and volume (of this label namespace) whose
   * pod uid is not in `livePodUids`. Running containers are killed.
   */
  gc(livePodUids: Iterable<string>): Promise<DockerGcResult>;
  /**
   * Removes the named Docker volume of a claim (`persistentClaim` volumes, §P.8): claim volumes
   * outlive pods and `gc`, and go only through this call (what a cluster does when the
   * PersistentVolumeClaim is deleted). A missing volume is fine.
   */
  deleteClaimVolume(namespace: string, claim: string): Promise<void>;
  /** The engine's version and API version. */
  engineInfo(): Promise<DockerEngineInfo>;
}

const NAME_PREFIX = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Applies defaults; throws `invalid_argument` (via the caller) for a bad name prefix. */
export function resolveOptions(options: DockerRuntimeOptions): ResolvedDockerRuntimeOptions | string {
  const namePrefix = options.namePrefix ?? 'podkit';
  if (!NAME_PREFIX.test(namePrefix)) return `Expected options.namePrefix to match ${NAME_PREFIX.source}, received "${namePrefix}".`;
  const labelNamespace = options.labelNamespace ?? DEFAULT_LABEL_NAMESPACE;
  if (labelNamespace === '' || /[\s=]/.test(labelNamespace)) {
    return `Expected options.labelNamespace to be a label key prefix without spaces or '=', received "${labelNamespace}".`;
  }
  for (const [field, value] of [
    ['pullTimeoutMs', options.pullTimeoutMs],
    ['relistIntervalMs', options.relistIntervalMs],
    ['pingTimeoutMs', options.pingTimeoutMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) return `Expected options.${field} to be a positive number, received ${String(value)}.`;
  }
  return {
    sandboxImage: options.sandboxImage ?? 'registry.k8s.io/pause:3.9',
    ...(options.sandboxCommand === undefined ? {} : { sandboxCommand: [...options.sandboxCommand] }),
    namePrefix,
    labelNamespace,
    network: options.network ?? 'bridge',
    ...(options.hostIp === undefined ? {} : { hostIp: options.hostIp }),
    pullTimeoutMs: options.pullTimeoutMs ?? 300_000,
    relistIntervalMs: options.relistIntervalMs ?? 5_000,
    pingTimeoutMs: options.pingTimeoutMs ?? 2_000,
  };
}
