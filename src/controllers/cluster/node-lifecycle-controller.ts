import { parseDuration, type Duration } from '../../clock/duration.js';
import { PodkitError } from '../../errors.js';
import type { Node, Pod } from '../../model/index.js';
import { isPodReady } from '../../model/pod-utils.js';
import type { StoreObject, WatchEvent } from '../../store/object-store.js';
import { NODE_MONITOR_GRACE_PERIOD_MS, NODE_STARTUP_GRACE_PERIOD_MS, nodeReadyStatus } from '../../planners/node-health.js';
import { planNodeLifecycle, type NodeLifecycleAction } from '../../planners/node-lifecycle.js';
import { podReducer } from '../../reducers/pod-reducer.js';
import { createController, type Controller, type ReconcileContext, type Request, type Result } from '../controller.js';
import { NODE_LEASE_NAMESPACE } from './node-agent.js';

/** `node-monitor-period`: how often each node is checked (5 s). */
export const NODE_MONITOR_PERIOD_MS = 5_000;

/** Options of {@link createNodeLifecycleController}. */
export interface NodeLifecycleControllerOptions {
  /** How often each node is checked (default 5 s, `node-monitor-period`). */
  readonly monitorPeriod?: Duration;
  /** Silence after which a node goes Unknown (default 50 s, `node-monitor-grace-period`). */
  readonly gracePeriod?: Duration;
  /** The same for a node that never posted status (default 60 s, `node-startup-grace-period`). */
  readonly startupGracePeriod?: Duration;
}

function isNotFound(e: unknown): boolean {
  return e instanceof PodkitError && e.code === 'not_found';
}

/**
 * The node lifecycle and taint-eviction controllers (§L) as one controller built with
 * {@link createController}: each node is reconciled when it changes and at least every
 * `monitorPeriod` (and exactly when a grace period or toleration expires), with
 * {@link planNodeLifecycle} over the node and its pods. It applies the plan:
 * - a node without heartbeat for the grace period gets Ready (and pressure conditions)
 *   `Unknown` (`NodeStatusUnknown`, "Kubelet stopped posting node status.") and the
 *   `node.kubernetes.io/unreachable` NoExecute + NoSchedule taints (removed when it is Ready
 *   again); Event `NodeNotReady`;
 * - its pods get `Ready=False` through `podReducer` (`NodeLost`), phase unchanged — also a pod
 *   that becomes Ready again while the node is not (upstream `processPod`), at once;
 * - pods whose tolerations of the NoExecute taints ran out (300 s with the default tolerations,
 *   at once without a toleration) get `DisruptionTarget` (`DeletionByTaintManager`) and are
 *   deleted gracefully: with their kubelet gone they stay Terminating until the node returns or
 *   they are force-deleted. Event `TaintManagerEviction`.
 *
 * The heartbeat is the later of the Ready condition's `lastHeartbeatTime` and the node Lease's
 * `renewTime` (`kube-node-lease/<node>`). Not modelled: zone-based eviction rate limiting and the
 * "full disruption" mode. Pods of deleted nodes are PodGC's
 * (see `createPodGcController`).
 *
 * @example
 * ```ts
 * import { createNodeLifecycleController } from 'podkit';
 * cluster.addController(createNodeLifecycleController({ gracePeriod: '40s' })); // createCluster adds one by default
 * ```
 */
export function createNodeLifecycleController(options: NodeLifecycleControllerOptions = {}): Controller {
  const period = parseDuration(options.monitorPeriod ?? NODE_MONITOR_PERIOD_MS, 'monitorPeriod');
  const grace = parseDuration(options.gracePeriod ?? NODE_MONITOR_GRACE_PERIOD_MS, 'gracePeriod');
  const startupGrace = parseDuration(options.startupGracePeriod ?? NODE_STARTUP_GRACE_PERIOD_MS, 'startupGracePeriod');
  if (period <= 0) throw new PodkitError('invalid_argument', `monitorPeriod: expected a duration > 0, received ${String(options.monitorPeriod)}.`);

  const reconcile = (request: Request, ctx: ReconcileContext): Result | void => {
    const node = ctx.client.tryGet('Node', request.name);
    if (node === undefined) return;
    const pods = ctx.client.list('Pod', { fieldSelector: { 'spec.nodeName': request.name } });
    // The heartbeat is the later of the Ready condition's and the node Lease's renewal (§L.1).
    const renewTime = ctx.client.tryGet('Lease', request.name, NODE_LEASE_NAMESPACE)?.spec?.renewTime;
    const readyBeat = node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime;
    const beats = [renewTime, readyBeat].filter((t): t is string => t !== undefined).map((t) => Date.parse(t)).filter((t) => Number.isFinite(t));
    const plan = planNodeLifecycle({
      nodes: [node],
      podsByNode: new Map([[request.name, pods]]),
      ...(beats.length === 0 ? {} : { heartbeats: new Map([[request.name, Math.max(...beats)]]) }),
      now: ctx.now(),
      gracePeriodMs: grace,
      startupGracePeriodMs: startupGrace,
    });
    const wasReady = nodeReadyStatus(node);
    for (const action of plan.actions) apply(ctx, action, wasReady);
    return { requeueAfter: Math.max(1, Math.min(period, plan.requeueAfterMs ?? period)) };
  };

  // Nodes whose Ready condition is not True, kept from the Node watch (upstream reads its node lister).
  const notReady = new Set<string>();
  const onNode = (event: WatchEvent): void => {
    const node = event.object as Node;
    const name = node.metadata.name ?? '';
    if (event.type !== 'Deleted' && nodeReadyStatus(node) !== 'True') notReady.add(name);
    else notReady.delete(name);
  };
  // Upstream processPod: a pod that becomes Ready on a node that is not (its kubelet wrote before
  // the node's heartbeat came back) is marked not ready again at once, not at the next check.
  const podOnNotReadyNode = (object: StoreObject): Request[] => {
    const pod = object as Pod;
    const nodeName = pod.spec.nodeName;
    return nodeName !== undefined && notReady.has(nodeName) && isPodReady(pod) ? [{ name: nodeName }] : [];
  };
  return createController({ name: 'node-lifecycle-controller', for: 'Node', onEvent: onNode, watches: [{ kind: 'Pod', map: podOnNotReadyNode }], reconcile });
}

function apply(ctx: ReconcileContext, action: NodeLifecycleAction, wasReady: string): void {
  const now = ctx.now();
  switch (action.type) {
    case 'SetNodeConditions': {
      const node = ctx.client.get('Node', action.nodeName);
      const next: Node = { ...node, status: { ...node.status, conditions: [...action.conditions] } };
      ctx.client.updateStatus(next);
      const ready = next.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      if (ready !== wasReady && ready !== 'True') ctx.event(node, 'Normal', 'NodeNotReady', `Node ${action.nodeName} status is now: NodeNotReady`);
      return;
    }
    case 'SetNodeTaints': {
      const node = ctx.client.get('Node', action.nodeName);
      ctx.client.update({ ...node, spec: { ...node.spec, taints: [...action.taints] } });
      return;
    }
    case 'MarkPodNotReady': {
      const pod = fresh(ctx, action.pod);
      if (pod === undefined) return;
      const next = podReducer(pod, { type: 'NodeLost', at: now });
      if (next === pod) return;
      ctx.client.updateStatus(next);
      ctx.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      return;
    }
    case 'EvictPod': {
      const pod = fresh(ctx, action.pod);
      if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) return;
      const c = action.condition;
      let next = podReducer(pod, {
        type: 'ConditionChanged',
        at: now,
        conditionType: c.type,
        status: c.status,
        ...(c.reason === undefined ? {} : { reason: c.reason }),
        ...(c.message === undefined ? {} : { message: c.message }),
      });
      // Another component's condition write must not re-mark the pod ready on a lost node.
      if (nodeReadyOf(ctx, pod) !== 'True') next = podReducer(next, { type: 'NodeLost', at: now });
      if (next !== pod) ctx.client.updateStatus(next);
      ctx.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`);
      try {
        ctx.client.delete('Pod', pod.metadata.name ?? '', { namespace: pod.metadata.namespace, preconditions: { uid: pod.metadata.uid } });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return;
    }
  }
}

/** The current version of a planned pod, unless it is gone or was replaced (another uid). */
function fresh(ctx: ReconcileContext, pod: Pod): Pod | undefined {
  const current = ctx.client.tryGet('Pod', pod.metadata.name ?? '', pod.metadata.namespace);
  return current === undefined || current.metadata.uid !== pod.metadata.uid ? undefined : current;
}

function nodeReadyOf(ctx: ReconcileContext, pod: Pod): string {
  const node = ctx.client.tryGet('Node', pod.spec.nodeName ?? '');
  return node === undefined ? 'Unknown' : nodeReadyStatus(node);
}
