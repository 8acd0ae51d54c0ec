import { describe, expect, it, vi } from 'vitest';
import { MemoryStore, PodController, podStatusText, type Pod, type WatchEvent } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { pod, sh } from './helpers.js';

function cluster() {
  const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
  const store = new MemoryStore({ clock });
  const runtime = new FakeRuntime({ clock });
  const errors: unknown[] = [];
  const kubelet = new PodController({ runtime, clock, nodeName: 'node-1', store, onError: (e) => errors.push(e) });
  const t0 = clock.now();
  const until = (seconds: number) => clock.advanceTo(t0 + seconds * 1000);
  const bound = (p: Pod, node = 'node-1'): Pod => ({ ...p, spec: { ...p.spec, nodeName: node } });
  return { clock, store, runtime, kubelet, errors, until, bound, t0 };
}

describe('PodController in store mode', () => {
  it('runs the pods bound to its node and writes their status to the store', async () => {
    const c = cluster();
    c.store.create(c.bound(pod('web', [sh('app', 'sleep 3600')])));
    c.store.create(c.bound(pod('other', [sh('app', 'sleep 3600')]), 'node-2'));
    c.store.create(pod('unscheduled', [sh('app', 'sleep 3600')]));
    await c.until(1);
    const web = c.store.get('Pod', 'web');
    expect(web.status).toMatchObject({ phase: 'Running', hostIP: '10.0.0.2', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] });
    expect(podStatusText(web)).toBe('Running');
    expect(c.store.get('Pod', 'other').status).toEqual({ phase: 'Pending' });
    expect(c.kubelet.list().map((p) => p.metadata.name)).toEqual(['web']);
    expect(() => c.kubelet.run(pod('x', [sh('app', 'true')]))).toThrow(expect.objectContaining({ code: 'unsupported' }));
    expect(c.errors).toEqual([]);
  });

  it('writes status once per sync pass rather than once per change', async () => {
    const c = cluster();
    const spy = vi.spyOn(c.store, 'updateStatus');
    c.store.create(c.bound(pod('web', [sh('app', 'sleep 3600')])));
    await c.until(1);
    expect(c.store.get('Pod', 'web').status?.phase).toBe('Running');
    expect(spy.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('terminates a pod deleted in the store, writes its terminal status, then removes it with grace 0 and a uid precondition (§A.6, §F.1)', async () => {
    const c = cluster();
    const created = c.store.create(c.bound(pod('web', [sh('app', "trap 'exit 0' TERM; while true; do sleep 1; done")])));
    await c.until(5);
    const seen: WatchEvent<Pod>[] = [];
    c.store.watch('Pod', { resourceVersion: c.store.resourceVersion }).subscribe((e) => seen.push(e));
    const spy = vi.spyOn(c.store, 'delete');
    c.store.delete('Pod', 'web');
    expect(c.store.get('Pod', 'web').metadata.deletionGracePeriodSeconds).toBe(30);
    await c.until(6);
    expect(c.store.tryGet('Pod', 'web')).toBeUndefined();
    const lastModified = seen.filter((e) => e.type === 'Modified').at(-1)!.object;
    expect(lastModified.status?.phase).toBe('Succeeded');
    expect(seen.at(-1)?.type).toBe('Deleted');
    expect(spy.mock.calls.at(-1)).toEqual(['Pod', 'web', { namespace: 'default', gracePeriodSeconds: 0, preconditions: { uid: created.metadata.uid } }]);
    expect(await c.runtime.listPodSandboxes()).toEqual([]);
    expect(c.errors).toEqual([]);
  });

  it('kills the containers of a pod force-deleted from the store', async () => {
    const c = cluster();
    c.store.create(c.bound(pod('web', [sh('app', 'sleep 3600')])));
    await c.until(5);
    c.store.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    expect(c.store.tryGet('Pod', 'web')).toBeUndefined();
    await c.until(7);
    expect(await c.runtime.listContainers()).toEqual([]);
    expect(c.kubelet.list()).toEqual([]);
    expect(c.errors).toEqual([]);
  });

  it('starts a new pod that reuses the name of a force-deleted one once the old one has terminated', async () => {
    const c = cluster();
    c.store.create(c.bound(pod('web', [sh('app', 'sleep 3600')])));
    await c.until(5);
    c.store.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    const second = c.store.create(c.bound(pod('web', [sh('app', 'sleep 3600')])));
    await c.until(6);
    expect(c.store.get('Pod', 'web').status).toEqual({ phase: 'Pending' });
    await c.until(8);
    const web = c.store.get('Pod', 'web');
    expect(web.metadata.uid).toBe(second.metadata.uid);
    expect(web.status).toMatchObject({ phase: 'Running', startTime: '2024-01-01T00:00:07Z' });
    expect((await c.runtime.listPodSandboxes()).map((s) => s.podUid)).toEqual([second.metadata.uid]);
  });

  it('folds conditions written by others (readiness gates) into the status it writes (§C.2)', async () => {
    const c = cluster();
    c.store.create(c.bound(pod('gated', [sh('app', 'sleep 3600')], { readinessGates: [{ conditionType: 'example.com/ready' }] })));
    await c.until(1);
    expect(c.store.get('Pod', 'gated').status?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    const current = c.store.get('Pod', 'gated');
    c.store.updateStatus({ ...current, status: { ...current.status, conditions: [...(current.status?.conditions ?? []), { type: 'example.com/ready', status: 'True' }] } });
    await c.until(2);
    const conditions = c.store.get('Pod', 'gated').status?.conditions ?? [];
    expect(conditions.find((x) => x.type === 'Ready')?.status).toBe('True');
    expect(conditions.find((x) => x.type === 'example.com/ready')?.status).toBe('True');
  });

  it('keeps containers running while stopped and picks up from the store and the runtime on start', async () => {
    const c = cluster();
    c.store.create(c.bound(pod('web', [sh('app', 'sleep 3600')])));
    c.store.create(c.bound(pod('crash', [sh('app', 'sleep 20; exit 1')])));
    await c.until(5);
    c.kubelet.stop();
    expect((await c.kubelet.nodeStatus()).conditions?.[0]?.status).toBe('False');
    await c.until(30);
    // Nobody reports while the node is away.
    expect(c.store.get('Pod', 'crash').status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    const creates = c.runtime.calls.filter((x) => x.method === 'createContainer').length;
    await c.kubelet.start();
    await c.until(31);
    expect(c.store.get('Pod', 'web').status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { running: { startedAt: '2024-01-01T00:00:00Z' } } });
    expect(c.store.get('Pod', 'crash').status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 1 } } });
    expect(c.runtime.calls.filter((x) => x.method === 'createContainer').length).toBe(creates + 1);
    expect(c.errors).toEqual([]);
  });

  it('reports node status for heartbeats: capacity, addresses and Ready', async () => {
    const c = cluster();
    const status = await c.kubelet.nodeStatus();
    expect(status).toMatchObject({
      capacity: { cpu: '4', memory: '16Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '16Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: '2024-01-01T00:00:00Z' }],
      addresses: [
        { type: 'InternalIP', address: '10.0.0.2' },
        { type: 'Hostname', address: 'node-1' },
      ],
    });
  });
});
