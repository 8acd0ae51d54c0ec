import { describe, expect, it } from 'vitest';
import { createCluster, createController, PodkitError, SystemClock, type KubeEvent } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { newCluster, podsOf, ready, replicaSet } from './helpers.js';

async function rejection(p: Promise<unknown>): Promise<PodkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PodkitError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** A scenario with scaling, a deletion and a node failure; returns what must be identical between runs. */
async function scenario() {
  const { cluster } = newCluster(2);
  const streamed: KubeEvent[] = [];
  const sub = cluster.events$.subscribe((e) => streamed.push(e));
  cluster.apply(replicaSet('web', 3));
  await cluster.runUntil((c) => ready(c, 'web').length === 3, { timeout: '1m' });
  cluster.scale('ReplicaSet', 'web', 5);
  await cluster.runUntil((c) => ready(c, 'web').length === 5, { timeout: '1m' });
  cluster.delete('Pod', podsOf(cluster, 'web')[0]?.metadata.name ?? '');
  await cluster.stopNode('node-2');
  await cluster.advance('7m');
  const result = {
    pods: podsOf(cluster, 'web').map((p) => [p.metadata.name, p.metadata.uid, p.spec.nodeName, p.metadata.creationTimestamp, p.metadata.deletionTimestamp]),
    events: cluster.events().map((e) => [e.source.component, e.source.host, e.reason, e.involvedObject.name, e.message, e.count, e.firstTimestamp, e.lastTimestamp]),
    streamed: streamed.length,
    table: cluster.formatTable('Pod', { wide: true }),
  };
  sub.unsubscribe();
  await cluster.close();
  return result;
}

describe('createCluster', () => {
  it('is deterministic on a VirtualClock: the same scenario gives the same names, uids, times and Events', async () => {
    const first = await scenario();
    const second = await scenario();
    expect(second).toEqual(first);
    expect(first.pods.length).toBeGreaterThan(5);
  });

  it('close() stops every controller, heartbeat and kubelet: no timers remain and runtime events change nothing', async () => {
    const { cluster, clock, runtimes } = newCluster(2);
    const before = clock.pendingTimers();
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    expect(clock.pendingTimers()).toBeGreaterThan(before);
    await cluster.close();
    expect(clock.pendingTimers()).toBe(0);
    const rv = cluster.store.resourceVersion;
    // A container dies: no kubelet is listening any more.
    runtimes[0]?.inject({ fault: { type: 'exit', code: 3 } });
    runtimes[1]?.inject({ fault: { type: 'exit', code: 3 } });
    await clock.advance('1m');
    expect(cluster.store.resourceVersion).toBe(rv);
    await cluster.close(); // idempotent
    expect(() => cluster.apply(replicaSet('x', 1))).toThrow(expect.objectContaining({ code: 'closed' }));
  });

  it('runUntil throws a timeout error with a readable timeline of Events and pods', async () => {
    const { cluster } = newCluster(1);
    cluster.apply(replicaSet('web', 1, { spec: { nodeSelector: { disk: 'ssd' } } }));
    const e = await rejection(cluster.runUntil((c) => ready(c, 'web').length === 1, { timeout: '30s' }));
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('runUntil: the condition did not hold within 30s of virtual time');
    expect(e.message).toContain('Virtual time: 2024-01-01T00:00:30Z');
    expect(e.message).toMatch(/LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE/);
    expect(e.message).toContain("Warning   FailedScheduling");
    expect(e.message).toMatch(/web-\S+\s+0\/1\s+Pending/);
    expect(cluster.clock.now()).toBe(Date.UTC(2024, 0, 1, 0, 0, 30));
    await cluster.close();
  });

  it('runUntil stops at the first timer after which the predicate holds', async () => {
    const { cluster } = newCluster(1);
    await cluster.runUntil((c) => c.clock.now() >= Date.UTC(2024, 0, 1, 0, 0, 12), { timeout: '1m' });
    // Timers: heartbeats every 10 s and node checks every 5 s.
    expect(cluster.clock.now()).toBe(Date.UTC(2024, 0, 1, 0, 0, 15));
    await cluster.close();
  });

  it('advance and runUntil need a virtual clock', async () => {
    const cluster = createCluster({ clock: new SystemClock() });
    const e = await rejection(cluster.advance('1s'));
    expect(e.code).toBe('unsupported');
    expect(e.message).toContain('VirtualClock');
    await cluster.close();
  });

  it('serves logs and exec of a pod through its node', async () => {
    const { cluster } = newCluster(1);
    cluster.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'talker' },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello; echo world; sleep 3600'] }] },
    });
    await cluster.runUntil((c) => c.get('Pod', 'talker').status?.phase === 'Running', { timeout: '10s' });
    await cluster.advance('1s');
    expect(await cluster.logs('talker')).toBe('hello\nworld\n');
    expect(await cluster.logs('talker', { container: 'app', tailLines: 1 })).toBe('world\n');
    const r = await cluster.exec('talker', undefined, ['sh', '-c', 'echo $((1+2))']);
    expect(r).toMatchObject({ exitCode: 0, stdout: '3\n' });
    await expect(cluster.logs('talker', { container: 'nope' })).rejects.toThrow('container nope is not valid for pod talker: choose one of: [app]');
    await cluster.close();
  });

  it('runs user controllers added with addController on the same store, and shares their Events', async () => {
    const { cluster } = newCluster(1);
    cluster.addController(
      createController({
        name: 'labeler',
        for: 'Pod',
        reconcile: ({ name, namespace }, ctx) => {
          const pod = ctx.client.tryGet('Pod', name, namespace);
          if (pod === undefined || pod.metadata.labels?.['seen'] === 'yes') return;
          ctx.client.update({ ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, seen: 'yes' } } });
          ctx.event(pod, 'Normal', 'Labeled', 'labeled by the test');
        },
      }),
    );
    expect(() => cluster.addController(createController({ name: 'labeler', for: 'Pod', reconcile: () => undefined }))).toThrow(expect.objectContaining({ code: 'already_exists' }));
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => podsOf(c, 'web').length === 2 && podsOf(c, 'web').every((p) => p.metadata.labels?.['seen'] === 'yes'), { timeout: '10s' });
    expect(cluster.events().filter((e) => e.reason === 'Labeled').map((e) => e.source.component)).toEqual(['labeler', 'labeler']);
    await cluster.close();
  });

  it('scales ReplicaSets only, with a valid count', async () => {
    const { cluster } = newCluster(1);
    cluster.apply(replicaSet('web', 1));
    expect(cluster.scale('ReplicaSet', 'web', 4).spec.replicas).toBe(4);
    expect(() => cluster.scale('ReplicaSet', 'web', -1)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => cluster.scale('Pod', 'web', 1)).toThrow(expect.objectContaining({ code: 'unsupported' }));
    expect(() => cluster.scale('ReplicaSet', 'missing', 1)).toThrow(expect.objectContaining({ code: 'not_found' }));
    await cluster.close();
  });

  it('registers nodes with Ready, capacity, addresses and kubelet version, and prints them like kubectl get nodes', async () => {
    const { cluster, clock } = newCluster(2, { nodes: [{ labels: { 'node-role.kubernetes.io/control-plane': '' }, capacity: { cpu: 8 } }] });
    const node = cluster.get('Node', 'node-1');
    expect(node.status?.capacity).toEqual({ cpu: '8', memory: '16Gi', pods: '110' });
    expect(node.status?.allocatable).toEqual(node.status?.capacity);
    expect(node.status?.addresses).toEqual([
      { type: 'InternalIP', address: '10.0.0.2' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'node-1', 'kubernetes.io/os': 'linux' });
    await clock.advance('3m');
    expect(cluster.formatTable('Node')).toBe(
      ['NAME     STATUS   ROLES           AGE   VERSION', 'node-1   Ready    control-plane   3m    v1.34.0-podkit', 'node-2   Ready    <none>          3m    v1.34.0-podkit'].join('\n'),
    );
    expect(cluster.get('Node', 'node-2').status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime).toBe('2024-01-01T00:03:00Z');
    expect(() => cluster.addNode({ name: 'node-1', runtime: new FakeRuntime({ clock }) })).toThrow(expect.objectContaining({ code: 'already_exists' }));
    await expect(cluster.stopNode('node-9')).rejects.toMatchObject({ code: 'not_found' });
    expect(cluster.formatTable('Pod')).toBe('No resources found');
    await cluster.close();
  });

  it('can run without a built-in controller', async () => {
    const { cluster } = newCluster(1, { controllers: { replicaSet: false } });
    cluster.apply(replicaSet('web', 2));
    await cluster.advance('10s');
    expect(podsOf(cluster, 'web')).toEqual([]);
    await cluster.close();
  });
});

describe('createCluster with bad nodes', () => {
  it('rejects a duplicate or invalid node name and leaves nothing running', async () => {
    const clock = new VirtualClock();
    const runtime = new FakeRuntime({ clock });
    expect(() => createCluster({ clock, nodes: [{ name: 'n', runtime }, { name: 'n', runtime }] })).toThrow(expect.objectContaining({ code: 'already_exists' }));
    expect(() => createCluster({ clock, nodes: [{ name: 'Bad_Name', runtime }] })).toThrow(expect.objectContaining({ code: 'invalid_object' }));
    await clock.advance('1m');
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('createCluster on a store that outlives it', () => {
  it('re-registers an existing Node object like a restarted kubelet and resumes its heartbeats', async () => {
    const clock = new VirtualClock();
    const runtime = new FakeRuntime({ clock });
    const first = createCluster({ clock, nodes: [{ name: 'node-1', runtime, labels: { tier: 'gold' } }] });
    await clock.advance('30s');
    const uid = first.get('Node', 'node-1').metadata.uid;
    await first.close();
    await clock.advance('20s');
    const second = createCluster({ clock, store: first.store, nodes: [{ name: 'node-1', runtime }] });
    await clock.advance('15s');
    const node = second.get('Node', 'node-1');
    expect(node.metadata.uid).toBe(uid);
    expect(node.metadata.labels).toMatchObject({ tier: 'gold' });
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastHeartbeatTime: '2024-01-01T00:01:00Z' });
    await second.close();
  });
});
