import { describe, expect, it } from 'vitest';
import { MemoryStore, PodkitError, podReducer, type Pod, type WatchEvent } from 'podkit';
import { newPod } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

function setup() {
  const clock = { t: T0, now() { return this.t; } };
  const store = new MemoryStore({ clock });
  const { uid: _uid, ...metadata } = newPod({ name: 'web' }).metadata;
  const pod = store.create({ ...newPod({ name: 'web' }), metadata } as Pod);
  const events: WatchEvent<Pod>[] = [];
  store.watch('Pod').subscribe((e) => events.push(e));
  events.length = 0;
  return { store, pod, events };
}

function errorOf(fn: () => unknown): PodkitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PodkitError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('MemoryStore.bind (pods/binding subresource)', () => {
  it('sets spec.nodeName and the binder status (PodScheduled=True, §C.5) in one write', () => {
    const { store, pod, events } = setup();
    const bound = store.bind(podReducer(pod, { type: 'Scheduled', at: T0, nodeName: 'node-1' }), 'node-1');
    expect(bound.spec.nodeName).toBe('node-1');
    expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True');
    expect(events.map((e) => e.type)).toEqual(['Modified']);
    expect(bound.metadata.generation).toBe((pod.metadata.generation ?? 0) + 1);
    expect(bound.spec.containers).toBe(pod.spec.containers);
  });

  it('ignores other spec and metadata changes of the input', () => {
    const { store, pod } = setup();
    const input = { ...pod, metadata: { ...pod.metadata, labels: { x: 'y' } }, spec: { ...pod.spec, restartPolicy: 'Never' as const } };
    const bound = store.bind(input, 'node-1');
    expect(bound.metadata.labels).toEqual(pod.metadata.labels);
    expect(bound.spec.restartPolicy).toBe(pod.spec.restartPolicy);
  });

  it('answers conflict for a pod bound to another node (upstream assignPod)', () => {
    const { store, pod } = setup();
    store.bind(pod, 'node-1');
    const e = errorOf(() => store.bind(store.get('Pod', 'web'), 'node-2'));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('pod web is already assigned to node "node-1"');
  });

  it('answers conflict for a pod being deleted', () => {
    const { store, pod } = setup();
    store.update({ ...pod, metadata: { ...pod.metadata, finalizers: ['example.com/hold'] } });
    store.delete('Pod', 'web');
    const e = errorOf(() => store.bind(store.get('Pod', 'web'), 'node-1'));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('is being deleted, cannot be assigned to a host');
  });

  it('treats a stale resourceVersion as a conflict and writes nothing', () => {
    const { store, pod, events } = setup();
    store.updateStatus({ ...pod, status: { ...pod.status, message: 'x' } });
    events.length = 0;
    expect(errorOf(() => store.bind(pod, 'node-1')).code).toBe('conflict');
    expect(events).toEqual([]);
    expect(store.get('Pod', 'web').spec.nodeName).toBeUndefined();
  });

  it('rejects an invalid node name naming the field', () => {
    const { store, pod } = setup();
    const e = errorOf(() => store.bind(pod, 'Not_A_Node'));
    expect(e.code).toBe('invalid_object');
    expect(e.message).toContain('spec.nodeName');
  });

  it('writes nothing when the pod is already bound there with the same status', () => {
    const { store, pod, events } = setup();
    const once = store.bind(pod, 'node-1');
    events.length = 0;
    expect(store.bind(once, 'node-1')).toBe(once);
    expect(events).toEqual([]);
  });
});

describe('MemoryStore.updateStatus validation (status subresource)', () => {
  it('still validates a Node status (capacity quantities) although only status changed', () => {
    const clock = { now: () => T0 };
    const store = new MemoryStore({ clock });
    const node = store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {}, status: { capacity: { cpu: '4' } } });
    const e = errorOf(() => store.updateStatus({ ...node, status: { capacity: { cpu: 'four' } } }));
    expect(e.code).toBe('invalid_object');
    expect(e.message).toContain('status.capacity[cpu]');
    expect(store.get('Node', 'n1').status?.capacity?.['cpu']).toBe('4');
  });
});
