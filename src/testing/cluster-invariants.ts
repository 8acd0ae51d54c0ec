// Invariants about readiness across node failures, for checkControllerInvariants' `quiescent` list.
import { parseDuration, type Duration } from '../clock/duration.js';
import type { Node, Pod } from '../model/index.js';
import { getPodCondition, isPodReady, isPodTerminal } from '../model/pod-utils.js';
import { toMillis } from '../model/time.js';
import type { Invariant } from './invariants.js';
import type { TestCluster } from './test-cluster.js';

/** When each test cluster was first seen missing a node, by node name. */
const missingSince = new WeakMap<TestCluster, Map<string, number>>();

/** Notes which nodes are missing now; returns when each was first seen missing. */
function trackMissing(t: TestCluster): Map<string, number> {
  let seen = missingSince.get(t);
  if (seen === undefined) missingSince.set(t, (seen = new Map()));
  const now = t.clock.now();
  for (const name of t.nodeNames()) {
    if (t.tryGet('Node', name) !== undefined) seen.delete(name);
    else if (!seen.has(name)) seen.set(name, now);
  }
  return seen;
}

const nodeReady = (node: Node | undefined): boolean => node?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;
const controlledBy = (pod: Pod, uid: string | undefined): boolean => pod.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === uid) === true;

/** Options of {@link readyCountsAreReal}. */
export interface ReadyCountsOptions {
  readonly namespace?: string;
  /**
   * How long pods of a deleted Node may still count (PodGC needs its check period plus the
   * quarantine: 20 s + 40 s). Default `60s`.
   */
  readonly orphanGrace?: Duration;
}

/**
 * The ready count a workload reports (`readyReplicas` of a ReplicaSet, `numberReady` of a
 * DaemonSet, `ready` of a Job) is no more than its real ready pods: pods it controls that exist,
 * are not terminal, are `Ready=True` and run on a Node that exists and is Ready. Pods of a
 * deleted Node are tolerated for `orphanGrace` (PodGC's delay, §L.6); a node that is not Ready
 * has no ready pods (the node lifecycle controller's `MarkPodsNotReady`, §L.4). Holds at
 * quiescent points: check it in `quiescent`.
 *
 * @example
 * ```ts
 * import { checkControllerInvariants, readyCountsAreReal } from 'podkit/testing/fast-check';
 * await checkControllerInvariants({ setup, actions, invariants: [], quiescent: [readyCountsAreReal('ReplicaSet', 'web')] });
 * ```
 */
export function readyCountsAreReal(kind: 'ReplicaSet' | 'DaemonSet' | 'Job', name: string, options: ReadyCountsOptions = {}): Invariant {
  const grace = parseDuration(options.orphanGrace ?? '60s', 'orphanGrace');
  return {
    name: `readyCountsAreReal(${kind} ${name})`,
    check(t) {
      const missing = trackMissing(t);
      const owner = t.tryGet(kind, name, options.namespace);
      if (owner === undefined) return undefined;
      const status = owner.status as { readyReplicas?: number; numberReady?: number; ready?: number } | undefined;
      const reported = (kind === 'ReplicaSet' ? status?.readyReplicas : kind === 'DaemonSet' ? status?.numberReady : status?.ready) ?? 0;
      const now = t.clock.now();
      const real = t.list('Pod', { namespace: owner.metadata.namespace }).filter((p) => {
        if (!controlledBy(p, owner.metadata.uid) || isPodTerminal(p) || !isPodReady(p)) return false;
        const nodeName = p.spec.nodeName ?? '';
        const node = t.tryGet('Node', nodeName);
        if (node !== undefined) return nodeReady(node);
        const since = missing.get(nodeName);
        return since !== undefined && now - since <= grace;
      });
      return reported > real.length ? `reports ${reported} ready, but only ${real.length} real ready pods exist (${real.map((p) => `${p.metadata.name ?? ''}@${p.spec.nodeName ?? '-'}`).join(', ') || 'none'})` : undefined;
    },
  };
}

/**
 * A node that has been Ready for `within` (default `30s`) has its pods' Ready condition
 * following their containers again: an active pod there with `ContainersReady=True` and no
 * readiness gates is `Ready=True`. This is what a returning kubelet's status manager restores
 * after the node lifecycle controller marked the pods not ready (§L.4, `generateAPIPodStatus`).
 * Holds at quiescent points.
 *
 * @example
 * ```ts
 * import { returnedNodePodsReady } from 'podkit/testing/fast-check';
 * const quiescent = [returnedNodePodsReady()];
 * ```
 */
export function returnedNodePodsReady(options: { readonly within?: Duration } = {}): Invariant {
  const within = parseDuration(options.within ?? '30s', 'within');
  return {
    name: 'returnedNodePodsReady',
    check(t) {
      const now = t.clock.now();
      for (const p of t.list('Pod')) {
        if (isPodTerminal(p) || p.metadata.deletionTimestamp !== undefined || (p.spec.readinessGates ?? []).length > 0) continue;
        if (getPodCondition(p, 'ContainersReady')?.status !== 'True' || isPodReady(p)) continue;
        const node = t.tryGet('Node', p.spec.nodeName ?? '');
        const ready = node?.status?.conditions?.find((c) => c.type === 'Ready');
        if (ready?.status !== 'True' || ready.lastTransitionTime === undefined || now - toMillis(ready.lastTransitionTime) < within) continue;
        return `pod ${p.metadata.name ?? ''} on ${p.spec.nodeName ?? ''} (Ready since ${ready.lastTransitionTime}) has ContainersReady=True but Ready=${getPodCondition(p, 'Ready')?.status ?? 'missing'}`;
      }
      return undefined;
    },
  };
}
