import { PodkitError } from '../../errors.js';
import type { Pod, ReplicaSet, ReplicaSetStatus } from '../../model/index.js';
import { objectKey } from '../../model/pod-utils.js';
import {
  podEventObserved,
  deletionObserved,
  lowerExpectations,
  type ControllerExpectations,
} from '../../planners/expectations.js';
import { controllerRefFor } from '../../planners/template.js';
import { getControllerOf } from '../../planners/ownership.js';
import { planReplicaSet, REPLICA_SET_BURST_REPLICAS, type ReplicaSetPlan } from '../../planners/replica-set.js';
import { calculateReplicaSetStatus, desiredReplicas } from '../../planners/replica-set-status.js';
import { matchesSelector } from '../../planners/selector.js';
import { runSlowStart } from '../../planners/slow-start.js';
import type { ObjectStore, WatchEvent } from '../../store/object-store.js';
import { deepEqual } from '../../store/object-utils.js';
import { createController, requestKey, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import type { RateLimiter } from '../rate-limiter.js';
import { PodOwnerIndex } from './pod-owner-index.js';
import { BatchedEnqueue } from '../batched-enqueue.js';
import { StatusEchoFilter } from '../status-echo.js';
import { withLifecycleHooks } from './lifecycle-hooks.js';
import { withTemplateSpec } from '../workloads/pod-writes.js';

/** How often a conflicting status write is retried on a fresh copy before the sync fails (upstream `statusUpdateRetries`). */
const STATUS_UPDATE_RETRIES = 1;

/** Default {@link ReplicaSetControllerOptions.burstIntervalMs}. */
const DEFAULT_BURST_INTERVAL_MS = 1_000;

/** Options of {@link createReplicaSetController}. */
export interface ReplicaSetControllerOptions {
  /** Creates or deletes per sync (default 500, upstream `BurstReplicas`). */
  readonly burstReplicas?: number;
  /**
   * After a sync that created a whole burst (more pods still missing), the next creations for
   * that ReplicaSet wait this long on the controller's clock (default 1 s). Bounds the work of
   * every `advance()` on a virtual clock, where the API costs no time: a ReplicaSet of 10⁹
   * replicas creates at most one burst per interval (upstream is bounded by real API latency and
   * the controller manager's client rate limit, 20 requests/s by default). 0 turns it off.
   */
  readonly burstIntervalMs?: number;
  /** Concurrent syncs (never two for one ReplicaSet). Default 1. */
  readonly workers?: number;
  /** Back-off of failed syncs; default controller-runtime's. */
  readonly rateLimiter?: RateLimiter<string>;
}

function isConflict(e: unknown): boolean {
  return e instanceof PodkitError && e.code === 'conflict';
}

function isNotFound(e: unknown): boolean {
  return e instanceof PodkitError && e.code === 'not_found';
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The ReplicaSet key a pod's controllerRef names, if it is a ReplicaSet. */
function ownerKey(pod: Pod): string | undefined {
  const ref = getControllerOf(pod);
  return ref?.kind === 'ReplicaSet' ? `${pod.metadata.namespace ?? 'default'}/${ref.name}` : undefined;
}

/**
 * The ReplicaSet controller (upstream `pkg/controller/replicaset`, §H) built with
 * {@link createController}: a thin shell around {@link planReplicaSet}. Per sync it
 * 1. releases owned pods whose labels stopped matching and adopts matching orphans (re-reading the
 *    ReplicaSet before the first adoption; any failure aborts the sync and requeues it),
 * 2. records expectations, then creates pods from the template in slow-start batches (1, 2, 4,
 *    ...; stops after a failing batch) or deletes the pods upstream's ranking picks, at most 500,
 * 3. writes the status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
 *    observedGeneration, `ReplicaFailure` on a create/delete error) only when it changed,
 *    retrying once on a conflict with a fresh copy,
 * 4. requeues with back-off after a create/delete error, or after minReadySeconds when pods are
 *    ready but not yet available.
 *
 * Expectations are kept per ReplicaSet from the Pod watch (creations and deletions observed), so
 * a sync never acts twice on the same missing or extra pods. Pods are indexed by controller uid
 * (plus orphans by namespace): a sync costs O(its pods), not O(namespace). Templates are cookie
 * cutters: existing pods are never changed when the template changes.
 *
 * @example
 * ```ts
 * import { createCluster, createReplicaSetController } from 'podkit';
 * // createCluster registers it already; to run it on a bare store:
 * createReplicaSetController().start({ store, clock, recorder });
 * ```
 */
export function createReplicaSetController(options: ReplicaSetControllerOptions = {}): Controller {
  const expectations = new Map<string, ControllerExpectations>();
  /** Per ReplicaSet key: when it may create again after a saturated burst. */
  const nextBurstAt = new Map<string, number>();
  const burstInterval = options.burstIntervalMs ?? DEFAULT_BURST_INTERVAL_MS;
  /** Recognises the watch echo of this controller's own status writes. */
  const echoes = new StatusEchoFilter();
  let index = new PodOwnerIndex();
  let client: ObjectStore | undefined;

  const update = (key: string, fn: (e: ControllerExpectations | undefined) => ControllerExpectations | undefined): void => {
    const next = fn(expectations.get(key));
    if (next === undefined) expectations.delete(key);
    else expectations.set(key, next);
  };

  // Pod events wake their ReplicaSets once per instant, not once per event.
  const batcher = new BatchedEnqueue(0);

  const onPodEvent = (event: WatchEvent): void => {
    const ev = event as WatchEvent<Pod>;
    index.observe(ev);
    batcher.add(mapPod(ev.object));
    const pod = ev.object;
    const key = ownerKey(pod);
    if (key === undefined) return;
    update(key, (e) => podEventObserved(e, ev.type, pod));
  };

  /** Requests for a pod: its controlling ReplicaSet, or for an orphan every ReplicaSet of its namespace that selects it. */
  const mapPod = (obj: { metadata: Pod['metadata'] }): Request[] => {
    const pod = obj as Pod;
    const namespace = pod.metadata.namespace ?? 'default';
    const ref = getControllerOf(pod);
    if (ref !== undefined) return ref.kind === 'ReplicaSet' ? [{ namespace, name: ref.name }] : [];
    if (client === undefined || pod.metadata.deletionTimestamp !== undefined) return [];
    return client
      .list('ReplicaSet', { namespace })
      .filter((rs) => matchesSelector(pod.metadata.labels, rs.spec.selector))
      .map((rs) => ({ namespace, name: rs.metadata.name ?? '' }));
  };

  const relatedPods = (rs: ReplicaSet, ctx: ReconcileContext): Pod[] | undefined => {
    const owner = getControllerOf(rs);
    if (owner === undefined) return undefined;
    const siblings = ctx.client.list('ReplicaSet', { namespace: rs.metadata.namespace }).filter((r) => getControllerOf(r)?.uid === owner.uid);
    return siblings.flatMap((r) => index.owned(r.metadata.uid ?? ''));
  };

  const reconcile = async (request: Request, ctx: ReconcileContext): Promise<Result | void> => {
    const key = requestKey(request);
    const rs = ctx.client.tryGet('ReplicaSet', request.name, request.namespace);
    if (rs === undefined) {
      expectations.delete(key);
      nextBurstAt.delete(key);
      return;
    }
    const uid = rs.metadata.uid ?? '';
    const namespace = rs.metadata.namespace ?? 'default';
    const candidates = [...index.owned(uid), ...index.orphans(namespace)];
    const now = ctx.now();
    const related = relatedPods(rs, ctx);
    const burst = options.burstReplicas ?? REPLICA_SET_BURST_REPLICAS;
    const plan = planReplicaSet(rs, candidates, {
      now,
      expectations: expectations.get(key),
      ...(related === undefined ? {} : { relatedPods: related }),
      burstReplicas: burst,
    });
    // Creations wait for the next burst (deletions never do); a skipped burst changes no expectation.
    const waitMs = plan.creates.length > 0 ? (nextBurstAt.get(key) ?? now) - now : 0;
    claim(ctx, rs, plan);
    if (plan.expectations !== undefined && waitMs <= 0) expectations.set(key, plan.expectations);
    let manageError: string | undefined;
    if (waitMs <= 0 && plan.creates.length > 0) manageError = await createPods(ctx, rs, plan, (n) => update(key, (e) => lowerExpectations(e, n, 0)));
    else if (plan.deletes.length > 0) manageError = deletePods(ctx, rs, plan, (podKey) => update(key, (e) => deletionObserved(e, podKey)));
    const status = manageError === undefined ? plan.status : calculateReplicaSetStatus(rs, plan.claimed, manageError, now);
    writeStatus(ctx, rs, status, echoes);
    if (manageError !== undefined) return { requeue: true };
    // A whole burst created and pods still missing: the next burst waits (the next sync resumes).
    const missing = desiredReplicas(rs) - plan.claimed.length - plan.creates.length;
    let wait = waitMs;
    if (waitMs <= 0 && burstInterval > 0 && burst > 0 && plan.creates.length >= burst && missing > 0) {
      nextBurstAt.set(key, now + burstInterval);
      wait = burstInterval;
    }
    if (wait > 0) return { requeueAfter: plan.requeueAfterMs === undefined ? wait : Math.min(wait, plan.requeueAfterMs) };
    return plan.requeueAfterMs === undefined ? undefined : { requeueAfter: plan.requeueAfterMs };
  };

  const controller = createController({
    name: 'replicaset-controller',
    for: 'ReplicaSet',
    onEvent: (event) => {
      if (event.type === 'Deleted') {
        expectations.delete(objectKey(event.object));
        nextBurstAt.delete(objectKey(event.object));
      }
      // The echo of this controller's own status write: the sync that wrote it already acted on
      // the same inputs (pod changes wake it through the pod watch). Anything else syncs.
      if (echoes.isEcho(event)) return false;
      return undefined;
    },
    owns: [{ kind: 'Pod', onEvent: onPodEvent, map: () => [] }],
    reconcile,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
  });
  return withLifecycleHooks(controller, {
    start: (env) => {
      client = env.store;
      index = new PodOwnerIndex();
      expectations.clear();
      nextBurstAt.clear();
      batcher.start(env.clock, (request) => controller.enqueue(request));
    },
    stop: () => batcher.stop(),
  });
}

/** Releases and adopts (§H.6); throws (the sync is retried) when the ReplicaSet cannot adopt or a patch fails. */
function claim(ctx: ReconcileContext, rs: ReplicaSet, plan: ReplicaSetPlan): void {
  const uid = rs.metadata.uid;
  for (const pod of plan.release) {
    const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    const { ownerReferences: _dropped, ...rest } = pod.metadata;
    try {
      ctx.client.update({ ...pod, metadata: refs.length === 0 ? rest : { ...rest, ownerReferences: refs } });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  if (plan.adopt.length === 0) return;
  // Upstream re-reads the controller (uncached) before adopting: a deleted or replaced one must not adopt.
  const fresh = ctx.client.tryGet('ReplicaSet', rs.metadata.name ?? '', rs.metadata.namespace);
  if (fresh === undefined || fresh.metadata.uid !== uid || fresh.metadata.deletionTimestamp !== undefined) {
    throw new PodkitError('conflict', `${objectKey(rs)} is being deleted or was replaced (uid ${uid ?? ''}): cannot adopt pods`);
  }
  for (const pod of plan.adopt) {
    ctx.client.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerRefFor(rs)] } });
  }
}

/** Creates `plan.creates` in slow-start batches; returns the error message if a create failed. */
async function createPods(
  ctx: ReconcileContext,
  rs: ReplicaSet,
  plan: ReplicaSetPlan,
  lower: (count: number) => void,
): Promise<string | undefined> {
  const result = await runSlowStart(plan.creates.length, (i) => {
    const created = ctx.client.create(withTemplateSpec(plan.creates[i] as Pod, rs.spec.template.spec));
    ctx.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name ?? ''}`);
  });
  if (result.error === undefined) return undefined;
  // Failed and never-attempted creations will not be observed.
  lower(plan.creates.length - result.successes);
  const message = messageOf(result.error);
  ctx.event(rs, 'Warning', 'FailedCreate', `Error creating: ${message}`);
  return message;
}

/** Deletes `plan.deletes`; a NotFound is fine; returns the first other error's message. */
function deletePods(ctx: ReconcileContext, rs: ReplicaSet, plan: ReplicaSetPlan, observed: (podKey: string) => void): string | undefined {
  let error: string | undefined;
  for (const pod of plan.deletes) {
    try {
      ctx.client.delete('Pod', pod.metadata.name ?? '', { namespace: pod.metadata.namespace });
      ctx.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name ?? ''}`);
    } catch (e) {
      observed(objectKey(pod));
      if (isNotFound(e)) continue;
      const message = messageOf(e);
      ctx.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${message}`);
      error ??= message;
    }
  }
  return error;
}

/**
 * Writes the status if it differs (upstream `updateReplicaSetStatus`): a conflict is retried on a
 * fresh copy. The write goes through `echoes`, so its watch echo is recognised.
 */
function writeStatus(ctx: ReconcileContext, rs: ReplicaSet, status: ReplicaSetStatus, echoes: StatusEchoFilter): void {
  let target = rs;
  for (let attempt = 0; ; attempt++) {
    if (deepEqual(target.status ?? {}, status)) return;
    try {
      const current = target;
      echoes.write(current, status, () => ctx.client.updateStatus({ ...current, status }));
      return;
    } catch (e) {
      if (!isConflict(e) || attempt >= STATUS_UPDATE_RETRIES) throw e;
      const fresh = ctx.client.tryGet('ReplicaSet', rs.metadata.name ?? '', rs.metadata.namespace);
      if (fresh === undefined || fresh.metadata.uid !== rs.metadata.uid) return;
      target = fresh;
    }
  }
}
