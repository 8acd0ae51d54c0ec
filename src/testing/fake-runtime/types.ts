import type { Clock } from '../../clock/clock.js';
import type { Duration } from '../../clock/duration.js';
import type { HttpProbeResult } from '../../runtime/container-runtime.js';

/** Simulated durations of runtime calls (ms or duration strings). All default to 0: instant. */
export interface FakeLatencies {
  /** Pulling an image. */
  readonly pull?: Duration;
  /** `runPodSandbox`. */
  readonly sandbox?: Duration;
  /** `createContainer`. */
  readonly create?: Duration;
  /** `startContainer`, before the process runs. */
  readonly start?: Duration;
  /** `stopContainer`, before the stop signal is sent. */
  readonly stop?: Duration;
}

/** What a fake image contains. */
export interface FakeImageSpec {
  /** The image's ENTRYPOINT. Default: none. */
  readonly entrypoint?: readonly string[];
  /**
   * The image's CMD. Default: `['pause']`, a fake-only program that runs until it gets SIGTERM or
   * SIGINT and then exits 0 (like Kubernetes' pause container). Real busybox's CMD is `sh`, which
   * exits at once without stdin; the fake chooses a long-running default on purpose.
   */
  readonly cmd?: readonly string[];
  /** Environment variables of the image (the container's env overrides them). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default working directory. */
  readonly workingDir?: string;
  /**
   * The executables the image contains (built-in busybox programs and programs from
   * `defineProgram`). Default: every built-in and every program defined for all images or this one.
   */
  readonly programs?: readonly string[];
  /** Files of the image: absolute path → content. */
  readonly files?: Readonly<Record<string, string>>;
  /** The image's stop signal (`SIGQUIT`, ...). Default SIGTERM. */
  readonly stopSignal?: string;
  /** Reported size. */
  readonly sizeBytes?: number;
  /** True if the image is already on the node (no pull needed). Default false. */
  readonly present?: boolean;
}

/** An image known to the fake registry. */
export interface FakeImage extends FakeImageSpec {
  readonly ref: string;
}

/** Options for {@link FakeRuntime}. */
export interface FakeRuntimeOptions {
  /** The time source; a `VirtualClock` makes everything deterministic. */
  readonly clock: Clock;
  /** The runtime's name (the containerID scheme). Default `fake`. */
  readonly name?: string;
  readonly latencies?: FakeLatencies;
  /**
   * The registry. Without it every image name pulls successfully and behaves like busybox
   * (permissive mode). With it, only these images can be pulled.
   */
  readonly images?: readonly (string | FakeImage)[];
  /**
   * Run containers under an init process (like `docker run --init`), so the main process gets
   * default signal handling: SIGTERM kills a process without a handler (exit 143). Default false,
   * as Docker and Kubernetes: PID 1 ignores signals it has no handler for.
   */
  readonly init?: boolean;
  /** Record calls in {@link FakeRuntime.calls}. Default true (turn off for large benchmarks). */
  readonly recordCalls?: boolean;
  /** Log lines kept per container (oldest dropped first). Default 10 000. */
  readonly maxLogLines?: number;
  /** The node IP: the address of host-network sandboxes. Default `10.0.0.2`; the kubelet's `updateRuntimeConfig({ nodeIP })` changes it. */
  readonly hostIp?: string;
  /**
   * The node's pod range, which pod IPs come from (host-local IPAM: .2 to the last but one
   * address, round-robin, freed when a sandbox stops). Default `10.244.0.0/24` (one kind node);
   * in a cluster the kubelet sets the node's `spec.podCIDR` with `updateRuntimeConfig`.
   */
  readonly podCIDR?: string;
  /** Memory available to containers without a limit, in bytes. Default 16 GiB. */
  readonly nodeMemoryBytes?: number;
}

/** An HTTP request that reached a program listening in a pod. */
export interface FakeHttpRequest {
  readonly method: 'GET';
  readonly path: string;
  readonly host: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A program's HTTP response. */
export interface FakeHttpResponse {
  readonly status: number;
  readonly body?: string;
}

/** Serves HTTP on a port of a fake pod. */
export type FakeHttpHandler = (request: FakeHttpRequest) => FakeHttpResponse | Promise<FakeHttpResponse>;

/** What a program registered with `defineProgram` can do. */
export interface FakeProgramContext {
  /** The arguments after the program name. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /**
   * The whole stdin when it was complete as the program started (a pipeline stage, `<` input, an
   * exec given a string); undefined otherwise (no stdin, or a streamed one still open: use
   * {@link FakeProgramContext.readStdin}).
   */
  readonly stdin: string | undefined;
  /** Reads stdin to end-of-file (waits for a streamed stdin to end); `''` without stdin. */
  readStdin(): Promise<string>;
  readonly container: { readonly id: string; readonly name: string };
  readonly pod: { readonly name: string; readonly namespace: string; readonly uid: string; readonly ip: string | undefined };
  /** The clock's time (ms since the epoch). */
  now(): number;
  /** Writes to stdout (the container log for a main process). */
  stdout(text: string): void;
  stderr(text: string): void;
  /** Sleeps on the runtime's clock. Never resolves if the process is killed meanwhile. */
  sleep(ms: number): Promise<void>;
  readFile(path: string): string | undefined;
  writeFile(path: string, content: string, options?: { append?: boolean }): void;
  exists(path: string): boolean;
  /** Serves a port of the pod (HTTP with a handler, plain TCP without). False if the port is taken. */
  listen(port: number, http?: FakeHttpHandler): boolean;
  unlisten(port: number): void;
  /**
   * Handles signals: the handler receives `SIGTERM`-style names. A program with a handler is
   * never killed by a catchable signal (SIGKILL always kills).
   */
  onSignal(handler: (signal: string) => void): void;
  /** Resolves with the next signal's name (installs a handler). */
  waitForSignal(): Promise<string>;
  /** Holds memory (bytes); beyond the container's limit the container is OOM-killed. */
  allocate(bytes: number): void;
  /** Runs a command of the container (sh subset) and collects its output. */
  run(command: string | readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

/** A user program: returns (or resolves with) its exit status; `undefined` means 0. */
export type FakeProgram = (ctx: FakeProgramContext) => number | void | Promise<number | void>;

/** Options for {@link FakeRuntime.defineProgram}. */
export interface DefineProgramOptions {
  /** Only these images contain the program. Default: every image without an explicit `programs` list. */
  readonly images?: readonly string[];
}

/** A fault the FakeRuntime can inject. `afterMs` counts from the container's (or sandbox's) start, or from now for running ones. */
export type FakeFault =
  | { readonly type: 'pullFailure'; readonly message?: string }
  | { readonly type: 'createFailure'; readonly message?: string }
  | { readonly type: 'sandboxFailure'; readonly message?: string }
  | { readonly type: 'startFailure'; readonly message?: string; readonly exitCode?: number }
  | { readonly type: 'slowStart'; readonly ms: Duration }
  | { readonly type: 'exit'; readonly code: number; readonly afterMs?: Duration }
  | { readonly type: 'signal'; readonly signal: string | number; readonly afterMs?: Duration }
  | { readonly type: 'oom'; readonly afterMs?: Duration }
  | { readonly type: 'sandboxDeath'; readonly afterMs?: Duration }
  | {
      readonly type: 'probe';
      readonly kind: 'http';
      /** A status code, or a full result. Omitted: the real answer, but after `delayMs`. */
      readonly result?: number | HttpProbeResult;
      readonly port?: number;
      readonly delayMs?: Duration;
    }
  | { readonly type: 'probe'; readonly kind: 'tcp'; readonly result?: boolean; readonly port?: number; readonly delayMs?: Duration };

/** Which objects a fault applies to; every given field must match. */
export interface FakeFaultSpec {
  /** Image reference (`busybox` matches `docker.io/library/busybox:latest`). */
  readonly image?: string;
  /** Pod name, `namespace/name`, or pod UID. */
  readonly pod?: string;
  /** Container name. */
  readonly container?: string;
  readonly fault: FakeFault;
  /** How many times it triggers. Default: every time until removed. */
  readonly times?: number;
}

/** A handle on an injected fault. */
export interface FaultHandle {
  /** How many times it has triggered. */
  readonly triggered: number;
  /** Stops it from triggering again (timed faults already armed still fire). */
  remove(): void;
}

/** One recorded runtime call. */
export interface FakeCall {
  readonly method: string;
  readonly args: readonly unknown[];
  /** Clock time of the call (ms since the epoch). */
  readonly time: number;
}
