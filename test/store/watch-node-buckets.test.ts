import { describe, expect, it } from 'vitest';
import { MemoryStore, type Pod } from 'podkit';
import { newPod } from 'podkit/testing';

function setup() {
  const clock = { now: () => Date.UTC(2024, 0, 1) };
  const store = new MemoryStore({ clock });
  const make = (name: string): Pod => {
    const { uid: _uid, ...metadata } = newPod({ name }).metadata;
    return store.create({ ...newPod({ name }), metadata } as Pod);
  };
  return { store, make };
}

describe('MemoryStore pod watches by spec.nodeName', () => {
  it('sees a pod enter on binding, its changes, and nothing of other nodes', () => {
    const { store, make } = setup();
    const seen: string[] = [];
    store.watch('Pod', { fieldSelector: { 'spec.nodeName': 'node-1' } }).subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    const unbound: string[] = [];
    store.watch('Pod', { fieldSelector: { 'spec.nodeName': '' } }).subscribe((e) => unbound.push(`${e.type} ${e.object.metadata.name}`));
    const a = make('a');
    const b = make('b');
    store.bind(a, 'node-1');
    store.bind(b, 'node-2');
    store.updateStatus({ ...store.get('Pod', 'a'), status: { ...store.get('Pod', 'a').status, message: 'hi' } });
    store.updateStatus({ ...store.get('Pod', 'b'), status: { ...store.get('Pod', 'b').status, message: 'hi' } });
    expect(seen).toEqual(['Added a', 'Modified a']);
    expect(unbound).toEqual(['Added a', 'Added b', 'Deleted a', 'Deleted b']);
  });

  it('delivers to node-limited and other watchers in subscription order', () => {
    const { store, make } = setup();
    const order: string[] = [];
    store.watch('Pod').subscribe(() => order.push('all-1'));
    store.watch('Pod', { fieldSelector: { 'spec.nodeName': 'node-1' } }).subscribe(() => order.push('node-1'));
    store.watch('Pod').subscribe(() => order.push('all-2'));
    const a = make('a');
    order.length = 0;
    store.bind(a, 'node-1');
    expect(order).toEqual(['all-1', 'node-1', 'all-2']);
  });

  it('stops delivering after unsubscribe', () => {
    const { store, make } = setup();
    const seen: string[] = [];
    const sub = store.watch('Pod', { fieldSelector: { 'spec.nodeName': 'node-1' } }).subscribe((e) => seen.push(e.type));
    const a = make('a');
    sub.unsubscribe();
    store.bind(a, 'node-1');
    expect(seen).toEqual([]);
  });
});
