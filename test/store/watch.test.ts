import { describe, expect, it } from 'vitest';
import { MemoryStore, PodkitError, type Pod, type WatchEvent } from 'podkit';
import { newPod } from 'podkit/testing';

function setup(historySize?: number) {
  const clock = { now: () => Date.UTC(2024, 0, 1) };
  return new MemoryStore({ clock, ...(historySize === undefined ? {} : { historySize }) });
}

function podSpec(name: string, labels: Record<string, string> = {}): Pod {
  const p = newPod({ name, labels });
  const { uid: _uid, ...metadata } = p.metadata;
  return { ...p, metadata };
}

function record(store: MemoryStore, options: Parameters<MemoryStore['watch']>[1] = {}) {
  const seen: string[] = [];
  const sub = store.watch('Pod', options).subscribe({
    next: (e: WatchEvent<Pod>) => seen.push(`${e.type} ${e.object.metadata.name}@${e.object.metadata.resourceVersion}`),
    error: (e: unknown) => seen.push(`error ${(e as PodkitError).code}`),
  });
  return { seen, sub };
}

describe('MemoryStore.watch', () => {
  it('starts with synthetic Added events for current objects, then follows live changes', () => {
    const store = setup();
    store.create(podSpec('a'));
    const { seen } = record(store);
    const b = store.create(podSpec('b'));
    store.update({ ...b, metadata: { ...b.metadata, labels: { x: 'y' } } });
    store.delete('Pod', 'a');
    expect(seen).toEqual(['Added a@1', 'Added b@2', 'Modified b@3', 'Deleted a@4']);
  });

  it('is cold: nothing happens before subscribe, and unsubscribe stops delivery', () => {
    const store = setup();
    const watch = store.watch('Pod');
    store.create(podSpec('a'));
    const seen: string[] = [];
    const sub = watch.subscribe((e) => seen.push(e.object.metadata.name!));
    sub.unsubscribe();
    store.create(podSpec('b'));
    expect(seen).toEqual(['a']);
  });

  it('resumes after a resourceVersion by replaying the history', () => {
    const store = setup();
    store.create(podSpec('a'));
    store.create(podSpec('b'));
    store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    store.delete('Pod', 'a');
    const { seen } = record(store, { resourceVersion: '1' });
    store.create(podSpec('c'));
    expect(seen).toEqual(['Added b@2', 'Deleted a@4', 'Added c@5']);
  });

  it('fails with expired when the resourceVersion left the bounded history', () => {
    const store = setup(2);
    for (const n of ['a', 'b', 'c', 'd']) store.create(podSpec(n));
    expect(record(store, { resourceVersion: '1' }).seen).toEqual(['error expired']);
    expect(record(store, { resourceVersion: '2' }).seen).toEqual(['Added c@3', 'Added d@4']);
  });

  it('rejects a malformed resourceVersion with invalid_argument', () => {
    const store = setup();
    expect(() => store.watch('Pod', { resourceVersion: 'abc' })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('turns objects entering or leaving a selector into Added / Deleted', () => {
    const store = setup();
    const { seen } = record(store, { labelSelector: 'app=web' });
    const a = store.create(podSpec('a', { app: 'db' }));
    const a2 = store.update({ ...a, metadata: { ...a.metadata, labels: { app: 'web' } } });
    const a3 = store.update({ ...a2, metadata: { ...a2.metadata, annotations: { n: '1' } } });
    store.update({ ...a3, metadata: { ...a3.metadata, labels: { app: 'db' } } });
    expect(seen).toEqual(['Added a@2', 'Modified a@3', 'Deleted a@4']);
  });

  it('filters by namespace and field selector', () => {
    const store = setup();
    const { seen } = record(store, { namespace: 'other', fieldSelector: 'spec.nodeName=n1' });
    store.create({ ...podSpec('a'), metadata: { name: 'a', namespace: 'other' }, spec: { ...podSpec('a').spec, nodeName: 'n1' } });
    store.create({ ...podSpec('b'), spec: { ...podSpec('b').spec, nodeName: 'n1' } });
    expect(seen).toEqual(['Added a@1']);
  });

  it('delivers events in resourceVersion order even when a watcher writes from its handler', () => {
    const store = setup();
    const first: string[] = [];
    const second: string[] = [];
    store.watch('Pod').subscribe((e) => {
      first.push(`${e.type} ${e.object.metadata.name}`);
      if (e.type === 'Added' && e.object.metadata.name === 'a') store.create(podSpec('from-handler'));
    });
    store.watch('Pod').subscribe((e) => second.push(`${e.type} ${e.object.metadata.name}`));
    store.create(podSpec('a'));
    expect(first).toEqual(['Added a', 'Added from-handler']);
    expect(second).toEqual(['Added a', 'Added from-handler']);
  });

  it('keeps order when a watcher writes while its initial events are replayed', () => {
    const store = setup();
    store.create(podSpec('a'));
    store.create(podSpec('b'));
    const seen: string[] = [];
    store.watch('Pod').subscribe((e) => {
      seen.push(`${e.type} ${e.object.metadata.name}`);
      if (e.object.metadata.name === 'a' && e.type === 'Added') store.create(podSpec('c'));
    });
    expect(seen).toEqual(['Added a', 'Added b', 'Added c']);
  });

  it('only sees events of its kind', () => {
    const store = setup();
    const { seen } = record(store);
    store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(seen).toEqual([]);
  });
});
