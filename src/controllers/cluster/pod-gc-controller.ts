import { parseDuration, type Duration } from '../../clock/duration.js';
import { PodkitError } from '../../errors.js';
import { planPodGc, podGcFailedStatus, POD_GC_CHECK_PERIOD_MS, POD_GC_QUARANTINE_MS, TERMINATED_POD_GC_THRESHOLD, type PodGcAction } from '../../planners/pod-gc.js';
import { createController, type Controller, type ControllerEnvironment, type ReconcileContext, type Result } from '../controller.js';

/** The name of the PodGC controller (kube-controller-manager's `pod-garbage-collector-controller`). */
export const POD_GC_CONTROLLER_NAME = 'pod-garbage-collector-controller';

/** Options of {@link createPodGcController}. */
export interface PodGcControllerOptions {
  /** How often it runs (default 20 s, upstream `gcCheckPeriod`). */
  readonly checkPeriod?: Duration;
  /** How long a missing node gets to show up before its pods are orphans (default 40 s, upstream `quarantineTime`). */
  readonly quarantine?: Duration;
  /** Terminated pods kept before the oldest are deleted (default 12 500, `--terminated-pod-gc-threshold`); 0 or less keeps them all. */
  readonly terminatedPodThreshold?: number;
}

/** The one key the controller reconciles: PodGC is a periodic sweep over the whole cluster. */
const SWEEP = { name: 'pod-gc' } as const;

function isGone(e: unknown): boolean {
  return e instanceof PodkitError && (e.code === 'not_found' || e.code === 'conflict');
}

/**
 * The pod garbage collector (upstream `pkg/controller/podgc`), a thin shell around
 * {@link planPodGc} built with {@link createController}: every `checkPeriod` (20 s) it lists every
 * pod and node and force-deletes (grace 0, with a uid precondition) the pods the plan names:
 * terminated pods over `terminatedPodThreshold` (oldest first, evicted ones before them), pods
 * terminating on a node that is not Ready and has the `node.kubernetes.io/out-of-service` taint,
 * pods bound to a node that is still missing after the 40 s quarantine (so a Node deleted with
 * its kubelet gone no longer leaves `Running` ghosts that count as ready replicas), and
 * terminating pods that were never scheduled. A pod that is not terminal is first written with
 * phase `Failed` — an orphan also with `DisruptionTarget` (`DeletionByPodGC`, "PodGC: node no
 * longer exists") — so that a Job counts it as failed. Like upstream it records no Events.
 *
 * Not modelled: the second GET upstream issues to confirm a node is gone (the store is the
 * informer here), parallel deletions, metrics.
 *
 * @example
 * ```ts
 * import { createCluster } from 'podkit';
 * // createCluster runs one by default; tune or leave it out with controllers.podGc.
 * const cluster = createCluster({ controllers: { podGc: { terminatedPodThreshold: 100 } } });
 * ```
 */
export function createPodGcController(options: PodGcControllerOptions = {}): Controller {
  const period = parseDuration(options.checkPeriod ?? POD_GC_CHECK_PERIOD_MS, 'checkPeriod');
  const quarantineMs = parseDuration(options.quarantine ?? POD_GC_QUARANTINE_MS, 'quarantine');
  const threshold = options.terminatedPodThreshold ?? TERMINATED_POD_GC_THRESHOLD;
  if (period <= 0) throw new PodkitError('invalid_argument', `checkPeriod: expected a duration > 0, received ${String(options.checkPeriod)}.`, { details: { field: 'checkPeriod' } });
  if (quarantineMs < 0) throw new PodkitError('invalid_argument', `quarantine: expected a duration >= 0, received ${String(options.quarantine)}.`, { details: { field: 'quarantine' } });
  if (!Number.isInteger(threshold)) {
    throw new PodkitError('invalid_argument', `terminatedPodThreshold: expected an integer, received ${String(options.terminatedPodThreshold)}.`, { details: { field: 'terminatedPodThreshold' } });
  }
  let quarantine: ReadonlyMap<string, number> = new Map();

  const reconcile = (_: unknown, ctx: ReconcileContext): Result => {
    const plan = planPodGc({
      pods: ctx.client.list('Pod'),
      nodes: ctx.client.list('Node'),
      now: ctx.now(),
      quarantine,
      terminatedPodThreshold: threshold,
      quarantineMs,
    });
    quarantine = plan.quarantine;
    for (const action of plan.actions) forceDelete(ctx, action);
    return { requeueAfter: period };
  };

  // Every watch event is filtered out: the sweep runs on its period only (upstream wait.Until).
  const inner = createController({ name: POD_GC_CONTROLLER_NAME, for: 'Node', onEvent: () => false, reconcile });
  return {
    name: inner.name,
    get idle() {
      return inner.idle;
    },
    get errorCount() {
      return inner.errorCount;
    },
    enqueue: (request) => inner.enqueue(request),
    start(env: ControllerEnvironment) {
      inner.start(env);
      quarantine = new Map();
      // The first sweep runs at once, then every period (upstream's wait.Until once its caches synced).
      inner.enqueue(SWEEP);
    },
    stop: () => inner.stop(),
  };
}

/** Upstream `markFailedAndDeletePodWithCondition`, on the current version of the planned pod. */
function forceDelete(ctx: ReconcileContext, action: PodGcAction): void {
  const { name = '', namespace, uid } = action.pod.metadata;
  const pod = ctx.client.tryGet('Pod', name, namespace);
  if (pod === undefined || pod.metadata.uid !== uid) return;
  try {
    const phase = pod.status?.phase;
    if (action.markFailed && phase !== 'Succeeded' && phase !== 'Failed') {
      ctx.client.updateStatus({ ...pod, status: podGcFailedStatus(pod, action.condition, ctx.now()) });
    }
    ctx.client.delete('Pod', name, { namespace, gracePeriodSeconds: 0, preconditions: { uid } });
  } catch (e) {
    // Gone or replaced meanwhile: nothing left to collect. Anything else fails the sweep (retried with back-off).
    if (!isGone(e)) throw e;
  }
}
