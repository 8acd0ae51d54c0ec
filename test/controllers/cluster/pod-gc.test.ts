import { describe, expect, it } from 'vitest';
import { isPodReady, type Pod } from 'podkit';
import { getPodCondition, TAINT_NODE_OUT_OF_SERVICE, toTimestamp } from 'podkit/model';
import { newCluster, podsOf, ready, replicaSet } from './helpers.js';

const START = Date.UTC(2024, 0, 1);

/** The last version of each pod before it was removed from the store. */
function lastVersions(cluster: ReturnType<typeof newCluster>['cluster']): Map<string, Pod> {
  const last = new Map<string, Pod>();
  cluster.watch('Pod').subscribe((e) => last.set(e.object.metadata.uid ?? '', e.object));
  return last;
}

describe('PodGC in a cluster (pkg/controller/podgc)', () => {
  it('force-deletes the pods of a deleted Node after the 40 s quarantine, Failed with DisruptionTarget DeletionByPodGC, so ready replicas are only real pods (gcOrphaned)', async () => {
    const { cluster, clock } = newCluster(2);
    cluster.apply(replicaSet('web', 4));
    await cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
    await clock.advanceTo(START + 60_000);
    const ghosts = podsOf(cluster, 'web').filter((p) => p.spec.nodeName === 'node-1');
    expect(ghosts).toHaveLength(2);
    const versions = lastVersions(cluster);
    await cluster.stopNode('node-1');
    cluster.delete('Node', 'node-1');
    // PodGC runs at T0, T0+20 s, ... (the T0+60 s run came before the deletion): missing at
    // T0+80 s (quarantined until T0+120 s), still missing at T0+120 s.
    await cluster.advance('59s');
    expect(ghosts.every((p) => cluster.tryGet('Pod', p.metadata.name ?? '') !== undefined)).toBe(true);
    expect(cluster.get('ReplicaSet', 'web').status?.readyReplicas).toBe(4);
    await cluster.advance('1s');
    for (const p of ghosts) {
      expect(cluster.tryGet('Pod', p.metadata.name ?? '')).toBeUndefined();
      const last = versions.get(p.metadata.uid ?? '');
      expect(last?.status?.phase).toBe('Failed');
      expect(getPodCondition(last!, 'DisruptionTarget')).toMatchObject({
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
        lastTransitionTime: toTimestamp(START + 120_000),
      });
    }
    await cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
    expect(podsOf(cluster, 'web').every((p) => p.spec.nodeName === 'node-2')).toBe(true);
    expect(cluster.get('ReplicaSet', 'web').status).toMatchObject({ replicas: 4, readyReplicas: 4 });
    await cluster.close();
  });

  it('keeps the pods of a Node deleted while its kubelet runs: the kubelet registers it again within the quarantine', async () => {
    const { cluster } = newCluster(1);
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    const before = podsOf(cluster, 'web').map((p) => p.metadata.uid);
    cluster.delete('Node', 'node-1');
    await cluster.advance('5m');
    expect(podsOf(cluster, 'web').map((p) => p.metadata.uid)).toEqual(before);
    await cluster.close();
  });

  it('force-deletes pods stuck Terminating on a lost node once it has the out-of-service taint, marking them Failed (gcTerminating)', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(replicaSet('web', 4));
    await cluster.runUntil((c) => ready(c, 'web').length === 4, { timeout: '1m' });
    const lost = podsOf(cluster, 'web').filter((p) => p.spec.nodeName === 'node-1');
    await cluster.stopNode('node-1');
    await cluster.advance('6m');
    for (const p of lost) expect(cluster.get('Pod', p.metadata.name ?? '').metadata.deletionTimestamp).toBeDefined();
    // Without the taint they stay Terminating (§L.6).
    await cluster.advance('5m');
    expect(lost.every((p) => cluster.tryGet('Pod', p.metadata.name ?? '') !== undefined)).toBe(true);
    const versions = lastVersions(cluster);
    const node = cluster.get('Node', 'node-1');
    cluster.store.update({ ...node, spec: { ...node.spec, taints: [...(node.spec?.taints ?? []), { key: TAINT_NODE_OUT_OF_SERVICE, value: 'nodeshutdown', effect: 'NoExecute' }] } });
    await cluster.advance('20s');
    for (const p of lost) {
      expect(cluster.tryGet('Pod', p.metadata.name ?? '')).toBeUndefined();
      expect(versions.get(p.metadata.uid ?? '')?.status?.phase).toBe('Failed');
    }
    await cluster.close();
  });

  it('force-deletes a terminating pod that was never scheduled, marking it Failed; a finalizer still holds it (gcUnscheduledTerminating)', async () => {
    const { cluster } = newCluster(1);
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nowhere', finalizers: ['example.com/hold'] },
      spec: { nodeSelector: { disk: 'none' }, containers: [{ name: 'app', image: 'busybox:1.36' }] },
    });
    await cluster.advance('5s');
    // An unscheduled pod is deleted at once (grace 0) — but its finalizer keeps it Terminating.
    cluster.delete('Pod', 'nowhere');
    expect(cluster.get('Pod', 'nowhere').metadata.deletionTimestamp).toBeDefined();
    expect(cluster.get('Pod', 'nowhere').status?.phase).toBe('Pending');
    await cluster.advance('20s');
    expect(cluster.get('Pod', 'nowhere').status?.phase).toBe('Failed');
    const pod = cluster.get('Pod', 'nowhere');
    cluster.store.update({ ...pod, metadata: { ...pod.metadata, finalizers: [] } });
    expect(cluster.tryGet('Pod', 'nowhere')).toBeUndefined();
    await cluster.close();
  });

  it('deletes the oldest terminated pods over terminatedPodThreshold, and none with the default 12500 (gcTerminated)', async () => {
    for (const threshold of [2, undefined]) {
      const { cluster } = newCluster(1, { controllers: { podGc: threshold === undefined ? true : { terminatedPodThreshold: threshold } } });
      for (let i = 0; i < 4; i++) {
        cluster.apply({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `done-${i}` },
          spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['true'] }] },
        });
        await cluster.advance('1s');
      }
      await cluster.runUntil((c) => c.list('Pod').every((p) => p.status?.phase === 'Succeeded'), { timeout: '1m' });
      await cluster.advance('20s');
      const left = cluster.list('Pod').map((p) => p.metadata.name);
      expect(left).toEqual(threshold === undefined ? ['done-0', 'done-1', 'done-2', 'done-3'] : ['done-2', 'done-3']);
      await cluster.close();
    }
  });

  it('can be left out or tuned through the built-in controller options', async () => {
    const { cluster } = newCluster(2, { controllers: { podGc: false } });
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    await cluster.stopNode('node-1');
    await cluster.stopNode('node-2');
    cluster.delete('Node', 'node-1');
    cluster.delete('Node', 'node-2');
    await cluster.advance('5m');
    expect(podsOf(cluster, 'web').filter((p) => isPodReady(p))).toHaveLength(2);
    await cluster.close();
    expect(() => newCluster(1, { controllers: { podGc: { checkPeriod: 0 } } })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
