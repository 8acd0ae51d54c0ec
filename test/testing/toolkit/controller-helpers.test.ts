import { describe, expect, it } from 'vitest';
import { MemoryStore, PodkitError, createOrUpdate, setCondition, setOwner, type Condition } from 'podkit';
import { newPod, newReplicaSet, VirtualClock } from 'podkit/testing';

const store = () => new MemoryStore({ clock: new VirtualClock() });

describe('setOwner', () => {
  it('adds a controller ownerReference with blockOwnerDeletion, replacing one to the same owner', () => {
    const rs = newReplicaSet({ name: 'web' });
    const pod = setOwner(rs, newPod({ name: 'p' }));
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
    expect(setOwner(rs, pod).metadata.ownerReferences).toHaveLength(1);
  });

  it('adds a plain owner with controller: false', () => {
    const pod = setOwner(newReplicaSet({ name: 'web' }), newPod(), { controller: false });
    expect(pod.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web' }]);
  });

  it('refuses a second controller, an owner without uid, and a cross-namespace owner', () => {
    const pod = setOwner(newReplicaSet({ name: 'a' }), newPod());
    expect(() => setOwner(newReplicaSet({ name: 'b' }), pod)).toThrow(/already controlled by ReplicaSet "a"/);
    const noUid = { ...newReplicaSet(), metadata: { name: 'x', namespace: 'default' } };
    expect(() => setOwner(noUid, newPod())).toThrow(/has no metadata.uid/);
    expect(() => setOwner(newReplicaSet({ namespace: 'other' }), newPod())).toThrow(/cross-namespace/);
  });

  it('makes the store garbage-collect the object with its owner', () => {
    const s = store();
    const rs = s.create(newReplicaSet({ name: 'web', uid: '' }));
    s.create(setOwner(rs, newPod({ name: 'child', uid: '' })));
    s.create(newPod({ name: 'stranger', uid: '' }));
    s.delete('ReplicaSet', 'web');
    const child = s.tryGet('Pod', 'child');
    expect(child === undefined || child.metadata.deletionTimestamp !== undefined).toBe(true);
    expect(s.get('Pod', 'stranger').metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('createOrUpdate', () => {
  it("returns 'created', then 'unchanged', then 'updated'", () => {
    const s = store();
    const desired = newReplicaSet({ name: 'web', uid: '', replicas: 1 });
    const scale = (n: number) => (rs: typeof desired) => {
      rs.spec.replicas = n;
    };
    const a = createOrUpdate(s, desired, scale(2));
    expect(a.operation).toBe('created');
    expect(a.object.spec.replicas).toBe(2);
    const rv = s.resourceVersion;
    expect(createOrUpdate(s, desired, scale(2)).operation).toBe('unchanged');
    expect(s.resourceVersion).toBe(rv);
    const c = createOrUpdate(s, desired, scale(5));
    expect(c.operation).toBe('updated');
    expect(s.get('ReplicaSet', 'web').spec.replicas).toBe(5);
  });

  it('still takes a recipe that returns a whole new object', () => {
    const s = store();
    const desired = newReplicaSet({ name: 'web', uid: '', replicas: 1 });
    expect(createOrUpdate(s, desired, (cur) => ({ ...cur, spec: { ...cur.spec, replicas: 4 } })).object.spec.replicas).toBe(4);
  });

  it('refuses a recipe that renames the object and writes nothing', () => {
    const s = store();
    const desired = newReplicaSet({ name: 'web', uid: '' });
    expect(() => createOrUpdate(s, desired, (cur) => ({ ...cur, metadata: { ...cur.metadata, name: 'other' } }))).toThrow(PodkitError);
    expect(s.list('ReplicaSet')).toHaveLength(0);
  });
});

describe('setCondition (apimachinery SetStatusCondition)', () => {
  const t0 = Date.UTC(2024, 0, 1);
  it('adds a missing condition with lastTransitionTime = now', () => {
    expect(setCondition<Condition>(undefined, { type: 'Ready', status: 'False', reason: 'Starting' }, t0)).toEqual([
      { type: 'Ready', status: 'False', reason: 'Starting', lastTransitionTime: '2024-01-01T00:00:00Z' },
    ]);
  });

  it('keeps lastTransitionTime when the status does not flip, but updates reason and message', () => {
    const c1 = setCondition<Condition>(undefined, { type: 'Ready', status: 'False', reason: 'Starting' }, t0);
    const c2 = setCondition(c1, { type: 'Ready', status: 'False', reason: 'Waiting', message: 'still' }, t0 + 60_000);
    expect(c2).toEqual([{ type: 'Ready', status: 'False', reason: 'Waiting', message: 'still', lastTransitionTime: '2024-01-01T00:00:00Z' }]);
  });

  it('moves lastTransitionTime when the status flips, and leaves other conditions in place', () => {
    const c1 = setCondition<Condition>([{ type: 'Progressing', status: 'True' }], { type: 'Ready', status: 'False' }, t0);
    const c2 = setCondition(c1, { type: 'Ready', status: 'True' }, t0 + 60_000);
    expect(c2.map((c) => c.type)).toEqual(['Progressing', 'Ready']);
    expect(c2[1]?.lastTransitionTime).toBe('2024-01-01T00:01:00Z');
    expect(c1[1]?.status).toBe('False');
  });
});
