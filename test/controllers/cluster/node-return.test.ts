import { describe, expect, it } from 'vitest';
import { nodeStatusText } from 'podkit';
import { getPodCondition } from 'podkit/model';
import { newCluster, podsOf, ready, replicaSet } from './helpers.js';

describe('a node that returns (§L.4, kubelet status manager)', () => {
  it('rewrites the Ready condition of its pods when its kubelet comes back (status manager generateAPIPodStatus overwrites MarkPodsNotReady)', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(replicaSet('web', 4));
    await cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
    await cluster.stopNode('node-1');
    await cluster.advance('2m');
    const lost = podsOf(cluster, 'web').filter((p) => p.spec.nodeName === 'node-1');
    expect(lost.length).toBeGreaterThan(0);
    for (const p of lost) expect(getPodCondition(p, 'Ready')?.status).toBe('False');
    await cluster.startNode('node-1');
    await cluster.advance('30s');
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('Ready');
    for (const p of lost) {
      const now = cluster.get('Pod', p.metadata.name ?? '');
      expect(getPodCondition(now, 'ContainersReady')?.status).toBe('True');
      expect(getPodCondition(now, 'Ready')?.status).toBe('True');
    }
    expect(cluster.get('ReplicaSet', 'web').status?.readyReplicas).toBe(4);
    await cluster.close();
  });

  it('rewrites Ready after a runtime outage too: the kubelet kept running, so its status manager reconciles the API status with its own every 10 s (syncBatch needsReconcile)', async () => {
    const { cluster, runtimes } = newCluster(2);
    cluster.apply(replicaSet('web', 4));
    await cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
    runtimes[0]?.setAvailable(false);
    await cluster.advance('2m');
    const lost = podsOf(cluster, 'web').filter((p) => p.spec.nodeName === 'node-1');
    expect(lost.length).toBeGreaterThan(0);
    for (const p of lost) expect(getPodCondition(p, 'Ready')?.status).toBe('False');
    runtimes[0]?.setAvailable(true);
    await cluster.advance('30s');
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('Ready');
    for (const p of lost) expect(getPodCondition(cluster.get('Pod', p.metadata.name ?? ''), 'Ready')?.status).toBe('True');
    expect(cluster.get('ReplicaSet', 'web').status?.readyReplicas).toBe(4);
    await cluster.close();
  });

  it('marks a pod that turns Ready on a node that is not Ready not ready again at once, not at the next 5 s check (nodelifecycle processPod)', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(replicaSet('web', 4));
    await cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
    await cluster.stopNode('node-1');
    await cluster.advance('2m');
    const [pod] = podsOf(cluster, 'web').filter((p) => p.spec.nodeName === 'node-1');
    expect(pod).toBeDefined();
    const current = cluster.get('Pod', pod?.metadata.name ?? '');
    // A write that says Ready=True (a kubelet reporting before the node's heartbeat is back).
    const conditions = (current.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: 'True' as const } : c));
    cluster.store.updateStatus({ ...current, status: { ...current.status, conditions } });
    await cluster.advance(0);
    expect(getPodCondition(cluster.get('Pod', pod?.metadata.name ?? ''), 'Ready')?.status).toBe('False');
    await cluster.close();
  });

  it('writes no pod status in the steady state: the periodic reconcile only writes where the API differs from the kubelet', async () => {
    const { cluster, runtimes } = newCluster(1);
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    runtimes[0]?.setAvailable(false);
    await cluster.advance('2m');
    runtimes[0]?.setAvailable(true);
    await cluster.advance('1m');
    expect(ready(cluster, 'web')).toHaveLength(2);
    let writes = 0;
    const sub = cluster.watch('Pod', { resourceVersion: cluster.store.resourceVersion }).subscribe(() => writes++);
    await cluster.advance('10m');
    sub.unsubscribe();
    expect(writes).toBe(0);
    await cluster.close();
  });
});
