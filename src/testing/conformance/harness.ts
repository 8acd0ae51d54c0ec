import { firstValueFrom, toArray } from 'rxjs';
import type { ContainerConfig, ContainerRuntime, LogLine, Mount, PodSandboxConfig, SandboxVolume } from '../../runtime/container-runtime.js';

/**
 * What {@link describeRuntimeConformance} needs to exercise an adapter: the runtime, an image with
 * busybox's programs, and a way to let the runtime's time pass.
 */
export interface ConformanceContext {
  readonly runtime: ContainerRuntime;
  /** An image containing busybox's programs (`sh`, `echo`, `sleep`, `cat`, `wget`, `httpd`, `nc`, `tail`). */
  readonly image: string;
  /** An image reference whose pull fails. Default `localhost:1/podkit-conformance/missing:none`. */
  readonly missingImage?: string;
  /**
   * The label keys the adapter keeps for itself (the Docker adapter: `reservedLabelKeys()` of
   * its namespace); the suite checks each is rejected with `invalid_argument` and that keys next
   * to them are kept verbatim. Default: none (every key is the caller's).
   */
  readonly reservedLabelKeys?: readonly string[];
  /** Lets `ms` of the runtime's time pass: advance a VirtualClock, or really sleep. */
  wait(ms: number): Promise<void>;
  /** Releases what the context created. Called after each test, once its sandboxes are removed. */
  cleanup(): Promise<void>;
}

/** Capabilities and timing of the adapter under test. */
export interface ConformanceOptions {
  /** The adapter enforces memory limits (enables the OOM test). Default true. */
  readonly memoryLimits?: boolean;
  /** Timeout of each test in wall-clock ms. Default 60 000. */
  readonly testTimeoutMs?: number;
  /** Step of polling loops, in runtime ms. Default 100. */
  readonly pollMs?: number;
}

let runCounter = 0;

/** Per-test helpers: sandboxes and containers that are cleaned up, polling on the context's time. */
export class Harness {
  readonly token: string;
  readonly sandboxes: string[] = [];
  #names = 0;
  #proxy: ContainerRuntime | undefined;

  constructor(
    readonly ctx: ConformanceContext,
    readonly pollMs: number,
  ) {
    this.token = `t${Date.now().toString(36)}${(++runCounter).toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  }

  /**
   * The runtime, with every promise-returning call awaited while the context's time passes
   * (so a fake with latencies on a virtual clock makes progress). Use {@link Harness.raw} to
   * measure how long a call takes with {@link Harness.during}.
   */
  get rt(): ContainerRuntime {
    this.#proxy ??= new Proxy(this.ctx.runtime, {
      get: (target, prop) => {
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise ? this.during(result).then((r) => r.value) : result;
        };
      },
    });
    return this.#proxy;
  }

  /** The runtime itself. */
  get raw(): ContainerRuntime {
    return this.ctx.runtime;
  }

  /** A ready sandbox labelled with this test's token. */
  async sandbox(volumes: SandboxVolume[] = [], labels: Record<string, string> = {}): Promise<string> {
    const name = `conf-${this.token}-${++this.#names}`;
    const config: PodSandboxConfig = {
      podUid: `${name}-uid`,
      namespace: 'podkit-conformance',
      name,
      attempt: 0,
      hostNetwork: false,
      labels: { 'podkit-conformance': this.token, ...labels },
      volumes,
      portMappings: [],
    };
    const id = await this.rt.runPodSandbox(config);
    this.sandboxes.push(id);
    return id;
  }

  /** Creates (and by default starts) a container running `command` on the context's image. */
  async container(sandboxId: string, name: string, command: string[], extra: Partial<ContainerConfig> & { start?: boolean } = {}): Promise<string> {
    await this.rt.ensureImage(this.ctx.image, { pullPolicy: 'IfNotPresent' });
    const { start = true, ...rest } = extra;
    const config: ContainerConfig = {
      name,
      attempt: 0,
      image: this.ctx.image,
      command,
      env: [],
      mounts: [] as Mount[],
      ...rest,
      labels: { 'podkit-conformance': this.token, ...rest.labels },
    };
    const id = await this.rt.createContainer(sandboxId, config);
    if (start) await this.rt.startContainer(id);
    return id;
  }

  /** Retries `check` (an assertion) while time passes, until it passes or `timeoutMs` elapsed. */
  async eventually<T>(check: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
    let waited = 0;
    for (;;) {
      try {
        return await check();
      } catch (e) {
        if (waited >= timeoutMs) throw e;
      }
      await this.ctx.wait(this.pollMs);
      waited += this.pollMs;
    }
  }

  /** Lets time pass until `p` settles; returns its value and the runtime time waited. */
  async during<T>(p: Promise<T>, timeoutMs = 60_000): Promise<{ value: T; waited: number }> {
    let state: { done: false } | { done: true; ok: true; value: T } | { done: true; ok: false; error: unknown } = { done: false };
    p.then(
      (value) => (state = { done: true, ok: true, value }),
      (error: unknown) => (state = { done: true, ok: false, error }),
    );
    // Short steps first, so calls that finish quickly do not wait a whole poll step.
    let waited = 0;
    for (let step = 0; !state.done; step = Math.min(this.pollMs, Math.max(1, step * 4))) {
      if (waited >= timeoutMs) throw new Error(`still pending after ${timeoutMs} ms of runtime time`);
      await this.ctx.wait(step);
      waited += step;
    }
    const s = state as { done: true; ok: true; value: T } | { done: true; ok: false; error: unknown };
    if (!s.ok) throw s.error;
    return { value: s.value, waited };
  }

  /** Waits until the container has exited and returns its status. */
  async exited(id: string, timeoutMs = 30_000) {
    return this.eventually(async () => {
      const s = await this.rt.containerStatus(id);
      if (s.state !== 'exited') throw new Error(`container ${id} is ${s.state}, expected exited`);
      return s;
    }, timeoutMs);
  }

  /** The container's log lines so far (not following). */
  async logs(id: string, options: { tail?: number; since?: number } = {}): Promise<LogLine[]> {
    return firstValueFrom(this.rt.logs(id, options).pipe(toArray()));
  }

  /** Removes this test's sandboxes (ignoring errors), then cleans up the context. */
  async dispose(): Promise<void> {
    for (const id of this.sandboxes) await this.rt.removePodSandbox(id).catch(() => undefined);
    await this.ctx.cleanup();
  }
}
