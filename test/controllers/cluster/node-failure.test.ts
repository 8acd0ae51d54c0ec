import { describe, expect, it } from 'vitest';
import { nodeStatusText, podStatusText, type Cluster, type Pod } from 'podkit';
import { getPodCondition, toTimestamp } from 'podkit/model';
import { newCluster, podsOf, ready, replicaSet } from './helpers.js';

const START = Date.UTC(2024, 0, 1);

function onNode(cluster: Cluster, app: string, node: string): Pod[] {
  return podsOf(cluster, app).filter((p) => p.spec.nodeName === node);
}

/** A 4-replica ReplicaSet spread 2/2 over two nodes, and the cluster clock at exactly T0+60 s (right after a heartbeat). */
async function setup() {
  const env = newCluster(2);
  env.cluster.apply(replicaSet('web', 4));
  await env.cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
  await env.clock.advanceTo(START + 60_000);
  return env;
}

describe('node failure (§L)', () => {
  it('marks a stopped node Unknown after the 50 s grace period, taints it unreachable and flips its pods to Ready=False; phase stays Running (§L.3, §L.4)', async () => {
    const { cluster } = await setup();
    const lost = onNode(cluster, 'web', 'node-1');
    expect(lost).toHaveLength(2);
    await cluster.stopNode('node-1');
    // Last heartbeat at T0+60 s: still Ready at exactly T0+110 s.
    await cluster.advance('50s');
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('Ready');
    await cluster.advance('1s');
    const node = cluster.get('Node', 'node-1');
    expect(nodeStatusText(node)).toBe('NotReady');
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: toTimestamp(START + 110_000),
    });
    expect(node.spec?.taints).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: toTimestamp(START + 110_000) },
        { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      ]),
    );
    for (const p of onNode(cluster, 'web', 'node-1')) {
      expect(p.status?.phase).toBe('Running');
      expect(getPodCondition(p, 'Ready')).toMatchObject({ status: 'False', lastTransitionTime: toTimestamp(START + 110_000) });
    }
    expect(cluster.formatTable('Node')).toMatch(/node-1\s+NotReady/);
    expect(cluster.events({ kind: 'Node', name: 'node-1' }).map((e) => e.reason)).toContain('NodeNotReady');
    // The healthy node is untouched.
    expect(nodeStatusText(cluster.get('Node', 'node-2'))).toBe('Ready');
    expect(cluster.get('Node', 'node-2').spec?.taints).toBeUndefined();
    await cluster.close();
  });

  it('evicts the pods 300 s later (default toleration), replaces them on the remaining node with new UIDs, and keeps the old ones Terminating (§L.5–§L.7)', async () => {
    const { cluster } = await setup();
    const lost = onNode(cluster, 'web', 'node-1');
    await cluster.stopNode('node-1');
    await cluster.advance('51s'); // T0+111 s: Unknown since T0+110 s.
    await cluster.advance('298s'); // T0+409 s
    for (const p of lost) expect(cluster.get('Pod', p.metadata.name ?? '').metadata.deletionTimestamp).toBeUndefined();
    await cluster.advance('1s'); // T0+410 s = taint time + 300 s
    for (const p of lost) {
      const now = cluster.get('Pod', p.metadata.name ?? '');
      expect(now.metadata.deletionTimestamp).toBe(toTimestamp(START + 440_000));
      expect(getPodCondition(now, 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
      expect(getPodCondition(now, 'Ready')?.status).toBe('False');
    }
    expect(cluster.events().filter((e) => e.reason === 'TaintManagerEviction').map((e) => e.involvedObject.name).sort()).toEqual(lost.map((p) => p.metadata.name).sort());
    await cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
    const replacements = onNode(cluster, 'web', 'node-2').filter((p) => p.metadata.deletionTimestamp === undefined);
    expect(replacements).toHaveLength(4);
    const oldUids = lost.map((p) => p.metadata.uid);
    expect(replacements.filter((p) => oldUids.includes(p.metadata.uid))).toEqual([]);
    // Nobody can confirm the old pods' end while the node is away: they stay Terminating.
    await cluster.advance('10m');
    for (const p of lost) {
      const still = cluster.get('Pod', p.metadata.name ?? '');
      expect(podStatusText(still)).toBe('Terminating');
      expect(still.status?.phase).toBe('Running');
    }
    expect(cluster.get('ReplicaSet', 'web').status).toMatchObject({ replicas: 4, readyReplicas: 4 });
    await cluster.close();
  });

  it('finishes the deletions when the node comes back, and removes the taints (§L.6)', async () => {
    const { cluster } = await setup();
    const lost = onNode(cluster, 'web', 'node-1');
    await cluster.stopNode('node-1');
    await cluster.advance('6m');
    expect(lost.every((p) => cluster.get('Pod', p.metadata.name ?? '').metadata.deletionTimestamp !== undefined)).toBe(true);
    await cluster.startNode('node-1');
    await cluster.runUntil((c) => lost.every((p) => c.tryGet('Pod', p.metadata.name ?? '') === undefined), { timeout: '1m' });
    await cluster.runUntil((c) => c.get('Node', 'node-1').spec?.taints === undefined || c.get('Node', 'node-1').spec?.taints?.length === 0, { timeout: '1m' });
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('Ready');
    expect(cluster.events({ kind: 'Node', name: 'node-1' }).filter((e) => e.reason === 'NodeReady').length).toBeGreaterThanOrEqual(1);
    expect(ready(cluster, 'web')).toHaveLength(4);
    await cluster.close();
  });

  it('keeps the pods (no eviction, same uids) and removes the taints when the node returns within the toleration', async () => {
    const { cluster } = await setup();
    const lost = onNode(cluster, 'web', 'node-1');
    await cluster.stopNode('node-1');
    await cluster.advance('2m');
    expect(lost.every((p) => getPodCondition(cluster.get('Pod', p.metadata.name ?? ''), 'Ready')?.status === 'False')).toBe(true);
    await cluster.startNode('node-1');
    await cluster.advance('10m');
    for (const p of lost) {
      const now = cluster.get('Pod', p.metadata.name ?? '');
      expect(now.metadata.uid).toBe(p.metadata.uid);
      expect(now.metadata.deletionTimestamp).toBeUndefined();
    }
    expect(cluster.get('Node', 'node-1').spec?.taints ?? []).toEqual([]);
    expect(podsOf(cluster, 'web')).toHaveLength(4);
    await cluster.close();
  });

  it('lets a force delete (grace 0) remove a pod stuck Terminating on a lost node (§L.6)', async () => {
    const { cluster } = await setup();
    const [victim] = onNode(cluster, 'web', 'node-1');
    await cluster.stopNode('node-1');
    await cluster.advance('6m');
    const name = victim?.metadata.name ?? '';
    expect(cluster.get('Pod', name).metadata.deletionTimestamp).toBeDefined();
    cluster.delete('Pod', name, { gracePeriodSeconds: 0 });
    expect(cluster.tryGet('Pod', name)).toBeUndefined();
    await cluster.close();
  });

  it('treats a node whose runtime stops answering ping() like a stopped one: no heartbeat, Unknown after the grace period', async () => {
    const { cluster, runtimes } = await setup();
    runtimes[0]?.setAvailable(false);
    await cluster.advance('50s');
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('Ready');
    await cluster.advance('1s');
    expect(nodeStatusText(cluster.get('Node', 'node-1'))).toBe('NotReady');
    runtimes[0]?.setAvailable(true);
    await cluster.runUntil((c) => nodeStatusText(c.get('Node', 'node-1')) === 'Ready', { timeout: '1m' });
    await cluster.close();
  });

  it('evicts at once a pod that does not tolerate the unreachable taint, and never one that tolerates it without tolerationSeconds (§L.5)', async () => {
    const { cluster } = newCluster(2);
    const pin = (name: string, tolerations: Pod['spec']['tolerations']) =>
      cluster.apply({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'busybox:1.36' }], ...(tolerations === undefined ? {} : { tolerations }) },
      });
    pin('forever', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
    pin('short', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 0 }]);
    await cluster.runUntil((c) => c.get('Pod', 'short').status?.phase === 'Running', { timeout: '1m' });
    await cluster.stopNode('node-1');
    await cluster.runUntil((c) => nodeStatusText(c.get('Node', 'node-1')) === 'NotReady', { timeout: '2m' });
    await cluster.advance(0);
    expect(cluster.get('Pod', 'short').metadata.deletionTimestamp).toBeDefined();
    await cluster.advance('1h');
    expect(cluster.get('Pod', 'forever').metadata.deletionTimestamp).toBeUndefined();
    await cluster.close();
  });
});
