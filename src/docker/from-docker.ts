import type {
  PodSandboxStatus,
  RuntimeContainerState,
  RuntimeContainerStatus,
  RuntimeEvent,
  SandboxVolume,
} from '../runtime/container-runtime.js';
import type { DockerContainerInspect, DockerEventMessage } from './engine-types.js';
import { fromDockerLabels, podkitLabelKeys, userLabels } from './labels.js';

/**
 * Milliseconds since the epoch of a Docker timestamp (RFC 3339 with nanoseconds), or `undefined`
 * for Docker's zero time (`0001-01-01T00:00:00Z`) and unparseable text. Pure.
 */
export function parseDockerTime(text: string | undefined): number | undefined {
  if (text === undefined || text === '' || text.startsWith('0001-01-01')) return undefined;
  // Keep milliseconds: Date.parse's handling of more than 3 fraction digits is not specified.
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(trimmed);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The terminated reason of an exited container, as the kubelet's dockershim derived it. */
function exitReason(oomKilled: boolean, exitCode: number): string {
  if (oomKilled) return 'OOMKilled';
  return exitCode === 0 ? 'Completed' : 'Error';
}

/**
 * A {@link RuntimeContainerStatus} from a container inspect. Follows dockershim's cases:
 * running; exited with a finish time (`OOMKilled` when the engine says so, else `Completed` for
 * exit 0, else `Error`); created with a non-zero exit code or an engine error = could not start
 * (`StartError`, the port's name for dockershim's `ContainerCannotRun`; started/finished = created);
 * else created. `finishedAt` is never before `startedAt` (the engine's can be, for a process that
 * exits at once). `signal` is inferred from exit codes 129–192 (128 + n), as shells report them.
 * Pure.
 */
export function toContainerStatus(inspect: DockerContainerInspect, labelNamespace: string): RuntimeContainerStatus {
  const labels = inspect.Config.Labels ?? {};
  const identity = fromDockerLabels(labels, labelNamespace);
  const createdAt = parseDockerTime(inspect.Created) ?? 0;
  let startedAt = parseDockerTime(inspect.State.StartedAt);
  let finishedAt = parseDockerTime(inspect.State.FinishedAt);
  const s = inspect.State;
  const engineError = s.Error !== undefined && s.Error !== '' ? s.Error : undefined;
  let state: RuntimeContainerState;
  let reason: string | undefined;
  if (s.Running || s.Paused === true || s.Restarting === true) {
    state = 'running';
  } else if ((finishedAt !== undefined || s.Status === 'exited' || s.Status === 'dead') && (startedAt !== undefined || engineError === undefined)) {
    state = 'exited';
    reason = exitReason(s.OOMKilled, s.ExitCode);
  } else if (s.ExitCode !== 0 || engineError !== undefined) {
    state = 'exited';
    reason = 'StartError';
    startedAt = createdAt;
    finishedAt = createdAt;
  } else if (s.Status === 'created') {
    state = 'created';
  } else {
    state = 'unknown';
  }
  const exited = state === 'exited';
  // The engine stamps StartedAt after the process is running, so a process that exits at once
  // can show FinishedAt a few ms before StartedAt: a process never finishes before it starts.
  if (finishedAt !== undefined && startedAt !== undefined && finishedAt < startedAt) finishedAt = startedAt;
  const signal = exited && s.ExitCode > 128 && s.ExitCode <= 192 ? s.ExitCode - 128 : undefined;
  return {
    id: inspect.Id,
    sandboxId: identity?.sandboxId ?? '',
    name: identity?.containerName ?? (inspect.Name ?? '').replace(/^\//, ''),
    attempt: identity?.attempt ?? 0,
    image: inspect.Config.Image,
    imageId: inspect.Image,
    state,
    createdAt,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(exited && finishedAt !== undefined ? { finishedAt } : {}),
    ...(exited ? { exitCode: s.ExitCode } : {}),
    ...(signal === undefined ? {} : { signal }),
    ...(reason === undefined ? {} : { reason }),
    ...(engineError === undefined ? {} : { message: engineError }),
    oomKilled: exited && s.OOMKilled,
    labels: userLabels(labels, labelNamespace),
  };
}

/** The pod IP of a running sandbox container: its address on its first network. */
export function sandboxIp(inspect: DockerContainerInspect): string | undefined {
  const settings = inspect.NetworkSettings;
  if (settings === undefined) return undefined;
  if (settings.IPAddress !== undefined && settings.IPAddress !== '') return settings.IPAddress;
  for (const network of Object.values(settings.Networks ?? {})) {
    if (network.IPAddress !== undefined && network.IPAddress !== '') return network.IPAddress;
  }
  return undefined;
}

/**
 * A {@link PodSandboxStatus} from the inspect of a sandbox (infra) container: `ready` while it
 * runs; the IP only while ready (with host networking, `hostIp` when given). Pure.
 */
export function toSandboxStatus(inspect: DockerContainerInspect, labelNamespace: string, hostIp?: string): PodSandboxStatus {
  const labels = inspect.Config.Labels ?? {};
  const identity = fromDockerLabels(labels, labelNamespace);
  const ready = inspect.State.Running;
  const hostNetwork = inspect.HostConfig?.NetworkMode === 'host';
  const ip = !ready ? undefined : hostNetwork ? hostIp : sandboxIp(inspect);
  return {
    id: inspect.Id,
    podUid: identity?.podUid ?? '',
    namespace: identity?.namespace ?? '',
    name: identity?.podName ?? '',
    attempt: identity?.attempt ?? 0,
    state: ready ? 'ready' : 'notready',
    ...(ip === undefined ? {} : { ip }),
    hostNetwork,
    createdAt: parseDockerTime(inspect.Created) ?? 0,
    labels: userLabels(labels, labelNamespace),
  };
}

/** The volumes a sandbox was created with (stored in its labels), or `[]`. Pure. */
export function sandboxVolumes(labels: Readonly<Record<string, string>>, labelNamespace: string): readonly SandboxVolume[] {
  const text = labels[podkitLabelKeys(labelNamespace).volumes];
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as SandboxVolume[]) : [];
  } catch {
    return [];
  }
}

/** Milliseconds since the epoch of an engine event. */
export function eventTime(event: DockerEventMessage): number {
  // timeNano (~1.7e18) is beyond a double's integer precision: take whole seconds from `time`
  // and only the sub-second part from timeNano.
  if (event.time !== undefined) {
    if (event.timeNano === undefined) return event.time * 1000;
    const subMs = Math.floor((event.timeNano - event.time * 1e9 + 500) / 1e6); // +500 ns: float error
    return event.time * 1000 + Math.min(999, Math.max(0, subMs));
  }
  return event.timeNano === undefined ? 0 : Math.floor(event.timeNano / 1e6);
}

/**
 * The {@link RuntimeEvent} of an engine container event, or `undefined` for events podkit does
 * not report (and objects that are not podkit's). `start` → `ContainerStarted`; `die` of a
 * container → `ContainerExited` (`oomKilled` as given: the engine's `oom` event comes first);
 * `die` of a sandbox → `SandboxDied`; `destroy` of a container → `ContainerRemoved`. Pure.
 */
export function toRuntimeEvent(event: DockerEventMessage, labelNamespace: string, oomKilled: boolean): RuntimeEvent | undefined {
  const action = event.Action ?? event.status;
  const id = event.Actor?.ID ?? event.id;
  if (id === undefined || action === undefined) return undefined;
  const identity = fromDockerLabels(event.Actor?.Attributes ?? {}, labelNamespace);
  if (identity === undefined) return undefined;
  const at = eventTime(event);
  if (identity.role === 'sandbox') {
    return action === 'die' ? { type: 'SandboxDied', sandboxId: id, at } : undefined;
  }
  if (identity.role !== 'container') return undefined;
  const sandboxId = identity.sandboxId ?? '';
  switch (action) {
    case 'start':
      return { type: 'ContainerStarted', containerId: id, sandboxId, at };
    case 'die': {
      const exitCode = Number.parseInt(event.Actor?.Attributes?.['exitCode'] ?? '', 10);
      return { type: 'ContainerExited', containerId: id, sandboxId, exitCode: Number.isNaN(exitCode) ? -1 : exitCode, oomKilled, at };
    }
    case 'destroy':
      return { type: 'ContainerRemoved', containerId: id, sandboxId, at };
    default:
      return undefined;
  }
}
