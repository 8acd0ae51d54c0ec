import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import type { ExecInput, ExecOptions, ExecResult } from '../runtime/container-runtime.js';
import { checkExecInput } from '../runtime/exec-input.js';
import { RuntimeError } from '../runtime/runtime-error.js';
import { toRuntimeError } from './docker-errors.js';
import { DockerFrameDecoder } from './log-frames.js';

/** Output kept per stream of an exec; the rest is dropped (probes need far less). */
const EXEC_OUTPUT_LIMIT = 4 * 1024 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Copies an exec's stdin into the hijacked connection, then half-closes it (the engine closes the
 * process's stdin: end-of-file). Respects the socket's back-pressure. `stop()` abandons the input
 * (the process has exited, or the exec timed out).
 */
function pipeStdin(stream: Duplex, input: ExecInput): { stop(): void } {
  let stopped = false;
  const write = (chunk: Uint8Array): Promise<void> =>
    new Promise((resolve) => {
      if (stopped || stream.destroyed || stream.writableEnded) return resolve();
      if (stream.write(chunk)) return resolve();
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  const finish = (): void => {
    if (!stopped && !stream.destroyed && !stream.writableEnded) stream.end();
  };
  if (typeof input === 'string' || input instanceof Uint8Array) {
    void write(typeof input === 'string' ? Buffer.from(input, 'utf8') : input).then(finish);
    return { stop: () => (stopped = true) };
  }
  const iterator = input[Symbol.asyncIterator]();
  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (stopped || next.done === true) break;
        await write(next.value);
      }
    } catch {
      // A failing input ends the stdin, as a broken pipe's reader sees end-of-file.
    }
    finish();
  })();
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    },
  };
}

/**
 * Runs a command in a running container through the exec API: stdout and stderr demultiplexed
 * (or, with `tty`, the terminal's one raw output as stdout) and relayed to `onOutput` frame by
 * frame as they arrive, the exit code from the exec's
 * inspect. With `stdin` the exec attaches stdin (`AttachStdin`) and writes the input into the
 * hijacked connection, half-closing it at the input's end so the command reads end-of-file. At
 * the timeout the stream is dropped and `timedOut` is true; the engine has no API to kill an
 * exec'd process, so it may keep running.
 */
export async function dockerExec(docker: Docker, containerId: string, command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  if (command.length === 0) {
    throw new RuntimeError('invalid_argument', 'Expected a non-empty exec command, received [].', { details: { field: 'command' } });
  }
  checkExecInput(options.stdin);
  const tty = options.tty === true;
  const attachStdin = options.stdin !== undefined;
  let exec: Docker.Exec;
  try {
    exec = await docker.getContainer(containerId).exec({ Cmd: [...command], AttachStdout: true, AttachStderr: true, AttachStdin: attachStdin, Tty: tty });
  } catch (error) {
    const mapped = toRuntimeError(error, `exec in container "${containerId}" failed`, 'exec_failed', { containerId });
    // 409: the container is not running.
    if (mapped.code === 'not_found' || mapped.code === 'unavailable') throw mapped;
    throw new RuntimeError('exec_failed', mapped.message, { cause: error, details: mapped.details, retryable: false });
  }
  const out = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  const size = { stdout: 0, stderr: 0 };
  const keep = (stream: 'stdout' | 'stderr', payload: Buffer): void => {
    if (options.onOutput !== undefined && payload.length > 0) {
      try {
        options.onOutput(stream, payload);
      } catch {
        // The caller's relay failing does not concern the command.
      }
    }
    if (size[stream] >= EXEC_OUTPUT_LIMIT) return;
    out[stream].push(payload);
    size[stream] += payload.length;
  };
  const decoder = new DockerFrameDecoder();
  const collect = (chunk: Buffer): void => {
    if (tty) return keep('stdout', chunk);
    for (const frame of decoder.push(chunk)) keep(frame.stream, frame.payload);
  };
  let timedOut = false;
  try {
    const stream = (await exec.start({ hijack: true, stdin: attachStdin, Tty: tty })) as Duplex;
    const stdin = options.stdin === undefined ? undefined : pipeStdin(stream, options.stdin);
    await new Promise<void>((resolve, reject) => {
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              stdin?.stop();
              stream.destroy();
              resolve();
            }, options.timeoutMs);
      stream.on('data', (chunk: Buffer) => collect(chunk));
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        stdin?.stop();
        resolve();
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', (error: Error) => {
        if (timer !== undefined) clearTimeout(timer);
        stdin?.stop();
        // Writing stdin to a command that has exited breaks the pipe; its output is complete.
        if (timedOut || (error as NodeJS.ErrnoException).code === 'EPIPE') resolve();
        else reject(error);
      });
    });
  } catch (error) {
    throw toRuntimeError(error, `exec in container "${containerId}" failed`, 'exec_failed', { containerId, command });
  }
  if (!tty) for (const frame of decoder.end()) keep(frame.stream, frame.payload);
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
