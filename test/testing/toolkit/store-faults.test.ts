import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, PodkitError, type StoreObject, type WatchEvent } from 'podkit';
import { createTestCluster, newPod, newReplicaSet, VirtualClock, withStoreFaults, type TestCluster } from 'podkit/testing';

function setup() {
  const clock = new VirtualClock();
  const inner = new MemoryStore({ clock });
  return { clock, inner, ...withStoreFaults(inner, clock) };
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof PodkitError ? e.code : 'other';
  }
  return undefined;
}

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('withStoreFaults', () => {
  it('conflictNextUpdates makes exactly the next n updates of the kind conflict, writing nothing', () => {
    const { store, faults } = setup();
    const pod = store.create(newPod({ name: 'p', uid: '' }));
    const rs = store.create(newReplicaSet({ name: 'r', uid: '' }));
    faults.conflictNextUpdates('Pod', 2);
    const relabel = () => store.update({ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined, labels: { x: 'y' } } });
    expect(code(relabel)).toBe('conflict');
    expect(code(() => store.updateStatus({ ...pod, metadata: { ...pod.metadata, resourceVersion: undefined } }))).toBe('conflict');
    expect(store.get('Pod', 'p').metadata.labels).toBeUndefined();
    expect(code(() => store.update({ ...rs, spec: { ...rs.spec, replicas: 4 } }))).toBeUndefined();
    expect(code(relabel)).toBeUndefined();
    expect(store.get('Pod', 'p').metadata.labels).toEqual({ x: 'y' });
    expect(faults.fired.conflict).toBe(2);
  });

  it('failNextCreates fails the next n creates with unavailable or the given error', () => {
    const { store, inner, faults } = setup();
    faults.failNextCreates('Pod', 1);
    expect(code(() => store.create(newPod({ name: 'a', uid: '' })))).toBe('unavailable');
    expect(inner.list('Pod')).toHaveLength(0);
    faults.failNextCreates('Pod', 1, new Error('quota'));
    expect(() => store.create(newPod({ name: 'a', uid: '' }))).toThrow('quota');
    expect(store.create(newPod({ name: 'a', uid: '' })).metadata.name).toBe('a');
  });

  it('dropWatchEvents loses the next n changes for every open watch, but not the initial list of a later watch', () => {
    const { store, faults } = setup();
    const seenA: string[] = [];
    const seenB: string[] = [];
    store.watch('Pod').subscribe((e) => seenA.push(`${e.type}:${e.object.metadata.name ?? ''}`));
    store.watch('Pod').subscribe((e) => seenB.push(`${e.type}:${e.object.metadata.name ?? ''}`));
    faults.dropWatchEvents('Pod', 1);
    store.create(newPod({ name: 'lost', uid: '' }));
    store.create(newPod({ name: 'seen', uid: '' }));
    expect(seenA).toEqual(['Added:seen']);
    expect(seenB).toEqual(['Added:seen']);
    const late: string[] = [];
    store.watch('Pod').subscribe((e) => late.push(e.object.metadata.name ?? ''));
    expect(late).toEqual(['lost', 'seen']);
  });

  it('delayWatchEvents delivers changes ms later on the clock, in order', async () => {
    const { store, faults, clock } = setup();
    const seen: WatchEvent<StoreObject>[] = [];
    store.watch('Pod').subscribe((e) => seen.push(e));
    faults.delayWatchEvents('Pod', 5_000);
    store.create(newPod({ name: 'a', uid: '' }));
    await clock.advance(1_000);
    store.create(newPod({ name: 'b', uid: '' }));
    await clock.advance(3_999);
    expect(seen).toHaveLength(0);
    await clock.advance(1);
    expect(seen.map((e) => e.object.metadata.name)).toEqual(['a']);
    await clock.advance(1_000);
    expect(seen.map((e) => e.object.metadata.name)).toEqual(['a', 'b']);
  });

  it('serveStaleLists answers lists from n changes ago, or from a snapshot, until cleared', () => {
    const { store, faults } = setup();
    store.create(newPod({ name: 'a', uid: '' }));
    faults.serveStaleLists('Pod', 2);
    store.create(newPod({ name: 'b', uid: '' }));
    const a = store.get('Pod', 'a');
    store.update({ ...a, metadata: { ...a.metadata, labels: { v: '2' } } });
    const stale = store.list('Pod');
    expect(stale.map((p) => p.metadata.name)).toEqual(['a']);
    expect(stale[0]?.metadata.labels).toBeUndefined();
    expect(store.get('Pod', 'a').metadata.labels).toEqual({ v: '2' });
    faults.serveStaleLists('Pod', [newPod({ name: 'old', labels: { app: 'x' } }), newPod({ name: 'other' })]);
    expect(store.list('Pod', { labelSelector: 'app=x' }).map((p) => p.metadata.name)).toEqual(['old']);
    faults.clear('Pod');
    expect(store.list('Pod').map((p) => p.metadata.name)).toEqual(['a', 'b']);
  });

  it('serveStaleLists can undo changes made before it was called (built-in kinds are tracked from the start)', () => {
    const { store, faults } = setup();
    store.create(newPod({ name: 'a', uid: '' }));
    store.create(newPod({ name: 'b', uid: '' }));
    store.delete('Pod', 'a', { gracePeriodSeconds: 0 });
    faults.serveStaleLists('Pod', 2);
    expect(store.list('Pod').map((p) => p.metadata.name)).toEqual(['a']);
    faults.serveStaleLists('Pod', 1);
    expect(store.list('Pod').map((p) => p.metadata.name)).toEqual(['a', 'b']);
  });

  it('rejects a negative count', () => {
    const { faults } = setup();
    expect(() => faults.conflictNextUpdates('Pod', -1)).toThrow(/integer >= 0/);
  });

  it('the ReplicaSet controller converges despite conflicts, failed creates and delayed events', async () => {
    t = createTestCluster({ storeFaults: true, nodes: 2 });
    t.faults.conflictNextUpdates('ReplicaSet', 3);
    t.faults.failNextCreates('Pod', 2);
    t.faults.delayWatchEvents('Pod', 2_000);
    t.apply(newReplicaSet({ name: 'web', replicas: 3, uid: '' }));
    await t.runUntil((c) => c.get('ReplicaSet', 'web').status?.readyReplicas === 3, { timeout: '10m' });
    await t.advance('1m');
    expect(t.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined)).toHaveLength(3);
    expect(t.faults.fired.createFailed).toBe(2);
    expect(t.faults.fired.delayed).toBeGreaterThan(0);
    expect(t.faults.fired.conflict).toBeGreaterThan(0);
  });
});
