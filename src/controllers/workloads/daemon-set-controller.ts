// The DaemonSet controller shell (upstream pkg/controller/daemon): watch → planDaemonSet → apply,
// built with the public `createController` API.
import type { DaemonSet, Node, Pod } from '../../model/index.js';
import { objectKey } from '../../model/pod-utils.js';
import type { DaemonSetBackoff } from '../../planners/daemon-set/failed-pod-backoff.js';
import { computeTemplateHash } from '../../planners/daemon-set/hash.js';
import { planDaemonSet } from '../../planners/daemon-set/plan-daemon-set.js';
import { deletionObserved, lowerExpectations, podEventObserved, type ControllerExpectations } from '../../planners/expectations.js';
import { matchesSelector } from '../../planners/selector.js';
import { controllerRefFor } from '../../planners/template.js';
import type { WatchEvent } from '../../store/object-store.js';
import { createController, requestKey, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import type { RateLimiter } from '../rate-limiter.js';
import { adoptPod, createPods, deletePod, releasePod } from './pod-writes.js';
import { withLifecycleHooks } from '../cluster/lifecycle-hooks.js';
import { BatchedEnqueue } from '../batched-enqueue.js';
import { StatusEchoFilter } from '../status-echo.js';
import { WorkloadPodIndex } from './workload-pod-index.js';

/** The name the DaemonSet controller records Events under (upstream `daemonset-controller`). */
export const DAEMON_SET_CONTROLLER_NAME = 'daemonset-controller';

/** Options of {@link createDaemonSetController}. */
export interface DaemonSetControllerOptions {
  /** Concurrent reconciles (default 1; never two for the same DaemonSet). */
  readonly workers?: number;
  /** Back-off of failed reconciles (default: the controller default). */
  readonly rateLimiter?: RateLimiter<string>;
  /**
   * How long pod events are coalesced before they wake the owner (upstream's Job controller uses
   * 1 s, `syncJobBatchPeriod`). Default 0: the sync runs once the writes of the current instant
   * are done, so timings stay exact while a burst of pod updates costs one sync.
   */
  readonly podBatchPeriodMs?: number;
  /** Create/delete cap per sync (upstream `BurstReplicas`, default 250). */
  readonly burstReplicas?: number;
}

/** What of a node can change a DaemonSet's decision (upstream `shouldIgnoreNodeUpdate`: heartbeats are ignored). */
function nodeFingerprint(node: Node): string {
  return JSON.stringify([
    node.metadata.labels ?? {},
    node.spec?.taints ?? [],
    node.spec?.unschedulable ?? false,
    (node.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`),
  ]);
}

/**
 * Creates the built-in DaemonSet controller (upstream `daemonset-controller`), built with
 * {@link createController}. For every DaemonSet it runs the pure `planDaemonSet` (k8s-semantics
 * §J) over the nodes and the DaemonSet's pods and applies the plan: adopts and releases pods,
 * creates one daemon pod per eligible node in slow-start batches — bound through a required node
 * affinity on `metadata.name` (the scheduler binds it; `nodeName` is never set) and carrying the
 * daemon tolerations — deletes pods on nodes that may no longer keep them (an untolerated
 * NoExecute taint, a changed selector), failed pods (under a per-node back-off) and extra pods,
 * runs RollingUpdate steps (`maxUnavailable` / `maxSurge`; OnDelete replaces nothing), writes the
 * status when it changed, and requeues for the failed-pod back-off and `minReadySeconds`.
 *
 * Pods are indexed by owner uid from the Pod watch, and nodes cached from the Node watch; a node
 * change that only touches heartbeats wakes no DaemonSet. Expectations and back-off live in memory
 * per DaemonSet key. The template hash is `computeTemplateHash(template, collisionCount)`:
 * ControllerRevision objects are not modelled (no revision history, no rollback).
 *
 * @example
 * ```ts
 * import { createDaemonSetController, MemoryStore, EventRecorder, SystemClock } from 'podkit';
 * const clock = new SystemClock();
 * const daemons = createDaemonSetController();
 * daemons.start({ store: new MemoryStore({ clock }), clock, recorder: new EventRecorder({ clock, component: 'daemonset-controller' }) });
 * ```
 */
export function createDaemonSetController(options: DaemonSetControllerOptions = {}): Controller {
  const batcher = new BatchedEnqueue(options.podBatchPeriodMs ?? 0);
  let index = new WorkloadPodIndex('DaemonSet');
  const nodes = new Map<string, Node>();
  const fingerprints = new Map<string, string>();
  const sets = new Map<string, Map<string, DaemonSet>>();
  const expectations = new Map<string, ControllerExpectations>();
  const backoffs = new Map<string, DaemonSetBackoff>();

  const allSets = (): Request[] => {
    const out: Request[] = [];
    for (const [namespace, byName] of sets) for (const name of byName.keys()) out.push({ namespace, name });
    return out;
  };

  const echoes = new StatusEchoFilter();
  const onSetEvent = (ev: WatchEvent): void => {
    const ds = ev.object as DaemonSet;
    const ns = ds.metadata.namespace ?? 'default';
    let byName = sets.get(ns);
    if (ev.type === 'Deleted') {
      byName?.delete(ds.metadata.name ?? '');
      expectations.delete(objectKey(ds));
      backoffs.delete(objectKey(ds));
      return;
    }
    if (byName === undefined) sets.set(ns, (byName = new Map()));
    byName.set(ds.metadata.name ?? '', ds);
  };

  const onPodEvent = (ev: WatchEvent): void => {
    const pod = ev.object as Pod;
    const { previous, ownerKey } = index.observe(ev as WatchEvent<Pod>);
    if (ownerKey === undefined) return;
    const exp = expectations.get(ownerKey);
    const next = podEventObserved(exp, ev.type, pod, previous);
    if (next !== undefined && next !== exp) expectations.set(ownerKey, next);
  };

  const mapPod = (obj: WatchEvent['object']): Request[] => {
    const pod = obj as Pod;
    const ns = pod.metadata.namespace ?? 'default';
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller === true);
    if (ref !== undefined) return ref.kind === 'DaemonSet' ? [{ namespace: ns, name: ref.name }] : [];
    if (pod.metadata.deletionTimestamp !== undefined) return [];
    const out: Request[] = [];
    for (const ds of sets.get(ns)?.values() ?? []) {
      if (matchesSelector(pod.metadata.labels, ds.spec.selector)) out.push({ namespace: ns, name: ds.metadata.name ?? '' });
    }
    return out;
  };

  /** Node events: keep the cache; wake every DaemonSet unless only heartbeats changed. */
  let nodeChanged = false;
  const onNodeEvent = (ev: WatchEvent): void => {
    const node = ev.object as Node;
    const name = node.metadata.name ?? '';
    nodeChanged = true;
    if (ev.type === 'Deleted') {
      nodes.delete(name);
      fingerprints.delete(name);
      return;
    }
    nodes.set(name, node);
    const fp = nodeFingerprint(node);
    if (ev.type === 'Modified' && fingerprints.get(name) === fp) nodeChanged = false;
    fingerprints.set(name, fp);
  };
  const mapNode = (): Request[] => {
    if (!nodeChanged) return [];
    nodeChanged = false;
    return allSets();
  };

  const reconcile = async (req: Request, ctx: ReconcileContext): Promise<Result> => {
    const key = requestKey({ namespace: req.namespace ?? 'default', name: req.name });
    const stored = ctx.client.tryGet('DaemonSet', req.name, req.namespace);
    if (stored === undefined) {
      expectations.delete(key);
      backoffs.delete(key);
      return {};
    }
    const uid = stored.metadata.uid ?? '';
    const plan = planDaemonSet(stored, [...nodes.values()], index.candidates(uid, stored.metadata.namespace ?? 'default'), {
      now: ctx.now(),
      hash: computeTemplateHash(stored.spec.template, stored.status?.collisionCount),
      failedPodsBackoff: backoffs.get(key),
      expectations: expectations.get(key),
      ...(options.burstReplicas === undefined ? {} : { burstReplicas: options.burstReplicas }),
    });
    for (const e of plan.events) ctx.event(stored, e.type, e.reason, e.message);
    if (plan.action === 'skip') return {};
    for (const pod of plan.release) releasePod(ctx.client, pod, uid);
    const ref = controllerRefFor(stored);
    for (const pod of plan.adopt) adoptPod(ctx.client, pod, ref);
    if (plan.expectations !== undefined) expectations.set(key, plan.expectations);
    let failed = false;
    if (plan.creates.length > 0) {
      const res = await createPods(ctx, stored, plan.creates.map((c) => c.pod));
      if (res.unmade > 0) {
        const exp = lowerExpectations(expectations.get(key), res.unmade, 0);
        if (exp !== undefined) expectations.set(key, exp);
      }
      failed = res.error !== undefined;
    }
    for (const d of plan.deletes) {
      const res = deletePod(ctx, stored, d.pod);
      if (!res.ok || res.notFound) {
        const exp = deletionObserved(expectations.get(key), d.key);
        if (exp !== undefined) expectations.set(key, exp);
      }
      if (!res.ok) failed = true;
    }
    if (plan.writeStatus) {
      const cur = ctx.client.get('DaemonSet', req.name, req.namespace);
      echoes.write(cur, plan.status, () => ctx.client.updateStatus({ ...cur, status: plan.status }));
    }
    backoffs.set(key, plan.backoff);
    if (failed || plan.error !== undefined) return { requeue: true };
    return plan.requeueAfterMs === undefined ? {} : { requeueAfter: Math.max(0, plan.requeueAfterMs) };
  };

  const controller = createController({
    name: DAEMON_SET_CONTROLLER_NAME,
    for: 'DaemonSet',
    // The echo of the controller's own status write does not need another sync.
    onEvent: (ev) => (onSetEvent(ev), !echoes.isEcho(ev)),
    // Pod events wake the owner through the batcher (see `podBatchPeriodMs`), not at once.
    owns: [{ kind: 'Pod', onEvent: (ev) => (onPodEvent(ev), batcher.add(mapPod(ev.object))), map: () => [] }],
    watches: [{ kind: 'Node', onEvent: onNodeEvent, map: mapNode }],
    reconcile,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  // A (re)start replays every object through fresh watches: start from empty caches.
  return withLifecycleHooks(controller, {
    start: (env) => {
      batcher.start(env.clock, (r) => controller.enqueue(r));
      index = new WorkloadPodIndex('DaemonSet');
      for (const m of [nodes, fingerprints, sets, expectations, backoffs]) m.clear();
    },
    stop: () => batcher.stop(),
  });
}
