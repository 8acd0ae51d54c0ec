import { Observable } from 'rxjs';
import { parseDuration } from '../../clock/duration.js';
import type {
  ContainerConfig,
  EnsureImageOptions,
  EnsureImageResult,
  ExecOptions,
  ExecResult,
  ListFilter,
  LogLine,
  LogOptions,
  RuntimeContainerStatus,
} from '../../runtime/container-runtime.js';
import { checkExecInput } from '../../runtime/exec-input.js';
import { RuntimeError } from '../../runtime/runtime-error.js';
import { BufferSink } from './command.js';
import { FakeContainer, notFoundMessage, resolveArgv } from './fake-container.js';
import { FakeDir, mkdirs, pathSegments, type FsMount } from './fake-fs.js';
import { isValidImageRef, normalizeImageRef } from './fake-images.js';
import type { FakeState } from './fake-state.js';
import { signalNumber, type ExitStatus, type FakeProcess } from './process.js';
import { FakeStdin } from './stdin.js';
import { labelsMatch, wantedLabels } from './sandbox-ops.js';
import type { FakeFault } from './types.js';

/** Makes an image present according to the pull policy (see ContainerRuntime.ensureImage). */
export async function ensureImage(state: FakeState, image: string, options: EnsureImageOptions): Promise<EnsureImageResult> {
  if (typeof image !== 'string' || !isValidImageRef(image)) {
    throw new RuntimeError('invalid_argument', `invalid reference format: ${JSON.stringify(image)} is not a valid image reference`, { details: { image } });
  }
  const local = state.images.local(image);
  if (local !== undefined && options.pullPolicy !== 'Always') return { imageId: local.info.id, pulled: false };
  if (options.pullPolicy === 'Never') {
    throw new RuntimeError('image_never_pull', `Container image "${image}" is not present with pull policy of Never`, { details: { image } });
  }
  const failure = state.faults.size === 0 ? undefined : state.faults.take(['pullFailure'], { image: normalizeImageRef(image) });
  if (state.latency.pull > 0) await state.delay(state.latency.pull);
  if (failure !== undefined) {
    throw new RuntimeError('image_pull_failed', failure.message ?? `failed to pull image "${image}": injected pull failure`, { details: { image } });
  }
  if (state.images.remote(image) === undefined) {
    throw new RuntimeError('image_pull_failed', `failed to pull image "${image}": manifest for ${normalizeImageRef(image)} not found: manifest unknown`, { details: { image } });
  }
  return { imageId: state.images.pull(image).info.id, pulled: true };
}

function invalid(field: string, expected: string, received: unknown): RuntimeError {
  return new RuntimeError('invalid_argument', `ContainerConfig.${field}: expected ${expected}, received ${JSON.stringify(received)}.`, { details: { field } });
}

/** Creates a container in a ready sandbox from a present image. */
export async function createContainer(state: FakeState, sandboxId: string, config: ContainerConfig): Promise<string> {
  if (typeof config.name !== 'string' || config.name === '') throw invalid('name', 'a non-empty string', config.name);
  if (typeof config.image !== 'string' || config.image === '') throw invalid('image', 'an image reference', config.image);
  const sb = state.sandbox(sandboxId);
  if (sb.state !== 'ready') throw new RuntimeError('create_failed', `pod sandbox "${sandboxId}" is not ready; create a new sandbox`, { details: { sandboxId } });
  const image = state.images.local(config.image);
  if (image === undefined) {
    throw new RuntimeError('not_found', `image "${config.image}" is not present on the node; call ensureImage first`, { details: { image: config.image } });
  }
  for (const c of sb.containers) {
    if (c.config.name === config.name && c.config.attempt === config.attempt) {
      throw new RuntimeError('conflict', `a container named "${config.name}" (attempt ${config.attempt}) already exists in sandbox "${sandboxId}" as "${c.id}"; remove it first`, { details: { containerId: c.id } });
    }
  }
  const argv = resolveArgv(config, image);
  if (argv.length === 0) throw new RuntimeError('create_failed', `no command specified for container "${config.name}": the image has no entrypoint or cmd`);
  const mounts: FsMount[] = config.mounts.map((m, i) => {
    const volume = sb.volumes.get(m.volume);
    if (volume === undefined) throw invalid(`mounts[${i}].volume`, `a volume of the sandbox (${[...sb.volumes.keys()].join(', ') || 'none'})`, m.volume);
    const dir = m.subPath === undefined || m.subPath === '' ? volume : mkdirs(volume, pathSegments(m.subPath));
    if (!(dir instanceof FakeDir)) throw invalid(`mounts[${i}].subPath`, 'a directory inside the volume', m.subPath);
    return { path: m.containerPath, dir, readOnly: m.readOnly };
  });
  const failure = state.faults.size === 0 ? undefined : state.faults.take(['createFailure'], { image: image.ref, pod: sb.pod, container: config.name });
  if (state.latency.create > 0) await state.delay(state.latency.create);
  if (failure !== undefined) throw new RuntimeError('create_failed', failure.message ?? `failed to create container "${config.name}": injected failure`);
  if (!state.sandboxes.has(sandboxId)) throw new RuntimeError('not_found', `pod sandbox "${sandboxId}" not found`);
  const id = state.nextId('container');
  const c = new FakeContainer(state, id, sb, config, image, argv, mounts, state.clock.now());
  state.containers.set(id, c);
  sb.addContainer(c);
  return id;
}

/** Schedules an exit, signal or OOM fault on a running container. */
export function armContainerFault(c: FakeContainer, fault: Extract<FakeFault, { type: 'exit' | 'signal' | 'oom' }>): void {
  const ms = parseDuration(fault.afterMs ?? 0, 'fault.afterMs');
  const fire = (): void => {
    if (fault.type === 'exit') c.kill({ code: fault.code & 255 });
    else if (fault.type === 'oom') c.kill({ code: 137, signal: 9, oom: true });
    else {
      const sig = signalNumber(fault.signal) ?? 9;
      c.kill({ code: 128 + sig, signal: sig });
    }
  };
  if (ms <= 0) void Promise.resolve().then(fire);
  else c.after(ms, fire);
}

/** Starts a created container (faults: startFailure, slowStart; then exit/signal/oom are armed). */
export async function startContainer(state: FakeState, id: string): Promise<void> {
  const c = state.container(id);
  if (c.state !== 'created') throw new RuntimeError('conflict', `container "${id}" is ${c.state}, not created; create a new container to run it again`, { details: { containerId: id } });
  const target = state.faults.size === 0 ? undefined : state.target(c);
  const failure = target === undefined ? undefined : state.faults.take(['startFailure'], target);
  const slow = target === undefined ? 0 : state.faults.takeAll(['slowStart'], target).reduce((sum, f) => sum + parseDuration(f.ms, 'fault.ms'), 0);
  if (state.latency.start + slow > 0) await state.delay(state.latency.start + slow);
  if (!state.containers.has(id)) throw new RuntimeError('not_found', `container "${id}" was removed while starting`);
  if (c.state !== 'created') throw new RuntimeError('conflict', `container "${id}" is ${c.state}, not created`);
  const name = c.argv[0] as string;
  const command = failure === undefined ? c.program(name) : undefined;
  if (command === undefined) {
    const message = failure !== undefined ? (failure.message ?? 'injected start failure') : notFoundMessage(name);
    c.failStart(message, failure !== undefined ? (failure.exitCode ?? 128) : 127);
    throw new RuntimeError('start_failed', message, { details: { containerId: id } });
  }
  c.start(command);
  if (state.faults.size > 0 && c.main !== undefined && !c.main.exited) for (const f of state.faults.takeAll(['exit', 'signal', 'oom'], state.target(c))) armContainerFault(c, f);
}

/** Sends the stop signal, kills after the grace period, resolves when the container has exited. */
export async function stopContainer(state: FakeState, id: string, gracePeriodSeconds: number): Promise<void> {
  const c = state.containers.get(id);
  if (c === undefined || c.state !== 'running') return;
  if (state.latency.stop > 0) await state.delay(state.latency.stop);
  const main = c.main;
  if (c.state !== 'running' || main === undefined) return;
  if (!(gracePeriodSeconds > 0)) {
    c.kill({ code: 137, signal: 9 });
    return;
  }
  const sig = signalNumber(c.config.stopSignal ?? c.image.spec.stopSignal ?? 'SIGTERM') ?? 15;
  main.signal(sig);
  if (c.state !== 'running') return;
  const timer = state.clock.setTimeout(() => c.kill({ code: 137, signal: 9 }), gracePeriodSeconds * 1000);
  await c.exited();
  state.clock.clearTimeout(timer);
}

/**
 * Runs a command in a running container, with its env, files and network. A command that ends
 * synchronously (most built-ins) answers without a timeout timer or a promise of its own: the
 * timer could not have fired before the command ended.
 */
export function exec(state: FakeState, id: string, command: readonly string[], options: ExecOptions = {}): ExecResult | Promise<ExecResult> {
  const c = state.container(id);
  if (c.state !== 'running') throw new RuntimeError('conflict', `container "${id}" is not running (${c.state})`, { details: { containerId: id } });
  const name = command[0];
  if (name === undefined) throw new RuntimeError('invalid_argument', 'exec: expected a non-empty command');
  checkExecInput(options.stdin);
  const program = c.program(name);
  if (program === undefined) {
    return { exitCode: 126, stdout: '', stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown\n`, timedOut: false };
  }
  const out = new ExecSink('stdout', options);
  // A terminal is one output: stderr goes to it too.
  const err = options.tty === true ? out : new ExecSink('stderr', options);
  // A terminal's input processing: CR becomes NL (`icrnl`, what Enter sends in raw mode), and the
  // input is echoed to the output (`echo`).
  const terminal = (text: string): string => {
    const line = text.replace(/\r/g, '\n');
    out.write(line);
    return line;
  };
  const stdin = options.stdin === undefined ? undefined : FakeStdin.fromExec(options.stdin, options.tty === true ? { through: terminal, eager: true } : {});
  const { proc, status } = c.spawn(program, command, stdin === undefined ? { out, err } : { out, err, stdin: stdin.input });
  const result = (code: number, timedOut: boolean): ExecResult => {
    stdin?.stop();
    // The terminal's output processing (`onlcr`) turns each newline into CR LF.
    if (options.tty === true) return { exitCode: code, stdout: out.text.replace(/\n/g, '\r\n'), stderr: '', timedOut };
    return { exitCode: code, stdout: out.text, stderr: err.text, timedOut };
  };
  if (!(status instanceof Promise)) return result(status.code, false);
  return execUntilExit(state, proc, status, options.timeoutMs, result);
}

/** Collects an exec's output and relays each write to `onOutput` (as a terminal would show it). */
class ExecSink extends BufferSink {
  constructor(
    private readonly stream: 'stdout' | 'stderr',
    private readonly options: ExecOptions,
  ) {
    super();
  }

  override write(text: string): void {
    super.write(text);
    const onOutput = this.options.onOutput;
    if (onOutput === undefined || text === '') return;
    try {
      onOutput(this.stream, new TextEncoder().encode(this.options.tty === true ? text.replace(/\n/g, '\r\n') : text));
    } catch {
      // The caller's relay failing does not concern the process.
    }
  }
}

async function execUntilExit(state: FakeState, proc: FakeProcess, done: Promise<ExitStatus>, timeoutMs: number | undefined, result: (code: number, timedOut: boolean) => ExecResult): Promise<ExecResult> {
  let timedOut = false;
  const timer = timeoutMs === undefined ? undefined : state.clock.setTimeout(() => {
    timedOut = true;
    proc.die({ code: 137, signal: 9 });
  }, timeoutMs);
  const status = await done;
  if (timer !== undefined) state.clock.clearTimeout(timer);
  return result(status.code, timedOut);
}

/** A container's log lines (see ContainerRuntime.logs). */
export function logs(state: FakeState, id: string, options: LogOptions, check: () => void): Observable<LogLine> {
  return new Observable<LogLine>((sub) => {
    let c: FakeContainer;
    try {
      check();
      c = state.container(id);
    } catch (e) {
      sub.error(e);
      return undefined;
    }
    let lines = c.logs.lines;
    if (options.since !== undefined) {
      const since = options.since;
      lines = lines.filter((l) => l.time >= since);
    }
    if (options.tail !== undefined) lines = options.tail <= 0 ? [] : lines.slice(-options.tail);
    for (const line of lines) sub.next(line);
    if (options.follow !== true || c.state === 'exited' || !state.containers.has(id)) {
      sub.complete();
      return undefined;
    }
    return c.logs.follow(sub);
  });
}

/** Containers matching a filter. */
export function listContainers(state: FakeState, filter: ListFilter = {}): RuntimeContainerStatus[] {
  const source = filter.sandboxId === undefined ? state.containers.values() : (state.sandboxes.get(filter.sandboxId)?.containers ?? []);
  const out: RuntimeContainerStatus[] = [];
  const wanted = wantedLabels(filter.labels);
  for (const c of source) if (labelsMatch(c.config.labels, wanted)) out.push(c.status());
  return out;
}
