// pods/log: a container's log as text/plain, with kubectl's options (container, previous,
// tailLines, sinceSeconds, sinceTime, timestamps, limitBytes), streamed and kept open with
// `follow` until the container exits or the client leaves.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';
import { formatLogLine, validatePodLogOptions, type PodLogOptions } from '../controllers/pod-logs.js';
import { PodkitError } from '../errors.js';
import type { LogLine } from '../runtime/container-runtime.js';
import { boolParam, intParam } from './http.js';
import { ApiError, badRequest } from './status.js';

/** Where the server gets log streams from (the cluster's `logStream`). */
export type LogSource = (pod: string, options: PodLogOptions) => Observable<LogLine>;

/** The pods/log options of a query string (400 for malformed values). */
export function logOptions(namespace: string, query: URLSearchParams): PodLogOptions & { readonly limitBytes?: number } {
  const tailLines = intParam(query, 'tailLines');
  const sinceSeconds = intParam(query, 'sinceSeconds');
  const limitBytes = intParam(query, 'limitBytes');
  if (limitBytes !== undefined && limitBytes < 1) throw badRequest(`limitBytes: Invalid value: ${limitBytes}: must be greater than 0`);
  const container = query.get('container') ?? '';
  const sinceTime = query.get('sinceTime') ?? '';
  // The same checks as the PodController's and the cluster's logs (ValidatePodLogOptions).
  try {
    validatePodLogOptions({
      ...(tailLines === undefined ? {} : { tailLines }),
      ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
      ...(sinceTime === '' ? {} : { sinceTime }),
    });
  } catch (e) {
    if (e instanceof PodkitError && e.code === 'invalid_argument') throw badRequest(e.message);
    throw e;
  }
  return {
    namespace,
    ...(container === '' ? {} : { container }),
    previous: boolParam(query, 'previous'),
    follow: boolParam(query, 'follow'),
    timestamps: boolParam(query, 'timestamps'),
    ...(tailLines === undefined ? {} : { tailLines }),
    ...(sinceSeconds === undefined ? {} : { sinceSeconds }),
    ...(sinceTime === '' ? {} : { sinceTime }),
    ...(limitBytes === undefined ? {} : { limitBytes }),
  };
}

/** Serves GET pods/{name}/log. */
export function serveLogs(source: LogSource, req: IncomingMessage, res: ServerResponse, pod: string, options: PodLogOptions & { readonly limitBytes?: number }): void {
  let stream: Observable<LogLine>;
  try {
    stream = source(pod, options);
  } catch (e) {
    // The kubelet answers 400 for a container that cannot give logs (not started, no previous instance).
    if (e instanceof PodkitError && e.code === 'not_found' && e.details['container'] !== undefined) {
      const previous = options.previous === true;
      const container = String(e.details['container']);
      throw new ApiError(400, 'BadRequest', previous ? `previous terminated container "${container}" in pod "${pod}" not found` : `container "${container}" in pod "${pod}" is waiting to start: ContainerCreating`);
    }
    throw e;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  let written = 0;
  const limit = options.limitBytes;
  const sub = stream.subscribe({
    next: (line) => {
      if (res.writableEnded) return;
      let text = formatLogLine(line, options.timestamps === true);
      if (limit !== undefined && written + Buffer.byteLength(text) > limit) {
        text = Buffer.from(text).subarray(0, limit - written).toString('utf8');
        res.end(text);
        sub?.unsubscribe();
        return;
      }
      written += Buffer.byteLength(text);
      res.write(text);
    },
    error: () => res.end(),
    complete: () => res.end(),
  });
  req.on('close', () => sub.unsubscribe());
}
