/**
 * Pod spec → runtime configs (the kubelet's `generatePodSandboxConfig` and
 * `generateContainerConfig`): identity labels, volumes, host ports, resources as bytes and
 * nano-CPUs, resolved env and expanded command. Pure.
 */
import type { Container, Pod, Volume } from '../../model/index.js';
import { quantityToMilli, quantityToValue } from '../../model/quantity.js';
import type { ContainerConfig, ContainerResources, Labels, Mount, PodSandboxConfig, PortMapping, SandboxVolume } from '../../runtime/container-runtime.js';
import { expandCommand, type ResolvedEnvVar } from './env.js';
import { containerLabels, sandboxLabels } from './labels.js';

/**
 * A sandbox volume for a pod volume: `emptyDir` (with its medium and size limit in bytes) and
 * `hostPath` as they are, `persistentVolumeClaim` as a `persistentClaim` of the pod's namespace;
 * any other source (`configMap`, `secret`, ...) becomes an empty
 * `emptyDir`, since podkit has no such objects.
 */
export function toSandboxVolume(v: Volume, namespace = 'default'): SandboxVolume {
  if (v.hostPath !== undefined) return { name: v.name, type: 'hostPath', path: v.hostPath.path };
  // A claim's storage is kept by the runtime under namespace/claim (§P.8): it outlives the pod.
  const pvc = (v as { persistentVolumeClaim?: { claimName?: unknown; readOnly?: unknown } }).persistentVolumeClaim;
  if (pvc !== undefined && typeof pvc.claimName === 'string' && pvc.claimName !== '') {
    return { name: v.name, type: 'persistentClaim', namespace, claim: pvc.claimName, ...(pvc.readOnly === true ? { readOnly: true } : {}) };
  }
  const e = v.emptyDir;
  return {
    name: v.name,
    type: 'emptyDir',
    ...(e?.medium === undefined || e.medium === '' ? {} : { medium: e.medium }),
    ...(e?.sizeLimit === undefined ? {} : { sizeLimitBytes: Number(quantityToValue(e.sizeLimit)) }),
  };
}

/** The host ports of every container of the pod (ports without `hostPort` are not published). */
export function portMappings(pod: Pod): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort === undefined || p.hostPort === 0) continue;
      out.push({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol ?? 'TCP', ...(p.hostIP === undefined ? {} : { hostIP: p.hostIP }) });
    }
  }
  return out;
}

/** The sandbox config of a pod (attempt 0 for the first sandbox, +1 for each recreation); `labels` defaults to the pod's {@link sandboxLabels}. */
export function podSandboxConfig(pod: Pod, nodeName: string, attempt: number, labels?: Labels): PodSandboxConfig {
  const meta = pod.metadata;
  const namespace = meta.namespace ?? 'default';
  const name = meta.name ?? '';
  return {
    podUid: meta.uid ?? '',
    namespace,
    name,
    attempt,
    hostname: pod.spec.hostname ?? name,
    hostNetwork: pod.spec.hostNetwork === true,
    labels: labels ?? sandboxLabels(nodeName, meta.uid ?? '', namespace, name),
    volumes: (pod.spec.volumes ?? []).map((v) => toSandboxVolume(v, namespace)),
    portMappings: portMappings(pod),
  };
}

/** Memory limit in bytes and CPU limit in nano-CPUs (1 core = 1e9), from `resources.limits`. */
export function containerResources(container: Container): ContainerResources | undefined {
  const limits = container.resources?.limits;
  if (limits === undefined) return undefined;
  const memory = limits['memory'];
  const cpu = limits['cpu'];
  const out: { memoryLimitBytes?: number; nanoCpus?: number } = {};
  if (memory !== undefined) out.memoryLimitBytes = Number(quantityToValue(memory));
  if (cpu !== undefined) out.nanoCpus = Number(quantityToMilli(cpu) * 1_000_000n);
  return out.memoryLimitBytes === undefined && out.nanoCpus === undefined ? undefined : out;
}

/** The volume mounts of a container (every mount names a pod volume; validation guarantees it). */
export function containerMounts(container: Container): Mount[] {
  return (container.volumeMounts ?? []).map((m) => ({
    volume: m.name,
    containerPath: m.mountPath,
    readOnly: m.readOnly === true,
    ...(m.subPath === undefined || m.subPath === '' ? {} : { subPath: m.subPath }),
  }));
}

/** The runtime config of one container instance. `env` is already resolved ({@link resolveEnv}). */
export function containerConfig(container: Container, attempt: number, env: readonly ResolvedEnvVar[], sandbox: Labels): ContainerConfig {
  const resources = containerResources(container);
  const stopSignal = container.lifecycle?.stopSignal;
  return {
    name: container.name,
    attempt,
    image: container.image ?? '',
    ...expandCommand(container, env),
    ...(container.workingDir === undefined ? {} : { workingDir: container.workingDir }),
    env,
    mounts: containerMounts(container),
    ...(resources === undefined ? {} : { resources }),
    ...(stopSignal === undefined ? {} : { stopSignal }),
    labels: containerLabels(sandbox, container.name),
  };
}
