import { lastValueFrom, toArray } from 'rxjs';
import { PodkitError } from '../../errors.js';
import type { Pod } from '../../model/index.js';
import type { ContainerRuntime, ExecResult } from '../../runtime/container-runtime.js';

/** Options of a cluster's `logs`. */
export interface ClusterLogsOptions {
  /** Default `default`. */
  readonly namespace?: string;
  /** The previous (dead) instance of the container, as `kubectl logs --previous`. */
  readonly previous?: boolean;
  /** Only the last N lines. */
  readonly tail?: number;
  /** Only lines at or after this time (ms since the epoch). */
  readonly since?: number;
}

/** Options of a cluster's `exec`. */
export interface ClusterExecOptions {
  /** Default `default`. */
  readonly namespace?: string;
  /** Give up after this many milliseconds (the result then has `timedOut`). */
  readonly timeoutMs?: number;
}

/** The container of a pod a command is about: the named one, else the pod's first container (kubectl's default). */
export function resolveContainer(pod: Pod, container: string | undefined): string {
  const names = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].map((c) => c.name);
  const name = container ?? pod.spec.containers[0]?.name ?? '';
  if (!names.includes(name)) {
    throw new PodkitError('invalid_argument', `container ${name} is not valid for pod ${pod.metadata.name ?? ''}: choose one of: [${names.join(' ')}]`, {
      details: { pod: pod.metadata.name, container: name },
    });
  }
  return name;
}

/** The runtime id of a pod's container (current instance, or the previous one), from the pod's status. */
export function containerRuntimeId(pod: Pod, container: string, previous: boolean): string {
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === container);
  const id = previous ? status?.lastState?.terminated?.containerID : (status?.containerID ?? status?.state?.terminated?.containerID);
  if (id === undefined || id === '') {
    const what = previous ? `previous terminated container "${container}"` : `container "${container}"`;
    throw new PodkitError('not_found', `${what} in pod "${pod.metadata.name ?? ''}" not found${previous ? '' : ' (is it still waiting to start?)'}`, {
      details: { pod: pod.metadata.name, container },
    });
  }
  const sep = id.indexOf('://');
  return sep < 0 ? id : id.slice(sep + 3);
}

/** A container's log text (lines joined with newlines), read from the node's runtime. */
export async function readLogs(runtime: ContainerRuntime, pod: Pod, container: string, options: ClusterLogsOptions): Promise<string> {
  const id = containerRuntimeId(pod, container, options.previous === true);
  const lines = await lastValueFrom(
    runtime.logs(id, { ...(options.tail === undefined ? {} : { tail: options.tail }), ...(options.since === undefined ? {} : { since: options.since }) }).pipe(toArray()),
  );
  return lines.map((l) => `${l.text}\n`).join('');
}

/** Runs a command in a running container of the pod, through the node's runtime. */
export function execIn(runtime: ContainerRuntime, pod: Pod, container: string, command: readonly string[], options: ClusterExecOptions): Promise<ExecResult> {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    throw new PodkitError('invalid_argument', `cannot exec into a container in a completed pod; current phase is ${phase}`, { details: { pod: pod.metadata.name, container } });
  }
  const state = pod.status?.containerStatuses?.find((s) => s.name === container)?.state;
  if (state?.running === undefined) {
    throw new PodkitError('invalid_argument', `unable to upgrade connection: container not found ("${container}")`, { details: { pod: pod.metadata.name, container } });
  }
  return runtime.exec(containerRuntimeId(pod, container, false), command, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
}
