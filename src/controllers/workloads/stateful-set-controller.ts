// The StatefulSet controller shell (upstream pkg/controller/statefulset stateful_set.go sync,
// stateful_pod_control.go, stateful_set_status_updater.go): watch → revisions → planStatefulSet →
// apply in order, built with the public `createController` API (§P).
import type { ControllerRevision, PersistentVolumeClaim, StatefulSet } from '../../model/stateful-set.js';
import type { Pod } from '../../model/index.js';
import { getControllerOf } from '../../planners/ownership.js';
import { planStatefulSet, type StatefulSetAction } from '../../planners/stateful-set/plan-stateful-set.js';
import { equalRevision, newStatefulSetRevision, planStatefulSetRevisions, revisionsToTruncate, type StatefulSetRevisionsPlan } from '../../planners/stateful-set/revisions.js';
import { matchesSelector } from '../../planners/selector.js';
import { controllerRefFor } from '../../planners/template.js';
import type { ObjectStore, WatchEvent } from '../../store/object-store.js';
import { createController, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import type { RateLimiter } from '../rate-limiter.js';
import { BatchedEnqueue } from '../batched-enqueue.js';
import { withLifecycleHooks } from '../cluster/lifecycle-hooks.js';
import { StatusEchoFilter } from '../status-echo.js';
import { adoptPod, isErrorCode, releasePod } from './pod-writes.js';
import { WorkloadPodIndex } from './workload-pod-index.js';

/** The name the StatefulSet controller records Events under (upstream `statefulset-controller`). */
export const STATEFUL_SET_CONTROLLER_NAME = 'statefulset-controller';

/** Options of {@link createStatefulSetController}. */
export interface StatefulSetControllerOptions {
  /** Concurrent reconciles (default 1; never two for the same StatefulSet). */
  readonly workers?: number;
  /** Back-off of failed reconciles (default: the controller default). */
  readonly rateLimiter?: RateLimiter<string>;
  /** How long pod events are coalesced before they wake the owner. Default 0 (the end of the current instant). */
  readonly podBatchPeriodMs?: number;
  /**
   * The MaxUnavailableStatefulSet feature gate (alpha, off by default in Kubernetes 1.32, §P.6):
   * when true, RollingUpdate replaces up to `rollingUpdate.maxUnavailable` pods at a time. Default false.
   */
  readonly maxUnavailableStatefulSet?: boolean;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** `ListRevisions` + `ClaimControllerRevisions`: the set's revisions, adopting orphans that match its selector. */
function claimRevisions(store: ObjectStore, sts: StatefulSet): ControllerRevision[] {
  const uid = sts.metadata.uid;
  const out: ControllerRevision[] = [];
  for (const cr of store.list('ControllerRevision', { namespace: sts.metadata.namespace ?? 'default' })) {
    const ref = getControllerOf(cr);
    const matches = matchesSelector(cr.metadata.labels, sts.spec.selector);
    if (ref !== undefined) {
      if (ref.uid === uid && matches) out.push(cr);
      continue;
    }
    if (!matches || sts.metadata.deletionTimestamp !== undefined) continue;
    try {
      out.push(store.update({ ...cr, metadata: { ...cr.metadata, ownerReferences: [...(cr.metadata.ownerReferences ?? []), controllerRefFor(sts)] } }));
    } catch (e) {
      if (!isErrorCode(e, 'not_found') && !isErrorCode(e, 'conflict')) throw e;
    }
  }
  return out;
}

/** `CreateControllerRevision`: creates the revision, bumping the collision count while its name is taken by other data. */
function createRevision(store: ObjectStore, sts: StatefulSet, plan: StatefulSetRevisionsPlan): { revision: ControllerRevision; collisionCount: number } {
  let collisionCount = plan.collisionCount;
  let candidate = plan.create as ControllerRevision;
  for (;;) {
    try {
      return { revision: store.create(candidate), collisionCount };
    } catch (e) {
      if (!isErrorCode(e, 'already_exists')) throw e;
      const existing = store.tryGet('ControllerRevision', candidate.metadata.name ?? '', sts.metadata.namespace);
      if (existing !== undefined && equalRevision(existing, candidate)) return { revision: existing, collisionCount };
      collisionCount++;
      candidate = newStatefulSetRevision(sts, candidate.revision, collisionCount);
    }
  }
}

function createClaims(ctx: ReconcileContext, sts: StatefulSet, podName: string, claims: readonly PersistentVolumeClaim[]): void {
  for (const claim of claims) {
    try {
      ctx.client.create(claim);
      ctx.event(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claim.metadata.name ?? ''} Pod ${podName} in StatefulSet ${sts.metadata.name ?? ''} success`);
    } catch (e) {
      if (isErrorCode(e, 'already_exists')) continue;
      ctx.event(sts, 'Warning', 'FailedCreate', `create Claim ${claim.metadata.name ?? ''} for Pod ${podName} in StatefulSet ${sts.metadata.name ?? ''} failed error: ${errorText(e)}`);
      throw e;
    }
  }
}

/** Executes one action (upstream `StatefulPodControl`); throws when the write failed. */
function execute(ctx: ReconcileContext, sts: StatefulSet, action: StatefulSetAction): void {
  const setName = sts.metadata.name ?? '';
  switch (action.type) {
    case 'createPod': {
      const podName = action.pod.metadata.name ?? '';
      try {
        createClaims(ctx, sts, podName, action.claims);
      } catch (e) {
        ctx.event(sts, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${setName} failed error: ${errorText(e)}`);
        throw e;
      }
      try {
        ctx.client.create(action.pod);
      } catch (e) {
        if (!isErrorCode(e, 'already_exists')) ctx.event(sts, 'Warning', 'FailedCreate', `create Pod ${podName} in StatefulSet ${setName} failed error: ${errorText(e)}`);
        throw e;
      }
      ctx.event(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${setName} successful`);
      return;
    }
    case 'deletePod': {
      const podName = action.pod.metadata.name ?? '';
      try {
        ctx.client.delete('Pod', podName, {
          namespace: action.pod.metadata.namespace,
          ...(action.pod.metadata.uid === undefined ? {} : { preconditions: { uid: action.pod.metadata.uid } }),
        });
      } catch (e) {
        if (isErrorCode(e, 'not_found')) return;
        ctx.event(sts, 'Warning', 'FailedDelete', `delete Pod ${podName} in StatefulSet ${setName} failed error: ${errorText(e)}`);
        throw e;
      }
      ctx.event(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${podName} in StatefulSet ${setName} successful`);
      return;
    }
    case 'updatePod': {
      const podName = action.pod.metadata.name ?? '';
      createClaims(ctx, sts, podName, action.claims);
      try {
        ctx.client.update(action.pod);
      } catch (e) {
        ctx.event(sts, 'Warning', 'FailedUpdate', `update Pod ${podName} in StatefulSet ${setName} failed error: ${errorText(e)}`);
        throw e;
      }
      ctx.event(sts, 'Normal', 'SuccessfulUpdate', `update Pod ${podName} in StatefulSet ${setName} successful`);
      return;
    }
    case 'createClaims':
      createClaims(ctx, sts, `${setName}-${action.ordinal}`, action.claims);
      return;
    case 'updateClaims':
      for (const claim of action.claims) {
        try {
          ctx.client.update(claim);
        } catch (e) {
          if (isErrorCode(e, 'not_found')) continue;
          ctx.event(sts, 'Warning', 'FailedUpdate', `update Claim ${claim.metadata.name ?? ''} for Pod ${setName}-${action.ordinal} in StatefulSet ${setName} failed error: ${errorText(e)}`);
          throw e;
        }
      }
      return;
  }
}

/**
 * Creates the built-in StatefulSet controller (upstream `statefulset-controller`), built with
 * {@link createController}. Each sync (§P): claims the set's ControllerRevisions (adopting
 * matching orphans), finds or creates the update revision (`planStatefulSetRevisions`; a name
 * taken by other data bumps `status.collisionCount`, a rollback raises an old revision's number),
 * runs the pure `planStatefulSet` over the set's pods and claims, adopts/releases pods, executes
 * the plan's actions in order — claims before their pod, then the pod; deletions; identity repairs
 * — stopping at the first failed write (requeued with back-off), writes the status when it
 * changed, deletes revisions beyond `revisionHistoryLimit`, and requeues after `minReadySeconds`
 * while pods are not yet available.
 *
 * Pods are indexed by owner uid from the Pod watch. There are no expectations: pods are created
 * under fixed names, so a repeated create fails with `already_exists` (as upstream). Claims are
 * never deleted by the controller: the retention policy sets owner references and the store's
 * garbage collector deletes them (§P.8).
 *
 * @example
 * ```ts
 * import { createStatefulSetController, MemoryStore, EventRecorder, SystemClock } from 'podkit';
 * const clock = new SystemClock();
 * const sets = createStatefulSetController();
 * sets.start({ store: new MemoryStore({ clock }), clock, recorder: new EventRecorder({ clock, component: 'statefulset-controller' }) });
 * ```
 */
export function createStatefulSetController(options: StatefulSetControllerOptions = {}): Controller {
  const batcher = new BatchedEnqueue(options.podBatchPeriodMs ?? 0);
  let index = new WorkloadPodIndex('StatefulSet');
  const sets = new Map<string, Map<string, StatefulSet>>();
  const echoes = new StatusEchoFilter();

  const onSetEvent = (ev: WatchEvent): void => {
    const sts = ev.object as StatefulSet;
    const ns = sts.metadata.namespace ?? 'default';
    let byName = sets.get(ns);
    if (ev.type === 'Deleted') {
      byName?.delete(sts.metadata.name ?? '');
      return;
    }
    if (byName === undefined) sets.set(ns, (byName = new Map()));
    byName.set(sts.metadata.name ?? '', sts);
  };

  const mapPod = (obj: WatchEvent['object']): Request[] => {
    const pod = obj as Pod;
    const ns = pod.metadata.namespace ?? 'default';
    const ref = getControllerOf(pod);
    if (ref !== undefined) return ref.kind === 'StatefulSet' ? [{ namespace: ns, name: ref.name }] : [];
    if (pod.metadata.deletionTimestamp !== undefined) return [];
    const out: Request[] = [];
    for (const sts of sets.get(ns)?.values() ?? []) {
      if (matchesSelector(pod.metadata.labels, sts.spec.selector)) out.push({ namespace: ns, name: sts.metadata.name ?? '' });
    }
    return out;
  };

  const reconcile = (req: Request, ctx: ReconcileContext): Result => {
    const stored = ctx.client.tryGet('StatefulSet', req.name, req.namespace);
    if (stored === undefined) return {};
    const ns = stored.metadata.namespace ?? 'default';
    const revisions = claimRevisions(ctx.client, stored);
    let rev = planStatefulSetRevisions(stored, revisions);
    let collisionCount = rev.collisionCount;
    if (rev.create !== undefined) {
      const made = createRevision(ctx.client, stored, rev);
      collisionCount = made.collisionCount;
      rev = { ...rev, update: made.revision, current: rev.current === rev.create ? made.revision : rev.current, collisionCount };
    } else if (rev.bump !== undefined) {
      const raised = ctx.client.update({ ...rev.bump.revision, revision: rev.bump.to });
      rev = { ...rev, update: raised, current: rev.current.metadata.name === raised.metadata.name ? raised : rev.current };
    }
    const claims = new Map<string, PersistentVolumeClaim>();
    if ((stored.spec.volumeClaimTemplates ?? []).length > 0) {
      for (const c of ctx.client.list('PersistentVolumeClaim', { namespace: ns })) claims.set(c.metadata.name ?? '', c);
    }
    const plan = planStatefulSet(stored, index.candidates(stored.metadata.uid ?? '', ns), {
      now: ctx.now(),
      currentRevision: rev.current,
      updateRevision: rev.update,
      collisionCount,
      claims,
      maxUnavailableStatefulSet: options.maxUnavailableStatefulSet === true,
    });
    const uid = stored.metadata.uid ?? '';
    for (const pod of plan.release) releasePod(ctx.client, pod, uid);
    const ref = controllerRefFor(stored);
    for (const pod of plan.adopt) adoptPod(ctx.client, pod, ref);
    let failed = false;
    for (const action of plan.actions) {
      try {
        execute(ctx, stored, action);
      } catch {
        failed = true;
        break;
      }
    }
    if (plan.writeStatus) {
      const cur = ctx.client.tryGet('StatefulSet', req.name, req.namespace);
      if (cur !== undefined && cur.metadata.uid === stored.metadata.uid) {
        echoes.write(cur, plan.status, () => ctx.client.updateStatus({ ...cur, status: plan.status }));
      }
    }
    for (const old of revisionsToTruncate(stored, plan.pods, revisions, rev.current, rev.update)) {
      try {
        ctx.client.delete('ControllerRevision', old.metadata.name ?? '', { namespace: ns });
      } catch (e) {
        if (!isErrorCode(e, 'not_found')) failed = true;
      }
    }
    if (failed) return { requeue: true };
    return plan.requeueAfterMs === undefined ? {} : { requeueAfter: plan.requeueAfterMs };
  };

  const controller = createController({
    name: STATEFUL_SET_CONTROLLER_NAME,
    for: 'StatefulSet',
    onEvent: (ev) => (onSetEvent(ev), !echoes.isEcho(ev)),
    owns: [
      {
        kind: 'Pod',
        onEvent: (ev) => {
          index.observe(ev as WatchEvent<Pod>);
          batcher.add(mapPod(ev.object));
        },
        map: () => [],
      },
      'ControllerRevision',
    ],
    reconcile,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  return withLifecycleHooks(controller, {
    start: (env) => {
      batcher.start(env.clock, (r) => controller.enqueue(r));
      index = new WorkloadPodIndex('StatefulSet');
      sets.clear();
    },
    stop: () => batcher.stop(),
  });
}

