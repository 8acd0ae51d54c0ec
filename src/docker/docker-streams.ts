import type Docker from 'dockerode';
import { Observable } from 'rxjs';
import type { ExecOptions, ExecResult, LogLine, LogOptions } from '../runtime/container-runtime.js';
import { RuntimeError } from '../runtime/runtime-error.js';
import { engineMessage, engineStatus, toRuntimeError } from './docker-errors.js';
import { DockerFrameDecoder, LogLineAssembler } from './log-frames.js';
import { toDockerSince } from './to-docker.js';

/** Output kept per stream of an exec; the rest is dropped (probes need far less). */
const EXEC_OUTPUT_LIMIT = 4 * 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a command in a running container through the exec API: stdout and stderr demultiplexed,
 * the exit code from the exec's inspect. At the timeout the stream is dropped and `timedOut` is
 * true; the engine has no API to kill an exec'd process, so it may keep running.
 */
export async function dockerExec(docker: Docker, containerId: string, command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  if (command.length === 0) {
    throw new RuntimeError('invalid_argument', 'Expected a non-empty exec command, received [].', { details: { field: 'command' } });
  }
  let exec: Docker.Exec;
  try {
    exec = await docker.getContainer(containerId).exec({ Cmd: [...command], AttachStdout: true, AttachStderr: true, AttachStdin: false, Tty: false });
  } catch (error) {
    const mapped = toRuntimeError(error, `exec in container "${containerId}" failed`, 'exec_failed', { containerId });
    // 409: the container is not running.
    if (mapped.code === 'not_found' || mapped.code === 'unavailable') throw mapped;
    throw new RuntimeError('exec_failed', mapped.message, { cause: error, details: mapped.details, retryable: false });
  }
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const size = { stdout: 0, stderr: 0 };
  const decoder = new DockerFrameDecoder();
  const collect = (chunk: Buffer): void => {
    for (const frame of decoder.push(chunk)) {
      if (size[frame.stream] >= EXEC_OUTPUT_LIMIT) continue;
      out[frame.stream].push(frame.payload);
      size[frame.stream] += frame.payload.length;
    }
  };
  let timedOut = false;
  try {
    const stream = await exec.start({ hijack: true, stdin: false });
    await new Promise<void>((resolve, reject) => {
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              stream.destroy();
              resolve();
            }, options.timeoutMs);
      stream.on('data', (chunk: Buffer) => collect(chunk));
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', (error: Error) => {
        if (timer !== undefined) clearTimeout(timer);
        if (timedOut) resolve();
        else reject(error);
      });
    });
  } catch (error) {
    throw toRuntimeError(error, `exec in container "${containerId}" failed`, 'exec_failed', { containerId, command });
  }
  for (const frame of decoder.end()) out[frame.stream].push(frame.payload);
  const text = (s: 'stdout' | 'stderr'): string => Buffer.concat(out[s]).toString('utf8');
  if (timedOut) return { exitCode: -1, stdout: text('stdout'), stderr: text('stderr'), timedOut: true };
  // The exit code can lag the end of the stream by a moment.
  for (let i = 0; i < 50; i++) {
    let info: { Running: boolean; ExitCode: number | null };
    try {
      info = await exec.inspect();
    } catch (error) {
      throw toRuntimeError(error, `inspect of exec in container "${containerId}" failed`, 'exec_failed', { containerId });
    }
    if (!info.Running && info.ExitCode !== null) return { exitCode: info.ExitCode, stdout: text('stdout'), stderr: text('stderr'), timedOut: false };
    await sleep(20);
  }
  throw new RuntimeError('exec_failed', `exec in container "${containerId}" ended its output but reported no exit code.`, { details: { containerId } });
}

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
