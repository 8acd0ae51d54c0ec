import { describe, expect, it } from 'vitest';
import { planReplicaSet, type Pod, type PodPhase, type ReplicaSet } from 'podkit';
import { toTimestamp } from 'podkit/model';
import {
  calculateReplicaSetStatus,
  controllerRefFor,
  creationObserved,
  expectationsSatisfied,
  runSlowStart,
} from 'podkit/planners';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

/** Upstream's newReplicaSet: template labels name=foo,type=production; the selector is `selector`. */
function newReplicaSet(replicas: number, selector: Record<string, string>, extra: Partial<ReplicaSet['metadata']> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'foobar', namespace: 'default', uid: 'rs-uid', generation: 3, ...extra },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { name: 'foo', type: 'production' } },
        spec: { containers: [{ name: 'app', image: 'foo/bar' }], restartPolicy: 'Always', nodeSelector: { baz: 'blah' } },
      },
    },
  };
}

/** Upstream's newPod: labels = the selector; Running pods get Ready=True; optionally owned. */
function newPod(name: string, rs: ReplicaSet, phase: PodPhase, owned: boolean, readySince?: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: rs.metadata.namespace ?? 'default',
      uid: `uid-${name}`,
      labels: { ...rs.spec.selector.matchLabels },
      ...(owned ? { ownerReferences: [controllerRefFor(rs)] } : {}),
    },
    spec: { containers: [{ name: 'app', image: 'foo/bar' }] },
    status: {
      phase,
      ...(phase === 'Running'
        ? { conditions: [{ type: 'Ready', status: 'True' as const, ...(readySince === undefined ? {} : { lastTransitionTime: toTimestamp(readySince) }) }] }
        : {}),
    },
  };
}

function newPodList(count: number, phase: PodPhase, rs: ReplicaSet, prefix = 'pod'): Pod[] {
  return Array.from({ length: count }, (_, i) => newPod(`${prefix}${i}`, rs, phase, true));
}

const labelMap = { foo: 'bar' };

describe('planReplicaSet', () => {
  it('does nothing when the pod count matches (TestSyncReplicaSetDoesNothing)', () => {
    const rs = newReplicaSet(2, labelMap);
    const plan = planReplicaSet(rs, newPodList(2, 'Running', rs), { now: NOW });
    expect(plan.creates).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(plan.adopt).toEqual([]);
    expect(plan.expectations).toBeUndefined();
    expect(plan.status).toMatchObject({ replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 3 });
  });

  it('creates the missing pods from the template in slow-start batches (§H.3)', () => {
    const rs = newReplicaSet(10, labelMap);
    const plan = planReplicaSet(rs, [], { now: NOW });
    expect(plan.creates).toHaveLength(10);
    expect(plan.createBatches).toEqual([1, 2, 4, 3]);
    expect(plan.creates[0]?.metadata).toMatchObject({ generateName: 'foobar-', namespace: 'default', labels: { name: 'foo', type: 'production' } });
    expect(plan.creates[0]?.metadata.ownerReferences).toEqual([controllerRefFor(rs)]);
    expect(plan.expectations).toMatchObject({ add: 10, del: 0, timestamp: NOW });
  });

  it('stops creating after a failed batch (TestSyncReplicaSetCreateFailures)', async () => {
    const createLimit = 10;
    const rs = newReplicaSet(createLimit * 10, labelMap);
    const plan = planReplicaSet(rs, [], { now: NOW });
    let calls = 0;
    const result = await runSlowStart(plan.creates.length, () => {
      if (++calls > createLimit) throw new Error('quota exceeded');
    });
    expect(result.successes).toBe(createLimit);
    let expectedLimit = 0;
    for (let pass = 0; expectedLimit <= createLimit; pass++) expectedLimit += 1 << pass;
    expect(calls).toBeLessThanOrEqual(expectedLimit);
  });

  it('caps creates and deletes at burstReplicas and sets expectations (TestControllerBurstReplicas)', () => {
    const rs = newReplicaSet(30, labelMap);
    const up = planReplicaSet(rs, [], { now: NOW, burstReplicas: 5 });
    expect(up.creates).toHaveLength(5);
    expect(up.expectations?.add).toBe(5);
    const down = planReplicaSet({ ...rs, spec: { ...rs.spec, replicas: 0 } }, newPodList(30, 'Running', rs), { now: NOW, burstReplicas: 5 });
    expect(down.deletes).toHaveLength(5);
    expect(down.expectations?.del).toBe(5);
    expect([...(down.expectations?.deleteKeys ?? [])]).toEqual(down.deleteKeys);
  });

  it('waits for expectations but still computes the status (TestSyncReplicaSetDormancy)', () => {
    const rs = newReplicaSet(2, labelMap);
    const pods = newPodList(1, 'Running', rs);
    const first = planReplicaSet(rs, pods, { now: NOW });
    expect(first.creates).toHaveLength(1);
    const dormant = planReplicaSet(rs, pods, { now: NOW, expectations: first.expectations });
    expect(dormant.needsSync).toBe(false);
    expect(dormant.creates).toEqual([]);
    expect(dormant.status.replicas).toBe(1);
    const observed = creationObserved(first.expectations);
    expect(expectationsSatisfied(observed, NOW)).toBe(true);
    expect(planReplicaSet(rs, pods, { now: NOW, expectations: observed }).creates).toHaveLength(1);
  });

  it('deletes the most deletable pods first (§H.3, §H.4)', () => {
    const rs = newReplicaSet(1, labelMap);
    const pending = newPod('pending', rs, 'Pending', true);
    const running = { ...newPod('running', rs, 'Running', true), spec: { containers: [{ name: 'app' }], nodeName: 'n1' } };
    const plan = planReplicaSet(rs, [running, pending], { now: NOW });
    expect(plan.deletes).toEqual([pending]);
    expect(plan.deleteKeys).toEqual(['default/pending']);
    expect(plan.expectations).toMatchObject({ add: 0, del: 1 });
  });

  it('ranks deletions by related pods on the same node (§H.4 rule 5)', () => {
    const rs = newReplicaSet(1, labelMap);
    const onNode = (name: string, node: string): Pod => ({ ...newPod(name, rs, 'Running', true), spec: { containers: [{ name: 'app' }], nodeName: node } });
    const a = onNode('a', 'n1');
    const b = onNode('b', 'n2');
    const sibling = { ...onNode('sibling', 'n2'), metadata: { name: 'sibling', namespace: 'default', uid: 'uid-sibling' } };
    expect(planReplicaSet(rs, [a, b], { now: NOW, relatedPods: [a, b, sibling] }).deletes).toEqual([b]);
  });

  it('does not adopt pods controlled by another controller (TestDoNotPatchPodWithOtherControlRef)', () => {
    const rs = newReplicaSet(2, labelMap);
    const pod = newPod('pod', rs, 'Running', false);
    const foreign = { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ ...controllerRefFor(rs), uid: 'other', name: 'AnotherRS' }] } };
    const plan = planReplicaSet(rs, [foreign], { now: NOW });
    expect(plan.adopt).toEqual([]);
    expect(plan.creates).toHaveLength(2);
  });

  it('adopts matching orphans instead of creating (TestPatchPodFails)', () => {
    const rs = newReplicaSet(2, labelMap);
    const orphans = [newPod('pod1', rs, 'Running', false), newPod('pod2', rs, 'Running', false)];
    const plan = planReplicaSet(rs, orphans, { now: NOW });
    expect(plan.adopt).toEqual(orphans);
    expect(plan.creates).toEqual([]);
    expect(plan.status.replicas).toBe(2);
  });

  it('releases owned pods whose labels stopped matching and replaces them (§H.6)', () => {
    const rs = newReplicaSet(1, labelMap);
    const pod = newPod('pod', rs, 'Running', true);
    const relabelled = { ...pod, metadata: { ...pod.metadata, labels: { foo: 'other' } } };
    const plan = planReplicaSet(rs, [relabelled], { now: NOW });
    expect(plan.release).toEqual([relabelled]);
    expect(plan.creates).toHaveLength(1);
  });

  it('neither adopts nor creates while being deleted (TestDoNotAdoptOrCreateIfBeingDeleted)', () => {
    const rs = newReplicaSet(2, labelMap, { deletionTimestamp: toTimestamp(NOW) });
    const plan = planReplicaSet(rs, [newPod('pod1', rs, 'Running', false)], { now: NOW });
    expect(plan.adopt).toEqual([]);
    expect(plan.creates).toEqual([]);
    expect(plan.expectations).toBeUndefined();
  });

  it('replaces terminal and terminating pods (§H.1)', () => {
    const rs = newReplicaSet(2, labelMap);
    const failed = newPod('failed', rs, 'Failed', true);
    const live = newPod('terminating', rs, 'Running', true);
    const terminating = { ...live, metadata: { ...live.metadata, deletionTimestamp: toTimestamp(NOW) } };
    const plan = planReplicaSet(rs, [failed, terminating], { now: NOW });
    expect(plan.creates).toHaveLength(2);
    expect(plan.status.replicas).toBe(0);
  });

  it('ignores pods of other namespaces', () => {
    const rs = newReplicaSet(1, labelMap);
    const pod = newPod('elsewhere', rs, 'Running', true);
    const plan = planReplicaSet(rs, [{ ...pod, metadata: { ...pod.metadata, namespace: 'other' } }], { now: NOW });
    expect(plan.creates).toHaveLength(1);
  });

  it('requeues after minReadySeconds (+1 ms: IsPodAvailable is strict) while ready pods are not yet available (§H.2 step 6)', () => {
    const rs = { ...newReplicaSet(1, labelMap), spec: { ...newReplicaSet(1, labelMap).spec, minReadySeconds: 10 } };
    const pod = newPod('pod', rs, 'Running', true, NOW - 5_000);
    const plan = planReplicaSet(rs, [pod], { now: NOW });
    expect(plan.status).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    expect(plan.requeueAfterMs).toBe(10_001);
    expect(planReplicaSet(rs, [pod], { now: NOW + 6_000 }).requeueAfterMs).toBeUndefined();
  });

  it('reports terminatingReplicas when asked (§H.7)', () => {
    const rs = newReplicaSet(1, labelMap);
    const live = newPod('pod', rs, 'Running', true);
    const terminating = { ...live, metadata: { ...live.metadata, name: 't', deletionTimestamp: toTimestamp(NOW) } };
    expect(planReplicaSet(rs, [live, terminating], { now: NOW, trackTerminatingReplicas: true }).status.terminatingReplicas).toBe(1);
    expect(planReplicaSet(rs, [live, terminating], { now: NOW }).status.terminatingReplicas).toBeUndefined();
  });
});

describe('calculateReplicaSetStatus', () => {
  const labels = { name: 'foo' };
  const full = { name: 'foo', type: 'production' };
  const notFullyLabelled = newReplicaSet(1, labels);
  const fullyLabelled = newReplicaSet(2, full);
  const longMinReady = { ...newReplicaSet(1, full), spec: { ...newReplicaSet(1, full).spec, minReadySeconds: 3600 } };

  // TestCalculateStatus (replica_set_utils_test.go)
  it.each<[string, ReplicaSet, Pod[], [number, number, number, number]]>([
    ['1 fully labelled pod', fullyLabelled, [newPod('pod1', fullyLabelled, 'Running', true)], [1, 1, 1, 1]],
    ['1 not fully labelled pod', notFullyLabelled, [newPod('pod1', notFullyLabelled, 'Running', true)], [1, 0, 1, 1]],
    ['2 fully labelled pods', fullyLabelled, [newPod('pod1', fullyLabelled, 'Running', true), newPod('pod2', fullyLabelled, 'Running', true)], [2, 2, 2, 2]],
    ['1 fully labelled pod, 1 not fully labelled pod', notFullyLabelled, [newPod('pod1', notFullyLabelled, 'Running', true), newPod('pod2', fullyLabelled, 'Running', true)], [2, 1, 2, 2]],
    ['1 non-ready pod', fullyLabelled, [newPod('pod1', fullyLabelled, 'Pending', true)], [1, 1, 0, 0]],
    ['1 ready but non-available pod', longMinReady, [newPod('pod1', longMinReady, 'Running', true)], [1, 1, 1, 0]],
  ])('%s (§H.7)', (_name, rs, pods, [replicas, fullyLabeledReplicas, readyReplicas, availableReplicas]) => {
    expect(calculateReplicaSetStatus(rs, pods, undefined, NOW)).toEqual({
      replicas,
      fullyLabeledReplicas,
      readyReplicas,
      availableReplicas,
      observedGeneration: 3,
    });
  });

  it('counts a pod as available once minReadySeconds have passed since it became ready', () => {
    const pod = newPod('pod1', longMinReady, 'Running', true, NOW - 3_601_000);
    expect(calculateReplicaSetStatus(longMinReady, [pod], undefined, NOW).availableReplicas).toBe(1);
  });

  // TestCalculateStatusConditions (replica_set_utils_test.go)
  const rs = newReplicaSet(2, labels);
  const failing = { ...newReplicaSet(10, labels), status: { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True' as const }] } };
  it.each<[string, ReplicaSet, number, string | undefined, object[] | undefined]>([
    ['error with missing pods', rs, 1, 'fake manageReplicasErr', [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'fake manageReplicasErr', lastTransitionTime: toTimestamp(NOW) }]],
    ['error with surplus pods', rs, 3, 'fake manageReplicasErr', [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedDelete', message: 'fake manageReplicasErr', lastTransitionTime: toTimestamp(NOW) }]],
    ['success removes the condition', failing, 1, undefined, undefined],
    ['an existing condition is kept as is', failing, 1, 'fake manageReplicasErr', [{ type: 'ReplicaFailure', status: 'True' }]],
    ['success without a condition adds none', rs, 1, undefined, undefined],
  ])('ReplicaFailure: %s (§H.7)', (_name, set, count, err, conditions) => {
    const pods = Array.from({ length: count }, (_, i) => newPod(`pod${i}`, set, 'Running', true));
    expect(calculateReplicaSetStatus(set, pods, err, NOW).conditions).toEqual(conditions);
  });
});
