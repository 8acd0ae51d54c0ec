import type Docker from 'dockerode';
import { PodkitError } from '../errors.js';
import { RuntimeError } from '../runtime/runtime-error.js';
import { DockerRuntimeImpl } from './docker-runtime.js';
import { resolveOptions, type DockerRuntime, type DockerRuntimeOptions } from './options.js';

type DockerConstructor = new (options?: Docker.DockerOptions) => Docker;

async function loadDockerode(): Promise<DockerConstructor> {
  try {
    const mod = (await import('dockerode')) as { default?: DockerConstructor } & Partial<DockerConstructor>;
    const ctor = mod.default ?? (mod as unknown as DockerConstructor);
    if (typeof ctor !== 'function') throw new TypeError('dockerode has no default export');
    return ctor;
  } catch (error) {
    throw new PodkitError('unavailable', 'podkit/docker needs the optional peer dependency dockerode: npm install dockerode', { cause: error });
  }
}

/**
 * A {@link DockerRuntime}: the ContainerRuntime port over the Docker Engine API, the way the
 * kubelet's dockershim did it. The engine is `options.socketPath` / `host`, else `DOCKER_HOST`,
 * else the standard socket. Connecting is lazy: call `ping()` to check the engine.
 *
 * - A pod sandbox is an infra container (`sandboxImage` + `sandboxCommand`) owning the pod's
 *   network and IPC namespaces; every container joins it, so they share `localhost` and one pod
 *   IP. `hostNetwork` uses the host network. Host ports are published on the sandbox.
 * - emptyDir volumes are per-pod Docker volumes (`medium: Memory` = tmpfs), hostPath volumes bind
 *   mounts; readOnly and subPath are honoured (subPath of an emptyDir binds the volume's
 *   engine-side directory, so it needs the `local` volume driver).
 * - Everything carries podkit labels (pod uid, namespace, name, container, attempt); a new
 *   runtime object sees what an earlier one created, and `gc()` removes what belongs to no live pod.
 * - Engine errors become `RuntimeError`s with the engine's message and the original as `cause`.
 *
 * Does not support: registry credentials, `Always` re-pulls of a cached digest without a
 * registry, killing an exec'd process at its timeout, the engine on another machine for probes
 * (probes go from this process to the pod IP, which must be routable: Linux, local engine),
 * emptyDir size limits on disk, IPv6 pod IPs.
 *
 * Rejects with `PodkitError('unavailable')` if dockerode is not installed.
 *
 * @example
 * ```ts
 * import { createDockerRuntime } from 'podkit/docker';
 * const runtime = await createDockerRuntime({ sandboxImage: 'busybox:1.36', sandboxCommand: ['sleep', '2147483647'] });
 * await runtime.ping();
 * ```
 */
export async function createDockerRuntime(options: DockerRuntimeOptions = {}): Promise<DockerRuntime> {
  const resolved = resolveOptions(options);
  if (typeof resolved === 'string') throw new RuntimeError('invalid_argument', resolved);
  const Dockerode = await loadDockerode();
  const connection: Docker.DockerOptions = {};
  if (options.socketPath !== undefined) connection.socketPath = options.socketPath;
  if (options.host !== undefined) connection.host = options.host;
  if (options.port !== undefined) connection.port = options.port;
  if (options.protocol !== undefined) connection.protocol = options.protocol;
  let docker: Docker;
  try {
    docker = Object.keys(connection).length === 0 ? new Dockerode() : new Dockerode(connection);
  } catch (error) {
    throw new RuntimeError('invalid_argument', `the Docker connection options (or DOCKER_HOST) are not usable: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return new DockerRuntimeImpl(docker, resolved);
}
