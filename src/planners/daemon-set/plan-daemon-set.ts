// planDaemonSet: one pure sync of the DaemonSet controller (upstream `syncDaemonSet`, `manage`,
// `podsShouldBeOnNode`, `syncNodes`, `rollingUpdate`, `updateDaemonSetStatus`; §J).
import type { DaemonSet, Node, Pod } from '../../model/index.js';
import { defaultDaemonSet } from '../../model/defaults-workloads.js';
import { isPodReady, objectKey } from '../../model/pod-utils.js';
import { toMillis } from '../../model/time.js';
import { type ControllerExpectations, expectationsSatisfied, expectDeletions } from '../expectations.js';
import { claimPods } from '../ownership.js';
import { isPodAvailable } from '../replica-set-status.js';
import { slowStartBatches } from '../slow-start.js';
import { compareDaemonPods, CONTROLLER_REVISION_HASH_LABEL, newDaemonPod, nodeToDaemonPods, templateGeneration } from './daemon-pods.js';
import type { DaemonPodCreation, DaemonSetEvent, DaemonSetPlan, PlanDaemonSetContext } from './daemon-set-plan.js';
import { type DaemonPodBackoffEntry, failedPodsBackoffKey, gcBackoff, isInBackoff, stepBackoff } from './failed-pod-backoff.js';
import { computeTemplateHash } from './hash.js';
import { daemonSetAllowsSurge, planRollingUpdate } from './rolling-update.js';
import { type DaemonNodeFit, daemonNodeChecker } from './should-run.js';
import { calculateDaemonSetStatus, daemonSetStatusNeedsWrite } from './status.js';

/** The most daemon pods created or deleted per sync (upstream `BurstReplicas`). */
export const DAEMON_SET_BURST_REPLICAS = 250;

interface ManageState {
  readonly ds: DaemonSet;
  readonly now: number;
  readonly hash: string;
  readonly allowsSurge: boolean;
  readonly backoff: Map<string, DaemonPodBackoffEntry>;
  readonly events: DaemonSetEvent[];
  requeue: number | undefined;
  readonly createOn: string[];
  readonly deletes: Pod[];
}

/** Upstream `podsShouldBeOnNode` (§J.3) for one node; appends to `st.createOn` / `st.deletes`. */
function podsShouldBeOnNode(st: ManageState, node: Node, fit: DaemonNodeFit, pods: readonly Pod[] | undefined): void {
  const name = node.metadata.name ?? '';
  if (fit.shouldRun && pods === undefined) {
    st.createOn.push(name);
    return;
  }
  if (fit.shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of pods ?? []) {
      if (pod.metadata.deletionTimestamp !== undefined) continue;
      const phase = pod.status?.phase;
      const ref = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
      if (phase === 'Failed') {
        const key = failedPodsBackoffKey(st.ds, name);
        if (isInBackoff(st.backoff, key, st.now)) {
          const delay = (st.backoff.get(key) as DaemonPodBackoffEntry).delayMs;
          st.requeue = st.requeue === undefined ? delay : Math.min(st.requeue, delay);
          continue;
        }
        stepBackoff(st.backoff, key, st.now);
        st.events.push({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${ref} on node ${name}, will try to kill it` });
        st.deletes.push(pod);
      } else if (phase === 'Succeeded') {
        st.events.push({ type: 'Normal', reason: 'SucceededDaemonPod', message: `Found succeeded daemon pod ${ref} on node ${name}, will try to delete it` });
        st.deletes.push(pod);
      } else {
        running.push(pod);
      }
    }
    if (!st.allowsSurge) {
      if (running.length > 1) st.deletes.push(...running.sort(compareDaemonPods).slice(1));
      return;
    }
    if (running.length <= 1) {
      if (running.length === 0 && fit.shouldRun) st.createOn.push(name);
      return;
    }
    let oldestNew: Pod | undefined;
    let oldestOld: Pod | undefined;
    for (const pod of running.sort(compareDaemonPods)) {
      if (pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === st.hash) {
        if (oldestNew === undefined) {
          oldestNew = pod;
          continue;
        }
      } else if (oldestOld === undefined) {
        oldestOld = pod;
        continue;
      }
      st.deletes.push(pod);
    }
    if (oldestNew !== undefined && oldestOld !== undefined) {
      if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, st.ds.spec.minReadySeconds ?? 0, st.now)) st.deletes.push(oldestOld);
    }
    return;
  }
  for (const pod of pods ?? []) if (pod.metadata.deletionTimestamp === undefined) st.deletes.push(pod);
}

function skipPlan(ds: DaemonSet, key: string, reason: string, ctx: PlanDaemonSetContext, events: DaemonSetEvent[]): DaemonSetPlan {
  return {
    key, action: 'skip', skipReason: reason, ds, hash: ctx.hash ?? '', needsSync: false, adopt: [], release: [], creates: [],
    createBatches: [], deletes: [], status: ds.status ?? { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
    writeStatus: false, backoff: ctx.failedPodsBackoff ?? new Map(), events,
  };
}

/**
 * Plans one sync of a DaemonSet exactly as upstream `syncDaemonSet` (§J.1–§J.5). `nodes` is the
 * node list; `pods` the pods of the DaemonSet's namespace (claimed: adopt/release). A DaemonSet
 * being deleted, or whose selector selects everything, is skipped. When expectations are
 * satisfied, every node is reconciled (§J.3): a pod is created where it should run and none
 * exists; failed pods are deleted under a per-node back-off (1 s doubling to 15 min), succeeded
 * pods deleted, pods already terminating left alone, extra pods deleted (the oldest kept; with
 * surge one old and one new pod may coexist until the new one is available); pods on nodes that
 * should not keep them are deleted, as are unscheduled pods of nodes that are gone. If that needs
 * no change, a RollingUpdate step runs (§J.4). Creates and deletes are capped at `burstReplicas`
 * (250) each. The status (§J.5) is computed from the observed pods. Pure: executes nothing.
 *
 * @example
 * ```ts
 * import { planDaemonSet } from 'podkit';
 * const plan = planDaemonSet(ds, nodes, podsInNamespace, { now: clock.now(), failedPodsBackoff: backoffs.get(key) });
 * for (const { pod } of plan.creates) await store.create(pod);
 * ```
 */
export function planDaemonSet(input: DaemonSet, nodes: readonly Node[], pods: readonly Pod[], ctx: PlanDaemonSetContext): DaemonSetPlan {
  const now = toMillis(ctx.now);
  const ds = defaultDaemonSet(input);
  const key = objectKey(ds);
  if (ds.metadata.deletionTimestamp !== undefined) return skipPlan(ds, key, 'DaemonSet is being deleted', ctx, []);
  const sel = ds.spec.selector;
  if (sel.matchLabels === undefined && sel.matchExpressions === undefined) {
    return skipPlan(ds, key, 'selector selects all pods', ctx, [
      { type: 'Warning', reason: 'SelectingAll', message: 'This daemon set is selecting all pods. A non-empty selector is required.' },
    ]);
  }
  const namespace = ds.metadata.namespace ?? 'default';
  const claim = claimPods(ds, sel, pods.filter((p) => (p.metadata.namespace ?? 'default') === namespace));
  const nodePods = nodeToDaemonPods(claim.claimed);
  const hash = ctx.hash ?? computeTemplateHash(ds.spec.template, ds.status?.collisionCount);
  const generation = templateGeneration(ds);
  const checker = daemonNodeChecker(ds);
  const fits = nodes.map(checker);
  const satisfied = ctx.expectationsSatisfied ?? expectationsSatisfied(ctx.expectations, now);
  const burst = ctx.burstReplicas ?? DAEMON_SET_BURST_REPLICAS;
  const backoff = new Map(ctx.failedPodsBackoff ?? []);
  gcBackoff(backoff, now);
  const st: ManageState = {
    ds, now, hash, allowsSurge: daemonSetAllowsSurge(ds), backoff, events: [], requeue: undefined, createOn: [], deletes: [],
  };
  let creates: DaemonPodCreation[] = [];
  let deletes: Pod[] = [];
  let expectations: ControllerExpectations | undefined;
  let error: string | undefined;
  const syncNodes = (toDelete: readonly Pod[], createOn: readonly string[]): void => {
    deletes = toDelete.slice(0, burst);
    creates = createOn.slice(0, burst).map((nodeName) => ({ nodeName, pod: newDaemonPod(ds, nodeName, hash, generation) }));
    expectations = { ...expectDeletions(deletes.map(objectKey), now), add: creates.length };
  };
  if (satisfied) {
    nodes.forEach((node, i) => podsShouldBeOnNode(st, node, fits[i] as DaemonNodeFit, nodePods.get(node.metadata.name ?? '')));
    const existing = new Set(nodes.map((n) => n.metadata.name ?? ''));
    for (const [nodeName, list] of nodePods) {
      if (existing.has(nodeName)) continue;
      for (const pod of list) if ((pod.spec.nodeName ?? '') === '') st.deletes.push(pod);
    }
    syncNodes(st.deletes, st.createOn);
    if (creates.length === 0 && deletes.length === 0 && (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const fitByName = new Map<string, DaemonNodeFit>();
      nodes.forEach((n, i) => fitByName.set(n.metadata.name ?? '', fits[i] as DaemonNodeFit));
      const step = planRollingUpdate({
        ds, hash, generation, nodePods, nodeOrder: nodes.map((n) => n.metadata.name ?? ''), fits: fitByName, now,
      });
      if (step.error !== undefined) error = step.error;
      else syncNodes(step.deletes, step.createOnNodes);
    }
  }
  const status = calculateDaemonSetStatus(ds, { nodes, fits, nodePods, hash, generation, now, updateObservedGeneration: satisfied });
  let requeue = st.requeue;
  const minReady = ds.spec.minReadySeconds ?? 0;
  if (minReady > 0 && status.numberReady !== status.numberAvailable) requeue = Math.min(requeue ?? Infinity, minReady * 1000);
  return {
    key,
    action: 'sync',
    ds,
    hash,
    needsSync: satisfied,
    adopt: claim.adopt,
    release: claim.release,
    creates,
    createBatches: slowStartBatches(creates.length),
    deletes: deletes.map((pod) => ({ pod, key: objectKey(pod) })),
    ...(expectations === undefined ? {} : { expectations }),
    status,
    writeStatus: daemonSetStatusNeedsWrite(ds, status),
    backoff,
    ...(requeue === undefined ? {} : { requeueAfterMs: requeue }),
    events: st.events,
    ...(error === undefined ? {} : { error }),
  };
}
