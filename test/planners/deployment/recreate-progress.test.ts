// Recreate and progress of planDeployment, restating upstream recreate_test.go
// (TestScaleDownOldReplicaSets, TestOldPodsRunning) and progress_test.go (TestRequeueStuckDeployment,
// TestSyncRolloutStatus).
import { describe, expect, it } from 'vitest';
import { planDeployment } from 'podkit';
import { deploymentRolloutStatus, stuckDeploymentRequeueMs } from 'podkit/planners';
import type { Deployment, DeploymentCondition, Pod, PodPhase, ReplicaSet } from 'podkit';
import { deploy, rs, sizeAfter, T0, ts } from './deploy-fixtures.js';

const now = T0;

function podOf(owner: ReplicaSet, phase: PodPhase, name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: owner.spec.template.metadata?.labels ?? {}, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true }] },
    spec: { containers: [{ name: 'app', image: 'x' }] },
    status: { phase },
  };
}

describe('Recreate: old ReplicaSets to 0, then wait for every old pod to be gone (§O.5)', () => {
  it('scales the old ReplicaSets to 0 and stops there (TestScaleDownOldReplicaSets)', () => {
    const d = deploy({ replicas: 3, strategy: 'Recreate' });
    const old = rs(d, { replicas: 3, image: 'app:v1', revision: 1 });
    const plan = planDeployment(d, [old], [], { now });
    expect(sizeAfter(plan, old)).toBe(0);
    expect(plan.creates).toEqual([]);
  });

  const cases: { name: string; statusReplicas: number; phases: PodPhase[]; running: boolean }[] = [
    { name: 'no old pods and no status replicas: creates the new ReplicaSet', statusReplicas: 0, phases: [], running: false },
    { name: 'old ReplicaSet without pods but with status replicas: waits', statusReplicas: 1, phases: [], running: true },
    { name: 'only terminal (Failed, Succeeded) old pods: creates', statusReplicas: 0, phases: ['Failed', 'Succeeded'], running: false },
    { name: 'an old pod in phase Unknown: waits', statusReplicas: 0, phases: ['Unknown'], running: true },
    { name: 'a Pending old pod: waits', statusReplicas: 0, phases: ['Pending'], running: true },
    { name: 'a Running old pod: waits', statusReplicas: 0, phases: ['Running'], running: true },
    { name: 'terminal pods and one Pending: waits', statusReplicas: 0, phases: ['Failed', 'Succeeded', 'Pending'], running: true },
  ];
  for (const c of cases) {
    it(`${c.name} (TestOldPodsRunning)`, () => {
      const d = deploy({ replicas: 2, strategy: 'Recreate' });
      const old = rs(d, { replicas: 0, statusReplicas: c.statusReplicas, available: 0, image: 'app:v1', revision: 1 });
      const pods = c.phases.map((p, i) => podOf(old, p, `old-${i}`));
      const plan = planDeployment(d, [old], pods, { now });
      expect(plan.creates.length).toBe(c.running ? 0 : 1);
      if (!c.running) expect(plan.creates[0]?.spec.replicas).toBe(2);
    });
  }

  it('a terminating (deletionTimestamp) old pod still counts: no overlap (§O.5)', () => {
    const d = deploy({ replicas: 2, strategy: 'Recreate' });
    const old = rs(d, { replicas: 0, statusReplicas: 0, available: 0, image: 'app:v1', revision: 1 });
    const pod = podOf(old, 'Running', 'old-0');
    const terminating = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: ts(T0) } };
    expect(planDeployment(d, [old], [terminating], { now }).creates).toEqual([]);
  });

  it('pods of the new ReplicaSet are not old pods: an existing new ReplicaSet is scaled up', () => {
    const d = deploy({ replicas: 2, strategy: 'Recreate' });
    const old = rs(d, { replicas: 0, statusReplicas: 0, available: 0, image: 'app:v1', revision: 1 });
    const cur = rs(d, { replicas: 0, image: 'app:v2', revision: 2, age: 5 });
    const plan = planDeployment(d, [old, cur], [podOf(cur, 'Running', 'new-0')], { now });
    expect(sizeAfter(plan, cur)).toBe(2);
  });
});

const pds = 60;
const testTime = ts(T0);
const failedTimedOut: DeploymentCondition = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' };
const newRSAvailable: DeploymentCondition = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', lastUpdateTime: testTime, lastTransitionTime: testTime };
const replicaSetUpdated: DeploymentCondition = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: testTime, lastTransitionTime: testTime };

/** upstream `currentDeployment(pds, replicas, statusReplicas, updatedReplicas, availableReplicas, conditions)`. */
function current(deadline: number | undefined, replicas: number, statusReplicas: number, updated: number, available: number, conditions?: DeploymentCondition[]): Deployment {
  const d = deploy({ replicas, status: { replicas: statusReplicas, updatedReplicas: updated, availableReplicas: available, ...(conditions === undefined ? {} : { conditions }) } });
  const spec = { ...d.spec };
  if (deadline === undefined) delete spec.progressDeadlineSeconds;
  else spec.progressDeadlineSeconds = deadline;
  return { ...d, metadata: { ...d.metadata, generation: 0 }, spec };
}

describe('requeueStuckDeployment: when to look at the deadline again (TestRequeueStuckDeployment, §O.9)', () => {
  const stuck: DeploymentCondition[] = [{ type: 'Progressing', status: 'True', lastUpdateTime: testTime }];
  const status = (replicas: number, updated: number, available: number) => ({ replicas, updatedReplicas: updated, availableReplicas: available, observedGeneration: 0 });
  const cases: { name: string; d: Deployment; status: ReturnType<typeof status>; at: number; expected: number | undefined }[] = [
    { name: 'no progressDeadlineSeconds: never', d: current(undefined, 4, 3, 3, 2), status: status(3, 3, 2), at: T0, expected: undefined },
    { name: 'no Progressing condition: never', d: current(pds, 4, 3, 3, 2), status: status(3, 2, 1), at: T0, expected: undefined },
    { name: 'complete: never', d: current(pds, 3, 3, 3, 3), status: status(3, 3, 3), at: T0, expected: undefined },
    { name: 'already failed: never', d: current(pds, 3, 3, 3, 0, [failedTimedOut]), status: status(3, 3, 0), at: T0, expected: undefined },
    { name: 'stuck for 30s of 60s: in 30s (+1s skew)', d: current(pds, 3, 3, 3, 1, stuck), status: status(3, 3, 1), at: T0 + 30_000, expected: 31_000 },
    { name: 'stuck for 59s: in 1s (+1s)', d: current(pds, 3, 3, 3, 1, stuck), status: status(3, 3, 1), at: T0 + 59_000, expected: 2_000 },
    { name: 'less than a second left: now', d: current(pds, 3, 3, 3, 1, stuck), status: status(3, 3, 1), at: T0 + 59_500, expected: 0 },
    { name: 'at the deadline: now', d: current(pds, 3, 3, 3, 1, stuck), status: status(3, 3, 1), at: T0 + 60_000, expected: 0 },
    { name: '60s past the deadline: now', d: current(pds, 3, 3, 3, 1, stuck), status: status(3, 3, 1), at: T0 + 120_000, expected: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const st = { ...c.status, ...(c.d.status?.conditions === undefined ? {} : { conditions: c.d.status.conditions }) };
      expect(stuckDeploymentRequeueMs(c.d, st, c.at)).toBe(c.expected);
    });
  }
});

/** upstream `newRSWithAvailable(name, specReplicas, statusReplicas, availableReplicas)`. */
function rsAvail(d: Deployment, image: string, spec: number, statusReplicas: number, available: number): ReplicaSet {
  const r = rs(d, { replicas: spec, statusReplicas, available, image });
  return { ...r, status: { replicas: statusReplicas, availableReplicas: available } };
}

describe('syncRolloutStatus: the Progressing condition (TestSyncRolloutStatus, §O.9)', () => {
  const later = T0 + 3_600_000;
  const progressing = (d: Deployment, all: ReplicaSet[], newRS: ReplicaSet | undefined) =>
    deploymentRolloutStatus(d, newRS === undefined ? all : [...all, newRS], newRS, later).conditions?.find((c) => c.type === 'Progressing');

  it('no progress deadline: the Progressing condition is removed', () => {
    const d = current(undefined, 3, 2, 2, 2, [replicaSetUpdated]);
    expect(progressing(d, [rsAvail(d, 'bar', 0, 1, 1)], rsAvail(d, 'foo', 3, 2, 2))).toBeUndefined();
  });
  it('only one active ReplicaSet and already complete: no estimate, condition kept', () => {
    const d = current(pds, 3, 3, 3, 3, [newRSAvailable]);
    expect(progressing(d, [rsAvail(d, 'bar', 3, 3, 3)], undefined)).toEqual(newRSAvailable);
  });
  it('progressing with Progressing=True: lastTransitionTime kept, lastUpdateTime now', () => {
    const d = current(pds, 3, 2, 2, 2, [replicaSetUpdated]);
    const c = progressing(d, [rsAvail(d, 'bar', 0, 1, 1)], rsAvail(d, 'foo', 3, 2, 2));
    expect(c).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', lastTransitionTime: testTime, lastUpdateTime: ts(later) });
  });
  it('progressing with Progressing=False: everything updated', () => {
    const d = current(pds, 3, 2, 2, 2, [failedTimedOut]);
    const c = progressing(d, [rsAvail(d, 'bar', 0, 1, 1)], rsAvail(d, 'foo', 3, 2, 2));
    expect(c).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', lastTransitionTime: ts(later) });
  });
  it('progressing without a condition: created', () => {
    const d = current(pds, 3, 2, 2, 2);
    expect(progressing(d, [rsAvail(d, 'bar', 0, 1, 1)], rsAvail(d, 'foo', 3, 2, 2))).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "foo-foo" is progressing.' });
  });
  it('complete with Progressing=True: NewReplicaSetAvailable, lastTransitionTime kept', () => {
    const d = current(pds, 3, 3, 3, 3, [replicaSetUpdated]);
    const c = progressing(d, [rsAvail(d, 'bar', 0, 0, 0)], rsAvail(d, 'foo', 3, 3, 3));
    expect(c).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "foo-foo" has successfully progressed.', lastTransitionTime: testTime });
  });
  it('complete with Progressing=False: NewReplicaSetAvailable, transition now', () => {
    const d = current(pds, 3, 3, 3, 3, [failedTimedOut]);
    expect(progressing(d, [rsAvail(d, 'bar', 0, 0, 0)], rsAvail(d, 'foo', 3, 3, 3))).toMatchObject({ reason: 'NewReplicaSetAvailable', lastTransitionTime: ts(later) });
  });
  it('complete without a new ReplicaSet (scaled to 0): the Deployment message', () => {
    const d = current(pds, 0, 3, 3, 3, [replicaSetUpdated]);
    expect(progressing(d, [rsAvail(d, 'foo', 0, 0, 0)], undefined)).toMatchObject({ reason: 'NewReplicaSetAvailable', message: 'Deployment "foo" has successfully progressed.' });
  });
  it('no progress past the deadline: False ProgressDeadlineExceeded', () => {
    const d = current(pds, 3, 2, 2, 2, [replicaSetUpdated]);
    expect(progressing(d, [], rsAvail(d, 'foo', 3, 2, 2))).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "foo-foo" has timed out progressing.' });
  });
  it('an existing timeout is kept as is', () => {
    const d = current(pds, 3, 2, 2, 2, [failedTimedOut]);
    expect(progressing(d, [], rsAvail(d, 'foo', 3, 2, 2))).toEqual(failedTimedOut);
  });
  it('before the deadline without progress: unchanged', () => {
    const d = current(pds, 3, 2, 2, 2, [replicaSetUpdated]);
    expect(deploymentRolloutStatus(d, [rsAvail(d, 'foo', 3, 2, 2)], rsAvail(d, 'foo', 3, 2, 2), T0 + 30_000).conditions?.find((c) => c.type === 'Progressing')).toEqual(replicaSetUpdated);
  });
});

describe('Available condition and status counts (calculateStatus, §O.8)', () => {
  it('Available True iff available ≥ replicas − maxUnavailable; unavailable = Σ spec − available', () => {
    const d = deploy({ replicas: 10, maxSurge: 0, maxUnavailable: 2 });
    const ok = deploymentRolloutStatus(d, [rsAvail(d, 'a', 10, 10, 8)], undefined, T0);
    expect(ok.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
    expect(ok.unavailableReplicas).toBe(2);
    const bad = deploymentRolloutStatus(d, [rsAvail(d, 'a', 10, 10, 7)], undefined, T0);
    expect(bad.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  });
  it('Recreate needs every replica available', () => {
    const d = deploy({ replicas: 2, strategy: 'Recreate' });
    expect(deploymentRolloutStatus(d, [rsAvail(d, 'a', 2, 2, 1)], undefined, T0).conditions?.find((c) => c.type === 'Available')?.status).toBe('False');
  });
  it('terminatingReplicas is the sum only when every ReplicaSet reports it', () => {
    const d = deploy({ replicas: 2 });
    const a = rsAvail(d, 'a', 1, 1, 1);
    const b = rsAvail(d, 'b', 1, 1, 1);
    expect(deploymentRolloutStatus(d, [a, b], undefined, T0).terminatingReplicas).toBeUndefined();
    const ta = { ...a, status: { ...a.status, replicas: 1, terminatingReplicas: 2 } };
    const tb = { ...b, status: { ...b.status, replicas: 1, terminatingReplicas: 1 } };
    expect(deploymentRolloutStatus(d, [ta, tb], undefined, T0).terminatingReplicas).toBe(3);
  });
  it('copies a ReplicaSet ReplicaFailure condition, the new one first', () => {
    const d = deploy({ replicas: 1 });
    const a = rsAvail(d, 'a', 1, 0, 0);
    const failing = { ...a, status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True' as const, reason: 'FailedCreate', message: 'quota' }] } };
    expect(deploymentRolloutStatus(d, [failing], undefined, T0).conditions?.find((c) => c.type === 'ReplicaFailure')).toMatchObject({ status: 'True', reason: 'FailedCreate', message: 'quota' });
  });
});
