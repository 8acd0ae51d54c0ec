// Seeded fault runs of a Deployment: random rollouts (image changes) mixed with container crashes,
// pod deletions, node stops/starts and node deletions on a 4-node fake cluster, with the rollout
// bounds checked at every store change (§O.3, §O.4) and convergence after healing.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { isPodReady, type Deployment, type Pod, type ReplicaSet } from 'podkit';
import { createTestCluster, newDeployment, type TestCluster } from 'podkit/testing';
import {
  checkControllerInvariants,
  crashContainerAction,
  deleteNodeAction,
  deletePodAction,
  gracefulDeletePodAction,
  nodeStopStartAction,
  type ClusterAction,
  type Invariant,
} from 'podkit/testing/fast-check';

/** More seeds: PODKIT_FAULT_SEEDS="6-40" (a range or a comma list). */
const EXTRA = (process.env['PODKIT_FAULT_SEEDS'] ?? '').split(',').filter((x) => x.trim() !== '').flatMap((part) => {
  const [a, b] = part.split('-').map(Number);
  return a === undefined || !Number.isInteger(a) ? [] : b === undefined ? [a] : Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);
});
const SEEDS = [...new Set([1, 2, 3, 4, 5, ...EXTRA])];
const STEPS = Number(process.env['PODKIT_FAULT_STEPS'] ?? 60);
const REPLICAS = 6;
const MAX_SURGE = 2;
const MAX_UNAVAILABLE = 1;

async function setup(): Promise<TestCluster> {
  const t = createTestCluster({ nodes: 4 });
  t.apply(newDeployment({
    name: 'web',
    uid: '',
    replicas: REPLICAS,
    containers: [{ name: 'app', image: 'busybox:1.30', imagePullPolicy: 'IfNotPresent', command: ['sleep', '36000'] }],
    spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: MAX_SURGE, maxUnavailable: MAX_UNAVAILABLE } } },
  }));
  // The first rollout starts from a running Deployment (not while its first pods are being created).
  await t.runUntil((x) => x.get('Deployment', 'web').status?.availableReplicas === REPLICAS, { timeout: '5m' });
  return t;
}

const webSets = (t: TestCluster): ReplicaSet[] => t.list('ReplicaSet').filter((r) => r.metadata.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === 'web') === true);
const webPods = (t: TestCluster): Pod[] => t.list('Pod').filter((p) => p.metadata.labels?.app === 'web');
const active = (t: TestCluster): Pod[] => webPods(t).filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');

/** Sets the container image to busybox:1.<n> (a new rollout, or a rollback to an earlier tag). */
function rolloutAction(): fc.Arbitrary<ClusterAction> {
  return fc.integer({ min: 30, max: 34 }).map((n) => ({
    label: `roll web out to busybox:1.${n}`,
    run: (t: TestCluster) => {
      const d = t.get('Deployment', 'web');
      const tpl = d.spec.template;
      const next: Deployment = { ...d, spec: { ...d.spec, template: { ...tpl, spec: { ...tpl.spec, containers: tpl.spec.containers.map((c) => ({ ...c, image: `busybox:1.${n}` })) } } } };
      try {
        t.store.update(next);
      } catch {
        // a conflicting write is skipped, as a client would retry later
      }
    },
  }));
}

const surge: Invariant = {
  name: `at most replicas + maxSurge (${REPLICAS + MAX_SURGE}) active pods and Σ ReplicaSet replicas (§O.3)`,
  check(t) {
    const n = active(t).length;
    if (n > REPLICAS + MAX_SURGE) return `${n} active web pods: ${active(t).map((p) => `${p.metadata.name ?? ''}/${p.status?.phase ?? ''}`).join(' ')}; sets ${webSets(t).map((r) => `${r.metadata.name ?? ''}=${r.spec.replicas ?? 1}`).join(' ')}`;
    const sum = webSets(t).reduce((s, r) => s + (r.spec.replicas ?? 1), 0);
    return sum > REPLICAS + MAX_SURGE ? `Σ spec.replicas = ${sum}` : undefined;
  },
};

/**
 * A scale-down by the controller never takes the reported availability (Σ min(spec, available))
 * below replicas − maxUnavailable, unless it already was (faults make pods unavailable behind the
 * controller's back; then only unhealthy replicas may go, §O.4).
 */
function scaleDownKeepsAvailability(): Invariant {
  let last = new Map<string, { spec: number; available: number }>();
  const reported = (m: Map<string, { spec: number; available: number }>): number => [...m.values()].reduce((s, x) => s + Math.min(x.spec, x.available), 0);
  return {
    name: `a scale-down keeps Σ min(spec, available) ≥ ${REPLICAS - MAX_UNAVAILABLE} (§O.4)`,
    check(t) {
      const now = new Map(webSets(t).map((r) => [r.metadata.uid ?? '', { spec: r.spec.replicas ?? 1, available: r.status?.availableReplicas ?? 0 }]));
      const before = last;
      last = now;
      const decreased = [...now].some(([uid, x]) => (before.get(uid)?.spec ?? x.spec) > x.spec && before.get(uid)?.available === x.available);
      if (!decreased) return undefined;
      const after = reported(now);
      const floor = Math.min(REPLICAS - MAX_UNAVAILABLE, reported(before));
      return after < floor ? `scale-down left Σ min(spec, available) = ${after} < ${floor}` : undefined;
    },
  };
}

async function heal(t: TestCluster): Promise<void> {
  for (const name of t.nodeNames()) {
    t.runtime(name).setAvailable(true);
    await t.startNode(name);
  }
}

const rolledOut: Invariant = {
  name: 'the latest template is rolled out after healing',
  check(t) {
    const d = t.get('Deployment', 'web');
    const image = d.spec.template.spec.containers[0]?.image;
    const s = d.status;
    if (s?.observedGeneration !== d.metadata.generation || s?.updatedReplicas !== REPLICAS || s?.availableReplicas !== REPLICAS || s?.replicas !== REPLICAS) return `status ${JSON.stringify(s)}`;
    const pods = active(t);
    if (pods.length !== REPLICAS || !pods.every((p) => p.spec.containers[0]?.image === image && isPodReady(p))) return `${pods.length} active pods, images ${pods.map((p) => p.spec.containers[0]?.image).join(',')}`;
    return undefined;
  },
};

describe('seeded fault runs of a Deployment (§O.3, §O.4)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} random rollouts and faults keep the surge and availability bounds, and the rollout completes`, { timeout: 120_000 }, async () => {
      await checkControllerInvariants({
        setup,
        seed,
        numRuns: 1,
        shrink: false,
        steps: { min: STEPS, max: STEPS },
        maxStepDuration: '2m',
        actions: [rolloutAction(), rolloutAction(), crashContainerAction(), deletePodAction(), gracefulDeletePodAction(), nodeStopStartAction(), deleteNodeAction()],
        invariants: [surge, scaleDownKeepsAvailability()],
        beforeSettle: heal,
        settle: '15m',
        eventually: [rolledOut],
      });
    });
  }
});
