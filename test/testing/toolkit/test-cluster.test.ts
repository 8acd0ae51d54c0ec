import { afterEach, describe, expect, it } from 'vitest';
import { PodkitError, type Pod } from 'podkit';
import { createTestCluster, newPod, newReplicaSet, type TestCluster } from 'podkit/testing';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const running = (c: { list(kind: 'Pod'): readonly Pod[] }): Pod[] => c.list('Pod').filter((p) => p.status?.phase === 'Running');

describe('createTestCluster', () => {
  it('starts one FakeRuntime node on a VirtualClock and runs a ReplicaSet to Running', async () => {
    t = createTestCluster();
    expect(t.list('Node').map((n) => n.metadata.name)).toEqual(['node-1']);
    t.apply(newReplicaSet({ name: 'web', replicas: 2 }));
    const before = t.clock.now();
    await t.runUntil((c) => running(c).length === 2, { timeout: '1m' });
    expect(t.clock.now() - before).toBeLessThan(60_000);
    expect(t.runtime('node-1').calls.length).toBeGreaterThan(0);
  });

  it('creates node-1 ... node-n for a count', () => {
    t = createTestCluster({ nodes: 3 });
    expect(t.list('Node').map((n) => n.metadata.name)).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('advance moves virtual time by the duration', async () => {
    t = createTestCluster();
    const start = t.clock.now();
    await t.advance('5m');
    expect(t.clock.now() - start).toBe(300_000);
  });

  it('history returns every version of an object in order, including its deletion', async () => {
    t = createTestCluster();
    t.apply(newPod({ name: 'solo', spec: { terminationGracePeriodSeconds: 0 } }));
    await t.runUntil((c) => c.tryGet('Pod', 'solo')?.status?.phase === 'Running', { timeout: '1m' });
    t.delete('Pod', 'solo', { gracePeriodSeconds: 0 });
    const versions = t.history('Pod', 'solo');
    const rvs = versions.map((p) => Number(p.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(new Set(rvs).size).toBe(rvs.length);
    expect((versions[0] as Pod).status?.phase).toBe('Pending');
    expect(versions.some((p) => (p as Pod).spec.nodeName === 'node-1')).toBe(true);
    expect(versions.some((p) => (p as Pod).status?.phase === 'Running')).toBe(true);
    expect(t.changes().filter((c) => c.kind === 'Pod' && c.key === 'default/solo').at(-1)?.type).toBe('Deleted');
  });

  it('history is empty for an object that never existed', () => {
    t = createTestCluster();
    expect(t.history('Pod', 'ghost')).toEqual([]);
  });

  it('events lists the Events of every component, filterable by object', async () => {
    t = createTestCluster();
    t.apply(newPod({ name: 'p' }));
    await t.runUntil((c) => c.tryGet('Pod', 'p')?.status?.phase === 'Running', { timeout: '1m' });
    expect(t.events({ kind: 'Pod', name: 'p' }).map((e) => e.reason)).toContain('Scheduled');
    expect(t.events().length).toBeGreaterThanOrEqual(t.events({ kind: 'Pod', name: 'p' }).length);
  });

  it('runUntil fails after the timeout with a timeline of object changes, events and pods', async () => {
    t = createTestCluster();
    t.apply(newPod({ name: 'never', spec: { nodeSelector: { disk: 'none' } } }));
    const start = t.clock.now();
    const err = await t.runUntil((c) => running(c).length === 1, { timeout: '10m' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PodkitError);
    expect((err as PodkitError).code).toBe('timeout');
    const message = (err as PodkitError).message;
    expect(message).toContain('within 10m');
    expect(message).toMatch(/object changes/);
    expect(message).toMatch(/Added\s+Pod\/default\/never/);
    expect(message).toContain('FailedScheduling');
    expect(message).toMatch(/never\s+0\/1\s+Pending/);
    expect(t.clock.now() - start).toBe(600_000);
  });

  it('t.faults throws unsupported without storeFaults', () => {
    t = createTestCluster();
    expect(() => t?.faults).toThrow(/storeFaults: true/);
  });
});
