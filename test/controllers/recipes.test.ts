// Updates written as immer recipes (§Y.4): createOrUpdate in controller-runtime's mutate style,
// patchObject / patchStatus (and cluster.patch / cluster.updateStatus) retrying on conflict as
// client-go's RetryOnConflict does, applyRecipe giving the JSON patch.
import { describe, expect, it } from 'vitest';
import { applyRecipe, createCluster, createOrUpdate, MemoryStore, patchObject, patchStatus, type ReplicaSet } from 'podkit';
import { FakeRuntime, newReplicaSet, VirtualClock, withStoreFaults } from 'podkit/testing';

function setup() {
  const clock = new VirtualClock();
  const inner = new MemoryStore({ clock });
  const { store, faults } = withStoreFaults(inner, clock);
  store.create(newReplicaSet({ name: 'web', uid: '', replicas: 1 }));
  return { clock, store, faults };
}

describe('createOrUpdate with a recipe (§Y.4)', () => {
  it('creates the desired object with the recipe applied, then updates with a draft recipe', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const desired = newReplicaSet({ name: 'api', uid: '', replicas: 1 });
    const created = createOrUpdate(store, desired, (rs) => {
      rs.spec.replicas = 2;
    });
    expect([created.operation, created.object.spec.replicas]).toEqual(['created', 2]);
    const updated = createOrUpdate(store, desired, (rs) => {
      rs.spec.replicas = 4;
      rs.metadata.labels = { ...rs.metadata.labels, tier: 'front' };
    });
    expect([updated.operation, updated.object.spec.replicas, updated.object.metadata.labels?.['tier']]).toEqual(['updated', 4, 'front']);
    // The desired object the caller passed is untouched.
    expect(desired.spec.replicas).toBe(1);
  });

  it('a recipe that changes nothing writes nothing: unchanged, same resourceVersion', () => {
    const { store } = setup();
    const rv = store.resourceVersion;
    const result = createOrUpdate(store, newReplicaSet({ name: 'web', uid: '' }), (rs) => {
      rs.spec.replicas = 1;
    });
    expect(result.operation).toBe('unchanged');
    expect(store.resourceVersion).toBe(rv);
  });

  it('a recipe that renames the object is invalid_argument and writes nothing', () => {
    const { store } = setup();
    const rv = store.resourceVersion;
    expect(() =>
      createOrUpdate(store, newReplicaSet({ name: 'web', uid: '' }), (rs) => {
        rs.metadata.name = 'other';
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument', message: expect.stringContaining('must not change the kind, name or namespace') }));
    expect(store.resourceVersion).toBe(rv);
  });

  it('rejects something that is not a recipe with invalid_argument', () => {
    const { store } = setup();
    expect(() => createOrUpdate(store, newReplicaSet({ name: 'web', uid: '' }), { spec: { replicas: 3 } } as never)).toThrow(
      expect.objectContaining({ code: 'invalid_argument', details: { field: 'recipe' } }),
    );
  });
});

describe('patchObject and patchStatus (§Y.4)', () => {
  it('applies a draft recipe and writes once', () => {
    const { store } = setup();
    const rv = store.resourceVersion;
    const rs = patchObject(store, 'ReplicaSet', 'web', (draft) => {
      draft.spec.replicas = 3;
    });
    expect(rs.spec.replicas).toBe(3);
    expect(Object.isFrozen(rs)).toBe(true);
    expect(Number(store.resourceVersion)).toBe(Number(rv) + 1);
  });

  it('a recipe that changes nothing writes nothing and returns the current object', () => {
    const { store } = setup();
    const before = store.get('ReplicaSet', 'web');
    const rv = store.resourceVersion;
    const after = patchObject(store, 'ReplicaSet', 'web', (draft) => {
      draft.spec.replicas = 1;
    });
    expect(after).toBe(before);
    expect(store.resourceVersion).toBe(rv);
  });

  it('retries on conflict up to 5 attempts (RetryOnConflict with DefaultRetry), re-reading and re-running the recipe each time', () => {
    const { store, faults } = setup();
    let runs = 0;
    faults.conflictNextUpdates('ReplicaSet', 4);
    const rs = patchObject(store, 'ReplicaSet', 'web', (draft) => {
      runs++;
      draft.spec.replicas = 7;
    });
    expect([runs, rs.spec.replicas, faults.fired.conflict]).toEqual([5, 7, 4]);
  });

  it('passes the conflict on after the 5th failed attempt, having written nothing', () => {
    const { store, faults } = setup();
    let runs = 0;
    faults.conflictNextUpdates('ReplicaSet', 5);
    expect(() =>
      patchObject(store, 'ReplicaSet', 'web', (draft) => {
        runs++;
        draft.spec.replicas = 7;
      }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(runs).toBe(5);
    expect(store.get('ReplicaSet', 'web').spec.replicas).toBe(1);
  });

  it('`attempts` changes the number of tries; a non-positive one is invalid_argument', () => {
    const { store, faults } = setup();
    faults.conflictNextUpdates('ReplicaSet', 1);
    expect(() => patchObject(store, 'ReplicaSet', 'web', (d) => void (d.spec.replicas = 2), { attempts: 1 })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => patchObject(store, 'ReplicaSet', 'web', (d) => void (d.spec.replicas = 2), { attempts: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', details: { field: 'attempts' } }),
    );
  });

  it('patchObject ignores status changes (the main resource); patchStatus writes only status', () => {
    const { store } = setup();
    patchObject(store, 'ReplicaSet', 'web', (draft) => {
      draft.spec.replicas = 2;
      draft.status = { replicas: 9 };
    });
    expect(store.get('ReplicaSet', 'web').status?.replicas ?? 0).toBe(0);
    expect(store.get('ReplicaSet', 'web').spec.replicas).toBe(2);
    patchStatus(store, 'ReplicaSet', 'web', (draft) => {
      draft.status = { replicas: 2, readyReplicas: 1 };
      draft.spec.replicas = 5;
    });
    const rs = store.get('ReplicaSet', 'web');
    expect([rs.status?.replicas, rs.status?.readyReplicas, rs.spec.replicas]).toEqual([2, 1, 2]);
  });

  it('rejects a recipe that renames the object, and a missing object is not_found', () => {
    const { store } = setup();
    expect(() => patchObject(store, 'ReplicaSet', 'web', (d) => void (d.metadata.name = 'x'))).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => patchObject(store, 'ReplicaSet', 'nope', (d) => void (d.spec.replicas = 2))).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});

describe('applyRecipe: the RFC 6902 JSON patch of a recipe (§Y.4)', () => {
  it('gives the new frozen object and the patch operations, with JSON-pointer escaping', () => {
    const base = newReplicaSet({ name: 'web', replicas: 1 });
    const rs: ReplicaSet = { ...base, metadata: { ...base.metadata, labels: { app: 'web' } } };
    const { object, patch } = applyRecipe(rs, (draft) => {
      draft.spec.replicas = 3;
      draft.metadata.labels!['app.kubernetes.io/name'] = 'web';
      delete draft.metadata.labels!['app'];
    });
    expect(object.spec.replicas).toBe(3);
    expect(Object.isFrozen(object)).toBe(true);
    expect(rs.spec.replicas).toBe(1);
    expect(patch).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: '/spec/replicas', value: 3 },
        { op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' },
        { op: 'remove', path: '/metadata/labels/app' },
      ]),
    );
    expect(patch).toHaveLength(3);
  });

  it('a recipe that changes nothing gives the same object and an empty patch', () => {
    const rs = newReplicaSet({ name: 'web' });
    const result = applyRecipe(rs, () => undefined);
    expect(result.object).toBe(rs);
    expect(result.patch).toEqual([]);
  });
});

describe('cluster.patch and cluster.updateStatus (§Y.4)', () => {
  it('scale a ReplicaSet with a recipe and the controller follows', async () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
    cluster.apply(newReplicaSet({ name: 'web', uid: '', replicas: 1 }));
    await cluster.advance('5s');
    cluster.patch('ReplicaSet', 'web', (rs) => {
      rs.spec.replicas = 3;
    });
    await cluster.runUntil((c) => c.list('Pod').length === 3, { timeout: '1m' });
    const updated = cluster.updateStatus('Node', 'node-1', (node) => {
      node.status = { ...node.status, capacity: { ...node.status?.capacity, 'example.com/gpu': '1' } };
      node.spec = { unschedulable: true };
    });
    expect(updated.status?.capacity?.['example.com/gpu']).toBe('1');
    expect(updated.spec?.unschedulable).toBeUndefined();
    await cluster.close();
    expect(() => cluster.patch('ReplicaSet', 'web', () => undefined)).toThrow(expect.objectContaining({ code: 'closed' }));
  });
});
