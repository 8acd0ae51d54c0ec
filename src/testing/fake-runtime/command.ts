import type { Clock } from '../../clock/clock.js';
import type { ContainerFs } from './fake-fs.js';
import type { FakeProcess } from './process.js';
import type { FakeStdin } from './stdin.js';
import type { FakeHttpHandler } from './types.js';

/** Where a command writes text. */
export interface Sink {
  write(text: string): void;
}

/** Discards everything (`/dev/null`). */
export const NULL_SINK: Sink = { write: () => {} };

/** Collects text (command substitution, pipes, exec output). */
export class BufferSink implements Sink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

/**
 * The standard streams of a command. `stdin` is its input (shared with the other commands of the
 * same file descriptor), or undefined for none (`/dev/null`: end-of-file at once).
 */
export interface Io {
  readonly out: Sink;
  readonly err: Sink;
  readonly stdin?: FakeStdin;
}

/** The outcome of connecting to `host:port` from inside a pod. */
export type Connection =
  | { readonly kind: 'refused' }
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'open'; readonly http: FakeHttpHandler | undefined };

/** What a command can reach of its container: files, network, memory, programs, identity. */
export interface ContainerHost {
  readonly clock: Clock;
  readonly fs: ContainerFs;
  readonly hostname: string;
  readonly podIp: string | undefined;
  readonly containerName: string;
  readonly containerId: string;
  readonly pod: { readonly name: string; readonly namespace: string; readonly uid: string };
  readonly memoryLimitBytes: number | undefined;
  /** The command for a program name (or path such as `/bin/sh`) available in the image. */
  program(name: string): Command | undefined;
  /** Serves a port in the pod's network namespace; false if it is taken. Freed when `proc` exits. */
  listen(proc: FakeProcess, port: number, http: FakeHttpHandler | undefined): boolean;
  /** Stops serving a port. */
  unlisten(proc: FakeProcess, port: number): void;
  /** Connects to `host:port` (`localhost` is the pod itself). */
  connect(host: string, port: number): Connection;
  /** Sends a signal to the container's main process (`kill 1`); false if it is gone. */
  signalMain(signal: number): boolean;
  /** Adds memory to the container; exceeding the limit OOM-kills the container. */
  allocate(proc: FakeProcess, bytes: number): void;
}

/** Everything a running command sees. */
export interface CommandContext {
  readonly host: ContainerHost;
  readonly proc: FakeProcess;
  readonly io: Io;
  /** The command's environment. */
  readonly env: ReadonlyMap<string, string>;
  readonly cwd: string;
}

/** An executable of the fake: gets its argv (argv[0] is its name) and returns an exit status. */
export type Command = (ctx: CommandContext, argv: readonly string[]) => number | Promise<number>;
