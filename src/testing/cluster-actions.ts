// Random cluster faults for checkControllerInvariants: node loss (stop, delete, add back), runtime
// outages, graceful deletions and Job parallelism. Each picks its target when it runs, from the
// nodes and pods that exist then, so scenarios stay meaningful as nodes come and go.
import fc from 'fast-check';
import { PodkitError } from '../errors.js';
import { TAINT_NODE_OUT_OF_SERVICE } from '../planners/taints.js';
import type { ClusterAction } from './invariants.js';
import type { TestCluster } from './test-cluster.js';

/** How many nodes {@link addNodeAction} added to each test cluster so far. */
const added = new WeakMap<TestCluster, number>();

/** Runs a write; one that loses to a concurrent writer (`conflict`, e.g. injected by store faults) is simply not done. */
function unlessConflict(write: () => unknown): void {
  try {
    write();
  } catch (e) {
    if (!(e instanceof PodkitError && e.code === 'conflict')) throw e;
  }
}

/** The k-th of the test cluster's nodes (every node it added, whatever the state of its Node object). */
function pick(t: TestCluster, k: number): string | undefined {
  const names = t.nodeNames();
  return names.length === 0 ? undefined : names[k % names.length];
}

/**
 * Loses a node for good, as when its machine is gone: the node stops (no kubelet, no
 * heartbeats) and its Node object is deleted. Its pods are PodGC's after the quarantine; the
 * node comes back only if a later step starts it again (its kubelet then registers it anew).
 *
 * @example
 * ```ts
 * import { checkControllerInvariants, deleteNodeAction } from 'podkit/testing/fast-check';
 * await checkControllerInvariants({ setup, actions: [deleteNodeAction()], invariants });
 * ```
 */
export function deleteNodeAction(): fc.Arbitrary<ClusterAction> {
  return fc.nat({ max: 63 }).map((k) => ({
    label: `delete node #${k}`,
    run: async (t: TestCluster) => {
      const name = pick(t, k);
      if (name === undefined) return;
      await t.stopNode(name);
      if (t.tryGet('Node', name) !== undefined) t.delete('Node', name);
    },
  }));
}

/**
 * Adds a new FakeRuntime node named `<prefix>-<n>` (n = 1, 2, ... per cluster), at most `max`
 * times per cluster.
 *
 * @example
 * ```ts
 * import { addNodeAction } from 'podkit/testing/fast-check';
 * const grow = addNodeAction('extra', 3); // extra-1, extra-2, extra-3
 * ```
 */
export function addNodeAction(prefix = 'added', max = 4): fc.Arbitrary<ClusterAction> {
  return fc.constant({
    label: `add a ${prefix} node`,
    run: (t: TestCluster) => {
      const n = (added.get(t) ?? 0) + 1;
      if (n > max) return;
      added.set(t, n);
      t.addNode(`${prefix}-${n}`);
    },
  });
}

/**
 * Stops or starts the k-th node (a network partition of its kubelet and heartbeats, or its
 * return). Unlike `nodeOutageAction` it also reaches nodes added during the scenario.
 *
 * @example
 * ```ts
 * import { nodeStopStartAction } from 'podkit/testing/fast-check';
 * const actions = [nodeStopStartAction()];
 * ```
 */
export function nodeStopStartAction(): fc.Arbitrary<ClusterAction> {
  return fc.record({ k: fc.nat({ max: 63 }), up: fc.boolean() }).map(({ k, up }) => ({
    label: `${up ? 'start' : 'stop'} node #${k}`,
    run: async (t: TestCluster) => {
      const name = pick(t, k);
      if (name === undefined) return;
      await (up ? t.startNode(name) : t.stopNode(name));
    },
  }));
}

/**
 * Makes the k-th node's FakeRuntime unreachable or reachable again (`setAvailable`): the kubelet
 * keeps running but can neither reach its containers nor post heartbeats.
 *
 * @example
 * ```ts
 * import { runtimeOutageAction } from 'podkit/testing/fast-check';
 * const actions = [runtimeOutageAction()];
 * ```
 */
export function runtimeOutageAction(): fc.Arbitrary<ClusterAction> {
  return fc.record({ k: fc.nat({ max: 63 }), up: fc.boolean() }).map(({ k, up }) => ({
    label: `runtime of node #${k} ${up ? 'answers again' : 'stops answering'}`,
    run: (t: TestCluster) => {
      const name = pick(t, k);
      if (name !== undefined) t.runtime(name).setAvailable(up);
    },
  }));
}

/**
 * Crashes a container on the k-th node: a running one (or the next to start) exits with a random
 * non-zero code after a random delay.
 *
 * @example
 * ```ts
 * import { crashContainerAction } from 'podkit/testing/fast-check';
 * const actions = [crashContainerAction()];
 * ```
 */
export function crashContainerAction(): fc.Arbitrary<ClusterAction> {
  return fc.record({ k: fc.nat({ max: 63 }), code: fc.integer({ min: 1, max: 255 }), after: fc.integer({ min: 0, max: 20_000 }) }).map(({ k, code, after }) => ({
    label: `a container on node #${k} exits ${code} after ${after}ms`,
    run: (t: TestCluster) => {
      const name = pick(t, k);
      if (name !== undefined) t.runtime(name).inject({ fault: { type: 'exit', code, afterMs: after }, times: 1 });
    },
  }));
}

/**
 * Deletes the k-th live pod with its default grace period (`kubectl delete pod`).
 *
 * @example
 * ```ts
 * import { gracefulDeletePodAction } from 'podkit/testing/fast-check';
 * const actions = [gracefulDeletePodAction()];
 * ```
 */
export function gracefulDeletePodAction(): fc.Arbitrary<ClusterAction> {
  return fc.nat({ max: 50 }).map((k) => ({
    label: `delete live pod #${k} gracefully`,
    run: (t: TestCluster) => {
      const pods = t.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
      const pod = pods.length === 0 ? undefined : pods[k % pods.length];
      if (pod?.metadata.name !== undefined) t.delete('Pod', pod.metadata.name, { namespace: pod.metadata.namespace });
    },
  }));
}

/**
 * Sets a Job's `spec.parallelism` to a random value in `[min, max]` (a write that hits a
 * conflict is skipped).
 *
 * @example
 * ```ts
 * import { jobParallelismAction } from 'podkit/testing/fast-check';
 * const actions = [jobParallelismAction('batch', 1, 5)];
 * ```
 */
export function jobParallelismAction(job: string, min: number, max: number): fc.Arbitrary<ClusterAction> {
  return fc.integer({ min, max }).map((n) => ({
    label: `set parallelism of job ${job} to ${n}`,
    run: (t: TestCluster) => {
      const j = t.tryGet('Job', job);
      if (j !== undefined && j.spec.parallelism !== n) unlessConflict(() => t.store.update({ ...j, spec: { ...j.spec, parallelism: n } }));
    },
  }));
}

/**
 * Puts the `node.kubernetes.io/out-of-service:NoExecute` taint on the k-th node, or takes it off
 * (what an operator does after a non-graceful node shutdown): PodGC then force-deletes the node's
 * terminating pods while it is not Ready, and pods that do not tolerate the taint are evicted.
 * A write that hits a conflict is skipped.
 *
 * @example
 * ```ts
 * import { outOfServiceAction } from 'podkit/testing/fast-check';
 * const actions = [outOfServiceAction()];
 * ```
 */
export function outOfServiceAction(): fc.Arbitrary<ClusterAction> {
  return fc.record({ k: fc.nat({ max: 63 }), on: fc.boolean() }).map(({ k, on }) => ({
    label: `${on ? 'taint' : 'untaint'} node #${k} out-of-service`,
    run: (t: TestCluster) => {
      const name = pick(t, k);
      const node = name === undefined ? undefined : t.tryGet('Node', name);
      if (node === undefined) return;
      const others = (node.spec?.taints ?? []).filter((x) => x.key !== TAINT_NODE_OUT_OF_SERVICE);
      const taints = on ? [...others, { key: TAINT_NODE_OUT_OF_SERVICE, value: 'nodeshutdown', effect: 'NoExecute' as const }] : others;
      if (taints.length === (node.spec?.taints ?? []).length && !on) return;
      unlessConflict(() => t.store.update({ ...node, spec: { ...node.spec, taints } }));
    },
  }));
}
