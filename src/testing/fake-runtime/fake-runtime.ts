import { Observable, Subject } from 'rxjs';
import type {
  ContainerConfig,
  ContainerRuntime,
  EnsureImageOptions,
  EnsureImageResult,
  ExecOptions,
  ExecResult,
  HttpProbeRequest,
  HttpProbeResult,
  ImageInfo,
  ListFilter,
  LogLine,
  LogOptions,
  PodSandboxConfig,
  PodSandboxStatus,
  RuntimeConfig,
  RuntimeContainerStatus,
  RuntimeEvent,
  TcpProbeRequest,
} from '../../runtime/container-runtime.js';
import { parseIpv4 } from '../../runtime/ipv4.js';
import { RuntimeError } from '../../runtime/runtime-error.js';
import * as containers from './container-ops.js';
import { FakeFile } from './fake-fs.js';
import { FakeState } from './fake-state.js';
import * as probes from './probe-ops.js';
import * as sandboxes from './sandbox-ops.js';
import type { DefineProgramOptions, FakeCall, FakeFaultSpec, FakeImageSpec, FakeProgram, FakeRuntimeOptions, FaultHandle } from './types.js';

/**
 * A deterministic, in-memory {@link ContainerRuntime} for tests, driven by a Clock (use a
 * `VirtualClock`). Instant by default; latencies and faults are configurable; every call is
 * recorded in {@link FakeRuntime.calls}.
 *
 * **Processes.** Containers run commands of a small POSIX sh subset, so ordinary manifests behave
 * as on a busybox container: `sh -c` (and `sh FILE`, `sh -e`), `;` `&&` `||` `|` (sequential
 * pipes) `&` + `wait`, `!`, `{ }`, `( )`, `if/elif/else/fi`, `while`/`until`, `for`, quoting
 * (`'…'`, `"…"` with `$VAR`), `$VAR` `${VAR}` `${VAR:-x}` `${#VAR}` `$?` `$1` `$@`, `$(…)`,
 * `$((…))`, redirections `>` `>>` `<` `2>&1` `&>` (`/dev/null` too), variables, `export`,
 * `unset`, `set -e`, `cd`, `exit N`, `eval`, `.`, `exec`, `kill`, `read [-r] [NAME…]`, and
 * `trap '…' TERM|INT|EXIT|…`. Programs: `echo printf sleep true false cat touch rm mkdir ls test [
 * env printenv date hostname seq head tail grep wc wget httpd nc` (busybox flavour) and `pause`.
 * An exec's `stdin` (whole or streamed) is read as the command reads it, one read position shared
 * by the commands of a shell (`read x; cat`); its end is end-of-file; a command that does not
 * read it is not held up by it. Without `stdin` a reader sees end-of-file at once. An unknown command in a script
 * prints `sh: foo: not found` and returns 127; an unknown executable as the container's command
 * fails `startContainer` with `start_failed` (reason `StartError`, exit code 127, message
 * `exec: "foo": executable file not found in $PATH`). Add programs with
 * {@link FakeRuntime.defineProgram}.
 *
 * **Defaults.** Without `command`/`args` an image runs `pause` (runs until SIGTERM/SIGINT, then
 * exits 0) — unlike real busybox, whose `sh` exits at once. Kubernetes' rules combine
 * command/args with the image's entrypoint/cmd (`addImage(ref, { entrypoint, cmd })`). Without
 * the `images` option any image pulls and contains every program.
 *
 * **Signals** (as Docker without `--init`): SIGKILL kills (exit 137). A `trap` handler runs
 * after the current foreground command finishes (busybox: a `sleep` child is not interrupted),
 * so `trap 'exit 0' TERM; while true; do sleep 1; done` exits within a second; `wait` is
 * interrupted at once. PID 1 without a handler ignores SIGTERM (so `sleep 3600` is killed
 * after the grace period, exit 137); option `init: true` makes it die with 143 instead.
 *
 * **Files and network.** Each container has an in-memory filesystem; emptyDir volumes are shared
 * by the containers of a sandbox, hostPath volumes by the whole node. Containers of a sandbox
 * share its network (`localhost`); sandboxes of one runtime reach each other by pod IP, allocated from the node's range like
 * host-local IPAM (`podCIDR`, default 10.244.0.0/24: 10.244.0.2, .3, …, freed when a sandbox
 * stops; a full range fails the sandbox with the CNI's "no IP addresses available" error). In a
 * cluster the kubelet gives each runtime its node's `spec.podCIDR`, so pod IPs never collide
 * across nodes; the fake does not route between runtimes (a pod cannot reach another node's pod).
 * `httpGet`/`tcpConnect` reach programs that listen (`httpd -f -p 8080 -h /www`, `nc -l -p 9000`,
 * or `ctx.listen` in a defined program); injected probe results override them.
 *
 * **Faults** ({@link FakeRuntime.inject}): pull, sandbox, create and start failures, slow starts,
 * exit with a code / death by a signal / OOM kill at a time, probe results and delays, sandbox
 * death; {@link FakeRuntime.setAvailable} makes every call reject with `unavailable`. Memory
 * limits are enforced for memory programs hold (`tail /dev/zero`, `ctx.allocate`): OOMKilled, 137.
 *
 * **Not simulated:** real images, layers, digests or registries (ids are derived from the name);
 * CPU limits, CPU time and scheduling (busy loops only yield 1 ms per 10 000 commands); file
 * permissions, owners, links, timestamps, globbing, here-documents, `case`, functions;
 * concurrent pipelines (each stage runs to completion first); PIDs other than 1; a terminal's
 * line editing and size (an exec with `tty` joins stderr to stdout, writes CR LF, turns input CR
 * into LF and echoes input, no more: no `^C`, `^D` or erase);
 * `attach`, port publishing to the host, DNS, Services, UDP, TLS, real HTTP parsing;
 * the kubelet's own behaviour (probes, restarts, hooks are the PodController's job); log rotation
 * (the last `maxLogLines` lines are kept); emptyDir `medium` and `sizeLimit`; container restarts
 * by the runtime; sandbox death leaving containers running (the fake kills them). A start failure
 * emits `ContainerExited` (no `ContainerStarted`).
 *
 * @example
 * ```ts
 * import { FakeRuntime, VirtualClock } from 'podkit/testing';
 * const clock = new VirtualClock();
 * const rt = new FakeRuntime({ clock });
 * const sb = await rt.runPodSandbox({ podUid: 'u1', namespace: 'default', name: 'web', attempt: 0,
 *   hostNetwork: false, labels: {}, volumes: [], portMappings: [] });
 * await rt.ensureImage('busybox:1.36', { pullPolicy: 'IfNotPresent' });
 * const id = await rt.createContainer(sb, { name: 'app', attempt: 0, image: 'busybox:1.36',
 *   command: ['sh', '-c', 'echo hello; sleep 5; exit 3'], env: [], mounts: [], labels: {} });
 * await rt.startContainer(id);
 * await clock.advance('5s');
 * (await rt.containerStatus(id)).exitCode; // 3
 * ```
 */
export class FakeRuntime implements ContainerRuntime {
  readonly name: string;
  readonly #state: FakeState;
  readonly #record: boolean;
  #calls: FakeCall[] = [];
  #available = true;
  #closed = false;

  constructor(options: FakeRuntimeOptions) {
    this.#state = new FakeState(options);
    this.name = options.name ?? 'fake';
    this.#record = options.recordCalls ?? true;
  }

  /** Every port call so far, in order: method, arguments, clock time. */
  get calls(): readonly FakeCall[] {
    return this.#calls;
  }

  /** Forgets the recorded calls. */
  clearCalls(): void {
    this.#calls = [];
  }

  /** Whether the runtime answers. */
  get available(): boolean {
    return this.#available;
  }

  /**
   * Makes the runtime (un)reachable. While unavailable every call rejects with `unavailable`,
   * event streams error (subscribe again later), and containers keep running.
   */
  setAvailable(available: boolean): void {
    if (this.#available === available) return;
    this.#available = available;
    if (!available) {
      const old = this.#state.events;
      this.#state.events = new Subject<RuntimeEvent>();
      old.error(this.#unavailable());
    }
  }

  /** Adds (or replaces) an image in the fake registry; `present: true` puts it on the node too. */
  addImage(ref: string, spec: FakeImageSpec = {}): void {
    this.#state.images.add(ref, spec);
  }

  /** Removes an image from the registry and the node: pulls of it fail from now on. */
  removeImage(ref: string): void {
    this.#state.images.remove(ref);
  }

  /** Registers an executable (for every image, or `options.images`). It replaces a built-in of the same name. */
  defineProgram(name: string, program: FakeProgram, options?: DefineProgramOptions): void {
    this.#state.programs.define(name, program, options);
  }

  /**
   * Injects a fault for matching images/pods/containers (`times` uses, default unlimited).
   * Exit/signal/OOM faults also hit matching containers already running (counting from now);
   * sandboxDeath also hits matching ready sandboxes.
   */
  inject(spec: FakeFaultSpec): FaultHandle {
    const s = this.#state;
    const handle = s.faults.add(spec);
    const { type } = spec.fault;
    if (type === 'exit' || type === 'signal' || type === 'oom') {
      for (const c of s.containers.values()) {
        if (c.state !== 'running') continue;
        for (const f of s.faults.takeAll([type], s.target(c), (f) => f === spec.fault)) containers.armContainerFault(c, f);
      }
    } else if (type === 'sandboxDeath') {
      for (const sb of s.sandboxes.values()) {
        if (sb.state !== 'ready') continue;
        for (const f of s.faults.takeAll(['sandboxDeath'], { pod: sb.pod }, (f) => f === spec.fault)) sandboxes.armSandboxDeath(s, sb, f);
      }
    }
    return handle;
  }

  /** Removes every injected fault (timers already armed still fire). */
  clearFaults(): void {
    this.#state.faults.clear();
  }

  /** A file of a container's filesystem (test helper; not part of the port). */
  readFile(containerId: string, path: string): string | undefined {
    const node = this.#state.container(containerId).fs.stat(path);
    return node instanceof FakeFile ? node.content : undefined;
  }

  /** The claims (`namespace/claim`) this runtime holds storage for (test helper; not part of the port). */
  get claimVolumes(): readonly string[] {
    return [...this.#state.claimVolumes.keys()];
  }

  /**
   * Removes a claim's storage (`persistentClaim` volumes): what the cluster calls once the
   * PersistentVolumeClaim is deleted. Sandboxes still mounting it keep their directory; the next
   * sandbox gets an empty one. Idempotent.
   */
  deleteClaimVolume(namespace: string, claim: string): Promise<void> {
    return this.#call('deleteClaimVolume', [namespace, claim], () => {
      this.#state.claimVolumes.delete(`${namespace}/${claim}`);
    });
  }

  #unavailable(): RuntimeError {
    return new RuntimeError('unavailable', this.#closed ? `fake runtime "${this.name}" is closed` : `fake runtime "${this.name}" is unavailable (setAvailable(false))`);
  }

  /** Records the call, checks availability, then runs `fn`; errors become rejections. */
  #call<T>(method: string, args: readonly unknown[], fn: () => Promise<T> | T): Promise<T> {
    try {
      this.#enter(method, args);
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Records the call and checks availability. */
  #enter(method: string, args: readonly unknown[]): void {
    if (this.#record) this.#calls.push({ method, args, time: this.#state.clock.now() });
    if (!this.#available || this.#closed) throw this.#unavailable();
  }

  ping(): Promise<void> {
    return this.#call('ping', [], () => undefined);
  }

  /**
   * Takes the node's network settings from the kubelet: later sandboxes get IPs from `podCIDR`
   * (IPs in use stay until their sandbox stops), host-network ones `nodeIP`. Rejects with
   * `invalid_argument` for a malformed CIDR or IP.
   */
  updateRuntimeConfig(config: RuntimeConfig): Promise<void> {
    return this.#call('updateRuntimeConfig', [config], () => {
      if (config.nodeIP !== undefined && parseIpv4(config.nodeIP) === undefined) {
        throw new RuntimeError('invalid_argument', `RuntimeConfig.nodeIP: expected an IPv4 address, received ${JSON.stringify(config.nodeIP)}.`, { details: { field: 'nodeIP' } });
      }
      if (config.podCIDR !== undefined) {
        try {
          this.#state.ips.configure(config.podCIDR);
        } catch (e) {
          throw new RuntimeError('invalid_argument', e instanceof Error ? e.message.replace(/^podCIDR/, 'RuntimeConfig.podCIDR') : String(e), { details: { field: 'podCIDR' }, cause: e });
        }
      }
      if (config.nodeIP !== undefined) this.#state.hostIp = config.nodeIP;
    });
  }

  runPodSandbox(config: PodSandboxConfig): Promise<string> {
    return this.#call('runPodSandbox', [config], () => sandboxes.runPodSandbox(this.#state, config));
  }

  stopPodSandbox(sandboxId: string): Promise<void> {
    return this.#call('stopPodSandbox', [sandboxId], () => {
      const sb = this.#state.sandboxes.get(sandboxId);
      if (sb !== undefined) sandboxes.stopSandbox(this.#state, sb);
    });
  }

  removePodSandbox(sandboxId: string): Promise<void> {
    return this.#call('removePodSandbox', [sandboxId], () => {
      const sb = this.#state.sandboxes.get(sandboxId);
      if (sb !== undefined) sandboxes.removeSandbox(this.#state, sb);
    });
  }

  podSandboxStatus(sandboxId: string): Promise<PodSandboxStatus> {
    return this.#call('podSandboxStatus', [sandboxId], () => this.#state.sandbox(sandboxId).status());
  }

  listPodSandboxes(filter?: ListFilter): Promise<readonly PodSandboxStatus[]> {
    return this.#call('listPodSandboxes', [filter], () => sandboxes.listSandboxes(this.#state, filter));
  }

  ensureImage(image: string, options: EnsureImageOptions): Promise<EnsureImageResult> {
    return this.#call('ensureImage', [image, options], () => containers.ensureImage(this.#state, image, options));
  }

  imageStatus(image: string): Promise<ImageInfo | undefined> {
    return this.#call('imageStatus', [image], () => this.#state.images.local(image)?.info);
  }

  listImages(): Promise<readonly ImageInfo[]> {
    return this.#call('listImages', [], () => this.#state.images.list());
  }

  createContainer(sandboxId: string, config: ContainerConfig): Promise<string> {
    return this.#call('createContainer', [sandboxId, config], () => containers.createContainer(this.#state, sandboxId, config));
  }

  startContainer(containerId: string): Promise<void> {
    return this.#call('startContainer', [containerId], () => containers.startContainer(this.#state, containerId));
  }

  stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void> {
    return this.#call('stopContainer', [containerId, gracePeriodSeconds], () => containers.stopContainer(this.#state, containerId, gracePeriodSeconds));
  }

  removeContainer(containerId: string): Promise<void> {
    return this.#call('removeContainer', [containerId], () => sandboxes.removeContainerObject(this.#state, containerId));
  }

  containerStatus(containerId: string): Promise<RuntimeContainerStatus> {
    return this.#call('containerStatus', [containerId], () => this.#state.container(containerId).status());
  }

  listContainers(filter?: ListFilter): Promise<readonly RuntimeContainerStatus[]> {
    return this.#call('listContainers', [filter], () => containers.listContainers(this.#state, filter));
  }

  exec(containerId: string, command: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return this.#call('exec', [containerId, command, options], () => containers.exec(this.#state, containerId, command, options));
  }

  logs(containerId: string, options: LogOptions = {}): Observable<LogLine> {
    return containers.logs(this.#state, containerId, options, () => this.#enter('logs', [containerId, options]));
  }

  httpGet(request: HttpProbeRequest): Promise<HttpProbeResult> {
    return this.#call('httpGet', [request], () => probes.httpGet(this.#state, request));
  }

  tcpConnect(request: TcpProbeRequest): Promise<boolean> {
    return this.#call('tcpConnect', [request], () => probes.tcpConnect(this.#state, request));
  }

  events(): Observable<RuntimeEvent> {
    return new Observable<RuntimeEvent>((sub) => {
      if (!this.#available || this.#closed) {
        sub.error(this.#unavailable());
        return undefined;
      }
      return this.#state.events.subscribe(sub);
    });
  }

  async close(): Promise<void> {
    if (this.#record) this.#calls.push({ method: 'close', args: [], time: this.#state.clock.now() });
    if (this.#closed) return;
    this.#closed = true;
    this.#state.events.complete();
  }
}
