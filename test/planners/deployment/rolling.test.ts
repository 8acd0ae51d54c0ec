// RollingUpdate steps of planDeployment, restating upstream rolling_test.go
// (TestDeploymentController_reconcileNewReplicaSet, _reconcileOldReplicaSets,
// _cleanupUnhealthyReplicas, _scaleDownOldReplicaSetsForRollingUpdate).
import { describe, expect, it } from 'vitest';
import { planDeployment } from 'podkit';
import { deploy, rs, sizeAfter, T0 } from './deploy-fixtures.js';

const now = T0;

describe('reconcileNewReplicaSet: the new ReplicaSet grows up to replicas + maxSurge in spec replicas (§O.3)', () => {
  const cases = [
    { name: 'no surge: does not scale up', replicas: 10, maxSurge: 0, old: 10, new: 0, expected: 0 },
    { name: 'surge 2 over 10 old: scales up to 2', replicas: 10, maxSurge: 2, old: 10, new: 0, expected: 2 },
    { name: 'surge 2 over 5 old: scales up to 7', replicas: 10, maxSurge: 2, old: 5, new: 0, expected: 7 },
    { name: 'already at the surge: no change', replicas: 10, maxSurge: 2, old: 10, new: 2, expected: 2 },
    { name: 'above replicas: scales down to replicas', replicas: 10, maxSurge: 2, old: 2, new: 11, expected: 10 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = deploy({ replicas: c.replicas, maxSurge: c.maxSurge, maxUnavailable: 0 });
      // Old pods all unavailable so that no old scale-down happens in the same sync.
      const oldRS = rs(d, { replicas: c.old, image: 'app:v1', available: 0, revision: 1, age: 0 });
      const newRS = rs(d, { replicas: c.new, image: 'app:v2', available: 0, revision: 2, age: 10 });
      const plan = planDeployment(d, [oldRS, newRS], [], { now });
      expect(sizeAfter(plan, newRS)).toBe(c.expected);
      if (c.expected !== c.new) expect(sizeAfter(plan, oldRS)).toBe(c.old);
    });
  }
});

describe('reconcileOldReplicaSets: unhealthy old replicas go first, then available ones down to minAvailable (§O.4)', () => {
  const cases = [
    { name: 'maxUnavailable 0 resolves to 1 (both fenceposts 0): 10 → 9', maxUnavailable: 0, old: 10, new: 0, oldAvail: 10, newAvail: 0, expected: 9 },
    { name: 'maxUnavailable 2: 10 → 8', maxUnavailable: 2, old: 10, new: 0, oldAvail: 10, newAvail: 0, expected: 8 },
    { name: 'two unhealthy old replicas are cleaned up: 10 → 8', maxUnavailable: 2, old: 10, new: 0, oldAvail: 8, newAvail: 0, expected: 8 },
    { name: 'one unhealthy cleaned up and one available scaled down: 10 → 8', maxUnavailable: 2, old: 10, new: 0, oldAvail: 9, newAvail: 0, expected: 8 },
    { name: 'unavailable new pods block further scale-down', maxUnavailable: 2, old: 8, new: 2, oldAvail: 8, newAvail: 0, expected: 8 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = deploy({ replicas: 10, maxSurge: 0, maxUnavailable: c.maxUnavailable });
      const oldRS = rs(d, { replicas: c.old, image: 'app:v1', available: c.oldAvail, revision: 1, age: 0 });
      const newRS = rs(d, { replicas: c.new, image: 'app:v2', available: c.newAvail, revision: 2, age: 10 });
      const plan = planDeployment(d, [oldRS, newRS], [], { now });
      expect(sizeAfter(plan, newRS)).toBe(c.new);
      expect(sizeAfter(plan, oldRS)).toBe(c.expected);
    });
  }

  it('cleans up unhealthy replicas of the oldest ReplicaSet first, capped by maxScaledDown (§O.4)', () => {
    // 10 replicas, maxSurge 2, maxUnavailable 2; two old ReplicaSets of 5 (3 and 5 available).
    const d = deploy({ replicas: 10, maxSurge: 2, maxUnavailable: 2 });
    const older = rs(d, { replicas: 5, image: 'app:v0', available: 3, revision: 1, age: 0 });
    const old = rs(d, { replicas: 5, image: 'app:v1', available: 5, revision: 2, age: 5 });
    const newRS = rs(d, { replicas: 2, image: 'app:v2', available: 0, revision: 3, age: 10 });
    const plan = planDeployment(d, [older, old, newRS], [], { now });
    // maxScaledDown = 12 − 8 − 2 = 2: the two unhealthy replicas of the older one; available 8 = minAvailable, no more.
    expect(sizeAfter(plan, older)).toBe(3);
    expect(sizeAfter(plan, old)).toBe(5);
    expect(plan.events.map((e) => e.message)).toContain('Scaled down replica set foo-appv0 from 5 to 3');
  });

  it('does not scale down when availability is already at minAvailable (scaleDownOldReplicaSetsForRollingUpdate, §O.4)', () => {
    const d = deploy({ replicas: 10, maxSurge: 0, maxUnavailable: 2 });
    const oldRS = rs(d, { replicas: 10, image: 'app:v1', available: 8, revision: 1 });
    // maxScaledDown = 10 − 8 − 0 = 2 → both unhealthy go (cleanup), not the available ones.
    const plan = planDeployment(d, [oldRS], [], { now });
    expect(plan.creates).toHaveLength(1);
    expect(plan.creates[0]?.spec.replicas).toBe(0);
  });

  it('creating the new ReplicaSet at the surge is not a scale-up: old ReplicaSets scale down in the same sync (§O.3, §O.4)', () => {
    const d = deploy({ replicas: 10, maxSurge: 2, maxUnavailable: 2 });
    const oldRS = rs(d, { replicas: 10, image: 'app:v1', available: 10, revision: 1 });
    const plan = planDeployment(d, [oldRS], [], { now });
    expect(plan.creates[0]?.spec.replicas).toBe(2);
    expect(sizeAfter(plan, oldRS)).toBe(8);
  });

  it('a sync that scaled an existing new ReplicaSet up does not also scale old ones down (§O.3)', () => {
    const d = deploy({ replicas: 10, maxSurge: 2, maxUnavailable: 2 });
    const oldRS = rs(d, { replicas: 10, image: 'app:v1', available: 10, revision: 1 });
    const newRS = rs(d, { replicas: 0, image: 'app:v2', revision: 2, age: 10 });
    const plan = planDeployment(d, [oldRS, newRS], [], { now });
    expect(sizeAfter(plan, newRS)).toBe(2);
    expect(sizeAfter(plan, oldRS)).toBe(10);
  });
});

describe('creating the new ReplicaSet (getNewReplicaSet, §O.2)', () => {
  it('names it <deployment>-<hash> with the pod-template-hash label on labels, selector and template, owned, revision max+1', () => {
    const d = deploy({ replicas: 3, maxSurge: 1, maxUnavailable: 0, status: { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 } });
    const oldRS = rs(d, { replicas: 3, image: 'app:v1', revision: 4 });
    const plan = planDeployment(d, [oldRS], [], { now });
    const created = plan.creates[0];
    const hash = created?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(created?.metadata.name).toBe(`foo-${hash}`);
    expect(created?.spec.selector.matchLabels).toEqual({ app: 'foo', 'pod-template-hash': hash });
    expect(created?.spec.template.metadata?.labels).toEqual({ app: 'foo', 'pod-template-hash': hash });
    expect(created?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'foo', uid: 'uid-foo', controller: true });
    expect(created?.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '5',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    });
    expect(plan.annotations?.['deployment.kubernetes.io/revision']).toBe('5');
    expect(plan.status.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "foo-${hash}"` });
    expect(plan.events[0]?.message).toBe(`Scaled up replica set foo-${hash} from 0 to 1`);
  });

  it('a name taken by a ReplicaSet with another template is a hash collision: collisionCount + 1, requeue, no create', () => {
    const d = deploy({ replicas: 1 });
    const first = planDeployment(d, [], [], { now }).creates[0];
    if (first === undefined) throw new Error('expected a create');
    const squatter = { ...first, metadata: { ...first.metadata, uid: 'other', ownerReferences: [] }, spec: { ...first.spec, template: { ...first.spec.template, spec: { ...first.spec.template.spec, containers: [{ name: 'x', image: 'other' }] } } } };
    const plan = planDeployment(d, [squatter], [], { now });
    expect(plan.creates).toEqual([]);
    expect(plan.status.collisionCount).toBe(1);
    expect(plan.requeue).toBe(true);
    const retry = planDeployment({ ...d, status: plan.status }, [squatter], [], { now });
    expect(retry.creates[0]?.metadata.name).not.toBe(first.metadata.name);
  });
});

describe('podkit deviation: the surge counts pods an old ReplicaSet has not deleted yet (§O.3)', () => {
  it('an old ReplicaSet scaled to 5 that still has 6 active pods holds the new one back', () => {
    const d = deploy({ replicas: 6, maxSurge: 2, maxUnavailable: 1 });
    const oldRS = rs(d, { replicas: 5, statusReplicas: 5, available: 0, image: 'app:v1', revision: 1 });
    const newRS = rs(d, { replicas: 2, statusReplicas: 0, available: 0, image: 'app:v2', revision: 2, age: 10 });
    const pod = (i: number) => ({
      apiVersion: 'v1' as const,
      kind: 'Pod' as const,
      metadata: { name: `old-${i}`, namespace: 'default', labels: oldRS.spec.template.metadata?.labels ?? {}, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: oldRS.metadata.name ?? '', uid: oldRS.metadata.uid ?? '', controller: true }] },
      spec: { containers: [{ name: 'app', image: 'app:v1' }] },
      status: { phase: 'Pending' as const },
    });
    // Upstream would grow the new ReplicaSet to 3 (5 + 2 < 8); the 6th old pod is still there.
    expect(sizeAfter(planDeployment(d, [oldRS, newRS], [0, 1, 2, 3, 4, 5].map(pod), { now }), newRS)).toBe(2);
    expect(sizeAfter(planDeployment(d, [oldRS, newRS], [0, 1, 2, 3, 4].map(pod), { now }), newRS)).toBe(3);
  });
});
