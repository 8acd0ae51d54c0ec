// The BatchQueue controller tested with podkit's testing toolkit: virtual time, store and runtime
// faults, matchers, and a property-based invariant check.
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import 'podkit/testing/vitest';
import { createTestCluster, type TestCluster } from 'podkit/testing';
import { checkControllerInvariants, crashNextContainerAction, deletePodAction, type ClusterAction, type Invariant } from 'podkit/testing/fast-check';
import { BatchQueue, createBatchQueueController, ITEM_ANNOTATION } from './batch-queue.js';

const ITEMS = ['a', 'b', 'c', 'd', 'e'];

function queueCluster(options: { storeFaults?: boolean; workers?: number; nodes?: number } = {}): TestCluster {
  const t = createTestCluster({ nodes: options.nodes ?? 2, recordKinds: ['BatchQueue'], ...(options.storeFaults === undefined ? {} : { storeFaults: options.storeFaults }) });
  t.addController(createBatchQueueController());
  BatchQueue.create(t.store, {
    apiVersion: 'example.podkit.dev/v1',
    kind: 'BatchQueue',
    metadata: { name: 'q' },
    spec: { workers: options.workers ?? 2, items: ITEMS, secondsPerItem: 10, image: 'busybox:1.36' },
  });
  return t;
}

const queue = (t: TestCluster) => BatchQueue.get(t.store, 'q');
const drained = (t: TestCluster): boolean => queue(t).status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true;
const liveWorkers = (t: TestCluster) => t.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('BatchQueue controller', () => {
  it('drains 5 items with 2 workers in 3 rounds of 10 s of virtual time', async () => {
    t = queueCluster();
    await t.runUntil(drained, { timeout: '5m' });
    expect(queue(t).status?.done).toEqual(ITEMS);
    expect(queue(t)).toHaveCondition('Complete', 'True');
    expect(t).toHaveEvent({ reason: 'Drained', kind: 'BatchQueue', name: 'q' });
    // history: the queue's versions show the done list growing, never shrinking.
    const doneCounts = t.history('BatchQueue', 'q').map((v) => (v as unknown as ReturnType<typeof queue>).status?.done.length ?? 0);
    expect(doneCounts).toEqual([...doneCounts].sort((a, b) => a - b));
    expect(t.clock.now() - Date.UTC(2024, 0, 1)).toBeGreaterThanOrEqual(30_000);
    expect(t.clock.now() - Date.UTC(2024, 0, 1)).toBeLessThan(60_000);
  });

  it('runs each worker pod to Succeeded with the item in its annotation', async () => {
    t = queueCluster({ workers: 1 });
    await t.runUntil((c) => c.list('Pod').some((p) => p.status?.phase === 'Running'), { timeout: '1m' });
    const [pod] = t.list('Pod');
    expect(pod).toBeInPhase('Running');
    expect(pod?.metadata.annotations?.[ITEM_ANNOTATION]).toBe('a');
    expect(pod).toHaveRestarted(0);
  });

  it('retries an item whose worker crashes and records the failure', async () => {
    t = queueCluster();
    t.runtime('node-1').inject({ fault: { type: 'exit', code: 3, afterMs: 1_000 }, times: 1 });
    t.runtime('node-2').inject({ fault: { type: 'exit', code: 3, afterMs: 1_000 }, times: 1 });
    await t.runUntil(drained, { timeout: '5m' });
    expect(queue(t).status?.done).toEqual(ITEMS);
    expect(queue(t).status?.failures).toBeGreaterThanOrEqual(1);
    expect(t).toHaveEvent({ reason: 'ItemFailed', type: 'Warning' });
  });

  it('converges despite status conflicts, failing pod creates and delayed pod events', async () => {
    t = queueCluster({ storeFaults: true });
    t.faults.conflictNextUpdates('BatchQueue', 3);
    t.faults.failNextCreates('Pod', 2);
    t.faults.delayWatchEvents('Pod', 3_000);
    await t.runUntil(drained, { timeout: '10m' });
    expect(queue(t).status?.done).toEqual(ITEMS);
    expect(t.faults.fired.createFailed).toBe(2);
    expect(t).toHaveEvent({ reason: 'ReconcileError', kind: 'BatchQueue' });
  });

  it('never runs more than `workers` pods, and does every item, under random crashes, deletions and worker changes', async () => {
    const setWorkers: fc.Arbitrary<ClusterAction> = fc.integer({ min: 0, max: 3 }).map((n) => ({
      label: `set workers to ${n}`,
      run: (c: TestCluster) => void BatchQueue.update(c.store, { ...queue(c), spec: { ...queue(c).spec, workers: n } }),
    }));
    const atMostWorkers: Invariant = {
      name: 'atMostWorkers',
      check: (c) => {
        const q = BatchQueue.tryGet(c.store, 'q');
        const n = liveWorkers(c).length;
        // Lowering `workers` lets running items finish, so the bound is the largest value ever set (3).
        return q !== undefined && n > 3 ? `${n} live workers for workers=${q.spec.workers}` : undefined;
      },
    };
    const oneWorkerPerItem: Invariant = {
      name: 'oneWorkerPerItem',
      check: (c) => {
        const items = liveWorkers(c).map((p) => p.metadata.annotations?.[ITEM_ANNOTATION]);
        return new Set(items).size === items.length ? undefined : `duplicate items among live workers: ${items.join(', ')}`;
      },
    };
    const allDone: Invariant = { name: 'allDone', check: (c) => (drained(c) && queue(c).status?.done.join() === ITEMS.join() ? undefined : JSON.stringify(queue(c).status)) };
    await checkControllerInvariants({
      setup: () => queueCluster(),
      actions: [setWorkers, crashNextContainerAction(['node-1', 'node-2']), deletePodAction()],
      invariants: [atMostWorkers, oneWorkerPerItem],
      // With workers > 0 at the end, every item must be done exactly once within the settle time.
      eventually: [{ name: 'allDone', check: (c) => (queue(c).spec.workers === 0 ? undefined : allDone.check(c)) }],
      settle: '10m',
      numRuns: 6,
      seed: 11,
    });
  });
});
