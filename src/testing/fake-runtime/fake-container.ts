import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { ContainerConfig, RuntimeContainerState, RuntimeContainerStatus, RuntimeEvent } from '../../runtime/container-runtime.js';
import type { Command, CommandContext, Connection, ContainerHost, Io, Sink } from './command.js';
import { ContainerFs, FakeFile, type FsMount } from './fake-fs.js';
import type { LocalImage } from './fake-images.js';
import type { FakeSandbox } from './fake-sandbox.js';
import { LogStore } from './logs.js';
import { FakeProcess, type ExitStatus, type ProcessOwner } from './process.js';
import type { ProgramTable } from './programs/registry.js';
import { runShell } from './sh/run-shell.js';
import type { FakeHttpHandler } from './types.js';

/** What a container needs from its runtime. */
export interface RuntimeWorld {
  readonly clock: Clock;
  readonly programs: ProgramTable;
  readonly init: boolean;
  readonly maxLogLines: number;
  readonly nodeMemoryBytes: number;
  emit(event: RuntimeEvent): void;
  connect(from: FakeSandbox, host: string, port: number): Connection;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Writes to a container's log, creating the log on first use (most containers never print). */
class LogSink implements Sink {
  constructor(
    private readonly container: FakeContainer,
    private readonly stream: 'stdout' | 'stderr',
  ) {}
  write(text: string): void {
    this.container.logs.write(this.stream, text);
  }
}

/** A command's context whose environment is built only if the command reads it. */
class ProcessContext implements CommandContext {
  constructor(
    readonly host: FakeContainer,
    readonly proc: FakeProcess,
    readonly io: Io,
    readonly cwd: string,
  ) {}
  get env(): ReadonlyMap<string, string> {
    return this.host.env();
  }
}

/** The argv a container runs, by Kubernetes' rules for command/args over ENTRYPOINT/CMD. */
export function resolveArgv(config: ContainerConfig, image: LocalImage): readonly string[] {
  const { entrypoint, cmd } = image.spec;
  const defaultCmd = cmd ?? (entrypoint === undefined ? ['pause'] : []);
  if (config.command !== undefined) return config.args === undefined ? config.command : [...config.command, ...config.args];
  const rest = config.args ?? defaultCmd;
  return entrypoint === undefined || entrypoint.length === 0 ? rest : [...entrypoint, ...rest];
}

/** The message of a start that failed because the executable does not exist (as containerd/runc words it). */
export function notFoundMessage(name: string): string {
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown`;
}

/** A program that threw: the error goes to its stderr and the process exits 1. */
function crashed(io: Io, argv: readonly string[], e: unknown): number {
  io.err.write(`${argv[0] ?? ''}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}

/**
 * A fake container: state, logs, filesystem and processes. It is also the {@link ContainerHost}
 * its commands see and the owner of its processes.
 */
export class FakeContainer implements ContainerHost, ProcessOwner {
  state: RuntimeContainerState = 'created';
  startedAt: number | undefined;
  finishedAt: number | undefined;
  exitCode: number | undefined;
  signal: number | undefined;
  reason: string | undefined;
  message: string | undefined;
  oomKilled = false;
  main: FakeProcess | undefined;
  #fs: ContainerFs | undefined;
  #logs: LogStore | undefined;
  /** Processes other than the main one (execs), in start order, with what to call when each ends. */
  #others: { readonly proc: FakeProcess; readonly exited: (status: ExitStatus) => void }[] | undefined;
  #timers: TimerHandle[] | undefined;
  #waiters: (() => void)[] | undefined;
  #memory = 0;
  #env: Map<string, string> | undefined;

  constructor(
    readonly world: RuntimeWorld,
    readonly id: string,
    readonly sandbox: FakeSandbox,
    readonly config: ContainerConfig,
    readonly image: LocalImage,
    readonly argv: readonly string[],
    private readonly mounts: readonly FsMount[],
    readonly createdAt: number,
  ) {}

  get clock(): Clock {
    return this.world.clock;
  }
  get hostname(): string {
    return this.sandbox.config.hostname ?? this.sandbox.config.name;
  }
  get podIp(): string | undefined {
    return this.sandbox.ip;
  }
  get containerName(): string {
    return this.config.name;
  }
  get containerId(): string {
    return this.id;
  }
  get pod(): { readonly name: string; readonly namespace: string; readonly uid: string } {
    return this.sandbox.pod;
  }
  get memoryLimitBytes(): number | undefined {
    return this.config.resources?.memoryLimitBytes;
  }
  get fs(): ContainerFs {
    return (this.#fs ??= new ContainerFs(this.mounts, { '/etc/hostname': `${this.hostname}\n`, ...this.image.spec.files }));
  }
  get logs(): LogStore {
    return (this.#logs ??= new LogStore(this.world.clock, this.world.maxLogLines));
  }
  get cwd(): string {
    return this.config.workingDir ?? this.image.spec.workingDir ?? '/';
  }

  /** The environment: PATH, HOSTNAME and HOME, then the image's variables, then the container's. */
  env(): ReadonlyMap<string, string> {
    if (this.#env === undefined) {
      const env = new Map<string, string>([['PATH', DEFAULT_PATH], ['HOSTNAME', this.hostname], ['HOME', '/root']]);
      for (const [k, v] of Object.entries(this.image.spec.env ?? {})) env.set(k, v);
      for (const { name, value } of this.config.env) env.set(name, value);
      this.#env = env;
    }
    return this.#env;
  }

  program(name: string): Command | undefined {
    if (name.includes('/') && this.fs.stat(name) instanceof FakeFile) return (ctx, argv) => runShell(ctx, ['sh', ...argv]);
    return this.world.programs.resolve(name, this.image.ref, this.image.spec);
  }

  listen(proc: FakeProcess, port: number, http: FakeHttpHandler | undefined): boolean {
    if (proc.exited || this.sandbox.state !== 'ready') return false;
    return this.sandbox.net.listen(port, { proc, containerName: this.config.name, image: this.image.ref, http });
  }

  unlisten(proc: FakeProcess, port: number): void {
    this.sandbox.net.unlisten(port, proc);
  }

  connect(host: string, port: number): Connection {
    return this.world.connect(this.sandbox, host, port);
  }

  signalMain(signal: number): boolean {
    if (this.main === undefined || this.main.exited) return false;
    this.main.signal(signal);
    return true;
  }

  allocate(_proc: FakeProcess, bytes: number): void {
    this.#memory += bytes;
    if (this.#memory > (this.memoryLimitBytes ?? this.world.nodeMemoryBytes)) this.kill({ code: 137, signal: 9, oom: true });
  }

  /** Starts the main process with `command` (already resolved). */
  start(command: Command): void {
    const now = this.world.clock.now();
    this.state = 'running';
    this.startedAt = now;
    const main = new FakeProcess(this, !this.world.init);
    this.main = main;
    // Like Docker, create the working directory if it does not exist.
    if (this.config.workingDir !== undefined || this.image.spec.workingDir !== undefined) this.fs.mkdir(this.cwd, true);
    this.world.emit({ type: 'ContainerStarted', containerId: this.id, sandboxId: this.sandbox.id, at: now });
    this.#run(main, command, { out: new LogSink(this, 'stdout'), err: new LogSink(this, 'stderr') }, this.argv);
  }

  /** Marks a container whose process could not start (StartError). */
  failStart(message: string, exitCode: number): void {
    const now = this.world.clock.now();
    this.startedAt = now;
    this.#finish({ code: exitCode }, 'StartError', message);
  }

  /**
   * Runs a command in a new (non-main) process. `status` is how it ended: the status itself when
   * the command finished before returning (a synchronous program such as `true`), else a promise.
   */
  spawn(command: Command, argv: readonly string[], io: Io): { proc: FakeProcess; status: ExitStatus | Promise<ExitStatus> } {
    const proc = new FakeProcess(this, false);
    let ended: ExitStatus | undefined;
    let resolve: ((status: ExitStatus) => void) | undefined;
    (this.#others ??= []).push({
      proc,
      exited: (status: ExitStatus) => {
        if (resolve === undefined) ended = status;
        else resolve(status);
      },
    });
    this.#run(proc, command, io, argv);
    if (ended !== undefined) return { proc, status: ended };
    return { proc, status: new Promise<ExitStatus>((r) => (resolve = r)) };
  }

  /** Runs a command in a process; its status (or a crash, as 1 with the error on stderr) ends the process. */
  #run(proc: FakeProcess, command: Command, io: Io, argv: readonly string[]): void {
    let result: number | Promise<number>;
    try {
      result = command(new ProcessContext(this, proc, io, this.cwd), argv);
    } catch (e) {
      result = crashed(io, argv, e);
    }
    if (typeof result === 'number') proc.die({ code: result });
    else result.then((code) => proc.die({ code }), (e: unknown) => proc.die({ code: crashed(io, argv, e) }));
  }

  processExited(proc: FakeProcess, status: ExitStatus): void {
    this.sandbox.net.release(proc);
    if (proc === this.main) {
      this.#finish(status);
      return;
    }
    // A linear scan: a container runs few processes at once (no identity hash per process, as a Map key would need).
    const others = this.#others;
    if (others === undefined) return;
    const i = others.findIndex((o) => o.proc === proc);
    if (i < 0) return;
    const { exited } = others[i] as (typeof others)[number];
    others.splice(i, 1);
    exited(status);
  }

  /** Kills the main process (and with it the container) with the given status. */
  kill(status: ExitStatus): void {
    if (this.main !== undefined && !this.main.exited) this.main.die(status);
  }

  /** Completes log followers (the container is removed). */
  closeLogs(): void {
    this.#logs?.close();
  }

  /** Arms a timer that is cancelled when the container exits. */
  after(ms: number, fn: () => void): void {
    (this.#timers ??= []).push(this.world.clock.setTimeout(fn, ms));
  }

  /** Resolves once the container has exited. */
  exited(): Promise<void> {
    if (this.state === 'exited' || this.state === 'created') return Promise.resolve();
    return new Promise((resolve) => (this.#waiters ??= []).push(resolve));
  }

  #finish(status: ExitStatus, reason?: string, message?: string): void {
    if (this.state === 'exited') return;
    const now = this.world.clock.now();
    this.state = 'exited';
    this.finishedAt = now;
    this.exitCode = status.code;
    this.signal = status.signal;
    this.oomKilled = status.oom === true;
    this.reason = reason ?? (this.oomKilled ? 'OOMKilled' : status.code === 0 ? 'Completed' : 'Error');
    this.message = message;
    this.#memory = 0;
    for (const t of this.#timers ?? []) this.world.clock.clearTimeout(t);
    this.#timers = undefined;
    for (const { proc } of [...(this.#others ?? [])]) proc.die({ code: 137, signal: 9 });
    this.#logs?.close();
    this.#env = undefined;
    this.world.emit({ type: 'ContainerExited', containerId: this.id, sandboxId: this.sandbox.id, exitCode: status.code, oomKilled: this.oomKilled, at: now });
    const waiters = this.#waiters;
    this.#waiters = undefined;
    for (const w of waiters ?? []) w();
  }

  status(): RuntimeContainerStatus {
    const c = this.config;
    const s: { -readonly [K in keyof RuntimeContainerStatus]: RuntimeContainerStatus[K] } = {
      id: this.id,
      sandboxId: this.sandbox.id,
      name: c.name,
      attempt: c.attempt,
      image: c.image,
      imageId: this.image.info.id,
      state: this.state,
      createdAt: this.createdAt,
      oomKilled: this.oomKilled,
      labels: c.labels,
    };
    if (this.startedAt !== undefined) s.startedAt = this.startedAt;
    if (this.finishedAt !== undefined) s.finishedAt = this.finishedAt;
    if (this.exitCode !== undefined) s.exitCode = this.exitCode;
    if (this.signal !== undefined) s.signal = this.signal;
    if (this.reason !== undefined) s.reason = this.reason;
    if (this.message !== undefined) s.message = this.message;
    return s;
  }
}
