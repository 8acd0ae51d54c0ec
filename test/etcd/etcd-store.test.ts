// podkit/etcd against real etcd members: the layout, resourceVersion = etcd revision, several
// stores (processes) on one etcd, restarts, conflicts, a lost quorum and a killed member.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, PodkitError, type Pod, type ReplicaSet } from 'podkit';
import { createEtcdStore, type EtcdStore } from 'podkit/etcd';
import { FakeRuntime, newPod, VirtualClock } from 'podkit/testing';
import { describeEtcd, runEtcdctl, startEtcd, type EtcdCluster } from './etcd-env.js';

const T0 = Date.UTC(2024, 0, 1);
let prefixes = 0;
const freshPrefix = (): string => `/registry-t${++prefixes}-${process.pid}`;

function pod(name: string): Pod {
  const p = newPod({ name });
  const { uid: _uid, ...metadata } = p.metadata;
  return { ...p, metadata };
}

function rs(name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  };
}

async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeEtcd('podkit/etcd on a real etcd', () => {
  let etcd: EtcdCluster;
  const open: EtcdStore[] = [];
  const store = async (prefix: string, clock: { now(): number } = { now: () => T0 }): Promise<EtcdStore> => {
    const s = await createEtcdStore({ endpoints: etcd.endpoints, prefix, clock });
    open.push(s);
    return s;
  };
  beforeAll(async () => {
    etcd = await startEtcd({ name: 'store' });
  }, 60_000);
  afterAll(async () => {
    for (const s of open) await s.close();
    await etcd?.stop();
  });

  it('stores objects in kube-apiserver layout under the default prefix /registry; resourceVersion is the etcd mod revision (§R.1, §R.2)', async () => {
    const s = await createEtcdStore({ endpoints: etcd.endpoints[0] ?? '' });
    open.push(s);
    const created = s.create(pod('layout'));
    s.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'layout-node' } });
    const got = runEtcdctl(etcd.endpoints, ['get', '/registry/pods/default/layout', '-w', 'json']);
    const kv = (JSON.parse(got.stdout) as { kvs: { mod_revision: number; value: string }[] }).kvs[0];
    expect(kv).toBeDefined();
    expect(String(kv?.mod_revision)).toBe(created.metadata.resourceVersion);
    const value = JSON.parse(Buffer.from(kv?.value ?? '', 'base64').toString('utf8')) as Pod;
    expect(value.metadata.uid).toBe(created.metadata.uid);
    expect(value.metadata.resourceVersion).toBeUndefined();
    // Nodes live under "minions", as in kube-apiserver.
    expect(runEtcdctl(etcd.endpoints, ['get', '/registry/minions/layout-node', '--keys-only']).stdout.trim()).toBe('/registry/minions/layout-node');
  });

  it('a second store (another process) sees the first one\'s writes through the watch, and a restarted store loads them with the same uids', async () => {
    const prefix = freshPrefix();
    const a = await store(prefix);
    const b = await store(prefix);
    const seen: string[] = [];
    b.watch('Pod').subscribe((e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    const web = a.create(pod('web'));
    a.delete('Pod', 'web', { gracePeriodSeconds: 0 });
    const api = a.create(pod('api'));
    await eventually('b to see three events', () => seen.length === 3);
    expect(seen).toEqual(['Added web', 'Deleted web', 'Added api']);
    expect(b.get('Pod', 'api')).toEqual(api);
    expect(web.metadata.uid).not.toBe(api.metadata.uid);
    await a.close();
    const again = await store(prefix);
    expect(again.get('Pod', 'api').metadata.uid).toBe(api.metadata.uid);
    expect(again.get('Pod', 'api').metadata.resourceVersion).toBe(api.metadata.resourceVersion);
    expect(again.tryGet('Pod', 'web')).toBeUndefined();
  });

  it('an update with a resourceVersion etcd has moved past is a conflict, even when the cache has not seen the newer write yet (§R.3)', async () => {
    const prefix = freshPrefix();
    const a = await store(prefix);
    const b = await store(prefix);
    a.create(pod('web'));
    await eventually('b to see the pod', () => b.tryGet('Pod', 'web') !== undefined);
    const seenByB = b.get('Pod', 'web');
    // Many writes by a, then b at once (its watch may or may not have delivered them).
    let current = a.get('Pod', 'web');
    for (let i = 0; i < 5; i++) current = a.update({ ...current, metadata: { ...current.metadata, labels: { n: String(i) } } });
    expect(() => b.update({ ...seenByB, metadata: { ...seenByB.metadata, labels: { n: 'b' } } })).toThrow(expect.objectContaining({ code: 'conflict' }));
    // An unconditional patch is re-run on the fresh object and keeps a's label.
    const patched = b.patch('Pod', 'web', { metadata: { annotations: { by: 'b' } } });
    expect(patched.metadata.labels).toEqual({ n: '4' });
    expect(patched.metadata.annotations).toEqual({ by: 'b' });
  });

  it('a cluster on the etcd store runs a ReplicaSet; a new cluster on the same etcd finds the same pods (same uids) and creates none', async () => {
    const prefix = freshPrefix();
    const clock = new VirtualClock({ start: T0 });
    const s1 = await store(prefix, clock);
    const first = createCluster({ clock, store: s1, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
    first.apply(rs('web', 3));
    await first.runUntil((c) => c.list('Pod').filter((p) => p.status?.phase === 'Running').length === 3, { timeout: '10m' });
    const uids = first.list('Pod').map((p) => p.metadata.uid).sort();
    await first.close();
    await s1.close();
    const s2 = await store(prefix, clock);
    const second = createCluster({ clock, store: s2, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
    await second.runUntil((c) => c.list('Pod').filter((p) => p.status?.phase === 'Running').length === 3, { timeout: '10m' });
    // Half a minute later (relists, heartbeats, resyncs), still the same three pods.
    await second.runUntil(() => false, { timeout: '30s' }).catch(() => undefined);
    expect(second.list('Pod').map((p) => p.metadata.uid).sort()).toEqual(uids);
    expect(second.get('ReplicaSet', 'web').status?.replicas).toBe(3);
    await second.close();
  }, 60_000);

  it('survives an etcd restart: the watch reconnects and resumes, health goes false and back to true, writes work again', async () => {
    const prefix = freshPrefix();
    const a = await store(prefix);
    const b = await store(prefix);
    const health: boolean[] = [];
    b.onHealth((h) => health.push(h.healthy));
    a.create(pod('before'));
    await eventually('b to see before', () => b.tryGet('Pod', 'before') !== undefined);
    await etcd.members[0]?.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await etcd.members[0]?.start();
    let written = false;
    const deadline = Date.now() + 30_000;
    while (!written && Date.now() < deadline) {
      try {
        a.create(pod('after'));
        written = true;
      } catch (e) {
        if (e instanceof PodkitError && e.code === 'already_exists') written = true;
        else await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(written).toBe(true);
    await eventually('b to see after (its watch resumed)', () => b.tryGet('Pod', 'after') !== undefined, 30_000);
    expect(b.get('Pod', 'after').metadata.uid).toBe(a.get('Pod', 'after').metadata.uid);
    expect(health).toContain(false);
    expect(health[health.length - 1]).toBe(true);
  }, 60_000);

  it('rejects bad options with the field named', async () => {
    await expect(createEtcdStore({ endpoints: [] })).rejects.toThrow(/endpoints: expected at least one etcd URL/);
    await expect(createEtcdStore({ endpoints: '127.0.0.1:2379' })).rejects.toThrow(/endpoints: expected an etcd URL such as "http:\/\/127.0.0.1:2379", received "127.0.0.1:2379"/);
    await expect(createEtcdStore({ endpoints: etcd.endpoints, prefix: 'registry' })).rejects.toThrow(/prefix: expected a key prefix starting with "\/"/);
  });
});

describeEtcd('podkit/etcd on a 3-member etcd cluster', () => {
  let etcd: EtcdCluster;
  beforeAll(async () => {
    etcd = await startEtcd({ members: 3, name: 'quorum' });
  }, 90_000);
  afterAll(async () => {
    await etcd?.stop();
  });

  it('loses no acknowledged write when a member is killed mid-write (§R.3)', async () => {
    const prefix = freshPrefix();
    const s = await createEtcdStore({ endpoints: etcd.endpoints, prefix, clock: { now: () => T0 }, requestTimeoutMs: 5_000 });
    const acked: string[] = [];
    let failed = 0;
    for (let i = 0; i < 120; i++) {
      if (i === 40) await etcd.members[0]?.kill('SIGKILL');
      try {
        acked.push(s.create(pod(`p-${i}`)).metadata.name ?? '');
      } catch (e) {
        if (!(e instanceof PodkitError)) throw e;
        failed++;
      }
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await s.close();
    expect(acked.length).toBeGreaterThan(100);
    expect(failed).toBeLessThan(20);
    // Read back from the surviving members: every acknowledged create is there.
    const keys = runEtcdctl(etcd.endpoints.slice(1), ['get', '--prefix', `${prefix}/pods/default/`, '--keys-only']).stdout.split('\n').filter((l) => l.trim() !== '');
    for (const name of acked) expect(keys).toContain(`${prefix}/pods/default/${name}`);
    await etcd.members[0]?.start();
    // A fresh store loads them all (the restarted member caught up).
    const again = await createEtcdStore({ endpoints: etcd.endpoints, prefix, clock: { now: () => T0 } });
    expect(again.list('Pod').map((p) => p.metadata.name).sort()).toEqual(expect.arrayContaining([...acked].sort()));
    await again.close();
  }, 90_000);

  it('with quorum lost, writes fail with unavailable/timeout and nothing changes; when quorum returns the same store writes again', async () => {
    const s = await createEtcdStore({ endpoints: etcd.endpoints, prefix: freshPrefix(), clock: { now: () => T0 }, requestTimeoutMs: 3_000 });
    s.create(pod('before'));
    await etcd.members[1]?.kill('SIGKILL');
    await etcd.members[2]?.kill('SIGKILL');
    let error: unknown;
    try {
      s.create(pod('during'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PodkitError);
    expect(['unavailable', 'timeout']).toContain((error as PodkitError).code);
    expect((error as PodkitError).details['retryAfterSeconds']).toBe(1);
    expect(s.list('Pod').map((p) => p.metadata.name)).toEqual(['before']);
    await etcd.members[1]?.start();
    await etcd.members[2]?.start();
    let written: Pod | undefined;
    const deadline = Date.now() + 30_000;
    while (written === undefined && Date.now() < deadline) {
      try {
        written = s.create(pod('after'));
      } catch (e) {
        // A write that timed out during the outage may have committed meanwhile: then the name exists.
        if (e instanceof PodkitError && e.code === 'already_exists') written = s.get('Pod', 'after');
        else await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(written?.metadata.name).toBe('after');
    await s.close();
  }, 90_000);
});

