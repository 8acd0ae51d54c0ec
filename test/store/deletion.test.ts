import { describe, expect, it } from 'vitest';
import { MemoryStore, type Pod, type ReplicaSet, type WatchEvent } from 'podkit';
import { controllerRefFor, expandTemplate } from 'podkit/planners';
import { newPod } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

function setup() {
  const clock = { t: T0, now() { return this.t; } };
  const store = new MemoryStore({ clock });
  const events: string[] = [];
  store.watch('Pod', { resourceVersion: '0' }).subscribe((e: WatchEvent<Pod>) => events.push(`${e.type} ${e.object.metadata.name}`));
  return { clock, store, events };
}

function podSpec(name: string, spec: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  const p = newPod({ name, spec });
  const { uid: _uid, ...metadata } = p.metadata;
  return { ...p, metadata: { ...metadata, ...meta } };
}

function rsSpec(name: string): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  };
}

/** An RS with two pods created from its template, one bound to a node. */
function rsWithPods(store: MemoryStore, name = 'web') {
  const rs = store.create(rsSpec(name));
  const pods = [0, 1].map((i) => {
    const pod = expandTemplate(rs.spec.template, rs);
    return store.create({ ...pod, metadata: { ...pod.metadata, name: `${name}-${i}` }, spec: { ...pod.spec, ...(i === 0 ? { nodeName: 'n1' } : {}) } });
  });
  return { rs, pods };
}

describe('graceful pod deletion (§F.1)', () => {
  it('sets deletionTimestamp = now + grace and keeps a scheduled pod; grace 0 removes it', () => {
    const { store, events } = setup();
    store.create(podSpec('web', { nodeName: 'n1', terminationGracePeriodSeconds: 30 }));
    const first = store.delete('Pod', 'web');
    expect(first.removed).toBe(false);
    expect(first.object.metadata).toMatchObject({ deletionTimestamp: '2024-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 });
    const final = store.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    expect(final.removed).toBe(true);
    expect(store.tryGet('Pod', 'web')).toBeUndefined();
    expect(events).toEqual(['Added web', 'Modified web', 'Deleted web']);
  });

  it.each<[string, Partial<Pod['spec']>, Partial<Pod>, number | undefined, boolean]>([
    ['an unscheduled pod is removed at once', {}, {}, undefined, true],
    ['a terminal pod is removed at once', { nodeName: 'n1' }, { status: { phase: 'Succeeded' } }, undefined, true],
    ['grace 0 force-deletes', { nodeName: 'n1' }, {}, 0, true],
    ['an explicit grace period wins', { nodeName: 'n1' }, {}, 5, false],
  ])('%s', (_name, spec, extra, grace, removed) => {
    const { store } = setup();
    store.create({ ...podSpec('web', spec), ...extra });
    expect(store.delete('Pod', 'web', grace === undefined ? {} : { gracePeriodSeconds: grace }).removed).toBe(removed);
  });

  it('turns a negative grace period into 1 second', () => {
    const { store } = setup();
    store.create(podSpec('web', { nodeName: 'n1' }));
    expect(store.delete('Pod', 'web', { gracePeriodSeconds: -3 }).object.metadata.deletionGracePeriodSeconds).toBe(1);
  });

  it('only lets a later delete shorten the grace period', () => {
    const { store, clock } = setup();
    store.create(podSpec('web', { nodeName: 'n1' }));
    store.delete('Pod', 'web', { gracePeriodSeconds: 30 });
    clock.t += 10_000;
    expect(store.delete('Pod', 'web', { gracePeriodSeconds: 60 }).object.metadata.deletionTimestamp).toBe('2024-01-01T00:00:30Z');
    expect(store.delete('Pod', 'web').object.metadata.deletionTimestamp).toBe('2024-01-01T00:00:30Z');
    expect(store.delete('Pod', 'web', { gracePeriodSeconds: 5 }).object.metadata.deletionTimestamp).toBe('2024-01-01T00:00:15Z');
  });

  it('checks delete preconditions', () => {
    const { store } = setup();
    store.create(podSpec('web'));
    expect(() => store.delete('Pod', 'web', { preconditions: { uid: 'other' } })).toThrow(/Precondition failed: UID in precondition: other/);
    expect(() => store.delete('Pod', 'web', { preconditions: { resourceVersion: '99' } })).toThrow(/the object has been modified/);
    expect(() => store.delete('Pod', 'ghost')).toThrow('pods "ghost" not found');
  });
});

describe('finalizers', () => {
  it('keep a deleted object until an update removes the last one', () => {
    const { store, events } = setup();
    store.create(podSpec('web', {}, { finalizers: ['example.com/keep'] }));
    const marked = store.delete('Pod', 'web');
    expect(marked.removed).toBe(false);
    expect(marked.object.metadata).toMatchObject({ deletionTimestamp: '2024-01-01T00:00:00Z', deletionGracePeriodSeconds: 0 });
    const gone = store.update({ ...marked.object, metadata: { ...marked.object.metadata, finalizers: [] } });
    expect(store.tryGet('Pod', 'web')).toBeUndefined();
    expect(gone.metadata.resourceVersion).toBe('3');
    expect(events).toEqual(['Added web', 'Modified web', 'Deleted web']);
  });

  it('ignore a repeated force delete of a pod a finalizer holds (no write, no watch event)', () => {
    const { store, events } = setup();
    store.create(podSpec('web', {}, { finalizers: ['batch.kubernetes.io/job-tracking'] }));
    const first = store.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    const again = store.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    expect(again).toEqual({ object: first.object, removed: false });
    expect(events).toEqual(['Added web', 'Modified web']);
  });

  it('cannot be added once the object is being deleted', () => {
    const { store } = setup();
    store.create(podSpec('web', {}, { finalizers: ['a'] }));
    const { object } = store.delete('Pod', 'web');
    expect(() => store.update({ ...object, metadata: { ...object.metadata, finalizers: ['a', 'b'] } })).toThrow(
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted',
    );
  });

  it('keep a gracefully terminating pod until the grace-0 delete once they are gone', () => {
    const { store } = setup();
    store.create(podSpec('web', { nodeName: 'n1' }, { finalizers: ['a'] }));
    const { object } = store.delete('Pod', 'web');
    const cleared = store.update({ ...object, metadata: { ...object.metadata, finalizers: [] } });
    expect(cleared.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.tryGet('Pod', 'web')).toBeDefined();
    expect(store.delete('Pod', 'web', { gracePeriodSeconds: 0 }).removed).toBe(true);
  });

  it('keep a force-deleted pod (grace 0, deletionTimestamp now) until they are removed', () => {
    const { store, clock } = setup();
    store.create(podSpec('web', { nodeName: 'n1' }, { finalizers: ['a'] }));
    store.delete('Pod', 'web');
    clock.t += 5_000;
    const forced = store.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    expect(forced.removed).toBe(false);
    expect(forced.object.metadata).toMatchObject({ deletionTimestamp: '2024-01-01T00:00:05Z', deletionGracePeriodSeconds: 0 });
    store.update({ ...forced.object, metadata: { ...forced.object.metadata, finalizers: [] } });
    expect(store.tryGet('Pod', 'web')).toBeUndefined();
  });
});

describe('garbage collection (§K.5)', () => {
  it('Background: removes the owner, then deletes its dependents (pods gracefully)', () => {
    const { store } = setup();
    const { rs } = rsWithPods(store);
    const result = store.delete('ReplicaSet', rs.metadata.name!);
    expect(result.removed).toBe(true);
    expect(store.tryGet('ReplicaSet', 'web')).toBeUndefined();
    expect(store.get('Pod', 'web-0').metadata.deletionTimestamp).toBe('2024-01-01T00:00:30Z');
    expect(store.tryGet('Pod', 'web-1')).toBeUndefined();
  });

  it('Background: only drops the reference from a dependent that has another live owner', () => {
    const { store } = setup();
    const a = store.create(rsSpec('a'));
    const b = store.create(rsSpec('b'));
    const pod = store.create(podSpec('shared', {}, { ownerReferences: [controllerRefFor(a), { ...controllerRefFor(b), controller: false }] }));
    store.delete('ReplicaSet', 'a');
    expect(store.get('Pod', pod.metadata.name!).metadata.ownerReferences?.map((r) => r.name)).toEqual(['b']);
  });

  it('Orphan: removes the owner reference from dependents and keeps them', () => {
    const { store } = setup();
    const { rs } = rsWithPods(store);
    expect(store.delete('ReplicaSet', rs.metadata.name!, { propagationPolicy: 'Orphan' }).removed).toBe(true);
    expect(store.list('Pod').map((p) => [p.metadata.name, p.metadata.ownerReferences, p.metadata.deletionTimestamp])).toEqual([
      ['web-0', undefined, undefined],
      ['web-1', undefined, undefined],
    ]);
  });

  it('Foreground: keeps the owner with the foregroundDeletion finalizer until blocking dependents are gone', () => {
    const { store } = setup();
    const { rs } = rsWithPods(store);
    const result = store.delete('ReplicaSet', rs.metadata.name!, { propagationPolicy: 'Foreground' });
    expect(result.removed).toBe(false);
    expect(store.get('ReplicaSet', 'web').metadata).toMatchObject({ finalizers: ['foregroundDeletion'], deletionTimestamp: '2024-01-01T00:00:00Z' });
    expect(store.tryGet('Pod', 'web-1')).toBeUndefined();
    expect(store.get('Pod', 'web-0').metadata.deletionTimestamp).toBeDefined();
    // The node's PodController finishes the terminating pod: now the owner can go.
    store.delete('Pod', 'web-0', { gracePeriodSeconds: 0 });
    expect(store.tryGet('ReplicaSet', 'web')).toBeUndefined();
  });

  it('Foreground: an owner without blocking dependents goes at once', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    store.create(podSpec('loose', {}, { ownerReferences: [{ ...controllerRefFor(rs), blockOwnerDeletion: false }] }));
    expect(store.delete('ReplicaSet', 'web', { propagationPolicy: 'Foreground' }).removed).toBe(true);
    expect(store.tryGet('Pod', 'loose')).toBeUndefined();
  });

  it('Foreground: releasing a blocking dependent also lets the owner go', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    store.create(podSpec('kept', { nodeName: 'n1' }, { ownerReferences: [controllerRefFor(rs)], finalizers: ['hold'] }));
    store.delete('ReplicaSet', 'web', { propagationPolicy: 'Foreground' });
    expect(store.tryGet('ReplicaSet', 'web')).toBeDefined();
    const pod = store.get('Pod', 'kept');
    store.update({ ...pod, metadata: { ...pod.metadata, ownerReferences: [] } });
    expect(store.tryGet('ReplicaSet', 'web')).toBeUndefined();
  });
});
