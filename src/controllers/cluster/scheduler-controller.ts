import { parseDuration, type Duration } from '../../clock/duration.js';
import type { Node, Pod } from '../../model/index.js';
import { isPodTerminal } from '../../model/pod-utils.js';
import { schedulePod } from '../../planners/schedule-pod.js';
import { podReducer } from '../../reducers/pod-reducer.js';
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { WatchEvent } from '../../store/object-store.js';
import { createController, requestKey, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import { SchedulerCache } from './scheduler-cache.js';
import { withLifecycleHooks } from './lifecycle-hooks.js';

/** The scheduler name pods ask for by default (`spec.schedulerName`). */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** The PodScheduled message of a pod held back by `spec.schedulingGates` (upstream SchedulingGates plugin). */
export const SCHEDULING_GATED_MESSAGE = 'Scheduling is blocked due to non-empty scheduling gates';

/** Options of {@link createSchedulerController}. */
export interface SchedulerControllerOptions {
  /** The scheduler's name: it binds pods whose `spec.schedulerName` is this (default `default-scheduler`). */
  readonly schedulerName?: string;
  /**
   * First retry delay of a pod that did not fit; it doubles per failure up to `maxBackoff`.
   * Pods are retried sooner when a node appears or changes (labels, taints, cordoning,
   * allocatable) or a bound pod goes away. Default 1 s (upstream `podInitialBackoffSeconds`).
   */
  readonly initialBackoff?: Duration;
  /** Longest retry delay (default 5 min, upstream `podMaxInUnschedulablePodsDuration`). */
  readonly maxBackoff?: Duration;
  /**
   * How often every unbound pod is listed from the store and queued again, so a pod whose watch
   * event was lost is still scheduled (upstream flushes its unschedulable queue every 30 s).
   * Default 30 s; `false` turns it off.
   */
  readonly resyncPeriod?: Duration | false;
}

/** The last failed attempt to place a pod. */
interface Attempt {
  /** The pod's resourceVersion after the attempt (its own status write included). */
  readonly resourceVersion: string | undefined;
  /** The cluster-change counter at the attempt. */
  readonly changes: number;
  /** When the next retry is due (ms). */
  readonly retryAt: number;
  readonly failures: number;
}

/**
 * The scheduler as a controller (kube-scheduler, default profile without preemption): reconciles
 * pending pods — no `spec.nodeName`, not terminal, not being deleted, `spec.schedulerName` its
 * own — with {@link schedulePod} (filters: cordoning, nodeName, taints, node selector and required
 * affinity, host ports, pod count, cpu/memory requests; scores: least allocated, preferred
 * affinity, PreferNoSchedule taints, spreading an owner's pods). On success it binds: writes
 * `spec.nodeName`, then `PodScheduled=True` through `podReducer` (`Scheduled`), and records
 * `Scheduled`. When nothing fits it writes `PodScheduled=False` / `Unschedulable` with
 * Kubernetes' message (`0/3 nodes are available: ...`), records `FailedScheduling`, and retries
 * with back-off — at once when a node is added or changes (labels, taints, cordoning,
 * allocatable) or a bound pod leaves — never because of its own status write or a node heartbeat.
 * Pods with scheduling gates get `SchedulingGated` and wait for the gates to go.
 *
 * Node usage is kept incrementally from the Pod and Node watches (no rescans per pod).
 *
 * @example
 * ```ts
 * import { createSchedulerController, MemoryStore, EventRecorder, SystemClock } from 'podkit';
 * const clock = new SystemClock();
 * const scheduler = createSchedulerController();
 * scheduler.start({ store: new MemoryStore({ clock }), clock, recorder: new EventRecorder({ clock, component: 'default-scheduler' }) });
 * ```
 */
export function createSchedulerController(options: SchedulerControllerOptions = {}): Controller {
  const schedulerName = options.schedulerName ?? DEFAULT_SCHEDULER_NAME;
  const initialBackoff = parseDuration(options.initialBackoff ?? 1_000, 'initialBackoff');
  const maxBackoff = parseDuration(options.maxBackoff ?? 300_000, 'maxBackoff');
  const resyncMs = options.resyncPeriod === false ? undefined : parseDuration(options.resyncPeriod ?? 30_000, 'resyncPeriod');
  let resyncTimer: { readonly clock: Clock; handle: TimerHandle } | undefined;
  let cache = new SchedulerCache();
  /** Pods that did not fit at their last attempt, in the order they failed. */
  const unschedulable = new Map<string, Attempt>();
  /** Bumped by every change that may let a pod fit (a node added or changed, room freed). */
  let changes = 0;
  let controller: Controller | undefined;

  const retryUnschedulable = (): void => {
    changes++;
    for (const key of unschedulable.keys()) controller?.enqueue(requestOf(key));
  };

  const reconcile = (request: Request, ctx: ReconcileContext): Result | void => {
    const key = requestKey(request);
    const pod = ctx.client.tryGet('Pod', request.name, request.namespace);
    if (pod === undefined || !isPending(pod) || (pod.spec.schedulerName ?? DEFAULT_SCHEDULER_NAME) !== schedulerName) {
      unschedulable.delete(key);
      return;
    }
    const now = ctx.now();
    if ((pod.spec.schedulingGates ?? []).length > 0) {
      unschedulable.delete(key);
      const gated = podReducer(pod, { type: 'SchedulingFailed', at: now, reason: 'SchedulingGated', message: SCHEDULING_GATED_MESSAGE });
      if (gated !== pod) ctx.client.updateStatus(gated);
      return;
    }
    const prev = unschedulable.get(key);
    if (prev !== undefined && prev.resourceVersion === pod.metadata.resourceVersion && prev.changes === changes && now < prev.retryAt) {
      // Woken by its own status write (or a no-op): nothing changed that could make it fit.
      return { requeueAfter: prev.retryAt - now };
    }
    const result = schedulePod(pod, cache.nodes(), cache.usage, { nodesByName: cache.nodesByName });
    if (result.nodeName === undefined) {
      const failed = podReducer(pod, { type: 'SchedulingFailed', at: now, reason: 'Unschedulable', message: result.unschedulable });
      const written = failed === pod ? pod : ctx.client.updateStatus(failed);
      ctx.event(pod, 'Warning', 'FailedScheduling', result.unschedulable);
      const failures = (prev?.failures ?? 0) + 1;
      const delay = Math.min(maxBackoff, initialBackoff * 2 ** (failures - 1));
      unschedulable.set(key, { resourceVersion: written.metadata.resourceVersion, changes, retryAt: now + delay, failures });
      return { requeueAfter: delay };
    }
    unschedulable.delete(key);
    bind(ctx, pod, result.nodeName, now);
    ctx.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''} to ${result.nodeName}`);
  };

  const inner = createController({
    name: schedulerName,
    for: 'Pod',
    onEvent: (event) => {
      const ev = event as WatchEvent<Pod>;
      if (ev.type === 'Deleted') unschedulable.delete(podKey(ev.object));
      if (cache.observePod(ev)) retryUnschedulable();
    },
    watches: [
      {
        kind: 'Node',
        onEvent: (event) => {
          if (cache.observeNode(event as WatchEvent<Node>) === 'relevant') retryUnschedulable();
        },
      },
    ],
    reconcile,
  });
  controller = inner;
  return withLifecycleHooks(inner, {
    start: (env) => {
      cache = new SchedulerCache();
      unschedulable.clear();
      changes = 0;
      if (resyncMs === undefined) return;
      const timer = { clock: env.clock, handle: env.clock.setTimeout(function resync() {
        for (const pod of env.store.list('Pod', { fieldSelector: { 'spec.nodeName': '' } })) {
          if (isPending(pod)) inner.enqueue({ namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name ?? '' });
        }
        timer.handle = env.clock.setTimeout(resync, resyncMs);
      }, resyncMs) };
      resyncTimer = timer;
    },
    stop: () => {
      if (resyncTimer !== undefined) resyncTimer.clock.clearTimeout(resyncTimer.handle);
      resyncTimer = undefined;
    },
  });
}

/** A pod the scheduler should place: unbound, not terminal, not being deleted. */
function isPending(pod: Pod): boolean {
  return (pod.spec.nodeName === undefined || pod.spec.nodeName === '') && !isPodTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

function requestOf(key: string): Request {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * Binds like the binding subresource: with a store that has `bind`, `spec.nodeName` and
 * `PodScheduled=True` in one write; otherwise `spec.nodeName` (conditional on the pod's
 * resourceVersion), then `PodScheduled=True` on the fresh pod (watchers may have written it
 * meanwhile).
 */
function bind(ctx: ReconcileContext, pod: Pod, nodeName: string, now: number): void {
  const scheduled = podReducer(pod, { type: 'Scheduled', at: now, nodeName });
  if (ctx.client.bind !== undefined) {
    // One write, as the binding subresource (conditional on the pod's resourceVersion).
    ctx.client.bind(scheduled, nodeName);
    return;
  }
  ctx.client.update(scheduled);
  const fresh = ctx.client.tryGet('Pod', pod.metadata.name ?? '', pod.metadata.namespace);
  if (fresh === undefined || fresh.metadata.uid !== pod.metadata.uid) return;
  const withCondition = podReducer(fresh, { type: 'Scheduled', at: now, nodeName });
  if (withCondition !== fresh) ctx.client.updateStatus(withCondition);
}
