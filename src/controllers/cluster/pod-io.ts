import type { Observable } from 'rxjs';
import { PodkitError } from '../../errors.js';
import type { Pod } from '../../model/index.js';
import type { ContainerRuntime, ExecInput, ExecOptions, ExecResult, LogLine } from '../../runtime/container-runtime.js';
import { runtimeLogOptions, type PodLogOptions } from '../pod-logs.js';

export { formatLogLine, resolveContainer, type PodLogOptions } from '../pod-logs.js';

/** The log lines of a pod's container per {@link PodLogOptions} (following when asked). */
export function streamLogs(runtime: ContainerRuntime, pod: Pod, container: string, options: PodLogOptions, now: number): Observable<LogLine> {
  const id = containerRuntimeId(pod, container, options.previous === true);
  return runtime.logs(id, runtimeLogOptions(options, now));
}

/** Options of a cluster's `exec`. */
export interface ClusterExecOptions {
  /** Default `default`. */
  readonly namespace?: string;
  /** Give up after this many milliseconds (the result then has `timedOut`). */
  readonly timeoutMs?: number;
  /** The command's stdin, whole or streamed; its end is end-of-file (`kubectl exec -i`). See `ExecInput`. */
  readonly stdin?: ExecInput;
  /** Run on a terminal (`kubectl exec -t`): stderr joins stdout. See `ExecOptions.tty`. */
  readonly tty?: boolean;
  /** Receives the output as the command writes it. See `ExecOptions.onOutput`. */
  readonly onOutput?: NonNullable<ExecOptions['onOutput']>;
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
  return runtime.exec(containerRuntimeId(pod, container, false), command, runtimeExecOptions(options));
}

/** The runtime's exec options of a cluster's or a PodController's (only the fields given). */
export function runtimeExecOptions(options: ClusterExecOptions): ExecOptions {
  return {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.tty === undefined ? {} : { tty: options.tty }),
    ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
  };
}
