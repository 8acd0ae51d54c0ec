// Seeded fault runs on createCluster: a VirtualClock, FakeRuntime nodes, and random node stops,
// starts, deletions and additions, runtime outages, out-of-service taints, container crashes, pod deletions and scaling
// of a ReplicaSet, an Indexed Job and a DaemonSet, for several virtual hours per seed, with the
// controllers' invariants checked at every store change and at every quiescent point.
//
// More seeds: PODKIT_FAULT_SEEDS="7,8,100-140" npx vitest run test/controllers/cluster/fault-injection.test.ts
// (PODKIT_FAULT_STEPS sets the steps per run, default 240: about 6 virtual hours).
import { describe, it } from 'vitest';
import { TAINT_NODE_OUT_OF_SERVICE } from 'podkit/model';
import { createTestCluster, newDaemonSet, newJob, newReplicaSet, type TestCluster } from 'podkit/testing';
import {
  addNodeAction,
  atMostDesiredPlusSurge,
  atMostOneDaemonPodPerNode,
  atMostOnePodPerJobIndex,
  checkControllerInvariants,
  crashContainerAction,
  deleteNodeAction,
  deletePodAction,
  gracefulDeletePodAction,
  jobParallelismAction,
  nodeStopStartAction,
  outOfServiceAction,
  readyCountsAreReal,
  returnedNodePodsReady,
  runtimeOutageAction,
  scaleAction,
  type Invariant,
} from 'podkit/testing/fast-check';

const FIXED_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** `7,8,100-140` → [7, 8, 100, ..., 140]. */
function parseSeeds(text: string | undefined): number[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').flatMap((part) => {
    const [a, b] = part.trim().split('-').map(Number);
    if (a === undefined || !Number.isInteger(a)) throw new Error(`PODKIT_FAULT_SEEDS: expected seeds like "7,8,100-140", received ${JSON.stringify(text)}`);
    if (b === undefined) return [a];
    return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
  });
}

const SEEDS = [...new Set([...FIXED_SEEDS, ...parseSeeds(process.env['PODKIT_FAULT_SEEDS'])])];
/** Steps per run: 240 steps of up to 3 minutes each are about 6 hours of virtual time. */
const STEPS = Number(process.env['PODKIT_FAULT_STEPS'] ?? 240);

function setup(): TestCluster {
  const t = createTestCluster({ nodes: 4 });
  t.apply(newReplicaSet({ name: 'web', replicas: 4, uid: '' }));
  t.apply(
    newJob({
      name: 'batch',
      uid: '',
      completions: 12,
      parallelism: 3,
      completionMode: 'Indexed',
      backoffLimit: 1_000_000,
      containers: [{ name: 'work', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sleep', '900'] }],
    }),
  );
  t.apply(newDaemonSet({ name: 'agent', uid: '' }));
  return t;
}

/** Brings every node back with its runtime, so that `eventually` can ask for convergence. */
async function heal(t: TestCluster): Promise<void> {
  for (const name of t.nodeNames()) {
    t.runtime(name).setAvailable(true);
    await t.startNode(name);
    const node = t.tryGet('Node', name);
    const taints = node?.spec?.taints ?? [];
    if (node !== undefined && taints.some((x) => x.key === TAINT_NODE_OUT_OF_SERVICE)) {
      t.store.update({ ...node, spec: { ...node.spec, taints: taints.filter((x) => x.key !== TAINT_NODE_OUT_OF_SERVICE) } });
    }
  }
}

/** After healing, the ReplicaSet and DaemonSet are back to their desired ready counts. */
const converged: Invariant = {
  name: 'converged after healing',
  check(t) {
    const rs = t.get('ReplicaSet', 'web');
    if (rs.status?.readyReplicas !== rs.spec.replicas) return `ReplicaSet web: ${rs.status?.readyReplicas ?? 0} ready of ${rs.spec.replicas ?? 1}`;
    const ds = t.get('DaemonSet', 'agent');
    const nodes = t.list('Node').length;
    if (ds.status?.numberReady !== nodes) return `DaemonSet agent: ${ds.status?.numberReady ?? 0} ready on ${nodes} nodes`;
    return undefined;
  },
};

describe('seeded fault runs on a cluster (§H ≤ desired pods, §I.7 one pod per index, §J.3 one daemon pod per node, §L node failure and PodGC, kubelet status manager)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} random faults over about ${Math.round((STEPS * 90) / 3600)} hours of virtual time keep the invariants`, { timeout: 120_000 }, async () => {
      await checkControllerInvariants({
        setup,
        seed,
        numRuns: 1,
        shrink: false,
        steps: { min: STEPS, max: STEPS },
        maxStepDuration: '3m',
        actions: [
          nodeStopStartAction(),
          nodeStopStartAction(),
          deleteNodeAction(),
          addNodeAction('extra', 3),
          runtimeOutageAction(),
          crashContainerAction(),
          crashContainerAction(),
          deletePodAction(),
          gracefulDeletePodAction(),
          scaleAction('web', 0, 7),
          jobParallelismAction('batch', 1, 5),
          outOfServiceAction(),
        ],
        invariants: [atMostDesiredPlusSurge('web'), atMostOnePodPerJobIndex('batch'), atMostOneDaemonPodPerNode('agent')],
        quiescent: [readyCountsAreReal('ReplicaSet', 'web'), readyCountsAreReal('DaemonSet', 'agent'), readyCountsAreReal('Job', 'batch'), returnedNodePodsReady()],
        beforeSettle: heal,
        settle: '10m',
        eventually: [converged],
      });
    });
  }
});
