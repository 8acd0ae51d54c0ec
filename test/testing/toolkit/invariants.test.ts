import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestCluster, newDaemonSet, newJob, newPod, newReplicaSet, type TestCluster } from 'podkit/testing';
import {
  atMostDesiredPlusSurge,
  atMostOneDaemonPodPerNode,
  atMostOnePodPerJobIndex,
  checkControllerInvariants,
  crashNextContainerAction,
  deletePodAction,
  nodeOutageAction,
  scaleAction,
  type ClusterAction,
} from 'podkit/testing/fast-check';

const liveCount = (t: TestCluster): number => t.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded').length;

describe('built-in invariants', () => {
  it('atMostDesiredPlusSurge reports extra live pods controlled by an observed ReplicaSet', async () => {
    const t = createTestCluster();
    try {
      const [rs] = t.apply(newReplicaSet({ name: 'web', replicas: 1, uid: '' }));
      await t.runUntil((c) => c.get('ReplicaSet', 'web').status?.readyReplicas === 1, { timeout: '1m' });
      expect(atMostDesiredPlusSurge('web').check(t)).toBeUndefined();
      // A rogue second pod claiming the ReplicaSet as controller, before the controller reacts.
      const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs?.metadata.uid ?? '', controller: true };
      let seen: string | undefined;
      const sub = t.store.watch('Pod').subscribe(() => (seen ??= atMostDesiredPlusSurge('web').check(t)));
      t.store.create(newPod({ name: 'rogue', uid: '', labels: { app: 'web' }, metadata: { ownerReferences: [ref] } }));
      sub.unsubscribe();
      expect(seen).toMatch(/2 live pods for 1 desired/);
      expect(atMostDesiredPlusSurge('web', { surge: 1 }).check(t)).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('atMostOnePodPerJobIndex reports two live pods of one completion index', async () => {
    const t = createTestCluster({ controllers: { job: false } });
    try {
      const [job] = t.apply(newJob({ name: 'idx', completions: 2, completionMode: 'Indexed', uid: '' }));
      const ref = { apiVersion: 'batch/v1', kind: 'Job', name: 'idx', uid: job?.metadata.uid ?? '', controller: true };
      const pod = (name: string, index: string) => newPod({ name, uid: '', metadata: { ownerReferences: [ref], annotations: { 'batch.kubernetes.io/job-completion-index': index } } });
      t.store.create(pod('a', '0'));
      t.store.create(pod('b', '1'));
      expect(atMostOnePodPerJobIndex('idx').check(t)).toBeUndefined();
      t.store.create(pod('c', '1'));
      expect(atMostOnePodPerJobIndex('idx').check(t)).toBe('index 1 has 2 live pods: b, c');
    } finally {
      await t.close();
    }
  });

  it('atMostOneDaemonPodPerNode reports two live daemon pods bound to one node', async () => {
    const t = createTestCluster({ controllers: { daemonSet: false } });
    try {
      const [ds] = t.apply(newDaemonSet({ name: 'agent', uid: '' }));
      const ref = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: ds?.metadata.uid ?? '', controller: true };
      t.store.create(newPod({ name: 'a1', uid: '', spec: { nodeName: 'node-1' }, metadata: { ownerReferences: [ref] } }));
      expect(atMostOneDaemonPodPerNode('agent').check(t)).toBeUndefined();
      t.store.create(newPod({ name: 'a2', uid: '', spec: { nodeName: 'node-1' }, metadata: { ownerReferences: [ref] } }));
      expect(atMostOneDaemonPodPerNode('agent').check(t)).toBe('node node-1 has 2 live daemon pods: a1, a2');
    } finally {
      await t.close();
    }
  });
});

describe('checkControllerInvariants', () => {
  it('holds for the ReplicaSet controller under random scale changes, crashes, pod deletions and node outages', async () => {
    await checkControllerInvariants({
      setup: () => {
        const t = createTestCluster({ nodes: 2 });
        t.apply(newReplicaSet({ name: 'web', replicas: 2, uid: '' }));
        return t;
      },
      actions: [scaleAction('web', 0, 4), crashNextContainerAction(['node-1', 'node-2']), deletePodAction(), nodeOutageAction(['node-2'])],
      invariants: [atMostDesiredPlusSurge('web')],
      numRuns: 8,
      seed: 42,
    });
  });

  it('holds for the DaemonSet and Indexed Job controllers under crashes and pod deletions', async () => {
    await checkControllerInvariants({
      setup: () => {
        const t = createTestCluster({ nodes: 2 });
        t.apply(newDaemonSet({ name: 'agent', uid: '' }));
        t.apply(newJob({ name: 'idx', uid: '', completions: 3, parallelism: 3, completionMode: 'Indexed', containers: [{ name: 'w', image: 'busybox:1.36', command: ['sleep', '30'] }] }));
        return t;
      },
      actions: [crashNextContainerAction(['node-1', 'node-2']), deletePodAction()],
      invariants: [atMostOneDaemonPodPerNode('agent'), atMostOnePodPerJobIndex('idx')],
      numRuns: 6,
      seed: 7,
    });
  });

  it('fails with the steps and the timeline when an invariant breaks', async () => {
    const overCreate: fc.Arbitrary<ClusterAction> = fc.constant({
      label: 'create a stray pod',
      run: (t: TestCluster) => void t.store.create(newPod({ name: 'stray', uid: '' })),
    });
    const err = await checkControllerInvariants({
      setup: () => createTestCluster({ controllers: { replicaSet: false } }),
      actions: overCreate,
      invariants: [{ name: 'noPods', check: (t) => (liveCount(t) > 0 ? `${liveCount(t)} pods` : undefined) }],
      numRuns: 3,
      seed: 1,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain('noPods violated after a store change: 1 pods');
    expect(message).toContain('Steps: create a stray pod');
    expect(message).toMatch(/Added\s+Pod\/default\/stray/);
  });

  it('checks eventually-invariants only after the scenario settled', async () => {
    await checkControllerInvariants({
      setup: () => {
        const t = createTestCluster();
        t.apply(newReplicaSet({ name: 'web', replicas: 1, uid: '' }));
        return t;
      },
      actions: scaleAction('web', 0, 3),
      invariants: [],
      eventually: [
        {
          name: 'desiredRunning',
          check: (t) => {
            const rs = t.get('ReplicaSet', 'web');
            return rs.status?.readyReplicas === (rs.spec.replicas ?? 1) || (rs.spec.replicas === 0 && (rs.status?.readyReplicas ?? 0) === 0) ? undefined : JSON.stringify(rs.status);
          },
        },
      ],
      numRuns: 5,
      seed: 3,
    });
  });
});
