// The Job controller shell (upstream pkg/controller/job + the ttl-after-finished controller):
// watch → planJob → apply, built with the public `createController` API.
import { PodkitError } from '../../errors.js';
import type { Job, Pod } from '../../model/index.js';
import { objectKey } from '../../model/pod-utils.js';
import { podEventObserved } from '../../planners/expectations.js';
import { hasJobTrackingFinalizer } from '../../planners/job/job-pods.js';
import { JOB_MAX_POD_CREATE_DELETE_PER_SYNC } from '../../planners/job/job-constants.js';
import { planJob } from '../../planners/job/plan-job.js';
import { matchesSelector } from '../../planners/selector.js';
import type { WatchEvent } from '../../store/object-store.js';
import { createController, requestKey, TerminalError, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import type { RateLimiter } from '../rate-limiter.js';
import { applyJobPlan, removeTrackingFinalizers, type JobShellState } from './job-apply.js';
import { withLifecycleHooks } from '../cluster/lifecycle-hooks.js';
import { BatchedEnqueue } from '../batched-enqueue.js';
import { StatusEchoFilter } from '../status-echo.js';
import { WorkloadPodIndex } from './workload-pod-index.js';

/** The name the Job controller records Events under (upstream `job-controller`). */
export const JOB_CONTROLLER_NAME = 'job-controller';

/**
 * The pods a Job sync needs: every pod except finished ones that lost their tracking finalizer.
 * Those are already counted in the status (succeeded / failed / completedIndexes) and no rule of
 * §I looks at them again, so leaving them out keeps a sync O(active + uncounted pods).
 */
function jobRelevantPod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (phase !== 'Succeeded' && phase !== 'Failed') || hasJobTrackingFinalizer(pod);
}

/** The request name of a namespace's orphan pods that still hold the tracking finalizer (never a valid Job name). */
const ORPHAN_PODS = ' orphan-pods';

/** Options of {@link createJobController}. */
export interface JobControllerOptions {
  /** Concurrent reconciles (default 1; never two for the same Job). */
  readonly workers?: number;
  /** Back-off of failed reconciles (default: the controller default). */
  readonly rateLimiter?: RateLimiter<string>;
  /**
   * How long pod events are coalesced before they wake the owner (upstream's Job controller uses
   * 1 s, `syncJobBatchPeriod`). Default 0: the sync runs once the writes of the current instant
   * are done, so timings stay exact while a burst of pod updates costs one sync.
   */
  readonly podBatchPeriodMs?: number;
  /**
   * After a sync that created a whole batch (500 pods, upstream `MaxPodCreateDeletePerSync`), the
   * next pod creations of that Job wait this long on the controller's clock (default 1 s). Bounds
   * the work of every `advance()` on a virtual clock, where the API costs no time. 0 turns it off.
   */
  readonly burstIntervalMs?: number;
}

/**
 * Creates the built-in Job controller (upstream `job-controller` plus the ttl-after-finished
 * controller), built with {@link createController}. For every Job it runs the pure `planJob`
 * (k8s-semantics §I) and applies the plan: adopts and releases pods, creates pods in slow-start
 * batches (Indexed pods with their completion index), deletes pods (suspend, scale-down, a
 * finishing Job), counts finished pods through `uncountedTerminatedPods` and the
 * `batch.kubernetes.io/job-tracking` finalizer (removing it once counted), writes the status
 * (`FailureTarget` / `SuccessCriteriaMet` first, then `Failed` / `Complete`), records Events, and
 * requeues for pod-failure back-off (10 s doubling, capped at 10 min), `activeDeadlineSeconds` and
 * `ttlSecondsAfterFinished` (then the Job is deleted with Foreground propagation: its pods go
 * first). Expectations and back-off records are kept per Job key in memory, fed by the Pod watch.
 *
 * It also removes the tracking finalizer from pods whose Job is gone or finished (upstream
 * `syncOrphanPod` / `cleanupPodFinalizers`), so no terminated pod keeps its finalizer forever.
 *
 * Not done: Jobs with `spec.managedBy` set to another controller are left alone (as upstream);
 * there is no `Job` cache resync period (level-based reconciles are triggered by watches and
 * requeues only); the pod-failure back-off record lives in this controller instance (a restart
 * forgets it, like upstream's in-memory store).
 *
 * @example
 * ```ts
 * import { createJobController, MemoryStore, EventRecorder, SystemClock } from 'podkit';
 * const clock = new SystemClock();
 * const jobs = createJobController();
 * jobs.start({ store: new MemoryStore({ clock }), clock, recorder: new EventRecorder({ clock, component: 'job-controller' }) });
 * ```
 */
export function createJobController(options: JobControllerOptions = {}): Controller {
  const batcher = new BatchedEnqueue(options.podBatchPeriodMs ?? 0);
  let index = new WorkloadPodIndex('Job', jobRelevantPod);
  /** Jobs by namespace, from the Job watch (to map orphan pods to the Jobs that may adopt them). */
  const jobs = new Map<string, Map<string, Job>>();
  const echoes = new StatusEchoFilter();
  const state: JobShellState = { expectations: new Map(), backoff: new Map(), finalizerRemovals: new Map(), echoes };
  /** Per Job key: when it may create pods again after a full batch. */
  const nextBurstAt = new Map<string, number>();
  const burstInterval = options.burstIntervalMs ?? 1_000;

  const onJobEvent = (ev: WatchEvent): void => {
    const job = ev.object as Job;
    const ns = job.metadata.namespace ?? 'default';
    let byName = jobs.get(ns);
    if (ev.type === 'Deleted') {
      byName?.delete(job.metadata.name ?? '');
      const key = objectKey(job);
      state.expectations.delete(key);
      state.backoff.delete(key);
      state.finalizerRemovals.delete(key);
      nextBurstAt.delete(key);
      return;
    }
    if (byName === undefined) jobs.set(ns, (byName = new Map()));
    byName.set(job.metadata.name ?? '', job);
  };

  const onPodEvent = (ev: WatchEvent): void => {
    const pod = ev.object as Pod;
    const { previous, ownerKey } = index.observe(ev as WatchEvent<Pod>);
    if (ownerKey === undefined) return;
    const podKey = objectKey(pod);
    const exp = state.expectations.get(ownerKey);
    const next = podEventObserved(exp, ev.type, pod, previous);
    if (next !== undefined && next !== exp) state.expectations.set(ownerKey, next);
    const removals = state.finalizerRemovals.get(ownerKey);
    if (removals !== undefined && (ev.type === 'Deleted' || !hasJobTrackingFinalizer(pod))) {
      removals.delete(pod.metadata.uid ?? podKey);
      if (removals.size === 0) state.finalizerRemovals.delete(ownerKey);
    }
  };

  /** Orphan pods wake the Jobs of their namespace whose selector matches (upstream `getPodJobs`). */
  const mapPod = (obj: WatchEvent['object']): Request[] => {
    const pod = obj as Pod;
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
    const ns = pod.metadata.namespace ?? 'default';
    if (ref !== undefined) return ref.kind === 'Job' ? [{ namespace: ns, name: ref.name }] : [];
    const out: Request[] = hasJobTrackingFinalizer(pod) ? [{ namespace: ns, name: ORPHAN_PODS }] : [];
    if (pod.metadata.deletionTimestamp !== undefined) return out;
    for (const job of jobs.get(ns)?.values() ?? []) {
      const sel = job.spec.selector;
      if (sel !== undefined && matchesSelector(pod.metadata.labels, sel)) out.push({ namespace: ns, name: job.metadata.name ?? '' });
    }
    return out;
  };

  const reconcile = async (req: Request, ctx: ReconcileContext): Promise<Result> => {
    if (req.name === ORPHAN_PODS) {
      // Pods without a controller keep no tracking finalizer (upstream syncOrphanPod); a Job that
      // adopts one adds it back.
      const orphans = index.orphans(req.namespace ?? 'default').filter(hasJobTrackingFinalizer);
      return removeTrackingFinalizers(ctx, { ...state, finalizerRemovals: new Map() }, req.name, orphans).size > 0 ? { requeue: true } : {};
    }
    const key = requestKey({ namespace: req.namespace ?? 'default', name: req.name });
    const job = ctx.client.tryGet('Job', req.name, req.namespace);
    // Pods of a deleted (or re-created) Job of this name keep no finalizer (upstream syncOrphanPod).
    for (const uid of index.staleOwnerUids(key, job?.metadata.uid)) {
      const stale = index.owned(uid).filter(hasJobTrackingFinalizer);
      if (removeTrackingFinalizers(ctx, { ...state, finalizerRemovals: new Map() }, key, stale).size > 0) return { requeue: true };
    }
    if (job === undefined) return {};
    const uid = job.metadata.uid ?? '';
    const pods = index.candidates(uid, job.metadata.namespace ?? 'default');
    let plan;
    const now = ctx.now();
    const waitMs = (nextBurstAt.get(key) ?? now) - now;
    try {
      plan = planJob(job, pods, {
        now,
        backoff: state.backoff.get(key),
        expectations: state.expectations.get(key),
        expectedFinalizerRemovals: state.finalizerRemovals.get(key) ?? [],
        // Waiting for the next batch: no pods are created or deleted (the status is still kept).
        ...(waitMs > 0 ? { expectationsSatisfied: false } : {}),
      });
    } catch (e) {
      if (e instanceof PodkitError && e.code === 'invalid_object') throw new TerminalError(e.message, { cause: e });
      throw e;
    }
    if (plan.action === 'skip') return {};
    if (plan.action === 'finished') {
      state.backoff.delete(key);
      state.expectations.delete(key);
      // Backup cleanup (upstream cleanupPodFinalizers): a finished Job's pods keep no finalizer.
      const left = index.owned(uid).filter(hasJobTrackingFinalizer);
      if (removeTrackingFinalizers(ctx, state, key, left).size > 0) return { requeue: true };
      if (plan.deleteJob !== undefined) {
        ctx.client.delete('Job', req.name, { namespace: req.namespace, propagationPolicy: plan.deleteJob.propagationPolicy, preconditions: { uid } });
        return {};
      }
      return plan.requeueAfterMs === undefined ? {} : { requeueAfter: Math.max(0, plan.requeueAfterMs) };
    }
    const result = await applyJobPlan(ctx, state, job, plan);
    if (burstInterval > 0 && plan.creates.length >= JOB_MAX_POD_CREATE_DELETE_PER_SYNC) nextBurstAt.set(key, now + burstInterval);
    const wait = (nextBurstAt.get(key) ?? now) - now;
    if (wait <= 0 || result.requeue === true) return result;
    const after = result.requeueAfter;
    return { ...result, requeueAfter: typeof after === 'number' ? Math.min(wait, after) : after === undefined ? wait : after };
  };

  const controller = createController({
    name: JOB_CONTROLLER_NAME,
    for: 'Job',
    // The echo of the controller's own status write does not need another sync.
    onEvent: (ev) => (onJobEvent(ev), !echoes.isEcho(ev)),
    // Pod events wake the owner through the batcher (see `podBatchPeriodMs`), not at once.
    // A pod being deleted while it holds the tracking finalizer wakes its Job at once: it cannot go
    // away (and its kubelet keeps finishing it) until the Job controller removes the finalizer.
    owns: [
      {
        kind: 'Pod',
        onEvent: (ev) => {
          onPodEvent(ev);
          const pod = ev.object as Pod;
          if (ev.type !== 'Deleted' && pod.metadata.deletionTimestamp !== undefined && hasJobTrackingFinalizer(pod)) return;
          batcher.add(mapPod(pod));
        },
        map: (obj) => {
          const pod = obj as Pod;
          return pod.metadata.deletionTimestamp !== undefined && hasJobTrackingFinalizer(pod) ? mapPod(pod) : [];
        },
      },
    ],
    reconcile,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  // A (re)start replays every object through fresh watches: start from empty caches.
  return withLifecycleHooks(controller, {
    start: (env) => {
      batcher.start(env.clock, (r) => controller.enqueue(r));
      index = new WorkloadPodIndex('Job', jobRelevantPod);
      jobs.clear();
      state.expectations.clear();
      state.backoff.clear();
      state.finalizerRemovals.clear();
      nextBurstAt.clear();
    },
    stop: () => batcher.stop(),
  });
}
