import { RuntimeError } from '../runtime/runtime-error.js';
import type { ContainerConfig, PodSandboxConfig, SandboxVolume } from '../runtime/container-runtime.js';
import type { DockerCreateBody, DockerVolumeCreateBody } from './engine-types.js';
import { podkitLabelKeys, toDockerLabels } from './labels.js';

/** Where the sandbox (infra) container mounts each emptyDir volume, to hold it for the pod's life. */
export const SANDBOX_VOLUME_ROOT = '/.podkit/volumes';

/** What the pure sandbox mapping needs besides the {@link PodSandboxConfig}. */
export interface SandboxCreateContext {
  readonly image: string;
  /** Replaces the sandbox image's entrypoint (e.g. `['sleep', '2147483647']`). */
  readonly command?: readonly string[];
  readonly namePrefix: string;
  readonly labelNamespace: string;
  /** The Docker network of pod sandboxes (`bridge`). */
  readonly network: string;
}

/** A pod volume resolved to what Docker mounts: a named volume, or a host path. */
export type ResolvedVolume =
  | { readonly kind: 'volume'; readonly dockerName: string; readonly mountpoint?: string }
  | { readonly kind: 'bind'; readonly path: string };

/** What the pure container mapping needs besides the {@link ContainerConfig}. */
export interface ContainerCreateContext {
  readonly sandboxId: string;
  readonly podUid: string;
  readonly namespace: string;
  readonly podName: string;
  readonly labelNamespace: string;
  /** The pod's volumes by name. */
  readonly volumes: ReadonlyMap<string, ResolvedVolume>;
}

const NAME_SAFE = /[^a-zA-Z0-9_.-]/g;
const safe = (s: string): string => s.replace(NAME_SAFE, '-');

/** The Docker name of a sandbox: `<prefix>_POD_<pod>_<namespace>_<uid>_<attempt>` (dockershim's scheme). */
export function sandboxName(prefix: string, config: Pick<PodSandboxConfig, 'name' | 'namespace' | 'podUid' | 'attempt'>): string {
  return [prefix, 'POD', config.name, config.namespace, config.podUid, String(config.attempt)].map(safe).join('_');
}

/** The Docker name of a container: `<prefix>_<container>_<pod>_<namespace>_<uid>_<attempt>`. */
export function containerName(
  prefix: string,
  pod: { readonly podName: string; readonly namespace: string; readonly podUid: string },
  config: Pick<ContainerConfig, 'name' | 'attempt'>,
): string {
  return [prefix, config.name, pod.podName, pod.namespace, pod.podUid, String(config.attempt)].map(safe).join('_');
}

/** The Docker name of a pod's emptyDir volume: `<prefix>_<uid>_<volume>`. */
export function volumeName(prefix: string, podUid: string, volume: string): string {
  return [prefix, podUid, volume].map(safe).join('_');
}

/** The Docker name of a claim's volume: `<prefix>_claim_<namespace>_<claim>` (one per claim, shared by its pods). */
export function claimVolumeName(prefix: string, namespace: string, claim: string): string {
  return [prefix, 'claim', namespace, claim].map(safe).join('_');
}

/**
 * The Docker create body of a claim's volume (§P.8): a local volume labelled `managed` and
 * `claim: namespace/claim` but with no pod role or uid, so removing a pod or collecting garbage
 * never takes it; only `deleteClaimVolume` does. Pure.
 */
export function toClaimVolumeCreateBody(
  volume: Extract<SandboxVolume, { type: 'persistentClaim' }>,
  ctx: Pick<SandboxCreateContext, 'namePrefix' | 'labelNamespace'>,
): DockerVolumeCreateBody {
  const k = podkitLabelKeys(ctx.labelNamespace);
  return {
    Name: claimVolumeName(ctx.namePrefix, volume.namespace, volume.claim),
    Driver: 'local',
    DriverOpts: {},
    Labels: { [k.managed]: 'true', [k.claim]: `${volume.namespace}/${volume.claim}` },
  };
}

/** The image reference Docker stores: an untagged, undigested name gets `:latest`. Pure. */
export function normalizeImageRef(image: string): string {
  if (image.includes('@')) return image;
  const lastSlash = image.lastIndexOf('/');
  return image.slice(lastSlash + 1).includes(':') ? image : `${image}:latest`;
}

/** Docker's `since` parameter (`seconds.nanoseconds`) for a time in ms since the epoch. Pure. */
export function toDockerSince(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return `${seconds}.${String(nanos).padStart(9, '0')}`;
}

/** The `Binds` entry of a volume mount, validated (`source:target[:ro]`). */
function bind(source: string, target: string, readOnly: boolean, field: string): string {
  if (source.includes(':') || target.includes(':')) {
    throw new RuntimeError('invalid_argument', `Expected ${field} paths without ':' (Docker bind syntax), received "${source}" -> "${target}".`, {
      details: { field },
    });
  }
  return readOnly ? `${source}:${target}:ro` : `${source}:${target}`;
}

function checkSubPath(subPath: string, field: string): void {
  if (subPath.startsWith('/') || subPath.split('/').includes('..')) {
    throw new RuntimeError('invalid_argument', `Expected ${field} to be a relative path without '..', received "${subPath}".`, {
      details: { field },
    });
  }
}

/** The Docker create body of a pod sandbox (the infra container). Pure. */
export function toSandboxCreateBody(config: PodSandboxConfig, ctx: SandboxCreateContext): DockerCreateBody {
  const k = podkitLabelKeys(ctx.labelNamespace);
  const labels: Record<string, string> = {
    ...config.labels,
    ...toDockerLabels(
      { role: 'sandbox', podUid: config.podUid, namespace: config.namespace, podName: config.name, attempt: config.attempt },
      ctx.labelNamespace,
    ),
    [k.volumes]: JSON.stringify(config.volumes),
  };
  const binds = config.volumes
    .filter((v): v is Extract<SandboxVolume, { type: 'emptyDir' }> => v.type === 'emptyDir')
    .map((v) => bind(volumeName(ctx.namePrefix, config.podUid, v.name), `${SANDBOX_VOLUME_ROOT}/${v.name}`, false, `volumes.${v.name}`));
  const body: DockerCreateBody = {
    Image: ctx.image,
    Labels: labels,
    HostConfig: {
      NetworkMode: config.hostNetwork ? 'host' : ctx.network,
      IpcMode: 'shareable',
      RestartPolicy: { Name: 'no' },
      ...(binds.length > 0 ? { Binds: binds } : {}),
    },
  };
  if (!config.hostNetwork) body.Hostname = (config.hostname ?? config.name).slice(0, 63);
  if (ctx.command !== undefined && ctx.command.length > 0) {
    body.Entrypoint = [...ctx.command];
    body.Cmd = [];
  }
  if (!config.hostNetwork && config.portMappings.length > 0) {
    const exposed: Record<string, Record<string, never>> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const p of config.portMappings) {
      const key = `${p.containerPort}/${p.protocol.toLowerCase()}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: p.hostIP ?? '', HostPort: String(p.hostPort) });
    }
    body.ExposedPorts = exposed;
    body.HostConfig.PortBindings = bindings;
  }
  return body;
}

/**
 * The Docker create body of a pod's emptyDir volume. `medium: Memory` becomes a tmpfs (sized by
 * `sizeLimitBytes`); a disk emptyDir's size limit is not enforced. Pure.
 */
export function toVolumeCreateBody(
  volume: Extract<SandboxVolume, { type: 'emptyDir' }>,
  pod: { readonly podUid: string; readonly namespace: string; readonly podName: string },
  ctx: Pick<SandboxCreateContext, 'namePrefix' | 'labelNamespace'>,
): DockerVolumeCreateBody {
  const k = podkitLabelKeys(ctx.labelNamespace);
  const driverOpts: Record<string, string> = {};
  if (volume.medium === 'Memory') {
    driverOpts['type'] = 'tmpfs';
    driverOpts['device'] = 'tmpfs';
    if (volume.sizeLimitBytes !== undefined) driverOpts['o'] = `size=${volume.sizeLimitBytes}`;
  }
  return {
    Name: volumeName(ctx.namePrefix, pod.podUid, volume.name),
    Driver: 'local',
    DriverOpts: driverOpts,
    Labels: {
      ...toDockerLabels({ role: 'volume', podUid: pod.podUid, namespace: pod.namespace, podName: pod.podName }, ctx.labelNamespace),
      [k.volumeName]: volume.name,
    },
  };
}

/** The Docker `Binds` of a container's mounts. Throws `invalid_argument` / `unsupported`. Pure. */
export function toBinds(config: ContainerConfig, volumes: ReadonlyMap<string, ResolvedVolume>): string[] {
  return config.mounts.map((m, i) => {
    const field = `mounts[${i}]`;
    const volume = volumes.get(m.volume);
    if (volume === undefined) {
      throw new RuntimeError('invalid_argument', `Expected ${field}.volume to name a volume of the pod sandbox, received "${m.volume}".`, {
        details: { field: `${field}.volume`, volume: m.volume, known: [...volumes.keys()] },
      });
    }
    if (!m.containerPath.startsWith('/')) {
      throw new RuntimeError('invalid_argument', `Expected ${field}.containerPath to be absolute, received "${m.containerPath}".`, {
        details: { field: `${field}.containerPath` },
      });
    }
    const subPath = m.subPath === undefined || m.subPath === '' ? undefined : m.subPath.replace(/\/+$/, '');
    if (subPath !== undefined) checkSubPath(subPath, `${field}.subPath`);
    if (volume.kind === 'bind') {
      return bind(subPath === undefined ? volume.path : `${volume.path.replace(/\/+$/, '')}/${subPath}`, m.containerPath, m.readOnly, field);
    }
    if (subPath === undefined) return bind(volume.dockerName, m.containerPath, m.readOnly, field);
    if (volume.mountpoint === undefined) {
      throw new RuntimeError('unsupported', `${field}.subPath needs the engine-side path of volume "${volume.dockerName}", which its driver does not report.`, {
        details: { field: `${field}.subPath` },
      });
    }
    // Engine API < 1.45 has no volume subpath: bind the subdirectory of the volume's data
    // directory (the engine creates it when missing, as the kubelet does for subPath).
    return bind(`${volume.mountpoint}/${subPath}`, m.containerPath, m.readOnly, field);
  });
}

/**
 * The Docker create body of a container in a sandbox. Kubernetes command semantics: `command`
 * replaces the image's entrypoint (and drops the image's cmd), `args` replaces the cmd. Every
 * container joins the sandbox's network and IPC namespaces. Memory limit disables swap. Pure.
 */
export function toContainerCreateBody(config: ContainerConfig, ctx: ContainerCreateContext): DockerCreateBody {
  const hasCommand = config.command !== undefined && config.command.length > 0;
  const hasArgs = config.args !== undefined && config.args.length > 0;
  const body: DockerCreateBody = {
    Image: config.image,
    Env: config.env.map((e) => `${e.name}=${e.value}`),
    Labels: {
      ...config.labels,
      ...toDockerLabels(
        {
          role: 'container',
          podUid: ctx.podUid,
          namespace: ctx.namespace,
          podName: ctx.podName,
          containerName: config.name,
          attempt: config.attempt,
          sandboxId: ctx.sandboxId,
        },
        ctx.labelNamespace,
      ),
    },
    HostConfig: {
      NetworkMode: `container:${ctx.sandboxId}`,
      IpcMode: `container:${ctx.sandboxId}`,
      RestartPolicy: { Name: 'no' },
    },
  };
  if (hasCommand) {
    body.Entrypoint = [...(config.command ?? [])];
    body.Cmd = hasArgs ? [...(config.args ?? [])] : [];
  } else if (hasArgs) {
    body.Cmd = [...(config.args ?? [])];
  }
  if (config.workingDir !== undefined && config.workingDir !== '') body.WorkingDir = config.workingDir;
  if (config.stopSignal !== undefined) body.StopSignal = config.stopSignal;
  const binds = toBinds(config, ctx.volumes);
  if (binds.length > 0) body.HostConfig.Binds = binds;
  const memory = config.resources?.memoryLimitBytes;
  if (memory !== undefined && memory > 0) {
    body.HostConfig.Memory = memory;
    body.HostConfig.MemorySwap = memory;
  }
  const cpus = config.resources?.nanoCpus;
  if (cpus !== undefined && cpus > 0) body.HostConfig.NanoCpus = cpus;
  return body;
}
