import type Docker from 'dockerode';
import { Observable } from 'rxjs';
import type { LogLine, LogOptions } from '../runtime/container-runtime.js';
import { engineMessage, engineStatus, toRuntimeError } from './docker-errors.js';
import { DockerFrameDecoder, LogLineAssembler } from './log-frames.js';
import { toDockerSince } from './to-docker.js';

/**
 * A container's log lines, demultiplexed, with the engine's timestamps. `follow` keeps the
 * stream open until the container exits or the subscriber leaves; `tail` and `since` are passed
 * to the engine (and `since` re-applied exactly). Cold: each subscription reads the logs anew.
 */
export function dockerLogs(docker: Docker, containerId: string, options: LogOptions = {}): Observable<LogLine> {
  return new Observable<LogLine>((subscriber) => {
    const abort = new AbortController();
    const assembler = new LogLineAssembler(true, () => Date.now());
    const decoder = new DockerFrameDecoder();
    const since = options.since;
    const emit = (lines: readonly LogLine[]): void => {
      for (const line of lines) if (since === undefined || line.time >= since) subscriber.next(line);
    };
    const finish = (): void => {
      for (const frame of decoder.end()) emit(assembler.push(frame));
      emit(assembler.end());
      subscriber.complete();
    };
    const fail = (error: unknown): void => {
      if (abort.signal.aborted) return;
      const status = engineStatus(error);
      subscriber.error(toRuntimeError(error, `logs of container "${containerId}" failed`, status === 404 ? 'not_found' : 'internal', { containerId }));
    };
    const base = {
      stdout: true,
      stderr: true,
      timestamps: true,
      abortSignal: abort.signal,
      ...(options.tail === undefined ? {} : { tail: Math.max(0, Math.floor(options.tail)) }),
      ...(since === undefined ? {} : { since: toDockerSince(since) }),
    };
    const container = docker.getContainer(containerId);
    if (options.follow === true) {
      container.logs({ ...base, follow: true }).then((stream) => {
        if (abort.signal.aborted) {
          (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
          return;
        }
        stream.on('data', (chunk: Buffer) => {
          for (const frame of decoder.push(chunk)) emit(assembler.push(frame));
        });
        stream.on('end', finish);
        stream.on('error', (error: unknown) => (abort.signal.aborted ? undefined : fail(error)));
      }, fail);
    } else {
      container.logs({ ...base, follow: false }).then((buffer) => {
        if (abort.signal.aborted) return;
        for (const frame of decoder.push(Buffer.isBuffer(buffer) ? buffer : Buffer.from(String(buffer)))) emit(assembler.push(frame));
        finish();
      }, fail);
    }
    return () => abort.abort();
  });
}

/** True if an engine error says the container is not running (exec and kill refuse it). */
export function isNotRunning(error: unknown): boolean {
  return engineStatus(error) === 409 && /not running/i.test(engineMessage(error));
}
