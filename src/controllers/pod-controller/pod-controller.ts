import { concat, defer, from, merge, type Observable, Subject, type Subscription } from 'rxjs';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import { parseDuration } from '../../clock/duration.js';
import { SystemClock } from '../../clock/system-clock.js';
import { PodkitError } from '../../errors.js';
import type { KubeEvent, NodeStatus, Pod, ResourceList } from '../../model/index.js';
import type { ContainerRuntime, ExecResult, LogLine, RuntimeConfig, RuntimeEvent } from '../../runtime/container-runtime.js';
import { parseCidr, parseIpv4 } from '../../runtime/ipv4.js';
import { randomIdSource } from '../../store/ids.js';
import { EventRecorder } from '../event-recorder.js';
import { logText, resolveContainer, runtimeLogOptions, type PodLogOptions } from '../pod-logs.js';
import { adopt, removeOrphans, takeInventory, type RuntimeInventory } from './adoption.js';
import { mergeEvents, PodEventLog } from './events.js';
import { nodeStatus } from './node-status.js';
import { PodWorker } from './pod-worker.js';
import { relist } from './relist.js';
import { counterUids, preparePod } from './standalone.js';
import { StoreBinding } from './store-binding.js';
import { keyOf, watchPods } from './watch.js';
import type { PodControllerOptions, PodDeleteOptions, PodExecOptions } from './types.js';
import type { WorkerHost } from './worker-host.js';

const DEFAULT_CAPACITY: ResourceList = Object.freeze({ cpu: '4', memory: '16Gi', pods: '110' });

/**
 * The kubelet of one node: runs pods on a {@link ContainerRuntime} the way Kubernetes does —
 * sandbox, image pulls per `imagePullPolicy` (ErrImagePull, ImagePullBackOff), init containers one
 * at a time, sidecars each waited on until started, regular containers, restarts with the exact
 * CrashLoopBackOff schedule, liveness/readiness/startup probes, postStart/preStop hooks,
 * `activeDeadlineSeconds`, graceful deletion (sidecars last), env `fieldRef`s, and a periodic
 * relist that repairs missed runtime events. Every status change goes through `podReducer`.
 *
 * Each pod has its own serialized worker, so a slow operation of one pod never delays another.
 * Standalone (no `store`): `run` / `delete` / `get` / `watch`. Store mode: pods bound to
 * `nodeName` are taken from the store and their status written back (see the `store` option).
 * It does not schedule, does not resolve ConfigMaps, Secrets or Services, does not enforce
 * resource requests, and does not evict.
 *
 * @example
 * ```ts
 * import { PodController } from 'podkit';
 * import { FakeRuntime, VirtualClock } from 'podkit/testing';
 * const clock = new VirtualClock();
 * const kubelet = new PodController({ runtime: new FakeRuntime({ clock }), clock, nodeName: 'node-1' });
 * kubelet.run({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' },
 *   spec: { containers: [{ name: 'web', image: 'busybox', command: ['sleep', '3600'] }] } });
 * await clock.advance('1s');
 * kubelet.get('web')?.status?.phase; // 'Running'
 * ```
 */
export class PodController {
  /** The node this controller runs. */
  readonly nodeName: string;
  /** Every Event (Scheduled, Pulling, Pulled, Failed, BackOff, Created, Started, Killing, Unhealthy, ...): those so far, then each new or aggregated one. */
  readonly events$: Observable<KubeEvent>;
  readonly #runtime: ContainerRuntime;
  readonly #clock: Clock;
  readonly #ids: { uid(): string };
  readonly #recorder: EventRecorder;
  readonly #scheduler: EventRecorder;
  readonly #host: WorkerHost;
  readonly #capacity: ResourceList;
  readonly #relistMs: number | undefined;
  readonly #onError: (error: unknown, pod: Pod | undefined) => void;
  readonly #store: StoreBinding | undefined;
  readonly #pods = new Map<string, PodWorker>();
  readonly #byContainer = new Map<string, PodWorker>();
  readonly #bySandbox = new Map<string, PodWorker>();
  readonly #changes = new Subject<Pod>();
  readonly #removed = new Subject<string>();
  /** What `updateRuntimeConfig` is told (the podCIDR and the explicit hostIP); undefined when nothing. */
  readonly #runtimeConfig: RuntimeConfig | undefined;
  /** The `updateRuntimeConfig` call of this start (cleared on failure, so the next sandbox asks again). */
  #configured: Promise<void> | undefined;
  #saved: Pod[] = [];
  #runtimeSub: Subscription | undefined;
  #relistTimer: TimerHandle | undefined;
  /** The next attempt at adoption while the runtime does not answer. */
  #retryTimer: TimerHandle | undefined;
  /** Counts starts, so an adoption begun before a stop never finishes after a later start. */
  #epoch = 0;
  #running = false;
  #closed = false;

  constructor(options: PodControllerOptions) {
    if (typeof options.nodeName !== 'string' || options.nodeName === '') {
      throw new PodkitError('invalid_argument', `PodController: nodeName must be a non-empty string, received ${JSON.stringify(options.nodeName)}.`, { details: { field: 'nodeName' } });
    }
    this.nodeName = options.nodeName;
    this.#runtime = options.runtime;
    this.#clock = options.clock ?? new SystemClock();
    this.#ids = options.ids ?? (options.clock === undefined || options.clock instanceof SystemClock ? randomIdSource() : counterUids());
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.#onError = options.onError ?? (() => undefined);
    if (options.podCIDR !== undefined) parseCidr(options.podCIDR, 'podCIDR');
    const runtimeConfig: RuntimeConfig = {
      ...(options.podCIDR === undefined ? {} : { podCIDR: options.podCIDR }),
      // An IPv4 hostIP only: a runtime must not refuse its settings over an address it cannot use.
      ...(options.hostIP === undefined || parseIpv4(options.hostIP) === undefined ? {} : { nodeIP: options.hostIP }),
    };
    this.#runtimeConfig = Object.keys(runtimeConfig).length === 0 ? undefined : runtimeConfig;
    this.#relistMs = options.relistInterval === false ? undefined : parseDuration(options.relistInterval ?? '10s', 'relistInterval');
    this.#recorder = options.recorder ?? new EventRecorder({ clock: this.#clock, component: 'kubelet', host: this.nodeName });
    this.#scheduler = new EventRecorder({ clock: this.#clock, component: 'default-scheduler' });
    const recorders = [this.#scheduler, this.#recorder];
    this.events$ = defer(() => concat(from(this.listEvents()), merge(...recorders.map((r) => r.events$()))));
    const self = this;
    this.#host = {
      runtime: this.#runtime,
      clock: this.#clock,
      nodeName: this.nodeName,
      hostIP: options.hostIP ?? '10.0.0.2',
      events: new PodEventLog(this.#recorder, this.#scheduler),
      allocatable: { cpu: this.#capacity['cpu'] ?? '4', memory: this.#capacity['memory'] ?? '16Gi' },
      runtimeConfigured: () => self.#configureRuntime(),
      podChanged: (w, previous) => {
        if (self.#pods.get(w.key) !== w) return;
        self.#changes.next(w.pod);
        if (self.#store !== undefined && w.pod.status !== previous.status) self.#store.statusChanged(w);
      },
      idle: (w) => self.#store?.flush(w),
      routeContainer: (id, w) => (w === undefined ? self.#byContainer.delete(id) : !w.paused && self.#byContainer.set(id, w)),
      routeSandbox: (id, w) => (w === undefined ? self.#bySandbox.delete(id) : !w.paused && self.#bySandbox.set(id, w)),
      finished: (w) => self.#finished(w),
      error: (e, w) => self.#onError(e, w.pod),
    };
    if (options.store !== undefined) {
      this.#store = new StoreBinding(options.store, {
        clock: this.#clock,
        nodeName: this.nodeName,
        worker: (key) => self.#pods.get(key),
        add: (pod) => self.#add(pod, undefined),
        error: (e, pod) => self.#onError(e, pod),
      });
    }
    void this.start();
  }

  /**
   * Runs a pod (standalone mode): parsed, defaulted and validated like `kubectl create`, given a
   * uid and creation time, bound to this node (`Scheduled` event). Returns the first snapshot; the
   * pod then progresses as the clock runs. Throws `already_exists` for a name in use,
   * `invalid_object` for an invalid pod, `unsupported` in store mode (create pods in the store).
   */
  run(pod: Pod): Pod {
    this.#assertOpen();
    if (this.#store !== undefined) throw new PodkitError('unsupported', 'PodController.run() is for standalone mode; in store mode create the pod in the store with spec.nodeName set to this node.');
    const prepared = preparePod(pod, this.nodeName, this.#clock.now(), this.#ids);
    const key = keyOf(prepared.metadata.name ?? '', prepared.metadata.namespace);
    if (this.#pods.has(key)) throw new PodkitError('already_exists', `pods ${JSON.stringify(prepared.metadata.name)} already exists in namespace ${JSON.stringify(prepared.metadata.namespace)}`, { details: { key } });
    const w = this.#add(prepared, undefined);
    w.dispatch({ type: 'Scheduled', at: this.#clock.now(), nodeName: this.nodeName });
    this.#host.events.scheduled(w.pod, this.nodeName);
    return w.pod;
  }

  /**
   * Deletes a pod gracefully (standalone mode): `deletionTimestamp = now + grace`, preStop hooks,
   * stop signals, SIGKILL at the grace period, sidecars last. Resolves with the pod's last (terminal)
   * snapshot once it is terminated and removed — on a VirtualClock, as the clock is advanced
   * through the grace period. Rejects with `not_found`.
   */
  delete(name: string, options: PodDeleteOptions = {}): Promise<Pod> {
    this.#assertOpen();
    if (this.#store !== undefined) return Promise.reject(new PodkitError('unsupported', 'PodController.delete() is for standalone mode; in store mode delete the pod in the store.'));
    const w = this.#pods.get(keyOf(name, options.namespace));
    if (w === undefined) return Promise.reject(this.#notFound(name, options.namespace));
    const done = new Promise<Pod>((resolve) => (w.deleteWaiters ??= []).push(resolve));
    w.dispatch({ type: 'DeletionRequested', at: this.#clock.now(), ...(options.gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds: options.gracePeriodSeconds }) });
    w.kick();
    return done;
  }

  /** The pod's current snapshot (frozen), or `undefined`. `name` may be `namespace/name`. */
  get(name: string, namespace?: string): Pod | undefined {
    return this.#pods.get(keyOf(name, namespace))?.pod;
  }

  /** Every pod on this node, in the order they arrived. */
  list(): Pod[] {
    return [...this.#pods.values()].map((w) => w.pod);
  }

  /**
   * A cold stream of pod snapshots: the current one(s), then every change. With a name it follows
   * that pod and completes once the pod is deleted; without, it follows every pod on the node.
   */
  watch(name?: string, namespace?: string): Observable<Pod> {
    const key = name === undefined ? undefined : keyOf(name, namespace);
    return watchPods(key, () => (key === undefined ? [...this.#pods.values()] : [this.#pods.get(key)]).flatMap((w) => (w === undefined ? [] : [w.pod])), this.#changes, this.#removed);
  }

  /** Every Event so far (the kubelet's and the `Scheduled` events), oldest first. */
  listEvents(): KubeEvent[] {
    return mergeEvents([this.#scheduler.list(), this.#recorder.list()]);
  }

  /**
   * A container's log text (`kubectl logs`): the current instance, or with `previous` the one
   * before it (kept until its replacement exists); the container defaults to the pod's first
   * one; `tailLines`, `sinceSeconds`, `sinceTime`, `timestamps` as kubectl's flags; with
   * `follow` it resolves once the container exits. Rejects with `not_found` (pod, container
   * instance) or `invalid_argument` (a container the pod does not have). The same options as
   * `Cluster.logs`; {@link PodController.logStream} gives the lines as they come.
   */
  async logs(pod: string, options: PodLogOptions = {}): Promise<string> {
    return logText(this.logStream(pod, options), options);
  }

  /**
   * A container's log lines as a stream (`kubectl logs [-f]`), with the options of
   * {@link PodController.logs}: with `follow`, new lines arrive until the container exits or the
   * subscriber leaves. Throws `not_found` / `invalid_argument` at call time, like `Cluster.logStream`.
   */
  logStream(pod: string, options: PodLogOptions = {}): Observable<LogLine> {
    const w = this.#pods.get(keyOf(pod, options.namespace));
    if (w === undefined) throw this.#notFound(pod, options.namespace);
    const container = resolveContainer(w.pod, options.container);
    const id = options.previous === true ? w.previous?.get(container) : w.instances.get(container)?.id;
    if (id === undefined) {
      const what = options.previous === true ? 'previous terminated container' : 'container';
      throw new PodkitError('not_found', `${what} ${JSON.stringify(container)} in pod ${JSON.stringify(w.pod.metadata.name)} not found`, { details: { pod, container } });
    }
    return this.#runtime.logs(id, runtimeLogOptions(options, this.#clock.now()));
  }

  /**
   * Runs a command in a running container of a pod (`kubectl exec`). Rejects with `not_found`.
   * On a VirtualClock a command that takes time resolves as the clock is advanced.
   */
  async exec(pod: string, container: string, command: readonly string[], options: PodExecOptions = {}): Promise<ExecResult> {
    const w = this.#pods.get(keyOf(pod, options.namespace));
    if (w === undefined) throw this.#notFound(pod, options.namespace);
    const id = w.instances.get(container)?.id;
    if (id === undefined) throw new PodkitError('not_found', `container ${JSON.stringify(container)} not found in pod ${JSON.stringify(w.pod.metadata.name)}`, { details: { pod, container } });
    const { namespace: _namespace, ...execOptions } = options;
    return this.#runtime.exec(id, command, execOptions);
  }

  /**
   * The node's status for a heartbeat: `Ready` True while the runtime answers (`KubeletReady`),
   * False otherwise (`KubeletNotReady`), with capacity, allocatable and addresses. Node objects
   * and heartbeats themselves are the cluster's job.
   */
  async nodeStatus(): Promise<NodeStatus> {
    return nodeStatus(this.#runtime, this.#running, { nodeName: this.nodeName, hostIP: this.#host.hostIP, capacity: this.#capacity, now: this.#clock.now() });
  }

  /**
   * Starts (or restarts after {@link PodController.stop}) the node: follows runtime events,
   * relists periodically, re-adopts the sandboxes and containers its pods left running (by their
   * labels), removes what is left of pods that are gone, and (store mode) follows the store.
   * The constructor calls it. Resolves once the pods are adopted — or, when the runtime does not
   * answer the first listing, at once: the kubelet then retries every second on its clock in the
   * background (it never waits on time only the caller can advance).
   */
  async start(): Promise<void> {
    if (this.#running || this.#closed) return;
    this.#running = true;
    const epoch = ++this.#epoch;
    // A (re)started kubelet tells the runtime the node's podCIDR again before any sandbox.
    this.#configured = undefined;
    this.#configureRuntime().catch(() => undefined);
    this.#subscribeRuntime();
    this.#scheduleRelist();
    await this.#adoptAll(epoch);
  }

  /** One attempt at taking over the runtime's objects; a runtime that does not answer is asked again in 1 s. */
  async #adoptAll(epoch: number): Promise<void> {
    let inventory: RuntimeInventory;
    try {
      inventory = await takeInventory(this.#runtime, this.nodeName);
    } catch {
      if (this.#running && epoch === this.#epoch) {
        this.#retryTimer = this.#clock.setTimeout(() => {
          this.#retryTimer = undefined;
          if (this.#running && epoch === this.#epoch) this.#adoptAll(epoch).catch((e: unknown) => this.#onError(e, undefined));
        }, 1000);
      }
      return;
    }
    if (!this.#running || epoch !== this.#epoch) return;
    const listed = this.#store?.list();
    const pods = listed?.pods ?? this.#saved;
    this.#saved = [];
    const workers = pods.filter((p) => !this.#pods.has(keyOf(p.metadata.name ?? '', p.metadata.namespace))).map((p) => this.#add(p, inventory));
    if (listed !== undefined) this.#store!.watch(listed.resourceVersion);
    const live = new Set([...this.#pods.values()].map((w) => w.pod.metadata.uid ?? ''));
    await Promise.all(workers.map((w) => w.adopted));
    await removeOrphans(this.#runtime, inventory, (uid) => live.has(uid)).catch((e: unknown) => this.#onError(e, undefined));
  }

  /**
   * Stops the node (the kubelet going away): no more syncs, probes, relists or status writes; the
   * runtime keeps running the containers. {@link PodController.start} picks them up again.
   * Work in flight is handed over, not awaited: a runtime call already made (a stop with its
   * grace period) finishes in the runtime, and nothing after it is done — no further kill,
   * sandbox stop or removal, no status write, no final delete. The next start takes over: it
   * adopts what belongs to pods that still exist and removes what belongs to pods that do not.
   */
  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#runtimeSub?.unsubscribe();
    this.#runtimeSub = undefined;
    if (this.#relistTimer !== undefined) this.#clock.clearTimeout(this.#relistTimer);
    this.#relistTimer = undefined;
    if (this.#retryTimer !== undefined) this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#store?.stop();
    for (const w of this.#pods.values()) w.pause();
    this.#saved = this.#store === undefined ? this.list() : [];
    this.#pods.clear();
    this.#byContainer.clear();
    this.#bySandbox.clear();
  }

  /** Stops the node (handing work in flight over, see {@link PodController.stop}) and completes every stream. The runtime is left to its owner. */
  async close(): Promise<void> {
    this.stop();
    this.#closed = true;
    this.#changes.complete();
    this.#removed.complete();
    this.#scheduler.close();
    this.#recorder.close();
  }

  /** Sends the node's network settings to the runtime once per start (again after a failure); a runtime without `updateRuntimeConfig` is not asked. */
  #configureRuntime(): Promise<void> {
    const config = this.#runtimeConfig;
    if (config === undefined || this.#runtime.updateRuntimeConfig === undefined) return Promise.resolve();
    if (this.#configured === undefined) {
      const call = this.#runtime.updateRuntimeConfig(config);
      this.#configured = call;
      call.catch(() => {
        if (this.#configured === call) this.#configured = undefined;
      });
    }
    return this.#configured;
  }

  #add(pod: Pod, inventory: RuntimeInventory | undefined): PodWorker {
    const w = new PodWorker(this.#host, pod);
    this.#pods.set(w.key, w);
    // Without an inventory `adopted` stays the worker's shared resolved promise.
    if (inventory !== undefined) w.adopted = adopt(w, inventory).catch((e: unknown) => this.#onError(e, w.pod));
    void w.adopted.then(() => w.kick());
    return w;
  }

  #finished(w: PodWorker): void {
    if (this.#pods.get(w.key) === w) this.#pods.delete(w.key);
    this.#store?.finish(w);
    for (const resolve of w.deleteWaiters ?? []) resolve(w.pod);
    w.deleteWaiters = undefined;
    this.#removed.next(w.key);
  }

  #subscribeRuntime(): void {
    this.#runtimeSub?.unsubscribe();
    const sub = this.#runtime.events().subscribe({ next: (e) => this.#route(e), error: () => undefined });
    this.#runtimeSub = sub.closed ? undefined : sub;
  }

  #route(e: RuntimeEvent): void {
    if (e.type === 'SandboxDied') this.#bySandbox.get(e.sandboxId)?.sandboxDied(e.sandboxId);
    else if (e.type === 'ContainerStarted') this.#byContainer.get(e.containerId)?.containerStartedEvent(e.containerId);
    else this.#byContainer.get(e.containerId)?.containerChanged(e.containerId);
  }

  #scheduleRelist(): void {
    const ms = this.#relistMs;
    if (ms === undefined || ms <= 0) return;
    this.#relistTimer = this.#clock.setTimeout(() => {
      this.#relistTimer = undefined;
      if (this.#runtimeSub === undefined || this.#runtimeSub.closed) this.#subscribeRuntime();
      void relist(this.#runtime, this.nodeName, this.#byContainer, this.#bySandbox)
        .then((answered) => {
          // The status manager's periodic sync (syncBatch), while the kubelet is healthy.
          if (answered && this.#running) this.#store?.reconcile(this.#pods.values());
        })
        .catch((e: unknown) => this.#onError(e, undefined))
        .finally(() => this.#running && this.#scheduleRelist());
    }, ms);
  }

  #notFound(name: string, namespace: string | undefined): PodkitError {
    const key = keyOf(name, namespace);
    return new PodkitError('not_found', `pods ${JSON.stringify(key.slice(key.indexOf('/') + 1))} not found in namespace ${JSON.stringify(key.slice(0, key.indexOf('/')))}`, { details: { key } });
  }

  #assertOpen(): void {
    if (this.#closed) throw new PodkitError('closed', 'PodController is closed.');
  }
}
