// close() hands the kills it has started over to the runtime and to the next kubelet: it returns
// without waiting, and the closed kubelet makes no further runtime call and no store write.
import { describe, expect, it } from 'vitest';
import { createCluster, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const stubborn = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }] },
});

describe('cluster.close() with kills in flight', () => {
  it('returns at once, and the closed kubelet calls the runtime no more and writes nothing: the stop it sent finishes in the runtime, the rest is the next start’s', async () => {
    const clock = new VirtualClock();
    const runtime = new FakeRuntime({ clock });
    const cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime }] });
    cluster.apply([stubborn('a'), stubborn('b')]);
    await cluster.runUntil((c) => c.list('Pod').every((p) => p.status?.phase === 'Running'), { timeout: '1m' });
    cluster.delete('Pod', 'a'); // graceful: SIGTERM is ignored, SIGKILL after 30 s
    cluster.delete('Pod', 'b', { gracePeriodSeconds: 0 }); // force: the kubelet still gives 2 s
    await clock.advance('1s');
    expect(runtime.calls.filter((c) => c.method === 'stopContainer')).toHaveLength(2);
    await cluster.close();
    const calls = runtime.calls.length;
    const rv = cluster.store.resourceVersion;
    await clock.advance('2m');
    expect(runtime.calls.slice(calls).map((c) => c.method)).toEqual([]);
    expect(cluster.store.resourceVersion).toBe(rv);
    // The stops finished in the runtime; sandboxes and containers wait for the next start.
    expect((await runtime.listContainers()).map((c) => c.state)).toEqual(['exited', 'exited']);
    expect(await runtime.listPodSandboxes()).toHaveLength(2);
    // The next start on the runtime (a new cluster on the same store): pod "a" is adopted and its
    // deletion finished; "b" no longer exists, so what it left is removed.
    const next = createCluster({ clock, store: cluster.store, nodes: [{ name: 'node-1', runtime }] });
    await next.runUntil((c) => c.list('Pod').length === 0, { timeout: '1m' });
    await clock.advance('1s');
    expect(await runtime.listContainers()).toEqual([]);
    expect(await runtime.listPodSandboxes()).toEqual([]);
    await next.close();
  });
});
