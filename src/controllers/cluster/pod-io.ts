import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { PodkitError } from '../../errors.js';
import type { Pod } from '../../model/index.js';
import type { ContainerRuntime, ExecResult, LogLine } from '../../runtime/container-runtime.js';

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

/**
 * Options of a pod's logs, named as `kubectl logs` and the pods/log API name them.
 */
export interface PodLogOptions {
  /** Default `default`. */
  readonly namespace?: string;
  /** The container; default the pod's first one (kubectl's default). */
  readonly container?: string;
  /** The previous (dead) instance of the container (`--previous`). */
  readonly previous?: boolean;
  /** Only the last N lines (`--tail`). */
  readonly tailLines?: number;
  /** Only lines of the last N seconds (`--since`), on the cluster's clock. */
  readonly sinceSeconds?: number;
  /** Only lines at or after this time (`--since-time`, RFC 3339). */
  readonly sinceTime?: string;
  /** Prefix each line with its RFC 3339 time (`--timestamps`). */
  readonly timestamps?: boolean;
  /** Keep streaming until the container exits or the subscriber leaves (`-f`). */
  readonly follow?: boolean;
}

/** A log line as the pods/log API writes it: its text, prefixed with its RFC 3339 nanosecond time with `timestamps`. */
export function formatLogLine(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return `${line.text}\n`;
  const iso = new Date(line.time).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z ${line.text}\n`;
}

/** The log lines of a pod's container per {@link PodLogOptions} (following when asked). */
export function streamLogs(runtime: ContainerRuntime, pod: Pod, container: string, options: PodLogOptions, now: number): Observable<LogLine> {
  const id = containerRuntimeId(pod, container, options.previous === true);
  let since: number | undefined;
  if (options.sinceSeconds !== undefined) since = now - options.sinceSeconds * 1000;
  if (options.sinceTime !== undefined) {
    const t = Date.parse(options.sinceTime);
    if (Number.isNaN(t)) throw new PodkitError('invalid_argument', `sinceTime: expected an RFC 3339 time, received ${JSON.stringify(options.sinceTime)}.`, { details: { field: 'sinceTime' } });
    since = since === undefined ? t : Math.max(since, t);
  }
  return runtime.logs(id, {
    ...(options.tailLines === undefined ? {} : { tail: options.tailLines }),
    ...(since === undefined ? {} : { since }),
    ...(options.follow === true && options.previous !== true ? { follow: true } : {}),
  });
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
