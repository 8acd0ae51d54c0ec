// planStatefulSet: the upstream stateful_set_control_test.go scenarios restated on an in-memory
// world (docs/reference/kubernetes-rules.md §P.2–§P.7).
import { describe, expect, it } from 'vitest';
import { planStatefulSet, type Pod } from 'podkit';
import { planStatefulSetRevisions, statefulSetMaxUnavailable } from 'podkit/planners';
import { sts, T0, World } from './sts-fixtures.js';

const creates = (w: World): string[] => (w.lastPlan?.actions ?? []).filter((a) => a.type === 'createPod').map((a) => a.pod.metadata.name ?? '');
const deletes = (w: World): string[] => (w.lastPlan?.actions ?? []).filter((a) => a.type === 'deletePod').map((a) => a.pod.metadata.name ?? '');

describe('OrderedReady (§P.4)', () => {
  it('§P.4 creates ordinal i only when 0..i-1 are Running and Ready', () => {
    const w = new World(sts({ replicas: 3 }));
    w.sync();
    expect(creates(w)).toEqual(['web-0']);
    w.sync();
    expect(creates(w)).toEqual([]); // web-0 is Pending
    w.phase('web-0', 'Running'); // running but not ready
    w.sync();
    expect(creates(w)).toEqual([]);
    w.ready('web-0');
    w.sync();
    expect(creates(w)).toEqual(['web-1']);
    w.ready('web-1');
    w.sync();
    expect(creates(w)).toEqual(['web-2']);
    w.ready('web-2');
    w.sync();
    expect(w.lastPlan?.actions).toEqual([]);
    expect(w.set.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
  });

  it('§P.4 deletes a Failed pod, then recreates it under the same name with a new uid', () => {
    const w = new World(sts({ replicas: 2 }));
    w.settle();
    const oldUid = w.pods.get('web-0')?.metadata.uid;
    w.phase('web-0', 'Failed');
    w.sync();
    expect(deletes(w)).toEqual(['web-0']);
    w.sync();
    expect(w.lastPlan?.actions).toEqual([]); // terminating: wait
    w.finishTerminations();
    w.sync();
    expect(creates(w)).toEqual(['web-0']);
    expect(w.pods.get('web-0')?.metadata.uid).not.toBe(oldUid);
  });

  it('§P.4 also recreates a Succeeded pod', () => {
    const w = new World(sts({ replicas: 1 }));
    w.settle();
    w.phase('web-0', 'Succeeded');
    w.sync();
    expect(deletes(w)).toEqual(['web-0']);
  });

  it('§P.4 a failed pod blocks higher ordinals until it is replaced', () => {
    const w = new World(sts({ replicas: 3 }));
    w.sync();
    w.phase('web-0', 'Failed');
    w.sync();
    expect(w.lastPlan?.actions.map((a) => a.type)).toEqual(['deletePod']);
    expect(creates(w)).toEqual([]);
  });

  it('§P.4 scales down from the highest ordinal, one at a time, waiting for each termination', () => {
    const w = new World(sts({ replicas: 3 }));
    w.settle();
    w.setSpec({ replicas: 1 });
    w.sync();
    expect(deletes(w)).toEqual(['web-2']);
    w.sync();
    expect(deletes(w)).toEqual([]); // web-2 is terminating
    w.finishTerminations();
    w.sync();
    expect(deletes(w)).toEqual(['web-1']);
    w.finishTerminations();
    w.sync();
    expect(w.names()).toEqual(['web-0']);
    expect(w.set.status?.replicas).toBe(1);
  });

  it('§P.4 does not scale down while a remaining replica is unhealthy', () => {
    const w = new World(sts({ replicas: 3 }));
    w.settle();
    w.setSpec({ replicas: 2 });
    w.phase('web-0', 'Running'); // not ready
    w.sync();
    expect(deletes(w)).toEqual([]);
  });

  it('§P.4 deletes a not-ready condemned pod when it is the first unhealthy pod', () => {
    const w = new World(sts({ replicas: 3 }));
    w.settle();
    w.setSpec({ replicas: 2 });
    w.phase('web-2', 'Running'); // not ready, condemned, and the only unhealthy pod
    w.sync();
    expect(deletes(w)).toEqual(['web-2']);
  });

  it('§P.4 waits minReadySeconds of availability before the next ordinal, and requeues for it', () => {
    const w = new World(sts({ replicas: 2, spec: { minReadySeconds: 10 } }));
    w.sync();
    w.ready('web-0');
    w.sync();
    expect(creates(w)).toEqual([]);
    expect(w.lastPlan?.requeueAfterMs).toBe(10_000);
    w.now += 10_001;
    w.sync();
    expect(creates(w)).toEqual(['web-1']);
  });
});

describe('Parallel (§P.5)', () => {
  it('§P.5 creates every missing pod in one sync', () => {
    const w = new World(sts({ replicas: 3, podManagementPolicy: 'Parallel' }));
    w.sync();
    expect(creates(w)).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('§P.5 deletes every condemned pod in one sync', () => {
    const w = new World(sts({ replicas: 3, podManagementPolicy: 'Parallel' }));
    w.settle();
    w.setSpec({ replicas: 0 });
    w.sync();
    expect(deletes(w)).toEqual(['web-2', 'web-1', 'web-0']);
  });

  it('§P.5 a failed pod does not block the others', () => {
    const w = new World(sts({ replicas: 3, podManagementPolicy: 'Parallel' }));
    w.sync();
    w.phase('web-0', 'Failed');
    w.pods.delete('web-2');
    w.sync();
    expect(w.lastPlan?.actions.map((a) => `${a.type} ${a.ordinal}`)).toEqual(['deletePod 0', 'createPod 2']);
  });
});

describe('updates (§P.6)', () => {
  it('§P.6 RollingUpdate replaces pods in reverse ordinal order, one at a time, each waiting for health', () => {
    const w = new World(sts({ replicas: 3 }));
    w.settle();
    const oldRev = w.revisionOf('web-0');
    w.setImage('busybox:1.37');
    const order: string[] = [];
    for (let i = 0; i < 20 && order.length < 3; i++) {
      w.sync();
      order.push(...deletes(w));
      if (deletes(w).length > 0) {
        // Nothing else moves while the deleted pod terminates.
        w.sync();
        expect(deletes(w)).toEqual([]);
        w.finishTerminations();
        w.sync();
        expect(creates(w)).toHaveLength(1);
        w.sync();
        expect(deletes(w)).toEqual([]); // the replacement is not ready yet
        for (const [n, p] of w.pods) if (p.status?.phase === 'Pending') w.ready(n);
      }
    }
    expect(order).toEqual(['web-2', 'web-1', 'web-0']);
    w.sync();
    const newRev = w.revisionOf('web-0');
    expect(newRev).not.toBe(oldRev);
    expect(w.set.status).toMatchObject({ currentRevision: newRev, updateRevision: newRev, currentReplicas: 3, updatedReplicas: 3 });
  });

  it('§P.6 a partition stops the update: ordinals below it keep the current revision, even when recreated', () => {
    const w = new World(sts({ replicas: 3, spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } } }));
    w.settle();
    const oldRev = w.revisionOf('web-0');
    w.setImage('busybox:1.37');
    w.settle();
    const newRev = w.set.status?.updateRevision;
    expect(w.revisionOf('web-2')).toBe(newRev);
    expect(w.revisionOf('web-1')).toBe(oldRev);
    expect(w.revisionOf('web-0')).toBe(oldRev);
    expect(w.set.status).toMatchObject({ currentRevision: oldRev, currentReplicas: 2, updatedReplicas: 1 });
    w.pods.delete('web-0');
    w.sync();
    expect(w.revisionOf('web-0')).toBe(oldRev);
    expect(w.pods.get('web-0')?.spec.containers[0]?.image).toBe('busybox:1.36');
  });

  it('§P.6 OnDelete replaces nothing; a deleted pod comes back at the update revision', () => {
    const w = new World(sts({ replicas: 2, spec: { updateStrategy: { type: 'OnDelete' } } }));
    w.settle();
    const oldRev = w.revisionOf('web-1');
    w.setImage('busybox:1.37');
    w.settle();
    expect(w.revisionOf('web-1')).toBe(oldRev);
    w.pods.delete('web-1');
    w.settle();
    expect(w.revisionOf('web-1')).toBe(w.set.status?.updateRevision);
    expect(w.revisionOf('web-1')).not.toBe(oldRev);
    expect(w.pods.get('web-1')?.spec.containers[0]?.image).toBe('busybox:1.37');
  });

  it('§P.6 maxUnavailable is ignored with the MaxUnavailableStatefulSet gate off (the 1.32 default)', () => {
    const w = new World(sts({ replicas: 4, spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } } }));
    w.settle();
    w.setImage('busybox:1.37');
    w.sync();
    expect(deletes(w)).toEqual(['web-3']);
  });

  it('§P.6 with the gate on, maxUnavailable pods (minus the unhealthy ones) are replaced at once', () => {
    const w = new World(sts({ replicas: 4, spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } } }));
    w.maxUnavailableStatefulSet = true;
    w.settle();
    w.setImage('busybox:1.37');
    w.sync();
    expect(deletes(w)).toEqual(['web-3', 'web-2']);
    w.sync();
    expect(deletes(w)).toEqual([]); // two unavailable already
  });
});

describe('maxUnavailable (§P.6)', () => {
  it.each([
    [1, 10, 1],
    [3, 10, 3],
    ['25%', 10, 2],
    ['5%', 10, 1],
    ['100%', 4, 4],
  ] as const)('§P.6 maxUnavailable %j of %d replicas allows %d (percent rounded down, at least 1)', (value, replicas, want) => {
    const set = sts({ replicas, spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: value } } } });
    expect(statefulSetMaxUnavailable(set, replicas)).toBe(want);
  });
});

describe('identity (§P.2)', () => {
  it('§P.2 names pods <sts>-<ordinal> with the identity labels, hostname, subdomain and controllerRef', () => {
    const w = new World(sts({ replicas: 1, serviceName: 'nginx' }));
    w.sync();
    const pod = w.pods.get('web-0') as Pod;
    expect(pod.metadata.generateName).toBe('web-');
    expect(pod.metadata.labels).toMatchObject({ app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' });
    expect(pod.metadata.labels?.['controller-revision-hash']).toBe(w.set.status?.updateRevision);
    expect(pod.spec.hostname).toBe('web-0');
    expect(pod.spec.subdomain).toBe('nginx');
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
  });

  it('§P.2 starts at spec.ordinals.start and condemns ordinals outside the range', () => {
    const w = new World(sts({ replicas: 2, podManagementPolicy: 'Parallel', spec: { ordinals: { start: 5 } } }));
    w.sync();
    expect(creates(w)).toEqual(['web-5', 'web-6']);
    w.settle();
    w.setSpec({ ordinals: { start: 6 } });
    w.sync();
    expect(creates(w)).toEqual(['web-7']);
    expect(deletes(w)).toEqual(['web-5']);
  });

  it('§P.2 adopts orphans named after the set, ignores other names, releases pods that stopped matching', () => {
    const set = sts({ replicas: 1 });
    const base = new World(set);
    base.sync();
    const made = [...base.pods.values()][0] as Pod;
    const orphan: Pod = { ...made, metadata: { ...made.metadata, ownerReferences: [] } };
    const stranger: Pod = { ...orphan, metadata: { ...orphan.metadata, name: 'other-0', uid: 'x' } };
    const relabelled: Pod = { ...made, metadata: { ...made.metadata, name: 'web-3', uid: 'y', labels: { app: 'nope' } } };
    const rev = planStatefulSetRevisions(set, base.revisions);
    const plan = planStatefulSet(set, [orphan, stranger, relabelled], { now: T0, currentRevision: rev.current, updateRevision: rev.update, collisionCount: 0 });
    expect(plan.adopt.map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(plan.release.map((p) => p.metadata.name)).toEqual(['web-3']);
  });

  it('§P.2 repairs a running pod whose identity labels drifted', () => {
    const w = new World(sts({ replicas: 1 }));
    w.settle();
    const p = w.pods.get('web-0') as Pod;
    const { 'apps.kubernetes.io/pod-index': _i, ...labels } = p.metadata.labels ?? {};
    w.pods.set('web-0', { ...p, metadata: { ...p.metadata, labels } });
    w.sync();
    expect(w.lastPlan?.actions.map((a) => a.type)).toEqual(['updatePod']);
    expect(w.pods.get('web-0')?.metadata.labels?.['apps.kubernetes.io/pod-index']).toBe('0');
  });
});

describe('volume claims (§P.8)', () => {
  const claimTemplate = { metadata: { name: 'www', labels: { tier: 'data' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };

  it('§P.8 creates the claims <template>-<sts>-<ordinal> with the pod, and binds the pod volume to them', () => {
    const w = new World(sts({ replicas: 1, volumeClaimTemplates: [claimTemplate], podSpec: { volumes: [{ name: 'www', emptyDir: {} }, { name: 'tmp', emptyDir: {} }] } }));
    w.sync();
    const action = w.lastPlan?.actions[0];
    expect(action?.type).toBe('createPod');
    const claims = action?.type === 'createPod' ? action.claims : [];
    expect(claims.map((c) => c.metadata.name)).toEqual(['www-web-0']);
    expect(claims[0]?.metadata.labels).toEqual({ tier: 'data', app: 'web' });
    expect(w.pods.get('web-0')?.spec.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-0' } }, { name: 'tmp', emptyDir: {} }]);
  });

  it('§P.8 does not create a claim again when the pod is recreated', () => {
    const w = new World(sts({ replicas: 1, volumeClaimTemplates: [claimTemplate] }));
    w.settle();
    w.pods.delete('web-0');
    w.sync();
    const action = w.lastPlan?.actions[0];
    expect(action?.type === 'createPod' ? action.claims : undefined).toEqual([]);
    expect([...w.claims.keys()]).toEqual(['www-web-0']);
  });

  it('§P.8 creates a Pending pod\'s missing claims', () => {
    const w = new World(sts({ replicas: 1, volumeClaimTemplates: [claimTemplate] }));
    w.sync();
    w.claims.clear();
    w.sync();
    expect(w.lastPlan?.actions.map((a) => a.type)).toEqual(['createClaims']);
  });
});

describe('claim retention policy (§P.8)', () => {
  const claimTemplate = { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
  const owners = (w: World, name: string): string[] => (w.claims.get(name)?.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}`);

  it('§P.8 Retain/Retain leaves claims without owners', () => {
    const w = new World(sts({ replicas: 2, volumeClaimTemplates: [claimTemplate] }));
    w.settle();
    w.setSpec({ replicas: 1 });
    w.settle();
    expect(owners(w, 'www-web-0')).toEqual([]);
    expect(owners(w, 'www-web-1')).toEqual([]);
  });

  it('§P.8 whenDeleted: Delete makes the set an owner of every claim of a pod in range', () => {
    const w = new World(sts({ replicas: 2, volumeClaimTemplates: [claimTemplate], spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } } }));
    w.settle();
    expect(owners(w, 'www-web-0')).toEqual(['StatefulSet/web']);
    expect(owners(w, 'www-web-1')).toEqual(['StatefulSet/web']);
  });

  it('§P.8 whenScaled: Delete makes a scaled-down pod the owner of its claims (and drops the set)', () => {
    const w = new World(sts({ replicas: 2, volumeClaimTemplates: [claimTemplate], spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } } }));
    w.settle();
    w.setSpec({ replicas: 1 });
    w.sync();
    expect(owners(w, 'www-web-1')).toEqual(['Pod/web-1']);
    expect(w.lastPlan?.actions.map((a) => a.type)).toEqual(['updateClaims', 'deletePod']);
    expect(owners(w, 'www-web-0')).toEqual(['StatefulSet/web']);
  });

  it('§P.8 a pod waits while its claim is still owned by an earlier pod of the same name (PodClaimIsStale)', () => {
    const w = new World(sts({ replicas: 2, volumeClaimTemplates: [claimTemplate], spec: { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } } }));
    w.settle();
    w.setSpec({ replicas: 1 });
    w.settle(); // web-1 gone, its claim now owned by the old pod (no GC in this world)
    w.setSpec({ replicas: 2 });
    w.sync();
    expect(w.lastPlan?.actions).toEqual([]);
    w.claims.delete('www-web-1'); // the garbage collector deleted it with its pod
    w.sync();
    expect(creates(w)).toEqual(['web-1']);
  });
});

describe('status (§P.7)', () => {
  it('§P.7 writes the status only when it changed', () => {
    const w = new World(sts({ replicas: 1 }));
    w.settle();
    expect(w.sync().writeStatus).toBe(false);
    w.phase('web-0', 'Running');
    expect(w.sync().writeStatus).toBe(true);
    expect(w.set.status?.readyReplicas).toBe(0);
  });

  it('§P.7 records observedGeneration, the revisions and the collision count', () => {
    const w = new World(sts({ replicas: 1 }));
    w.sync();
    expect(w.set.status).toMatchObject({ observedGeneration: 1, replicas: 0, collisionCount: 0 });
    expect(w.set.status?.currentRevision).toMatch(/^web-[a-z0-9]+$/);
  });

  it('§P.7 a set being deleted only gets its status', () => {
    const set = sts({ replicas: 2 });
    const w = new World({ ...set, metadata: { ...set.metadata, deletionTimestamp: new Date(T0).toISOString() } });
    const plan = w.sync();
    expect(plan.actions).toEqual([]);
    expect(plan.writeStatus).toBe(true);
  });
});
