import { describe, expect, it } from 'vitest';
import { MemoryStore, applyMergePatch, type ReplicaSet } from 'podkit';
import { VirtualClock, newPod, withStoreFaults } from 'podkit/testing';

const rs = (): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } },
  },
});

describe('applyMergePatch (RFC 7386)', () => {
  it.each([
    [{ a: 1, b: { c: 2 } }, { b: { c: null, d: 3 } }, { a: 1, b: { d: 3 } }],
    [{ a: [1, 2] }, { a: [3] }, { a: [3] }],
    [{ a: 1 }, { a: { b: 1 } }, { a: { b: 1 } }],
    [{ a: { b: 1 } }, { a: 'x' }, { a: 'x' }],
  ])('patches %j with %j into %j', (target, patch, expected) => {
    expect(applyMergePatch(target, patch)).toEqual(expected);
  });
});

describe('ObjectStore.patch', () => {
  it('merges into metadata and spec and bumps generation only for a spec change', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    store.create(rs());
    const labelled = store.patch('ReplicaSet', 'web', { metadata: { labels: { tier: null, team: 'a' } } });
    expect(labelled.metadata.labels).toEqual({ app: 'web', team: 'a' });
    expect(labelled.metadata.generation).toBe(1);
    const scaled = store.patch('ReplicaSet', 'web', { spec: { replicas: 4 } });
    expect(scaled.spec.replicas).toBe(4);
    expect(scaled.metadata.generation).toBe(2);
  });

  it('patches only the status with subresource status', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    store.create(rs());
    const out = store.patch('ReplicaSet', 'web', { spec: { replicas: 9 }, status: { replicas: 1 } }, { subresource: 'status' });
    expect(out.status).toMatchObject({ replicas: 1 });
    expect(out.spec.replicas).toBe(1);
  });

  it('treats a resourceVersion in the patch as a precondition and writes nothing on conflict', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const created = store.create(rs());
    store.patch('ReplicaSet', 'web', { spec: { replicas: 2 } });
    expect(() => store.patch('ReplicaSet', 'web', { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { replicas: 7 } })).toThrow(
      expect.objectContaining({ code: 'conflict' }),
    );
    expect(store.get('ReplicaSet', 'web').spec.replicas).toBe(2);
  });

  it('rejects a patch that renames the object, and validates the result', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    store.create(newPod({ name: 'p' }));
    expect(() => store.patch('Pod', 'p', { metadata: { name: 'q' } })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => store.patch('Pod', 'p', { spec: { restartPolicy: 'Sometimes' } })).toThrow(expect.objectContaining({ code: 'invalid_object' }));
    expect(store.get('Pod', 'p').spec.restartPolicy).toBe('Always');
  });

  it('goes through injected update conflicts of a fault-injecting store', () => {
    const clock = new VirtualClock();
    const { store, faults } = withStoreFaults(new MemoryStore({ clock }), clock);
    store.create(rs());
    faults.conflictNextUpdates('ReplicaSet', 1);
    expect(() => store.patch('ReplicaSet', 'web', { spec: { replicas: 3 } })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(store.patch('ReplicaSet', 'web', { spec: { replicas: 3 } }).spec.replicas).toBe(3);
  });
});
