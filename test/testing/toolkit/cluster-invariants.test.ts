import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestCluster, newReplicaSet, type TestCluster } from 'podkit/testing';
import { checkControllerInvariants, readyCountsAreReal, returnedNodePodsReady } from 'podkit/testing/fast-check';

const ready = (t: TestCluster) => t.list('Pod').filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));

describe('readiness invariants', () => {
  it('readyCountsAreReal tolerates the pods of a deleted Node for PodGC’s 60 s, then reports them (§L.6)', async () => {
    const t = createTestCluster({ nodes: 2, controllers: { podGc: false } });
    try {
      t.apply(newReplicaSet({ name: 'web', replicas: 4, uid: '' }));
      await t.runUntil((c) => ready(c).length === 4, { timeout: '1m' });
      const inv = readyCountsAreReal('ReplicaSet', 'web');
      expect(inv.check(t)).toBeUndefined();
      await t.stopNode('node-1');
      t.delete('Node', 'node-1');
      expect(inv.check(t)).toBeUndefined();
      await t.advance('61s');
      expect(inv.check(t)).toMatch(/^reports 4 ready, but only 2 real ready pods exist \(web-\w+@node-2, web-\w+@node-2\)$/);
    } finally {
      await t.close();
    }
  });

  it('returnedNodePodsReady reports a pod with ContainersReady=True but Ready=False on a node Ready for 30 s (§L.4)', async () => {
    const t = createTestCluster({ nodes: 1 });
    try {
      t.apply(newReplicaSet({ name: 'web', replicas: 1, uid: '' }));
      await t.runUntil((c) => ready(c).length === 1, { timeout: '1m' });
      await t.advance('1m');
      const inv = returnedNodePodsReady();
      expect(inv.check(t)).toBeUndefined();
      await t.stopNode('node-1'); // no kubelet to write the status back
      const [pod] = t.list('Pod');
      const conditions = (pod?.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const } : c));
      t.store.updateStatus({ ...pod!, status: { ...pod!.status, conditions } });
      expect(inv.check(t)).toMatch(/has ContainersReady=True but Ready=False$/);
    } finally {
      await t.close();
    }
  });

  it('addNode gives a named node a FakeRuntime and nodeNames lists it', async () => {
    const t = createTestCluster({ nodes: 1 });
    try {
      t.addNode('extra-1');
      expect(t.nodeNames()).toEqual(['node-1', 'extra-1']);
      expect(t.runtime('extra-1').available).toBe(true);
      await t.advance('1s');
      expect(t.get('Node', 'extra-1').status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    } finally {
      await t.close();
    }
  });
});

describe('checkControllerInvariants', () => {
  it('fails a step that waits on virtual time only the caller could advance, instead of hanging', async () => {
    const waits = fc.constant({ label: 'wait 1s on the clock', run: (t: TestCluster) => t.clock.sleep(1000) });
    await expect(
      checkControllerInvariants({ setup: () => createTestCluster(), actions: waits, invariants: [], steps: { min: 1, max: 1 }, numRuns: 1, shrink: false }),
    ).rejects.toThrow(/step 1 \(wait 1s on the clock\) did not settle with the clock standing still/);
  });

  it('checks quiescent invariants after each step’s wait and runs beforeSettle before the eventually check', async () => {
    const seen: string[] = [];
    await checkControllerInvariants({
      setup: () => createTestCluster(),
      actions: fc.constant({ label: 'nothing', run: () => undefined }),
      invariants: [],
      quiescent: [{ name: 'q', check: () => void seen.push('quiescent') }],
      beforeSettle: () => void seen.push('beforeSettle'),
      eventually: [{ name: 'e', check: () => void seen.push('eventually') }],
      steps: { min: 2, max: 2 },
      settle: '1s',
      numRuns: 1,
    });
    expect(seen).toEqual(['quiescent', 'quiescent', 'beforeSettle', 'quiescent', 'eventually']);
  });
});
