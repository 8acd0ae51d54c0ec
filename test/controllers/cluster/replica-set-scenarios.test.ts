import { describe, expect, it } from 'vitest';
import type { Pod } from 'podkit';
import { getControllerOf } from 'podkit/planners';
import { newCluster, podsOf, ready, replicaSet, running } from './helpers.js';

const names = (pods: readonly Pod[]): string[] => pods.map((p) => p.metadata.name ?? '').sort();
const byNode = (pods: readonly Pod[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const p of pods) out[p.spec.nodeName ?? ''] = (out[p.spec.nodeName ?? ''] ?? 0) + 1;
  return out;
};

describe('ReplicaSet controller in a cluster (acceptance)', () => {
  it('converges a 3-replica ReplicaSet to 3 Running pods spread 2/1 over 2 nodes, with the status written (§H.2, §H.7)', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(replicaSet('web', 3));
    await cluster.runUntil((c) => ready(c, 'web').length === 3 && c.get('ReplicaSet', 'web').status?.readyReplicas === 3, { timeout: '1m' });
    const pods = running(cluster, 'web');
    expect(Object.values(byNode(pods)).sort()).toEqual([1, 2]);
    const rs = cluster.get('ReplicaSet', 'web');
    expect(rs.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    for (const p of pods) {
      expect(getControllerOf(p)).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true });
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    }
    expect(cluster.formatTable('ReplicaSet')).toBe('NAME   DESIRED   CURRENT   READY   AGE\nweb    3         3         3       0s');
    await cluster.close();
  });

  it('creates in slow-start batches and records one SuccessfulCreate per pod (§H.3)', async () => {
    const { cluster } = newCluster(2);
    const creates: number[] = [];
    const sub = cluster.watch('Pod').subscribe((e) => {
      if (e.type === 'Added') creates.push(cluster.clock.now());
    });
    cluster.apply(replicaSet('web', 7));
    await cluster.runUntil((c) => ready(c, 'web').length === 7, { timeout: '1m' });
    sub.unsubscribe();
    expect(creates).toHaveLength(7);
    expect(cluster.events({ kind: 'ReplicaSet', name: 'web' }).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(7);
    await cluster.close();
  });

  it('scaling to 10 then to 2 keeps the two pods upstream ranking keeps: the longest-ready ones, ties in a log2 bucket broken by UID (§H.4 rules 5, 6)', async () => {
    const { cluster } = newCluster(2);
    // P1, P2, P3 become ready one minute apart.
    cluster.apply(replicaSet('web', 1));
    await cluster.runUntil((c) => ready(c, 'web').length === 1, { timeout: '1m' });
    const [p1] = running(cluster, 'web');
    await cluster.advance('1m');
    cluster.scale('ReplicaSet', 'web', 2);
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    const p2 = running(cluster, 'web').find((p) => p.metadata.name !== p1?.metadata.name);
    await cluster.advance('1m');
    cluster.scale('ReplicaSet', 'web', 3);
    await cluster.runUntil((c) => ready(c, 'web').length === 3, { timeout: '1m' });
    await cluster.advance('1m');
    cluster.scale('ReplicaSet', 'web', 10);
    await cluster.runUntil((c) => ready(c, 'web').length === 10, { timeout: '1m' });
    expect(byNode(running(cluster, 'web'))).toEqual({ 'node-1': 5, 'node-2': 5 });
    await cluster.advance('1m');
    // Equal ranks (5 co-located pods each): the most recently ready go first; P1 (~240 s) and P2
    // (~180 s) share the floor(log2(ns)) bucket 37, P3 (~120 s) is in bucket 36 and goes.
    cluster.scale('ReplicaSet', 'web', 2);
    await cluster.runUntil((c) => podsOf(c, 'web').length === 2, { timeout: '2m' });
    expect(names(podsOf(cluster, 'web'))).toEqual(names([p1!, p2!]));
    expect(cluster.get('ReplicaSet', 'web').status).toMatchObject({ replicas: 2, readyReplicas: 2 });
    expect(cluster.events({ kind: 'ReplicaSet', name: 'web' }).filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(8);
    await cluster.close();
  });

  it('replaces a deleted pod with a new pod (new name and uid) while the old one terminates (§H.1, §L.7)', async () => {
    const { cluster } = newCluster(2);
    // `sleep` as PID 1 ignores SIGTERM: the pod stays Terminating for its 30 s grace period.
    cluster.apply(replicaSet('web', 3, { command: ['sleep', '3600'] }));
    await cluster.runUntil((c) => ready(c, 'web').length === 3, { timeout: '1m' });
    const victim = running(cluster, 'web')[0]!;
    cluster.delete('Pod', victim.metadata.name ?? '');
    // The terminating pod no longer counts: a replacement is created at once.
    await cluster.advance(0);
    expect(podsOf(cluster, 'web')).toHaveLength(4);
    expect(cluster.get('Pod', victim.metadata.name ?? '').metadata.deletionTimestamp).toBeDefined();
    await cluster.advance('29s');
    expect(cluster.tryGet('Pod', victim.metadata.name ?? '')).toBeDefined();
    await cluster.runUntil((c) => ready(c, 'web').length === 3 && c.tryGet('Pod', victim.metadata.name ?? '') === undefined, { timeout: '1m' });
    const after = running(cluster, 'web');
    expect(after.map((p) => p.metadata.uid)).not.toContain(victim.metadata.uid);
    expect(after.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    await cluster.close();
  });

  it('adopts a matching orphan created by hand and creates one pod fewer (§H.6)', async () => {
    const { cluster } = newCluster(2);
    cluster.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'manual', labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    await cluster.runUntil((c) => c.get('Pod', 'manual').status?.phase === 'Running', { timeout: '1m' });
    cluster.apply(replicaSet('web', 3));
    await cluster.runUntil((c) => ready(c, 'web').length === 3 && c.get('ReplicaSet', 'web').status?.readyReplicas === 3, { timeout: '1m' });
    const rs = cluster.get('ReplicaSet', 'web');
    expect(getControllerOf(cluster.get('Pod', 'manual'))).toMatchObject({ kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true });
    expect(podsOf(cluster, 'web')).toHaveLength(3);
    expect(cluster.events({ kind: 'ReplicaSet', name: 'web' }).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(2);
    await cluster.close();
  });

  it('ignores a matching pod that another controller owns (§H.6)', async () => {
    const { cluster } = newCluster(1);
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'owned-elsewhere', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: 'other-uid', controller: true }] },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
    });
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 3, { timeout: '1m' });
    expect(getControllerOf(cluster.get('Pod', 'owned-elsewhere'))?.uid).toBe('other-uid');
    expect(cluster.get('ReplicaSet', 'web').status?.replicas).toBe(2);
    await cluster.close();
  });

  it('releases a pod whose labels stop matching and replaces it (§H.6)', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(replicaSet('web', 3));
    await cluster.runUntil((c) => ready(c, 'web').length === 3, { timeout: '1m' });
    const pod = running(cluster, 'web')[0]!;
    cluster.store.update({ ...pod, metadata: { ...pod.metadata, labels: { app: 'debug' } } });
    await cluster.runUntil((c) => ready(c, 'web').length === 3, { timeout: '1m' });
    const released = cluster.get('Pod', pod.metadata.name ?? '');
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(released.status?.phase).toBe('Running');
    expect(running(cluster, 'web').map((p) => p.metadata.name)).not.toContain(pod.metadata.name);
    await cluster.close();
  });

  it('treats the template as a cookie cutter: a template change never touches existing pods (§K.1)', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    const before = running(cluster, 'web');
    const changed = replicaSet('web', 2);
    cluster.apply({ ...changed, spec: { ...changed.spec, template: { ...changed.spec.template, spec: { containers: [{ name: 'app', image: 'busybox:1.37' }] } } } });
    await cluster.advance('30s');
    const same = running(cluster, 'web');
    expect(same.map((p) => [p.metadata.uid, p.spec.containers[0]?.image])).toEqual(before.map((p) => [p.metadata.uid, 'busybox:1.36']));
    expect(cluster.get('ReplicaSet', 'web').status?.observedGeneration).toBe(2);
    cluster.delete('Pod', before[0]?.metadata.name ?? '');
    await cluster.runUntil((c) => ready(c, 'web').length === 2 && running(c, 'web').some((p) => p.spec.containers[0]?.image === 'busybox:1.37'), { timeout: '1m' });
    await cluster.close();
  });

  it('counts availableReplicas only after minReadySeconds, requeueing itself (§H.2 step 6, §H.7)', async () => {
    const { cluster } = newCluster(1);
    cluster.apply(replicaSet('web', 2, { minReadySeconds: 10 }));
    await cluster.runUntil((c) => c.get('ReplicaSet', 'web').status?.readyReplicas === 2, { timeout: '1m' });
    const readyAt = cluster.clock.now();
    expect(cluster.get('ReplicaSet', 'web').status?.availableReplicas).toBe(0);
    await cluster.runUntil((c) => c.get('ReplicaSet', 'web').status?.availableReplicas === 2, { timeout: '1m' });
    const waited = cluster.clock.now() - readyAt;
    // Available as soon as the pods have been ready for more than 10 s, not at a later resync.
    expect(waited).toBeGreaterThan(10_000);
    expect(waited).toBeLessThanOrEqual(10_001);
    await cluster.close();
  });

  it('keeps a crash-looping ReplicaSet at the desired count without creating more pods or rewriting its status', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(replicaSet('crash', 3, { command: ['sh', '-c', 'exit 1'] }));
    await cluster.runUntil((c) => c.get('ReplicaSet', 'crash').status?.replicas === 3, { timeout: '1m' });
    await cluster.advance('1m');
    const pods = podsOf(cluster, 'crash');
    const rsVersion = cluster.get('ReplicaSet', 'crash').metadata.resourceVersion;
    await cluster.advance('10m');
    const later = podsOf(cluster, 'crash');
    expect(later.map((p) => p.metadata.uid)).toEqual(pods.map((p) => p.metadata.uid));
    for (const p of later) {
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThan(3);
    }
    expect(cluster.get('ReplicaSet', 'crash').metadata.resourceVersion).toBe(rsVersion);
    expect(cluster.get('ReplicaSet', 'crash').status).toMatchObject({ replicas: 3, readyReplicas: 0 });
    expect(cluster.events({ kind: 'ReplicaSet', name: 'crash' }).filter((e) => e.reason === 'SuccessfulCreate')).toHaveLength(3);
    await cluster.close();
  });

  it('deletes its pods with the ReplicaSet (garbage collection of dependents, §K.5)', async () => {
    const { cluster } = newCluster(1);
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    cluster.delete('ReplicaSet', 'web');
    await cluster.runUntil((c) => podsOf(c, 'web').length === 0, { timeout: '2m' });
    await cluster.close();
  });
});
