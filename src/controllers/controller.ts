import type { Subscription } from 'rxjs';
import type { Clock } from '../clock/clock.js';
import { parseDuration, type Duration } from '../clock/duration.js';
import { PodkitError } from '../errors.js';
import type { ObjectStore, StoreKind, StoreObject, WatchEvent } from '../store/object-store.js';
import type { EventRecorder } from './event-recorder.js';
import type { RateLimiter } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';

/** What a reconcile is asked to look at: one object's key (controller-runtime's `Request`). */
export interface Request {
  /** Absent for cluster-scoped kinds (Node). */
  readonly namespace?: string;
  readonly name: string;
}

/** What a reconcile asks for next (controller-runtime's `Result`). */
export interface Result {
  /** Reconcile the same key again after this long (resets its error back-off). */
  readonly requeueAfter?: Duration;
  /** Reconcile again with rate-limited back-off, as after a retryable error. */
  readonly requeue?: boolean;
}

/**
 * An error a reconcile throws to say "retrying will not help" (controller-runtime's
 * `TerminalError`): the key is not requeued; the error is recorded as a Warning Event on the
 * object. Any other thrown error is retryable: the key is requeued with rate-limited back-off.
 */
export class TerminalError extends PodkitError {
  constructor(message: string, options: { cause?: unknown; details?: Readonly<Record<string, unknown>> } = {}) {
    super('invalid_object', message, options);
    this.name = 'TerminalError';
  }
}

/** What a reconcile function receives besides the request. */
export interface ReconcileContext {
  /** The object store (the API server). Reads are current; writes may throw `conflict`. */
  readonly client: ObjectStore;
  readonly clock: Clock;
  /** `clock.now()`. */
  now(): number;
  /** Records a Kubernetes Event about an object (`kubectl describe` shows them). */
  event(object: StoreObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** The controller's name. */
  readonly controllerName: string;
}

/** A watch on another kind that maps its objects to requests of the controller. */
export interface WatchSpec {
  readonly kind: StoreKind;
  /** Requests to enqueue for a changed object (default for `owns`: the controlling owner). */
  readonly map?: (object: StoreObject) => readonly Request[];
  /** Observes every watch event before mapping (expectations bookkeeping, for example). */
  readonly onEvent?: (event: WatchEvent) => void;
}

/** Options of {@link createController}. */
export interface ControllerOptions {
  /** Unique name, used in Events and logs (`replicaset-controller`). */
  readonly name: string;
  /** The kind this controller reconciles: every change to one enqueues its key. */
  readonly for: StoreKind;
  /** Kinds this controller creates and owns (ownerReference `controller: true` to a `for` object): a change enqueues the owner. */
  readonly owns?: readonly (StoreKind | WatchSpec)[];
  /** Other watches, mapped to requests. */
  readonly watches?: readonly WatchSpec[];
  /** Level-based reconcile: read the current state through `ctx.client`, act, return what's next. */
  readonly reconcile: (request: Request, ctx: ReconcileContext) => Promise<Result | void> | Result | void;
  /** Concurrent reconciles (never two for the same key). Default 1. */
  readonly workers?: number;
  /** Requeue back-off for errors; default controller-runtime's (5 ms doubling to 1000 s, and 10 qps / 100 burst overall). */
  readonly rateLimiter?: RateLimiter<string>;
  /**
   * Observes `for` events before enqueueing (expectations bookkeeping). Returning `false` skips
   * the enqueue of that event (a predicate, like controller-runtime's event filters): for
   * example the echo of the controller's own status write.
   */
  readonly onEvent?: (event: WatchEvent) => boolean | void;
}

/** What a controller needs to run: the store, the clock, and where Events go. */
export interface ControllerEnvironment {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly recorder: EventRecorder;
}

/** A running (or runnable) controller. */
export interface Controller {
  readonly name: string;
  /** Starts watches and workers. Throws `conflict` if already started. */
  start(env: ControllerEnvironment): void;
  /** Stops watches and workers; resolves when in-flight reconciles have finished. */
  stop(): Promise<void>;
  /** Enqueues a request by hand. */
  enqueue(request: Request): void;
  /** True when no key waits or is being reconciled (delayed requeues may still be pending). */
  readonly idle: boolean;
  /** Number of reconciles that ended in an error since start. */
  readonly errorCount: number;
}

/** The queue key of a request: `namespace/name`, or `name` for cluster-scoped objects. */
export function requestKey(request: Request): string {
  return request.namespace === undefined ? request.name : `${request.namespace}/${request.name}`;
}

function keyToRequest(key: string): Request {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

function requestOf(obj: StoreObject): Request {
  const name = obj.metadata.name ?? '';
  return obj.metadata.namespace === undefined || obj.kind === 'Node' ? { name } : { namespace: obj.metadata.namespace, name };
}

/** Maps an owned object to its controlling owner of kind `ownerKind` (controller-runtime's EnqueueRequestForOwner). */
export function ownerRequests(ownerKind: string, obj: StoreObject): Request[] {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
  if (ref === undefined || ref.kind !== ownerKind) return [];
  return obj.metadata.namespace === undefined ? [{ name: ref.name }] : [{ namespace: obj.metadata.namespace, name: ref.name }];
}

/**
 * Creates a controller in controller-runtime's style: a keyed, de-duplicating work queue fed by
 * watches on the store, `workers` concurrent reconciles (never two for the same key), and
 * requeue on `requeueAfter` / errors with rate-limited back-off. Reconciles are level-based: they
 * receive a key, not the event that woke them. The built-in ReplicaSet, Job and DaemonSet
 * controllers are built with this function.
 *
 * @example
 * ```ts
 * import { createController } from 'podkit';
 * const ctrl = createController({
 *   name: 'labeler',
 *   for: 'Pod',
 *   reconcile: async ({ namespace, name }, ctx) => {
 *     const pod = ctx.client.tryGet('Pod', name, namespace);
 *     if (pod && !pod.metadata.labels?.seen) {
 *       ctx.client.update({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, seen: 'yes' } } });
 *     }
 *   },
 * });
 * cluster.addController(ctrl);
 * ```
 */
export function createController(options: ControllerOptions): Controller {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) {
    throw new PodkitError('invalid_argument', `createController(${options.name}): workers must be a positive integer, received ${String(workers)}.`);
  }
  let queue: WorkQueue<string> | undefined;
  let subs: Subscription[] = [];
  let running: Promise<void>[] = [];
  let errors = 0;

  const watchSpecs: WatchSpec[] = [
    ...(options.owns ?? []).map((o): WatchSpec => (typeof o === 'string' ? { kind: o } : o)).map((w) => ({ ...w, map: w.map ?? ((obj: StoreObject) => ownerRequests(options.for, obj)) })),
    ...(options.watches ?? []),
  ];

  const worker = async (env: ControllerEnvironment, q: WorkQueue<string>): Promise<void> => {
    const ctx: ReconcileContext = {
      client: env.store,
      clock: env.clock,
      now: () => env.clock.now(),
      event: (object, type, reason, message) => {
        env.recorder.record({
          involvedObject: {
            kind: object.kind,
            name: object.metadata.name ?? '',
            ...(object.metadata.namespace === undefined ? {} : { namespace: object.metadata.namespace }),
            ...(object.metadata.uid === undefined ? {} : { uid: object.metadata.uid }),
          },
          type,
          reason,
          message,
        });
      },
      controllerName: options.name,
    };
    for (;;) {
      const key = await q.get();
      if (key === undefined) return;
      try {
        const result = await options.reconcile(keyToRequest(key), ctx);
        if (result?.requeueAfter !== undefined) {
          q.forget(key);
          q.addAfter(key, parseDuration(result.requeueAfter));
        } else if (result?.requeue === true) {
          q.addRateLimited(key);
        } else {
          q.forget(key);
        }
      } catch (e) {
        errors += 1;
        const req = keyToRequest(key);
        const obj = env.store.tryGet(options.for, req.name, req.namespace);
        const message = e instanceof Error ? e.message : String(e);
        if (obj !== undefined) ctx.event(obj, 'Warning', e instanceof TerminalError ? 'ReconcileFailed' : 'ReconcileError', message);
        if (e instanceof TerminalError) q.forget(key);
        else q.addRateLimited(key);
      } finally {
        q.done(key);
      }
    }
  };

  return {
    name: options.name,
    get idle() {
      return queue === undefined || (queue.length === 0 && queue.processing === 0);
    },
    get errorCount() {
      return errors;
    },
    enqueue(request) {
      queue?.add(requestKey(request));
    },
    start(env) {
      if (queue !== undefined) throw new PodkitError('conflict', `controller ${options.name} is already started.`);
      const q = new WorkQueue<string>({ clock: env.clock, ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }) });
      queue = q;
      subs.push(
        env.store.watch(options.for).subscribe((ev) => {
          if (options.onEvent?.(ev) === false) return;
          q.add(requestKey(requestOf(ev.object)));
        }),
      );
      for (const spec of watchSpecs) {
        subs.push(
          env.store.watch(spec.kind).subscribe((ev) => {
            spec.onEvent?.(ev);
            for (const req of spec.map?.(ev.object) ?? []) q.add(requestKey(req));
          }),
        );
      }
      running = Array.from({ length: workers }, () => worker(env, q));
    },
    async stop() {
      for (const s of subs) s.unsubscribe();
      subs = [];
      queue?.shutDown();
      await Promise.all(running);
      running = [];
      queue = undefined;
    },
  };
}
