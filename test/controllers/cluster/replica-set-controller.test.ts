import { describe, expect, it } from 'vitest';
import { PodkitError, type StoreObject } from 'podkit';
import { VirtualClock } from 'podkit/testing';
import { interceptedStore, newCluster, podsOf, replicaSet, running } from './helpers.js';

describe('ReplicaSet controller shell', () => {
  it('never creates twice from a lagging view: expectations hold further syncs until its creations are observed (§H.5)', async () => {
    const clock = new VirtualClock();
    const store = interceptedStore(clock, { watchLag: { kinds: ['Pod'], ms: 1_000 } });
    const { cluster } = newCluster(0, { clock, store, controllers: { scheduler: false } });
    cluster.apply(replicaSet('web', 3));
    await cluster.advance(0);
    // The ReplicaSet's own status write woke it again while its pod cache was still empty.
    expect(podsOf(cluster, 'web')).toHaveLength(3);
    await cluster.advance('5s');
    expect(podsOf(cluster, 'web')).toHaveLength(3);
    expect(cluster.get('ReplicaSet', 'web').status?.replicas).toBe(3);
    await cluster.close();
  });

  it('creates at most 500 pods per sync (burstReplicas, §H.3)', async () => {
    const clock = new VirtualClock();
    const store = interceptedStore(clock, { watchLag: { kinds: ['Pod'], ms: 1_000 } });
    const { cluster } = newCluster(0, { clock, store, controllers: { scheduler: false } });
    cluster.apply(replicaSet('big', 600));
    await cluster.advance(0);
    expect(podsOf(cluster, 'big')).toHaveLength(500);
    await cluster.advance('3s');
    expect(podsOf(cluster, 'big')).toHaveLength(600);
    await cluster.close();
  });

  it('stops creating after a slow-start batch with a failure: 1 + 2 attempts, not 10 (§H.3)', async () => {
    const clock = new VirtualClock();
    const log: string[] = [];
    let n = 0;
    const store = interceptedStore(clock, {
      create: (obj, next) => {
        if (obj.kind !== 'Pod') return next.create(obj);
        n++;
        if (n === 2) {
          log.push('fail');
          throw new PodkitError('unavailable', 'etcdserver: request timed out');
        }
        log.push('ok');
        return next.create(obj);
      },
      updateStatus: (obj, next) => {
        if (obj.kind === 'ReplicaSet') log.push('status');
        return next.updateStatus(obj);
      },
    });
    const { cluster } = newCluster(0, { clock, store, controllers: { scheduler: false } });
    cluster.apply(replicaSet('web', 10));
    await cluster.advance('1m');
    expect(log.slice(0, log.indexOf('status') + 1)).toEqual(['ok', 'fail', 'ok', 'status']);
    expect(podsOf(cluster, 'web')).toHaveLength(10);
    await cluster.close();
  });

  it('deletes unscheduled pods before running ones when scaling down (§H.4 rule 1)', async () => {
    const { cluster } = newCluster(1, { nodes: [{ capacity: { pods: 1 } }] });
    cluster.apply(replicaSet('web', 3));
    await cluster.runUntil((c) => running(c, 'web').length === 1, { timeout: '1m' });
    const [kept] = running(cluster, 'web');
    expect(podsOf(cluster, 'web').filter((p) => p.spec.nodeName === undefined)).toHaveLength(2);
    cluster.scale('ReplicaSet', 'web', 1);
    await cluster.runUntil((c) => podsOf(c, 'web').length === 1, { timeout: '1m' });
    expect(podsOf(cluster, 'web')[0]?.metadata.uid).toBe(kept?.metadata.uid);
    await cluster.close();
  });

  it('ranks by co-located pods of sibling ReplicaSets (same controller owner) when scaling down (§H.4 rule 5)', async () => {
    const { cluster } = newCluster(2);
    const pinned = (name: string, app: string, nodeName: string) =>
      cluster.apply({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app } }, spec: { nodeName, containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    pinned('a-1', 'a', 'node-1');
    pinned('b-1', 'b', 'node-1');
    pinned('b-2', 'b', 'node-1');
    await cluster.advance('1m');
    // a-2 is younger: without sibling ranks it would be the one to go (rule 6).
    pinned('a-2', 'a', 'node-2');
    const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', uid: 'deployment-uid', controller: true }];
    for (const app of ['a', 'b']) {
      const rs = replicaSet(app, 2);
      cluster.apply({ ...rs, metadata: { ...rs.metadata, ownerReferences: owner } });
    }
    await cluster.runUntil((c) => c.get('ReplicaSet', 'a').status?.readyReplicas === 2 && c.get('ReplicaSet', 'b').status?.readyReplicas === 2, { timeout: '1m' });
    await cluster.advance('1m');
    cluster.scale('ReplicaSet', 'a', 1);
    await cluster.runUntil((c) => podsOf(c, 'a').length === 1, { timeout: '1m' });
    // a-1 shares node-1 with two pods of its sibling b: rank 3 against 1.
    expect(podsOf(cluster, 'a').map((p) => p.metadata.name)).toEqual(['a-2']);
    await cluster.close();
  });

  it('writes its status only when it changed (resourceVersion stays put on idle syncs)', async () => {
    const clock = new VirtualClock();
    let writes = 0;
    const store = interceptedStore(clock, {
      updateStatus: (obj: StoreObject, next) => {
        const out = next.updateStatus(obj);
        if (obj.kind === 'ReplicaSet') writes++;
        return out;
      },
    });
    const { cluster } = newCluster(1, { clock, store });
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => c.get('ReplicaSet', 'web').status?.readyReplicas === 2, { timeout: '1m' });
    const settled = writes;
    const rv = cluster.get('ReplicaSet', 'web').metadata.resourceVersion;
    // Touch the ReplicaSet (a label change): a sync that computes the same status writes nothing.
    const rs = cluster.get('ReplicaSet', 'web');
    cluster.store.update({ ...rs, metadata: { ...rs.metadata, labels: { touched: 'yes' } } });
    await cluster.advance('1m');
    expect(writes).toBe(settled);
    expect(cluster.get('ReplicaSet', 'web').metadata.resourceVersion).not.toBe(rv);
    await cluster.close();
  });
});
