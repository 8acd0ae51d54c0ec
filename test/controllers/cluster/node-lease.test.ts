// Node Leases (kube-node-lease): the kubelet renews one per node, the node lifecycle controller
// counts a renewal as a heartbeat (§L.1), and the Lease goes with its Node.
import { describe, expect, it } from 'vitest';
import { nodeStatusText, type Cluster } from 'podkit';
import { toMicroTime } from 'podkit/model';
import { newCluster } from './helpers.js';

const START = Date.UTC(2024, 0, 1);

function renew(cluster: Cluster, node: string): void {
  const lease = cluster.get('Lease', node, 'kube-node-lease');
  cluster.store.update({ ...lease, spec: { ...lease.spec, renewTime: toMicroTime(cluster.clock.now()) } });
}

describe('node Leases (§L.1)', () => {
  it('each node renews kube-node-lease/<node> every 10 s: holder the node, 40 s, owned by its Node', async () => {
    const { cluster, clock } = newCluster(2);
    await cluster.advance('1s');
    const lease = cluster.get('Lease', 'node-1', 'kube-node-lease');
    const node = cluster.get('Node', 'node-1');
    expect(lease.spec).toMatchObject({ holderIdentity: 'node-1', leaseDurationSeconds: 40 });
    expect(lease.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'node-1', uid: node.metadata.uid }]);
    await clock.advanceTo(START + 30_500);
    expect(cluster.get('Lease', 'node-1', 'kube-node-lease').spec?.renewTime).toBe(toMicroTime(START + 30_000));
    expect(cluster.list('Lease', { namespace: 'kube-node-lease' }).map((l) => l.metadata.name).sort()).toEqual(['node-1', 'node-2']);
    await cluster.close();
  });

  it('a node whose status stopped but whose Lease is renewed stays Ready; without renewals it is Unknown after the grace period', async () => {
    const { cluster, clock } = newCluster(1);
    await clock.advanceTo(START + 60_000);
    await cluster.stopNode('node-1');
    // Only the Lease is renewed (a kubelet that can reach the API but posts status rarely).
    for (let t = 0; t < 12; t++) {
      await cluster.advance('10s');
      renew(cluster, 'node-1');
    }
    await cluster.advance('5s');
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('Ready');
    // Renewals stop at T0+180 s: Unknown once 50 s have passed since.
    await clock.advanceTo(START + 180_000 + 50_000);
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('Ready');
    await cluster.advance('6s');
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('NotReady');
    await cluster.close();
  });

  it('deleting a Node deletes its Lease (garbage collection through the owner reference)', async () => {
    const { cluster } = newCluster(2);
    await cluster.advance('1s');
    await cluster.stopNode('node-2');
    cluster.delete('Node', 'node-2');
    expect(cluster.tryGet('Lease', 'node-2', 'kube-node-lease')).toBeUndefined();
    expect(cluster.tryGet('Lease', 'node-1', 'kube-node-lease')).toBeDefined();
    await cluster.close();
  });
});
