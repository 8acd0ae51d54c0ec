// A pod's logs, the same for every owner of logs (the PodController, the cluster, the test
// cluster, the API server's pods/log): the options of `kubectl logs` and the pods/log API, one
// promise of text and one stream of lines.
import { lastValueFrom, toArray, type Observable } from 'rxjs';
import { PodkitError } from '../errors.js';
import type { Pod } from '../model/index.js';
import type { LogLine, LogOptions } from '../runtime/container-runtime.js';

/**
 * Options of a pod's logs, named as `kubectl logs` and the pods/log API name them. The same
 * object is taken by `logs` (a promise of the text) and `logStream` (the lines as they come) of
 * the `PodController`, the cluster and the test cluster.
 *
 * @example
 * ```ts
 * import type { PodLogOptions } from 'podkit';
 * const last10: PodLogOptions = { container: 'app', tailLines: 10, timestamps: true };
 * const text = await cluster.logs('web-0', last10);
 * cluster.logStream('web-0', { follow: true }).subscribe((line) => console.log(line.text));
 * ```
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
  /** Only lines of the last N seconds (`--since`), on the owner's clock. */
  readonly sinceSeconds?: number;
  /** Only lines at or after this time (`--since-time`, RFC 3339). */
  readonly sinceTime?: string;
  /** Prefix each line of the text with its RFC 3339 time (`--timestamps`); `logStream`'s lines carry `time` either way. */
  readonly timestamps?: boolean;
  /** Keep streaming until the container exits or the subscriber leaves (`-f`); `logs` then resolves when the container exits. */
  readonly follow?: boolean;
}

/** A log line as the pods/log API writes it: its text, prefixed with its RFC 3339 nanosecond time with `timestamps`. */
export function formatLogLine(line: LogLine, timestamps: boolean): string {
  if (!timestamps) return `${line.text}\n`;
  const iso = new Date(line.time).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z ${line.text}\n`;
}

function invalid(field: string, value: unknown, detail: string): PodkitError {
  return new PodkitError('invalid_argument', `${field}: Invalid value: ${JSON.stringify(value)}: ${detail}`, { details: { field } });
}

/**
 * Checks {@link PodLogOptions} as the API server's `ValidatePodLogOptions` does: `tailLines` an
 * integer >= 0, `sinceSeconds` an integer > 0, `sinceTime` an RFC 3339 time, and at most one of
 * `sinceTime` and `sinceSeconds`. Throws `invalid_argument` naming the field (the pods/log API
 * answers 400 with the same message). Returns `sinceTime` in ms since the epoch, if given.
 */
export function validatePodLogOptions(options: PodLogOptions): number | undefined {
  const { tailLines, sinceSeconds, sinceTime } = options;
  if (tailLines !== undefined && !(Number.isInteger(tailLines) && tailLines >= 0)) throw invalid('tailLines', tailLines, 'must be greater than or equal to 0');
  if (sinceSeconds !== undefined && !(Number.isInteger(sinceSeconds) && sinceSeconds >= 1)) throw invalid('sinceSeconds', sinceSeconds, 'must be greater than 0');
  if (sinceSeconds !== undefined && sinceTime !== undefined) {
    throw new PodkitError('invalid_argument', 'sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', { details: { field: 'sinceSeconds' } });
  }
  if (sinceTime === undefined) return undefined;
  const t = typeof sinceTime === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(sinceTime) ? Date.parse(sinceTime) : NaN;
  if (Number.isNaN(t)) throw invalid('sinceTime', sinceTime, 'expected an RFC 3339 time such as "2024-01-02T15:04:05Z"');
  return t;
}

/**
 * The runtime's log options for {@link PodLogOptions} at `now` (`sinceSeconds` counts back from
 * it). Throws `invalid_argument` for options {@link validatePodLogOptions} rejects.
 */
export function runtimeLogOptions(options: PodLogOptions, now: number): LogOptions {
  const sinceTime = validatePodLogOptions(options);
  const since = options.sinceSeconds !== undefined ? now - options.sinceSeconds * 1000 : sinceTime;
  return {
    ...(options.tailLines === undefined ? {} : { tail: options.tailLines }),
    ...(since === undefined ? {} : { since }),
    ...(options.follow === true && options.previous !== true ? { follow: true } : {}),
  };
}

/** The text of a log stream (what `kubectl logs` prints), with times when `timestamps`. */
export async function logText(lines: Observable<LogLine>, options: PodLogOptions): Promise<string> {
  const all = await lastValueFrom(lines.pipe(toArray()));
  const timestamps = options.timestamps === true;
  return all.map((l) => formatLogLine(l, timestamps)).join('');
}

/** The container of a pod a command is about: the named one, else the pod's first container (kubectl's default). Throws `invalid_argument` for another name. */
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
