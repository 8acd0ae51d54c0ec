// The Deployment controller shell (upstream pkg/controller/deployment): watch → planDeployment →
// apply, built with the public `createController` API. docs/reference/kubernetes-rules.md §O.
import type { Deployment } from '../../model/deployment.js';
import type { Pod, ReplicaSet } from '../../model/index.js';
import { planDeployment } from '../../planners/deployment/plan-deployment.js';
import { DeploymentConditionReason, newDeploymentCondition, setDeploymentCondition } from '../../planners/deployment/deployment-util.js';
import { getControllerOf } from '../../planners/ownership.js';
import { matchesSelector } from '../../planners/selector.js';
import type { WatchEvent } from '../../store/object-store.js';
import { createController, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import type { RateLimiter } from '../rate-limiter.js';
import { withLifecycleHooks } from '../cluster/lifecycle-hooks.js';
import { StatusEchoFilter } from '../status-echo.js';
import { isErrorCode } from './pod-writes.js';
import { WorkloadPodIndex } from './workload-pod-index.js';

/** The name the Deployment controller records Events under (upstream `deployment-controller`). */
export const DEPLOYMENT_CONTROLLER_NAME = 'deployment-controller';

/** Options of {@link createDeploymentController}. */
export interface DeploymentControllerOptions {
  /** Concurrent reconciles (default 1; never two for the same Deployment). */
  readonly workers?: number;
  /** Back-off of failed reconciles (default: the controller default). */
  readonly rateLimiter?: RateLimiter<string>;
}

/** Requests for a ReplicaSet: its controlling Deployment, or for an orphan every Deployment of its namespace that selects it. */
function mapReplicaSet(rs: ReplicaSet, deployments: () => readonly Deployment[]): Request[] {
  const namespace = rs.metadata.namespace ?? 'default';
  const ref = getControllerOf(rs);
  if (ref !== undefined) return ref.kind === 'Deployment' ? [{ namespace, name: ref.name }] : [];
  if (rs.metadata.deletionTimestamp !== undefined) return [];
  return deployments()
    .filter((d) => (d.metadata.namespace ?? 'default') === namespace && matchesSelector(rs.metadata.labels, d.spec.selector))
    .map((d) => ({ namespace, name: d.metadata.name ?? '' }));
}

/**
 * Creates the built-in Deployment controller (upstream `deployment-controller`), built with
 * {@link createController}. For every Deployment it runs the pure `planDeployment` (§O) over the
 * ReplicaSets of its namespace (and, for Recreate, its pods) and applies the plan in upstream's
 * order: ReplicaSet updates (adoption/release, annotations, scaling) and creations, deletions of
 * old revisions beyond `revisionHistoryLimit`, the Deployment's revision annotation, then its
 * status (only when it changed). Pods themselves are the ReplicaSet controller's.
 *
 * It watches Deployments, ReplicaSets (owner or, for orphans, every selecting Deployment) and
 * pod deletions and phase changes (for Recreate, which waits until old pods are gone). The
 * progress deadline is checked on a clock timer (`requeueAfter`, upstream
 * `requeueStuckDeployment`), never by polling; `minReadySeconds` reaches the Deployment through
 * its ReplicaSets' status (the ReplicaSet controller requeues itself for it). A write that
 * conflicts or finds a name taken requeues the Deployment with back-off.
 *
 * @example
 * ```ts
 * import { createDeploymentController, MemoryStore, EventRecorder, SystemClock } from 'podkit';
 * const clock = new SystemClock();
 * createDeploymentController().start({ store: new MemoryStore({ clock }), clock, recorder: new EventRecorder({ clock, component: 'deployment-controller' }) });
 * ```
 */
export function createDeploymentController(options: DeploymentControllerOptions = {}): Controller {
  const deployments = new Map<string, Deployment>();
  /** Pods by the uid of their controlling ReplicaSet, from the Pod watch. */
  let podIndex = new WorkloadPodIndex('ReplicaSet');
  const echoes = new StatusEchoFilter();
  const keyOf = (o: { metadata: { namespace?: string | undefined; name?: string | undefined } }): string => `${o.metadata.namespace ?? 'default'}/${o.metadata.name ?? ''}`;

  const onDeploymentEvent = (ev: WatchEvent): void => {
    const d = ev.object as Deployment;
    if (ev.type === 'Deleted') deployments.delete(keyOf(d));
    else deployments.set(keyOf(d), d);
  };

  /** Pods matter only to Recreate Deployments (`oldPodsRunning`): deletions and phase changes. */
  const mapPod = (ev: WatchEvent, rsOwner: (ns: string, name: string) => ReplicaSet | undefined): Request[] => {
    const pod = ev.object as Pod;
    if (ev.type === 'Added') return [];
    if (ev.type === 'Modified' && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') return [];
    const ref = getControllerOf(pod);
    if (ref?.kind !== 'ReplicaSet') return [];
    const ns = pod.metadata.namespace ?? 'default';
    const rs = rsOwner(ns, ref.name);
    const dref = rs === undefined ? undefined : getControllerOf(rs);
    if (dref?.kind !== 'Deployment') return [];
    const d = deployments.get(`${ns}/${dref.name}`);
    return d?.spec.strategy?.type === 'Recreate' ? [{ namespace: ns, name: dref.name }] : [];
  };

  let rsLookup: (ns: string, name: string) => ReplicaSet | undefined = () => undefined;

  const reconcile = (req: Request, ctx: ReconcileContext): Result => {
    rsLookup = (ns, name) => ctx.client.tryGet('ReplicaSet', name, ns);
    const d = ctx.client.tryGet('Deployment', req.name, req.namespace);
    if (d === undefined) return {};
    const namespace = d.metadata.namespace ?? 'default';
    const replicaSets = ctx.client.list('ReplicaSet', { namespace });
    // The pods of the ReplicaSets the Deployment owns or may adopt (upstream getPodMapForDeployment).
    const uid = d.metadata.uid;
    const pods = replicaSets
      .filter((rs) => {
        const ref = getControllerOf(rs);
        return ref === undefined ? matchesSelector(rs.metadata.labels, d.spec.selector) : ref.uid === uid;
      })
      .flatMap((rs) => podIndex.owned(rs.metadata.uid ?? ''));
    const plan = planDeployment(d, replicaSets, pods, { now: ctx.now() });
    let failed = plan.requeue;
    const attempt = (write: () => void, tolerate: 'not_found' | undefined = undefined): boolean => {
      try {
        write();
        return true;
      } catch (e) {
        if (tolerate !== undefined && isErrorCode(e, tolerate)) return true;
        if (isErrorCode(e, 'conflict') || isErrorCode(e, 'already_exists') || isErrorCode(e, 'not_found')) {
          failed = true;
          return false;
        }
        throw e;
      }
    };
    // Upstream order: claims, the new ReplicaSet's annotations, its creation, then scaling.
    const updatesFirst = plan.updates.filter((u) => !plan.creates.some((c) => c.metadata.name === u.metadata.name));
    const [claimsAndNew, scaling] = splitBeforeScaling(updatesFirst, replicaSets);
    for (const rs of claimsAndNew) if (!attempt(() => ctx.client.update(rs))) return { requeue: true };
    for (const rs of plan.creates) {
      try {
        ctx.client.create(rs);
      } catch (e) {
        // AlreadyExists: a stale read; the next sync sorts out ours from a hash collision.
        if (!isErrorCode(e, 'already_exists')) recordCreateFailure(ctx, d, rs, e);
        return { requeue: true };
      }
    }
    for (const rs of scaling) if (!attempt(() => ctx.client.update(rs))) return { requeue: true };
    for (const rs of plan.deletes) attempt(() => ctx.client.delete('ReplicaSet', rs.metadata.name ?? '', { namespace, preconditions: { uid: rs.metadata.uid, resourceVersion: rs.metadata.resourceVersion } }), 'not_found');
    // The ScalingReplicaSet (and SelectingAll) Events, once the writes they describe were made.
    for (const e of plan.events) ctx.event(d, e.type, e.reason, e.message);
    if (plan.annotations !== undefined) {
      const cur = ctx.client.get('Deployment', req.name, req.namespace);
      attempt(() => ctx.client.update({ ...cur, metadata: { ...cur.metadata, annotations: { ...plan.annotations } } }));
    }
    if (plan.writeStatus) {
      const cur = ctx.client.get('Deployment', req.name, req.namespace);
      attempt(() => echoes.write(cur, plan.status, () => ctx.client.updateStatus({ ...cur, status: plan.status })));
    }
    // Under a second to the deadline: a rate-limited requeue, as upstream (`enqueueRateLimited`),
    // so that time moves on between the checks.
    if (failed || plan.requeueAfterMs === 0) return { requeue: true };
    return plan.requeueAfterMs === undefined ? {} : { requeueAfter: plan.requeueAfterMs };
  };

  const controller = createController({
    name: DEPLOYMENT_CONTROLLER_NAME,
    for: 'Deployment',
    // The echo of the controller's own status write does not need another sync.
    onEvent: (ev) => (onDeploymentEvent(ev), !echoes.isEcho(ev)),
    owns: [{ kind: 'ReplicaSet', map: (obj) => mapReplicaSet(obj as ReplicaSet, () => [...deployments.values()]) }],
    watches: [{
      kind: 'Pod',
      onEvent: (ev) => {
        podIndex.observe(ev as WatchEvent<Pod>);
        pendingPods.push(...mapPod(ev, rsLookup));
      },
      map: () => pendingPods.splice(0),
    }],
    reconcile,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  const pendingPods: Request[] = [];
  return withLifecycleHooks(controller, {
    start: (env) => {
      deployments.clear();
      podIndex = new WorkloadPodIndex('ReplicaSet');
      pendingPods.length = 0;
      rsLookup = (ns, name) => env.store.tryGet('ReplicaSet', name, ns);
    },
  });
}

/**
 * A failed creation of the new ReplicaSet (upstream getNewReplicaSet): with a progress deadline,
 * Progressing False `ReplicaSetCreateError` `Failed to create new replica set "<rs>": <error>`,
 * and a Warning Event with the same reason and message.
 */
function recordCreateFailure(ctx: ReconcileContext, d: Deployment, rs: ReplicaSet, e: unknown): void {
  const msg = `Failed to create new replica set "${rs.metadata.name ?? ''}": ${e instanceof Error ? e.message : String(e)}`;
  const deadline = d.spec.progressDeadlineSeconds;
  if (deadline !== undefined && deadline !== 2147483647) {
    const cur = ctx.client.tryGet('Deployment', d.metadata.name ?? '', d.metadata.namespace);
    if (cur !== undefined) {
      const status = setDeploymentCondition(cur.status ?? {}, newDeploymentCondition('Progressing', 'False', DeploymentConditionReason.FailedRSCreate, msg, ctx.now()));
      try {
        ctx.client.updateStatus({ ...cur, status });
      } catch {
        // the bigger issue is reported by the Event and the requeue
      }
    }
  }
  ctx.event(d, 'Warning', DeploymentConditionReason.FailedRSCreate, msg);
}

/**
 * Splits the ReplicaSet updates into those that do not change a size (claims, annotations,
 * minReadySeconds: written before a creation, as upstream's getNewReplicaSet does) and the
 * scaling writes (after it).
 */
function splitBeforeScaling(updates: readonly ReplicaSet[], observed: readonly ReplicaSet[]): [ReplicaSet[], ReplicaSet[]] {
  const before: ReplicaSet[] = [];
  const after: ReplicaSet[] = [];
  for (const u of updates) {
    const was = observed.find((o) => o.metadata.name === u.metadata.name);
    if (was !== undefined && (was.spec.replicas ?? 1) !== (u.spec.replicas ?? 1)) after.push(u);
    else before.push(u);
  }
  return [before, after];
}
