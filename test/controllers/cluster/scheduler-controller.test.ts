import { describe, expect, it } from 'vitest';
import type { Cluster, Pod } from 'podkit';
import { getPodCondition } from 'podkit/model';
import { newCluster, podsOf, replicaSet } from './helpers.js';

function pod(name: string, spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }], ...spec } };
}

const scheduledTo = (cluster: Cluster, name: string): string | undefined => cluster.get('Pod', name).spec.nodeName;
const message = (cluster: Cluster, name: string): string | undefined => getPodCondition(cluster.get('Pod', name), 'PodScheduled')?.message;

describe('scheduler controller', () => {
  it('leaves a ReplicaSet whose pods fit nowhere Pending with the exact Unschedulable message, and schedules them when a fitting node is added (§C.5)', async () => {
    const { cluster, runtimes } = newCluster(3, {
      nodes: [{ taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }],
    });
    cluster.apply(replicaSet('db', 2, { spec: { nodeSelector: { disk: 'ssd' } } }));
    await cluster.advance('30s');
    const pods = podsOf(cluster, 'db');
    expect(pods).toHaveLength(2);
    const expected = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector.";
    for (const p of pods) {
      expect(p.status?.phase).toBe('Pending');
      expect(p.spec.nodeName).toBeUndefined();
      expect(getPodCondition(p, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: expected });
    }
    expect(cluster.events({ name: pods[0]?.metadata.name ?? '' }).find((e) => e.reason === 'FailedScheduling')).toMatchObject({ type: 'Warning', message: expected, source: { component: 'default-scheduler' } });
    expect(cluster.formatTable('Pod')).toMatch(/db-\S+\s+0\/1\s+Pending/);
    cluster.addNode({ name: 'node-ssd', runtime: runtimes[0]!, labels: { disk: 'ssd' } });
    await cluster.runUntil((c) => podsOf(c, 'db').every((p) => p.status?.phase === 'Running'), { timeout: '10s' });
    for (const p of podsOf(cluster, 'db')) {
      expect(p.spec.nodeName).toBe('node-ssd');
      expect(getPodCondition(p, 'PodScheduled')?.status).toBe('True');
    }
    const name = pods[0]?.metadata.name ?? '';
    expect(cluster.events({ name }).find((e) => e.reason === 'Scheduled')?.message).toBe(`Successfully assigned default/${name} to node-ssd`);
    await cluster.close();
  });

  it.each([
    ['a cordoned node', { unschedulable: true }, {}, '0/1 nodes are available: 1 node(s) were unschedulable.'],
    ['a NoExecute taint', { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' as const }] }, {}, '0/1 nodes are available: 1 node(s) had untolerated taint {k: v}.'],
    ['too many pods', { capacity: { pods: 0 } }, {}, '0/1 nodes are available: 1 Too many pods.'],
    ['cpu and memory', { capacity: { cpu: 1, memory: '1Gi' } }, { containers: [{ name: 'app', image: 'busybox:1.36', resources: { requests: { cpu: '2', memory: '2Gi' } } }] }, '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.'],
    ['required node affinity', {}, { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['b'] }] }] } } } }, "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."],
  ])('reports %s in the FailedScheduling message', async (_what, node, spec, expected) => {
    const { cluster } = newCluster(1, { nodes: [node] });
    cluster.apply(pod('p', spec as Partial<Pod['spec']>));
    await cluster.advance('1s');
    expect(scheduledTo(cluster, 'p')).toBeUndefined();
    expect(message(cluster, 'p')).toBe(expected);
    await cluster.close();
  });

  it('says "no nodes available to schedule pods" in a cluster without nodes', async () => {
    const { cluster } = newCluster(0);
    cluster.apply(pod('p'));
    await cluster.advance('1s');
    expect(message(cluster, 'p')).toBe('no nodes available to schedule pods');
    await cluster.close();
  });

  it('schedules a waiting pod once a bound pod goes away and frees its requests', async () => {
    const { cluster } = newCluster(1, { nodes: [{ capacity: { cpu: 4 } }] });
    const big = { containers: [{ name: 'app', image: 'busybox:1.36', resources: { requests: { cpu: '3' } } }] };
    cluster.apply(pod('first', big));
    await cluster.advance('1s');
    cluster.apply(pod('second', big));
    await cluster.advance('1s');
    expect(message(cluster, 'second')).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    cluster.delete('Pod', 'first', { gracePeriodSeconds: 0 });
    await cluster.advance(0);
    expect(scheduledTo(cluster, 'second')).toBe('node-1');
    await cluster.close();
  });

  it('retries a waiting pod when its node is uncordoned (a relevant change), not on its own status write or node heartbeats', async () => {
    const { cluster } = newCluster(1, { nodes: [{ unschedulable: true }], controllers: { scheduler: { initialBackoff: '1h', maxBackoff: '1h' } } });
    cluster.apply(pod('p'));
    await cluster.advance('1s');
    const failures = (): number | undefined => cluster.events({ name: 'p' }).find((e) => e.reason === 'FailedScheduling')?.count;
    expect(failures()).toBe(1);
    // 30 minutes of heartbeats (every 10 s) wake nothing up.
    await cluster.advance('30m');
    expect(failures()).toBe(1);
    const node = cluster.get('Node', 'node-1');
    cluster.store.update({ ...node, spec: { ...node.spec, unschedulable: false } });
    await cluster.advance(0);
    expect(scheduledTo(cluster, 'p')).toBe('node-1');
    await cluster.close();
  });

  it('retries an unschedulable pod with exponential back-off (1 s, 2 s, 4 s, ...)', async () => {
    const { cluster } = newCluster(1, { nodes: [{ labels: { zone: 'a' } }] });
    cluster.apply(pod('p', { nodeSelector: { zone: 'b' } }));
    const attempts: number[] = [];
    const sub = cluster.events$.subscribe((e) => {
      if (e.reason === 'FailedScheduling') attempts.push(cluster.clock.now());
    });
    await cluster.advance('20s');
    sub.unsubscribe();
    const t0 = attempts[0] ?? 0;
    expect(attempts.map((t) => (t - t0) / 1000)).toEqual([0, 1, 3, 7, 15]);
    await cluster.close();
  });

  it('scores preferred node affinity and PreferNoSchedule taints, not just least-allocated and name order', async () => {
    const { cluster } = newCluster(3, {
      nodes: [{ labels: { zone: 'a' } }, { labels: { zone: 'b' }, taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }, { labels: { zone: 'b' } }],
    });
    cluster.apply(
      pod('p', {
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] } }] } },
      }),
    );
    await cluster.advance('1s');
    expect(scheduledTo(cluster, 'p')).toBe('node-3');
    await cluster.close();
  });

  it('does not touch pods with spec.nodeName preset, nor pods for another scheduler', async () => {
    const { cluster } = newCluster(2);
    cluster.apply(pod('pinned', { nodeName: 'node-2' }));
    cluster.apply(pod('custom', { schedulerName: 'my-scheduler' }));
    await cluster.runUntil((c) => c.get('Pod', 'pinned').status?.phase === 'Running', { timeout: '10s' });
    expect(scheduledTo(cluster, 'pinned')).toBe('node-2');
    expect(cluster.events({ name: 'pinned' }).filter((e) => e.source.component === 'default-scheduler')).toEqual([]);
    await cluster.advance('1m');
    expect(cluster.get('Pod', 'custom').spec.nodeName).toBeUndefined();
    expect(getPodCondition(cluster.get('Pod', 'custom'), 'PodScheduled')).toBeUndefined();
    await cluster.close();
  });

  it('holds a pod with scheduling gates as SchedulingGated and schedules it once the gates are removed', async () => {
    const { cluster } = newCluster(1);
    cluster.apply(pod('gated', { schedulingGates: [{ name: 'example.com/wait' }] }));
    await cluster.advance('1s');
    expect(getPodCondition(cluster.get('Pod', 'gated'), 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'SchedulingGated',
      message: 'Scheduling is blocked due to non-empty scheduling gates',
    });
    const p = cluster.get('Pod', 'gated');
    const { schedulingGates: _gates, ...spec } = p.spec;
    cluster.store.update({ ...p, spec });
    await cluster.advance(0);
    expect(scheduledTo(cluster, 'gated')).toBe('node-1');
    await cluster.close();
  });

  it('spreads the pods of one owner over nodes', async () => {
    const { cluster } = newCluster(3);
    cluster.apply(replicaSet('web', 6));
    await cluster.runUntil((c) => podsOf(c, 'web').every((p) => p.spec.nodeName !== undefined) && podsOf(c, 'web').length === 6, { timeout: '10s' });
    const counts = new Map<string, number>();
    for (const p of podsOf(cluster, 'web')) counts.set(p.spec.nodeName ?? '', (counts.get(p.spec.nodeName ?? '') ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2]);
    await cluster.close();
  });
});

describe('scheduler resync', () => {
  it('still schedules a pod whose Added event it never saw, at the next 30 s resync (upstream flushes unschedulable pods every 30 s)', async () => {
    const { createTestCluster } = await import('podkit/testing');
    const t = createTestCluster({ nodes: ['node-1'], storeFaults: true });
    await t.advance('1s');
    t.faults.dropWatchEvents('Pod', 1);
    t.apply(pod('lost-event'));
    await t.advance('28s'); // t = 29 s
    expect(scheduledTo(t, 'lost-event')).toBeUndefined();
    await t.advance('1s'); // the resync at t = 30 s
    expect(scheduledTo(t, 'lost-event')).toBe('node-1');
    await t.close();
  });

  it('can be turned off', async () => {
    const { createTestCluster } = await import('podkit/testing');
    const t = createTestCluster({ nodes: ['node-1'], storeFaults: true, controllers: { scheduler: { resyncPeriod: false } } });
    await t.advance('1s');
    t.faults.dropWatchEvents('Pod', 1);
    t.apply(pod('lost-event'));
    await t.advance('2m');
    expect(scheduledTo(t, 'lost-event')).toBeUndefined();
    await t.close();
  });
});
