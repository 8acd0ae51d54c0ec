// Scaling, revisions and history of planDeployment, restating upstream sync_test.go (TestScale,
// TestDeploymentController_cleanupDeployment) and deployment_util_test.go (TestAnnotationUtils).
import { describe, expect, it } from 'vitest';
import { planDeployment } from 'podkit';
import { deploy, rs, sizeAfter, T0 } from './deploy-fixtures.js';

const now = T0;

interface ScaleCase {
  readonly name: string;
  readonly replicas: number;
  readonly oldReplicas: number;
  readonly maxSurge?: number;
  readonly oldMaxSurge?: number;
  /** newest first: [image, size]; the first is the new ReplicaSet unless `noNew`. */
  readonly sets: readonly (readonly [string, number])[];
  readonly expected: readonly number[];
  readonly noNew?: boolean;
  readonly newAvailable?: number;
}

// TestScale: the ReplicaSets carry the annotations the previous size wrote.
const scaleCases: ScaleCase[] = [
  { name: 'normal scaling event: 10 -> 12', replicas: 12, oldReplicas: 10, sets: [['v1', 10]], expected: [12] },
  { name: 'normal scaling event: 10 -> 5', replicas: 5, oldReplicas: 10, sets: [['v1', 10]], expected: [5] },
  { name: 'proportional scaling: 5 -> 10', replicas: 10, oldReplicas: 5, sets: [['v2', 2], ['v1', 3]], expected: [4, 6] },
  { name: 'proportional scaling: 5 -> 3', replicas: 3, oldReplicas: 5, sets: [['v2', 2], ['v1', 3]], expected: [1, 2] },
  { name: 'proportional scaling: 9 -> 4', replicas: 4, oldReplicas: 9, sets: [['v2', 8], ['v1', 1]], expected: [4, 0] },
  { name: 'proportional scaling: 7 -> 10', replicas: 10, oldReplicas: 7, sets: [['v3', 2], ['v2', 3], ['v1', 2]], expected: [3, 4, 3] },
  { name: 'proportional scaling: 13 -> 8', replicas: 8, oldReplicas: 13, sets: [['v3', 2], ['v2', 8], ['v1', 3]], expected: [1, 5, 2] },
  { name: 'leftover distribution: 3 -> 4 scales up the new ReplicaSet', replicas: 4, oldReplicas: 3, sets: [['v3', 1], ['v2', 1], ['v1', 1]], expected: [2, 1, 1] },
  { name: 'leftover distribution: 3 -> 2 scales down the oldest ReplicaSet', replicas: 2, oldReplicas: 3, sets: [['v3', 1], ['v2', 1], ['v1', 1]], expected: [1, 1, 0] },
  { name: 'proportional scaling (no new rs): 4 -> 5 scales up the latest first', replicas: 5, oldReplicas: 4, noNew: true, sets: [['v2', 2], ['v1', 2]], expected: [3, 2] },
  { name: 'proportional scaling: 6 -> 0', replicas: 0, oldReplicas: 6, sets: [['v3', 3], ['v2', 2], ['v1', 1]], expected: [0, 0, 0] },
  { name: 'proportional scaling: 0 -> 6 scales up the newest from zero', replicas: 6, oldReplicas: 0, sets: [['v3', 0], ['v2', 0], ['v1', 0]], expected: [6, 0, 0] },
  { name: 'deployment with surge pods: 10 -> 20 with maxSurge 2', replicas: 20, oldReplicas: 10, maxSurge: 2, oldMaxSurge: 2, sets: [['v2', 6], ['v1', 6]], expected: [11, 11] },
  { name: 'change both surge and size: 10 (+3) -> 50 (+6)', replicas: 50, oldReplicas: 10, maxSurge: 6, oldMaxSurge: 3, sets: [['v2', 5], ['v1', 8]], expected: [22, 34] },
];

describe('scale: proportional scaling of a Deployment changed mid-rollout (TestScale, §O.6)', () => {
  for (const c of scaleCases) {
    it(c.name, () => {
      const d = deploy({ replicas: c.replicas, maxSurge: c.maxSurge ?? 0, maxUnavailable: 0, image: c.noNew === true ? 'app:none' : `app:${c.sets[0]?.[0] ?? ''}` });
      const max = c.oldReplicas + (c.oldMaxSurge ?? 0);
      const n = c.sets.length;
      const sets = c.sets.map(([tag, size], i) =>
        rs(d, { replicas: size, image: `app:${tag}`, age: (n - i) * 10, revision: n - i, desired: c.oldReplicas, max, available: c.newAvailable ?? size }));
      const plan = planDeployment(d, sets, [], { now });
      expect(plan.creates).toEqual([]);
      expect(sets.map((s) => sizeAfter(plan, s))).toEqual(c.expected);
      // Every written ReplicaSet carries the new desired/max annotations.
      for (const u of plan.updates) {
        expect(u.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe(String(c.replicas));
        expect(u.metadata.annotations?.['deployment.kubernetes.io/max-replicas']).toBe(String(c.replicas + (c.maxSurge ?? 0)));
      }
    });
  }

  it('a saturated but broken new ReplicaSet does not affect old pods (paused, §O.6)', () => {
    const d = deploy({ replicas: 2, maxSurge: 1, maxUnavailable: 1, paused: true });
    const oldRS = rs(d, { replicas: 1, image: 'app:v1', age: 0, revision: 1, desired: 2, max: 3 });
    const newRS = rs(d, { replicas: 2, image: 'app:v2', age: 10, revision: 2, desired: 2, max: 3, available: 0 });
    const plan = planDeployment(d, [oldRS, newRS], [], { now });
    expect(sizeAfter(plan, newRS)).toBe(2);
    expect(sizeAfter(plan, oldRS)).toBe(1);
  });

  it('a saturated new ReplicaSet scales the old ones to 0 (§O.6)', () => {
    const d = deploy({ replicas: 2, maxSurge: 1, maxUnavailable: 1, paused: true });
    const oldRS = rs(d, { replicas: 1, image: 'app:v1', age: 0, revision: 1, desired: 2, max: 3 });
    const newRS = rs(d, { replicas: 2, image: 'app:v2', age: 10, revision: 2, desired: 2, max: 3, available: 2 });
    const plan = planDeployment(d, [oldRS, newRS], [], { now });
    expect(sizeAfter(plan, oldRS)).toBe(0);
  });

  it('a paused Deployment scales but never starts a rollout step (§O.6)', () => {
    const d = deploy({ replicas: 4, maxSurge: 1, maxUnavailable: 1, paused: true });
    const oldRS = rs(d, { replicas: 3, image: 'app:v1', revision: 1, desired: 3, max: 4 });
    const plan = planDeployment(d, [oldRS], [], { now });
    expect(plan.creates).toEqual([]);
    expect(sizeAfter(plan, oldRS)).toBe(4);
    expect(plan.status.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
  });

  it('resuming sets Progressing Unknown DeploymentResumed, kept while nothing progresses (§O.8)', () => {
    const status = { replicas: 1, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 };
    const pausedD = deploy({ replicas: 1, paused: true, status });
    const newRS = rs(pausedD, { replicas: 0, statusReplicas: 0, image: 'app:v2', revision: 2, age: 10, desired: 1, max: 1 });
    const oldRS = rs(pausedD, { replicas: 1, available: 0, image: 'app:v1', revision: 1, desired: 1, max: 1 });
    const paused = planDeployment(pausedD, [oldRS, newRS], [], { now }).status;
    expect(paused.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('DeploymentPaused');
    const resumed = planDeployment(deploy({ replicas: 1, status: { ...status, ...paused } }), [oldRS, newRS], [], { now });
    expect(resumed.status.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' });
  });
});

describe('revisions (SetNewReplicaSetAnnotations, TestAnnotationUtils, §O.7)', () => {
  it('rolling back to an old template reuses its ReplicaSet: next revision, old one in revision-history', () => {
    const d = deploy({ replicas: 2, maxSurge: 1, maxUnavailable: 0, image: 'app:v1' });
    const v1 = rs(d, { replicas: 0, image: 'app:v1', age: 0, revision: 1 });
    const v2 = rs(d, { replicas: 2, image: 'app:v2', age: 10, revision: 2 });
    const plan = planDeployment(d, [v1, v2], [], { now });
    const updated = plan.updates.find((u) => u.metadata.name === v1.metadata.name);
    expect(updated?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(updated?.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    // The write of the annotations comes first; the next sync takes the revision onto the Deployment.
    const next = planDeployment(d, [updated ?? v1, v2], [], { now });
    expect(next.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(sizeAfter(next, updated ?? v1)).toBe(1);
  });

  it('revision-history appends and is capped at 2000 characters by dropping the oldest', () => {
    const d = deploy({ replicas: 1, image: 'app:v1' });
    const long = Array.from({ length: 400 }, (_, i) => String(1000 + i)).join(',');
    const base = rs(d, { replicas: 0, image: 'app:v1', revision: 1999 });
    const v1 = { ...base, metadata: { ...base.metadata, annotations: { ...base.metadata.annotations, 'deployment.kubernetes.io/revision-history': long } } };
    const v2 = rs(d, { replicas: 1, image: 'app:v2', age: 10, revision: 2000 });
    const plan = planDeployment(d, [v1, v2], [], { now });
    const history = plan.updates.find((u) => u.metadata.name === v1.metadata.name)?.metadata.annotations?.['deployment.kubernetes.io/revision-history'] ?? '';
    expect(history.length).toBeLessThanOrEqual(2000);
    expect(history.endsWith(',1999')).toBe(true);
    expect(history.startsWith('1000,')).toBe(false);
  });

  it('copies the Deployment annotations to the new ReplicaSet except the skipped ones', () => {
    const base = deploy({ replicas: 1 });
    const d = { ...base, metadata: { ...base.metadata, annotations: { team: 'a', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '7' } } };
    const created = planDeployment(d, [], [], { now }).creates[0];
    expect(created?.metadata.annotations?.team).toBe('a');
    expect(created?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toBeUndefined();
    expect(created?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });
});

describe('cleanupDeployment: revisionHistoryLimit (TestDeploymentController_cleanupDeployment, §O.7)', () => {
  const complete = { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 };
  it('deletes the lowest revisions beyond the limit, only when fully scaled down and observed', () => {
    const d = deploy({ replicas: 1, revisionHistoryLimit: 1, status: complete });
    const a = rs(d, { replicas: 0, image: 'app:a', revision: 1, age: 0 });
    const b = rs(d, { replicas: 0, image: 'app:b', revision: 2, age: 1 });
    const c = rs(d, { replicas: 0, image: 'app:c', revision: 3, age: 2 });
    const cur = rs(d, { replicas: 1, image: 'app:v2', revision: 4, age: 3, desired: 1, max: 1 });
    const plan = planDeployment(d, [a, b, c, cur], [], { now });
    expect(plan.deletes.map((x) => x.metadata.name)).toEqual(['foo-appa', 'foo-appb']);
  });

  it('keeps an old ReplicaSet with pods, with replicas or with an unobserved generation', () => {
    const d = deploy({ replicas: 1, revisionHistoryLimit: 0, status: complete });
    const withPods = rs(d, { replicas: 0, statusReplicas: 1, available: 0, image: 'app:a', revision: 1 });
    const unobserved = { ...rs(d, { replicas: 0, image: 'app:b', revision: 2 }), metadata: { ...rs(d, { replicas: 0, image: 'app:b', revision: 2 }).metadata, generation: 3 } };
    const gone = rs(d, { replicas: 0, image: 'app:c', revision: 3 });
    const cur = rs(d, { replicas: 1, image: 'app:v2', revision: 4, age: 3, desired: 1, max: 1 });
    const plan = planDeployment(d, [withPods, unobserved, gone, cur], [], { now });
    expect(plan.deletes.map((x) => x.metadata.name)).toEqual(['foo-appc']);
  });

  it('does not clean up while the rollout is not complete', () => {
    const d = deploy({ replicas: 1, revisionHistoryLimit: 0 });
    const old = rs(d, { replicas: 0, image: 'app:a', revision: 1 });
    const cur = rs(d, { replicas: 1, image: 'app:v2', revision: 2, available: 0, desired: 1, max: 1 });
    expect(planDeployment(d, [old, cur], [], { now }).deletes).toEqual([]);
  });
});

describe('claiming ReplicaSets (getReplicaSetsForDeployment, §O.2)', () => {
  it('adopts a matching orphan and releases an owned ReplicaSet that no longer matches', () => {
    const d = deploy({ replicas: 1 });
    const orphanBase = rs(d, { replicas: 1, image: 'app:v2' });
    const orphan = { ...orphanBase, metadata: { ...orphanBase.metadata, ownerReferences: [] } };
    const strayBase = rs(d, { replicas: 0, image: 'app:v0' });
    const stray = { ...strayBase, metadata: { ...strayBase.metadata, labels: { app: 'other' } } };
    const plan = planDeployment(d, [orphan, stray], [], { now });
    const adopted = plan.updates.find((u) => u.metadata.name === orphan.metadata.name);
    expect(adopted?.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'foo', uid: 'uid-foo', controller: true, blockOwnerDeletion: true }]);
    const released = plan.updates.find((u) => u.metadata.name === stray.metadata.name);
    expect(released?.metadata.ownerReferences).toBeUndefined();
    expect(plan.creates).toEqual([]);
  });

  it('ignores ReplicaSets controlled by someone else, and adopts nothing while being deleted', () => {
    const d0 = deploy({ replicas: 1 });
    const foreignBase = rs(d0, { replicas: 1, image: 'app:v2' });
    const foreign = { ...foreignBase, metadata: { ...foreignBase.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', uid: 'x', controller: true }] } };
    expect(planDeployment(d0, [foreign], [], { now }).updates).toEqual([]);
    const deleting = { ...d0, metadata: { ...d0.metadata, deletionTimestamp: '2017-02-15T18:49:00Z' } };
    const orphan = { ...foreignBase, metadata: { ...foreignBase.metadata, ownerReferences: [] } };
    const plan = planDeployment(deleting, [orphan], [], { now });
    expect(plan.updates).toEqual([]);
    expect(plan.creates).toEqual([]);
  });
});

describe('syncDeployment odds and ends (§O.2, §O.8)', () => {
  it('an empty selector selects nothing: a SelectingAll warning and only observedGeneration is written', () => {
    const d = deploy({ replicas: 1 });
    const plan = planDeployment({ ...d, metadata: { ...d.metadata, generation: 4 }, spec: { ...d.spec, selector: {} } }, [], [], { now });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'SelectingAll', message: 'This deployment is selecting all pods. A non-empty selector is required.' }]);
    expect(plan.creates).toEqual([]);
    expect(plan.status).toEqual({ observedGeneration: 4 });
  });

  it('the new ReplicaSet takes the Deployment minReadySeconds (getNewReplicaSet)', () => {
    const base = deploy({ replicas: 1 });
    const d = { ...base, spec: { ...base.spec, minReadySeconds: 10 } };
    const cur = rs(d, { replicas: 1, image: 'app:v2', revision: 1, desired: 1, max: 1 });
    const updated = planDeployment(d, [{ ...cur, spec: { ...cur.spec, minReadySeconds: 0 } }], [], { now }).updates[0];
    expect(updated?.spec.minReadySeconds).toBe(10);
    expect(planDeployment(d, [], [], { now }).creates[0]?.spec.minReadySeconds).toBe(10);
  });

  it('a Deployment being deleted only gets its status: no create, no scaling', () => {
    const d0 = deploy({ replicas: 3 });
    const d = { ...d0, metadata: { ...d0.metadata, deletionTimestamp: '2017-02-15T18:49:00Z' } };
    const old = rs(d, { replicas: 1, image: 'app:v1', revision: 1 });
    const plan = planDeployment(d, [old], [], { now });
    expect(plan.creates).toEqual([]);
    expect(plan.updates).toEqual([]);
    expect(plan.status).toMatchObject({ replicas: 1, updatedReplicas: 0, availableReplicas: 1 });
  });
});
