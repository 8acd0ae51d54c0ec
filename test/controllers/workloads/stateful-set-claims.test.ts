// StatefulSet claims end to end on the fake runtime (docs/reference/kubernetes-rules.md §P.8):
// claims are created before their pod, bound to it by name, outlive the pod, keep its data, and
// their storage goes only when the claim object is deleted.
import { describe, expect, it } from 'vitest';
import { createCluster, isPodReady, type Cluster, type StatefulSet } from 'podkit';
import { FakeRuntime, VirtualClock, newStatefulSet } from 'podkit/testing';

const CLAIM = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };

function setup(): { c: Cluster; runtime: FakeRuntime } {
  const clock = new VirtualClock();
  const runtime = new FakeRuntime({ clock });
  return { c: createCluster({ clock, nodes: [{ name: 'node-1', runtime }] }), runtime };
}

const sts = (replicas: number, policy?: StatefulSet['spec']['persistentVolumeClaimRetentionPolicy']): StatefulSet =>
  newStatefulSet({
    name: 'db',
    replicas,
    volumeClaimTemplates: [CLAIM],
    ...(policy === undefined ? {} : { spec: { persistentVolumeClaimRetentionPolicy: policy } }),
    containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
  });

const ready = (c: Cluster, name: string): boolean => {
  const p = c.tryGet('Pod', name);
  return p !== undefined && p.metadata.deletionTimestamp === undefined && isPodReady(p);
};

describe('StatefulSet claims on the fake runtime (§P.8)', () => {
  it('§P.8 creates claim data-db-0 before pod db-0 and mounts it', async () => {
    const { c } = setup();
    const order: string[] = [];
    c.watch('PersistentVolumeClaim').subscribe((ev) => ev.type === 'Added' && order.push(`pvc/${ev.object.metadata.name}`));
    c.watch('Pod').subscribe((ev) => ev.type === 'Added' && order.push(`pod/${ev.object.metadata.name}`));
    c.apply(sts(2));
    await c.runUntil((x) => ready(x, 'db-1'), { timeout: '1m' });
    expect(order).toEqual(['pvc/data-db-0', 'pod/db-0', 'pvc/data-db-1', 'pod/db-1']);
    expect(c.get('Pod', 'db-0').spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }]);
    expect(c.get('PersistentVolumeClaim', 'data-db-0').metadata.labels).toEqual({ app: 'db' });
    await c.close();
  });

  it('§P.8 the data a pod wrote is there after it is deleted and recreated; the claim survives', async () => {
    const { c } = setup();
    c.apply(sts(1));
    await c.runUntil((x) => ready(x, 'db-0'), { timeout: '1m' });
    const w = await c.exec('db-0', 'app', ['sh', '-c', 'echo kept > /data/file']);
    expect(w.exitCode).toBe(0);
    const uid = c.get('Pod', 'db-0').metadata.uid;
    c.store.delete('Pod', 'db-0');
    await c.runUntil((x) => x.tryGet('Pod', 'db-0')?.metadata.uid !== uid && ready(x, 'db-0'), { timeout: '2m' });
    const r = await c.exec('db-0', 'app', ['cat', '/data/file']);
    expect(r.stdout).toBe('kept\n');
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name)).toEqual(['data-db-0']);
    await c.close();
  });

  it('§P.8 scaling down keeps the claim (Retain), and a scale-up finds the data again', async () => {
    const { c } = setup();
    c.apply(sts(2));
    await c.runUntil((x) => ready(x, 'db-1'), { timeout: '1m' });
    await c.exec('db-1', 'app', ['sh', '-c', 'echo one > /data/id']);
    const s = c.get('StatefulSet', 'db');
    c.apply({ ...s, spec: { ...s.spec, replicas: 1 } });
    await c.runUntil((x) => x.tryGet('Pod', 'db-1') === undefined, { timeout: '2m' });
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name)).toEqual(['data-db-0', 'data-db-1']);
    c.apply({ ...c.get('StatefulSet', 'db'), spec: { ...c.get('StatefulSet', 'db').spec, replicas: 2 } });
    await c.runUntil((x) => ready(x, 'db-1'), { timeout: '2m' });
    expect((await c.exec('db-1', 'app', ['cat', '/data/id'])).stdout).toBe('one\n');
    await c.close();
  });

  it('§P.8 deleting the claim object removes its storage from the runtime', async () => {
    const { c, runtime } = setup();
    c.apply(sts(1));
    await c.runUntil((x) => ready(x, 'db-0'), { timeout: '1m' });
    expect(runtime.claimVolumes).toEqual(['default/data-db-0']);
    c.store.delete('StatefulSet', 'db', { propagationPolicy: 'Orphan' });
    c.store.delete('Pod', 'db-0');
    await c.runUntil((x) => x.tryGet('Pod', 'db-0') === undefined, { timeout: '2m' });
    expect(runtime.claimVolumes).toEqual(['default/data-db-0']);
    c.store.delete('PersistentVolumeClaim', 'data-db-0');
    await c.advance('1s');
    expect(runtime.claimVolumes).toEqual([]);
    await c.close();
  });

  it('§P.8 whenScaled: Delete deletes the claim of a scaled-down pod with it; whenDeleted: Delete deletes the rest with the set', async () => {
    const { c, runtime } = setup();
    c.apply(sts(2, { whenDeleted: 'Delete', whenScaled: 'Delete' }));
    await c.runUntil((x) => ready(x, 'db-1') && (x.tryGet('PersistentVolumeClaim', 'data-db-1')?.metadata.ownerReferences ?? []).length > 0, { timeout: '1m' });
    expect(c.get('PersistentVolumeClaim', 'data-db-0').metadata.ownerReferences?.map((r) => r.kind)).toEqual(['StatefulSet']);
    const s = c.get('StatefulSet', 'db');
    c.apply({ ...s, spec: { ...s.spec, replicas: 1 } });
    await c.runUntil((x) => x.tryGet('Pod', 'db-1') === undefined && x.tryGet('PersistentVolumeClaim', 'data-db-1') === undefined, { timeout: '2m' });
    await c.advance('1s');
    expect(runtime.claimVolumes).toEqual(['default/data-db-0']);
    c.store.delete('StatefulSet', 'db');
    await c.runUntil((x) => x.list('PersistentVolumeClaim').length === 0 && x.list('Pod').length === 0, { timeout: '2m' });
    await c.advance('1s');
    expect(runtime.claimVolumes).toEqual([]);
    await c.close();
  });

  it('§P.8 with Retain a deleted set leaves its claims (and their data) behind', async () => {
    const { c, runtime } = setup();
    c.apply(sts(1));
    await c.runUntil((x) => ready(x, 'db-0'), { timeout: '1m' });
    c.store.delete('StatefulSet', 'db');
    await c.runUntil((x) => x.list('Pod').length === 0, { timeout: '2m' });
    expect(c.list('PersistentVolumeClaim').map((p) => p.metadata.name)).toEqual(['data-db-0']);
    expect(runtime.claimVolumes).toEqual(['default/data-db-0']);
    await c.close();
  });
});
