// A MemoryStore over a durable backend (the StoreJournal port), on the shared in-memory backend
// of podkit/testing: several stores stand for several processes on one etcd.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineKind, MemoryStore, PodkitError, type Pod, type ReplicaSet, type WatchEvent } from 'podkit';
import { controllerRefFor } from 'podkit/planners';
import { createMemoryJournal, newPod } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1);
const clock = { now: () => T0 };

function pod(name: string, extra: Partial<Pod['metadata']> = {}): Pod {
  const p = newPod({ name });
  const { uid: _uid, ...metadata } = p.metadata;
  return { ...p, metadata: { ...metadata, ...extra } };
}

function rs(name: string): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  };
}

const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('MemoryStore over a StoreJournal', () => {
  it('writes are the backend revisions: resourceVersion = the revision of the write, kube-apiserver key layout (§R.1, §R.2)', () => {
    const backend = createMemoryJournal();
    const store = new MemoryStore({ clock, journal: backend.connect() });
    const created = store.create(pod('web'));
    expect(created.metadata.resourceVersion).toBe(String(backend.revision));
    store.create({ ...rs('front') });
    store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } });
    expect(backend.entries().map((e) => e.key).sort()).toEqual(['minions/node-1', 'pods/default/web', 'replicasets/default/front']);
    const stored = JSON.parse(backend.entries().find((e) => e.key === 'pods/default/web')?.value ?? '{}') as Pod;
    // The revision stands for the resourceVersion: it is not part of the stored value.
    expect(stored.metadata.resourceVersion).toBeUndefined();
    expect(stored.metadata.uid).toBe(created.metadata.uid);
    expect(store.resourceVersion).toBe(String(backend.revision));
  });

  it('another store (process) on the same backend sees the writes, with the same uids, as watch events', async () => {
    const backend = createMemoryJournal();
    const a = new MemoryStore({ clock, journal: backend.connect() });
    const b = new MemoryStore({ clock, journal: backend.connect() });
    const seen: string[] = [];
    b.watch('Pod').subscribe((e: WatchEvent<Pod>) => seen.push(`${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`));
    const created = a.create(pod('web'));
    a.update({ ...created, metadata: { ...created.metadata, labels: { tier: 'front' } } });
    a.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    expect(seen).toEqual([]);
    await flush();
    expect(seen).toEqual([`Added web ${created.metadata.resourceVersion}`, `Modified web ${Number(created.metadata.resourceVersion) + 1}`, `Deleted web ${Number(created.metadata.resourceVersion) + 2}`]);
    expect(b.resourceVersion).toBe(a.resourceVersion);
  });

  it('a restarted store loads every object with its uid and resourceVersion; resuming a watch from before the restart is expired', () => {
    const backend = createMemoryJournal();
    const first = new MemoryStore({ clock, journal: backend.connect() });
    const p = first.create(pod('web'));
    const r = first.create(rs('front'));
    const again = new MemoryStore({ clock, journal: backend.connect() });
    expect(again.get('Pod', 'web')).toEqual(p);
    expect(again.get('ReplicaSet', 'front').metadata.uid).toBe(r.metadata.uid);
    let error: unknown;
    again.watch('Pod', { resourceVersion: '1' }).subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toBeInstanceOf(PodkitError);
    expect((error as PodkitError).code).toBe('expired');
  });

  it('an update carrying a resourceVersion the cache had but the backend has not is a conflict (409), and the cache catches up (§R.3)', () => {
    const backend = createMemoryJournal({ delivery: 'manual' });
    const a = new MemoryStore({ clock, journal: backend.connect() });
    const b = new MemoryStore({ clock, journal: backend.connect() });
    a.create(pod('web'));
    backend.deliver();
    const stale = b.get('Pod', 'web');
    a.update({ ...stale, metadata: { ...stale.metadata, labels: { by: 'a' } } });
    // b has not seen a's write: its own update with the old resourceVersion must not win.
    expect(() => b.update({ ...stale, metadata: { ...stale.metadata, labels: { by: 'b' } } })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(b.get('Pod', 'web').metadata.labels).toEqual({ by: 'a' });
    expect(JSON.parse(backend.entries()[0]?.value ?? '{}').metadata.labels).toEqual({ by: 'a' });
  });

  it('an unconditional update on a stale cache is re-run on the fresh object (GuaranteedUpdate), keeping the other write (§R.3)', () => {
    const backend = createMemoryJournal({ delivery: 'manual' });
    const a = new MemoryStore({ clock, journal: backend.connect() });
    const b = new MemoryStore({ clock, journal: backend.connect() });
    a.create(pod('web'));
    backend.deliver();
    const before = a.get('Pod', 'web');
    a.update({ ...before, metadata: { ...before.metadata, labels: { by: 'a' } } });
    const patched = b.patch('Pod', 'web', { metadata: { annotations: { note: 'b' } } });
    expect(patched.metadata.labels).toEqual({ by: 'a' });
    expect(patched.metadata.annotations).toEqual({ note: 'b' });
    expect(patched.metadata.resourceVersion).toBe(String(backend.revision));
  });

  it('a create of a name another process took meanwhile is already_exists; a generated name is re-drawn (§R.3)', () => {
    const backend = createMemoryJournal({ delivery: 'manual' });
    const a = new MemoryStore({ clock, journal: backend.connect() });
    const b = new MemoryStore({ clock, journal: backend.connect() });
    a.create(pod('web'));
    expect(() => b.create(pod('web'))).toThrow(expect.objectContaining({ code: 'already_exists' }));
    expect(b.get('Pod', 'web').metadata.uid).toBe(a.get('Pod', 'web').metadata.uid);
  });

  it('garbage collection on a stale cache: a dependent written meanwhile by another process is still deleted with its owner', () => {
    const backend = createMemoryJournal({ delivery: 'manual' });
    const a = new MemoryStore({ clock, journal: backend.connect() });
    const b = new MemoryStore({ clock, journal: backend.connect() });
    const owner = a.create(rs('front'));
    const dependent = pod('front-1', { ownerReferences: [controllerRefFor(owner)] });
    a.create({ ...dependent, spec: { ...dependent.spec, nodeName: 'node-1' } });
    backend.deliver();
    // b (a kubelet elsewhere) writes the pod's status; a does not know yet.
    const p = b.get('Pod', 'front-1');
    b.updateStatus({ ...p, status: { ...p.status, phase: 'Running' as const } });
    a.delete('ReplicaSet', 'front');
    const gone = a.get('Pod', 'front-1');
    expect(gone.metadata.deletionTimestamp).toBeDefined();
    expect(gone.status?.phase).toBe('Running');
  });

  it('a failed backend write (lost connection, lost quorum) throws its error and leaves the cache as it was', () => {
    const backend = createMemoryJournal();
    const store = new MemoryStore({ clock, journal: backend.connect() });
    store.create(pod('web'));
    const rv = store.resourceVersion;
    const down = new PodkitError('unavailable', 'etcd: no quorum');
    backend.fail(down);
    expect(() => store.create(pod('api'))).toThrow(down);
    expect(() => store.delete('Pod', 'web', { gracePeriodSeconds: 0 })).toThrow(down);
    expect(store.list('Pod').map((p) => p.metadata.name)).toEqual(['web']);
    expect(store.resourceVersion).toBe(rv);
    backend.fail(undefined);
    expect(store.create(pod('api')).metadata.name).toBe('api');
  });

  it('after compaction past what a store saw, it re-lists: the differences arrive as events (the informer relist, §R.4)', () => {
    const backend = createMemoryJournal({ delivery: 'manual' });
    const a = new MemoryStore({ clock, journal: backend.connect() });
    const b = new MemoryStore({ clock, journal: backend.connect() });
    a.create(pod('keep'));
    a.create(pod('drop'));
    backend.deliver();
    const seen: string[] = [];
    b.watch('Pod', { resourceVersion: b.resourceVersion }).subscribe((e: WatchEvent<Pod>) => seen.push(`${e.type} ${e.object.metadata.name}`));
    a.delete('Pod', 'drop', { gracePeriodSeconds: 0 });
    const keep = a.get('Pod', 'keep');
    a.update({ ...keep, metadata: { ...keep.metadata, labels: { v: '2' } } });
    a.create(pod('new'));
    backend.compact(backend.revision);
    backend.deliver();
    expect(seen.sort()).toEqual(['Added new', 'Deleted drop', 'Modified keep']);
    expect(b.list('Pod').map((p) => p.metadata.name).sort()).toEqual(['keep', 'new']);
    expect(b.get('Pod', 'keep').metadata.labels).toEqual({ v: '2' });
  });

  it('revisions of keys the store does not hold leave gaps; a watch resumes across them (§R.2)', () => {
    const backend = createMemoryJournal();
    const store = new MemoryStore({ clock, journal: backend.connect() });
    const other = backend.connect();
    other.load();
    const from = store.create(pod('a')).metadata.resourceVersion ?? '';
    other.write({ type: 'put', key: 'events/default/x', value: '{}', expected: 0 }, 0);
    store.create(pod('b'));
    const seen: string[] = [];
    store.watch('Pod', { resourceVersion: from }).subscribe((e: WatchEvent<Pod>) => seen.push(`${e.type} ${e.object.metadata.name} ${e.object.metadata.resourceVersion}`));
    expect(seen).toEqual([`Added b ${Number(from) + 2}`]);
  });

  it('custom kinds are stored under <group>/<plural>, and a kind defined after the store started is applied from others (§R.1)', async () => {
    const backend = createMemoryJournal();
    const a = new MemoryStore({ clock, journal: backend.connect() });
    const b = new MemoryStore({ clock, journal: backend.connect() });
    a.create(pod('first'));
    await flush();
    const Queue = defineKind({ apiVersion: 'example.com/v1', kind: 'JournalQueue', schema: z.object({ size: z.number().int() }) });
    const q = a.create(Queue.parse({ apiVersion: 'example.com/v1', kind: 'JournalQueue', metadata: { name: 'jobs', namespace: 'default' }, spec: { size: 3 } }) as never) as { metadata: { uid?: string } };
    expect(backend.entries().map((e) => e.key)).toContain('example.com/journalqueues/default/jobs');
    await flush();
    expect((b.get('JournalQueue' as never, 'jobs', 'default') as { metadata: { uid?: string } }).metadata.uid).toBe(q.metadata.uid);
  });

  it('uids are random with a journal (they must not repeat across processes), seeded when a seed is given', () => {
    const one = new MemoryStore({ clock, journal: createMemoryJournal().connect() }).create(pod('x')).metadata.uid;
    const two = new MemoryStore({ clock, journal: createMemoryJournal().connect() }).create(pod('x')).metadata.uid;
    expect(one).not.toBe(two);
    const s1 = new MemoryStore({ clock, seed: 3, journal: createMemoryJournal().connect() }).create(pod('x')).metadata.uid;
    const s2 = new MemoryStore({ clock, seed: 3, journal: createMemoryJournal().connect() }).create(pod('x')).metadata.uid;
    expect(s1).toBe(s2);
  });
});
