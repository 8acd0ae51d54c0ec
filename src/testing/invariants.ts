import fc from 'fast-check';
import { parseDuration, type Duration } from '../clock/duration.js';
import { PodkitError } from '../errors.js';
import type { Pod } from '../model/index.js';
import { isPodActive } from '../model/pod-utils.js';
import type { StoreKind } from '../store/object-store.js';
import { macrotaskTurn } from './settle.js';
import type { TestCluster } from './test-cluster.js';

/** A property the cluster must hold at every change: returns a description of the violation, or `undefined`. */
export interface Invariant {
  readonly name: string;
  check(cluster: TestCluster): string | undefined;
}

/** One step of a random scenario: something that happens to the cluster (a fault, a scale change, ...). */
export interface ClusterAction {
  /** Shown in the counterexample (`scale web to 4`). */
  readonly label: string;
  run(cluster: TestCluster): void | Promise<void>;
}

/** Options of {@link checkControllerInvariants}. */
export interface CheckInvariantsOptions {
  /** Builds a fresh cluster with the objects under test (called once per run; closed after it). */
  readonly setup: () => TestCluster | Promise<TestCluster>;
  /** The random steps: an arbitrary of actions, or several (picked with `fc.oneof`). */
  readonly actions: fc.Arbitrary<ClusterAction> | readonly fc.Arbitrary<ClusterAction>[];
  /** Checked after every change of the store (Pods and workloads) and after every step. */
  readonly invariants: readonly Invariant[];
  /**
   * Checked after each step's wait, once every timer due by then has run and the work it started
   * has settled — never in the middle of an instant. For properties the controllers restore
   * within the instant that broke them (status counts, conditions that follow other objects).
   */
  readonly quiescent?: readonly Invariant[];
  /** Must hold once the scenario has settled (after `settle`), e.g. "desired replicas are running". */
  readonly eventually?: readonly Invariant[];
  /** Runs after the last step, before the settling time (e.g. bring every node back for `eventually`). */
  readonly beforeSettle?: (cluster: TestCluster) => void | Promise<void>;
  /** Steps per run (default 1 to 6). */
  readonly steps?: { readonly min?: number; readonly max?: number };
  /** Virtual time between steps, chosen at random up to this (default `30s`). */
  readonly maxStepDuration?: Duration;
  /** Virtual time given to settle after the last step before `eventually` is checked (default `5m`). */
  readonly settle?: Duration;
  /** Runs (default 20). */
  readonly numRuns?: number;
  /** fast-check seed, for replaying a failure. */
  readonly seed?: number;
  /**
   * Shrink a failing scenario to a smaller counterexample (default true). Turn it off for long
   * scenarios, where each replay costs seconds: the failure is then reported as found.
   */
  readonly shrink?: boolean;
}

const WATCHED: readonly StoreKind[] = ['Pod', 'ReplicaSet', 'Job', 'DaemonSet'];

/**
 * Property-based test of controllers on fast-check: runs `numRuns` random scenarios — a fresh
 * cluster from `setup`, then random steps drawn from `actions` (runtime faults, scale changes,
 * deletions, node stops, ...) separated by random amounts of virtual time — and checks the
 * `invariants` after every store change, `quiescent` after each step's wait, and `eventually`
 * after the scenario settles (`beforeSettle` first). A violation fails with fast-check's shrunk
 * counterexample (the list of step labels) and the cluster's timeline. Returns when every run
 * held; throws otherwise.
 *
 * What it does not do: it does not explore interleavings inside one virtual instant (the
 * VirtualClock runs same-instant work in a fixed order); random choices come from fast-check,
 * so give `seed` to replay.
 *
 * @example
 * ```ts
 * import { createTestCluster, newReplicaSet } from 'podkit/testing';
 * import { checkControllerInvariants, atMostDesiredPlusSurge, scaleAction } from 'podkit/testing/fast-check';
 * await checkControllerInvariants({
 *   setup: () => { const t = createTestCluster({ nodes: 2 }); t.apply(newReplicaSet({ name: 'web', replicas: 2 })); return t; },
 *   actions: [scaleAction('web', 0, 5), crashNextContainerAction()],
 *   invariants: [atMostDesiredPlusSurge('web')],
 * });
 * ```
 */
export async function checkControllerInvariants(options: CheckInvariantsOptions): Promise<void> {
  const raw = Array.isArray(options.actions) ? fc.oneof(...(options.actions as fc.Arbitrary<ClusterAction>[])) : (options.actions as fc.Arbitrary<ClusterAction>);
  const action = raw.map((a): ClusterAction => ({ label: a.label, run: (t) => a.run(t), [fc.toStringMethod]: () => a.label }) as ClusterAction);
  const maxStep = parseDuration(options.maxStepDuration ?? '30s', 'maxStepDuration');
  const settle = options.settle ?? '5m';
  const step = fc.record({ action, wait: fc.integer({ min: 0, max: maxStep }) });
  const scenario = fc.array(step, { minLength: options.steps?.min ?? 1, maxLength: options.steps?.max ?? 6 });

  const property = fc.asyncProperty(scenario, async (steps) => {
    const t = await options.setup();
    const violations: string[] = [];
    const check = (when: string, list: readonly Invariant[]): void => {
      if (violations.length > 0) return;
      for (const inv of list) {
        const v = inv.check(t);
        if (v !== undefined) violations.push(`${inv.name} violated ${when}: ${v}`);
      }
    };
    const subs = WATCHED.map((k) => t.store.watch(k).subscribe(() => check('after a store change', options.invariants)));
    try {
      for (const [i, s] of steps.entries()) {
        // A step is the caller: it must not wait on virtual time that only it could advance.
        const run = Promise.resolve(s.action.run(t));
        if (!(await settlesWithoutTime(run))) {
          violations.push(`step ${i + 1} (${s.action.label}) did not settle with the clock standing still: it waits on virtual time only the caller can advance`);
          break;
        }
        await run;
        check(`after step ${i + 1} (${s.action.label})`, options.invariants);
        await t.advance(s.wait);
        check(`after step ${i + 1} (${s.action.label}) and ${s.wait}ms`, options.quiescent ?? []);
        if (violations.length > 0) break;
      }
      if (violations.length === 0) {
        await options.beforeSettle?.(t);
        await t.advance(settle);
        check(`after settling ${String(settle)}`, [...options.invariants, ...(options.quiescent ?? []), ...(options.eventually ?? [])]);
      }
      if (violations.length > 0) {
        throw new PodkitError('invalid_object', `${violations[0] ?? ''}\nSteps: ${steps.map((s) => `${s.action.label}, wait ${s.wait}ms`).join('; ')}\n${t.timeline()}`);
      }
    } finally {
      for (const s of subs) s.unsubscribe();
      await t.close();
    }
  });
  const result = await fc.check(property, {
    numRuns: options.numRuns ?? 20,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.shrink === false ? { endOnFailure: true } : {}),
  });
  if (result.failed) {
    const cause = result.errorInstance;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new PodkitError(
      'invalid_object',
      `checkControllerInvariants: a scenario broke an invariant (run ${result.numRuns}, shrunk ${result.numShrinks} time(s); replay with seed ${result.seed}, path ${JSON.stringify(result.counterexamplePath)}).\n${detail}`,
      { cause, details: { seed: result.seed, path: result.counterexamplePath } },
    );
  }
}

/** True if `p` settles within a few event-loop turns while virtual time stands still. */
async function settlesWithoutTime(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let turn = 0; turn < 10 && !settled; turn++) await macrotaskTurn();
  return settled;
}

const controlledBy = (pod: Pod, uid: string | undefined): boolean => pod.metadata.ownerReferences?.some((r) => r.controller === true && r.uid === uid) === true;
const live = (pod: Pod): boolean => isPodActive(pod) && pod.metadata.deletionTimestamp === undefined;

/**
 * The ReplicaSet invariant: once the controller has observed the current spec
 * (`status.observedGeneration == metadata.generation`), it has no more than
 * `spec.replicas + surge` live (active, not terminating) pods.
 */
export function atMostDesiredPlusSurge(replicaSet: string, options: { readonly surge?: number; readonly namespace?: string } = {}): Invariant {
  const surge = options.surge ?? 0;
  return {
    name: `atMostDesiredPlusSurge(${replicaSet})`,
    check(t) {
      const rs = t.tryGet('ReplicaSet', replicaSet, options.namespace);
      if (rs === undefined || rs.status?.observedGeneration !== rs.metadata.generation) return undefined;
      const desired = rs.spec.replicas ?? 1;
      const pods = t.list('Pod', { namespace: rs.metadata.namespace }).filter((p) => controlledBy(p, rs.metadata.uid) && live(p));
      return pods.length > desired + surge ? `${pods.length} live pods for ${desired} desired (+${surge} surge): ${pods.map((p) => p.metadata.name).join(', ')}` : undefined;
    },
  };
}

/** The Indexed Job invariant: at most one live pod per completion index. */
export function atMostOnePodPerJobIndex(job: string, options: { readonly namespace?: string } = {}): Invariant {
  return {
    name: `atMostOnePodPerJobIndex(${job})`,
    check(t) {
      const j = t.tryGet('Job', job, options.namespace);
      if (j === undefined) return undefined;
      const byIndex = new Map<string, string[]>();
      for (const p of t.list('Pod', { namespace: j.metadata.namespace })) {
        const index = p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'];
        if (!controlledBy(p, j.metadata.uid) || index === undefined || !live(p)) continue;
        byIndex.set(index, [...(byIndex.get(index) ?? []), p.metadata.name ?? '']);
      }
      const dup = [...byIndex.entries()].find(([, names]) => names.length > 1);
      return dup === undefined ? undefined : `index ${dup[0]} has ${dup[1].length} live pods: ${dup[1].join(', ')}`;
    },
  };
}

/** The node a DaemonSet pod is for: its `spec.nodeName`, or the node its affinity pins it to. */
function targetNode(pod: Pod): string | undefined {
  if (pod.spec.nodeName !== undefined) return pod.spec.nodeName;
  for (const term of pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const f = term.matchFields?.find((m) => m.key === 'metadata.name' && m.operator === 'In');
    if (f?.values?.[0] !== undefined) return f.values[0];
  }
  return undefined;
}

/** The DaemonSet invariant: at most one live daemon pod per node. */
export function atMostOneDaemonPodPerNode(daemonSet: string, options: { readonly namespace?: string } = {}): Invariant {
  return {
    name: `atMostOneDaemonPodPerNode(${daemonSet})`,
    check(t) {
      const ds = t.tryGet('DaemonSet', daemonSet, options.namespace);
      if (ds === undefined) return undefined;
      const byNode = new Map<string, string[]>();
      for (const p of t.list('Pod', { namespace: ds.metadata.namespace })) {
        const node = targetNode(p);
        if (!controlledBy(p, ds.metadata.uid) || node === undefined || !live(p)) continue;
        byNode.set(node, [...(byNode.get(node) ?? []), p.metadata.name ?? '']);
      }
      const dup = [...byNode.entries()].find(([, names]) => names.length > 1);
      return dup === undefined ? undefined : `node ${dup[0]} has ${dup[1].length} live daemon pods: ${dup[1].join(', ')}`;
    },
  };
}

/** Scales a ReplicaSet to a random count in `[min, max]` (a scale that hits a write conflict, e.g. an injected one, is skipped). */
export function scaleAction(replicaSet: string, min: number, max: number): fc.Arbitrary<ClusterAction> {
  return fc.integer({ min, max }).map((n) => ({
    label: `scale ${replicaSet} to ${n}`,
    run: (t: TestCluster) => {
      try {
        t.scale('ReplicaSet', replicaSet, n);
      } catch (e) {
        if (!(e instanceof PodkitError && e.code === 'conflict')) throw e;
      }
    },
  }));
}

/** Makes the next container to start on a random node exit with a random non-zero code after a random delay (a crash). */
export function crashNextContainerAction(nodes: readonly string[] = ['node-1']): fc.Arbitrary<ClusterAction> {
  return fc.record({ node: fc.constantFrom(...nodes), code: fc.integer({ min: 1, max: 255 }), after: fc.integer({ min: 0, max: 20_000 }) }).map(({ node, code, after }) => ({
    label: `next container on ${node} exits ${code} after ${after}ms`,
    run: (t: TestCluster) => void t.runtime(node).inject({ fault: { type: 'exit', code, afterMs: after }, times: 1 }),
  }));
}

/** Force-deletes the k-th live pod (in list order), if any (a pod lost to eviction or a kubectl delete). */
export function deletePodAction(): fc.Arbitrary<ClusterAction> {
  return fc.nat({ max: 50 }).map((k) => ({
    label: `delete live pod #${k}`,
    run: (t: TestCluster) => {
      const pods = t.list('Pod').filter(live);
      const pod = pods.length === 0 ? undefined : pods[k % pods.length];
      if (pod?.metadata.name !== undefined) t.delete('Pod', pod.metadata.name, { namespace: pod.metadata.namespace, gracePeriodSeconds: 0 });
    },
  }));
}

/** Stops or starts a random node (network partition of its kubelet and heartbeats). */
export function nodeOutageAction(nodes: readonly string[]): fc.Arbitrary<ClusterAction> {
  return fc.record({ node: fc.constantFrom(...nodes), up: fc.boolean() }).map(({ node, up }) => ({
    label: `${up ? 'start' : 'stop'} node ${node}`,
    run: (t: TestCluster) => (up ? t.startNode(node) : t.stopNode(node)),
  }));
}
