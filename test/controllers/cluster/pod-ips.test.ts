// Pod IPs in a cluster: each Node gets a range of the cluster CIDR (§Y.1) and its pods get IPs
// from that range, host-local style (§Y.2).
import { describe, expect, it } from 'vitest';
import { PodController, type Cluster, type Pod } from 'podkit';
import { FakeRuntime, newPod, VirtualClock } from 'podkit/testing';
import { newCluster, ready, replicaSet } from './helpers.js';

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [network, prefix] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(prefix));
  const start = ipToNumber(network);
  return ipToNumber(ip) >= start && ipToNumber(ip) < start + size;
}

function pinned(name: string, nodeName: string): Pod {
  return newPod({ name, spec: { nodeName, containers: [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sleep', '86400'] }], terminationGracePeriodSeconds: 0 } });
}

/** Pods that still hold a sandbox (not terminal) and report an IP. */
function livePodIps(cluster: Cluster): Map<string, string[]> {
  const byIp = new Map<string, string[]>();
  for (const p of cluster.list('Pod')) {
    const ip = p.status?.podIP;
    if (ip === undefined || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    byIp.set(ip, [...(byIp.get(ip) ?? []), p.metadata.name ?? '']);
  }
  return byIp;
}

describe('pod IPs (§Y.1, §Y.2)', () => {
  it('gives each node its own /24 of 10.244.0.0/16 as spec.podCIDR and spec.podCIDRs (§Y.1)', async () => {
    const { cluster } = newCluster(3);
    const nodes = cluster.list('Node').map((n) => [n.metadata.name, n.spec?.podCIDR, (n.spec as { podCIDRs?: string[] } | undefined)?.podCIDRs]);
    expect(nodes).toEqual([
      ['node-1', '10.244.0.0/24', ['10.244.0.0/24']],
      ['node-2', '10.244.1.0/24', ['10.244.1.0/24']],
      ['node-3', '10.244.2.0/24', ['10.244.2.0/24']],
    ]);
    await cluster.close();
  });

  it('a 3-node cluster gives its pods distinct IPs, each inside its node\'s spec.podCIDR, with status.podIPs = [{ ip }] (§Y.2)', async () => {
    const { cluster } = newCluster(3);
    cluster.apply(replicaSet('web', 9));
    await cluster.runUntil((c) => ready(c, 'web').length === 9, { timeout: '2m' });
    const cidrOf = new Map(cluster.list('Node').map((n) => [n.metadata.name, n.spec?.podCIDR ?? '']));
    const pods = ready(cluster, 'web');
    expect(new Set(pods.map((p) => p.spec.nodeName)).size).toBe(3);
    for (const p of pods) {
      const ip = p.status?.podIP ?? '';
      expect(inCidr(ip, cidrOf.get(p.spec.nodeName ?? '') ?? ''), `${p.metadata.name} on ${p.spec.nodeName}: ${ip}`).toBe(true);
      expect(p.status?.podIPs).toEqual([{ ip }]);
    }
    expect(new Set(pods.map((p) => p.status?.podIP)).size).toBe(9);
    // Host-local hands out .2 first on every node (the gateway is .1).
    expect(pods.map((p) => p.status?.podIP)).toEqual(expect.arrayContaining(['10.244.0.2', '10.244.1.2', '10.244.2.2']));
    await cluster.close();
  });

  it('a node whose range is used up fails the sandbox (FailedCreatePodSandBox, "no IP addresses available"); the IP is reused only once its pod is gone (§Y.2)', async () => {
    // A /30 holds one pod address (.2): the network, the gateway .1 and the broadcast are not handed out.
    const { cluster } = newCluster(1, { nodeCIDRMaskSize: 30 });
    expect(cluster.get('Node', 'node-1').spec?.podCIDR).toBe('10.244.0.0/30');
    cluster.store.create(pinned('a', 'node-1'));
    await cluster.runUntil((c) => c.get('Pod', 'a').status?.phase === 'Running', { timeout: '1m' });
    expect(cluster.get('Pod', 'a').status?.podIP).toBe('10.244.0.2');
    cluster.store.create(pinned('b', 'node-1'));
    await cluster.runUntil((c) => c.events({ kind: 'Pod', name: 'b' }).some((e) => e.reason === 'FailedCreatePodSandBox'), { timeout: '1m' });
    const failed = cluster.events({ kind: 'Pod', name: 'b' }).find((e) => e.reason === 'FailedCreatePodSandBox');
    expect(failed?.type).toBe('Warning');
    expect(failed?.message).toContain('no IP addresses available in range set: 10.244.0.1-10.244.0.2');
    expect(cluster.get('Pod', 'b').status?.podIP).toBeUndefined();
    cluster.delete('Pod', 'a');
    await cluster.runUntil((c) => c.tryGet('Pod', 'a') === undefined && c.get('Pod', 'b').status?.phase === 'Running', { timeout: '2m' });
    expect(cluster.get('Pod', 'b').status?.podIP).toBe('10.244.0.2');
    await cluster.close();
  });

  it('a cluster CIDR with no range left gives the node none and records CIDRNotAvailable (§Y.1)', async () => {
    const { cluster } = newCluster(3, { clusterCIDR: '10.244.0.0/23' });
    expect(cluster.list('Node').map((n) => n.spec?.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', undefined]);
    const events = cluster.events({ kind: 'Node', name: 'node-3' }).filter((e) => e.reason === 'CIDRNotAvailable');
    expect(events.map((e) => [e.type, e.message])).toEqual([['Normal', 'Node node-3 status is now: CIDRNotAvailable']]);
    expect(cluster.events({ kind: 'Node', name: 'node-1' }).some((e) => e.reason === 'CIDRNotAvailable')).toBe(false);
    await cluster.close();
  });

  it('rejects a malformed clusterCIDR or nodeCIDRMaskSize with invalid_argument naming the option', () => {
    expect(() => newCluster(1, { clusterCIDR: '10.244.0.0' })).toThrow(expect.objectContaining({ code: 'invalid_argument', message: expect.stringContaining('clusterCIDR') }));
    expect(() => newCluster(1, { clusterCIDR: '10.244.0.0/16', nodeCIDRMaskSize: 12 })).toThrow(expect.objectContaining({ code: 'invalid_argument', message: expect.stringContaining('nodeCIDRMaskSize') }));
  });

  it('never gives two live pods one IP, and hands an IP out again only after its pod released it: a seeded random walk of creates and deletes (§Y.2)', async () => {
    // A /29 per node: five pod addresses (.2 – .6), so the walk runs out and reuses them often.
    const { cluster } = newCluster(2, { nodeCIDRMaskSize: 29 });
    let seed = 20;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    /** The pod that got each IP last, by `ip`. */
    const holder = new Map<string, string>();
    let created = 0;
    for (let step = 0; step < 60; step++) {
      const pods = cluster.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined);
      if (pods.length > 0 && random(3) === 0) {
        cluster.delete('Pod', pods[random(pods.length)]!.metadata.name ?? '');
      } else {
        cluster.store.create(pinned(`p-${created++}`, `node-${1 + random(2)}`));
      }
      await cluster.advance(`${1 + random(5)}s`);
      for (const [ip, names] of livePodIps(cluster)) expect(names, `step ${step}: ${ip}`).toHaveLength(1);
      for (const p of cluster.list('Pod')) {
        const ip = p.status?.podIP;
        if (ip === undefined) continue;
        const before = holder.get(ip);
        if (before !== undefined && before !== p.metadata.name) {
          // The previous holder of this IP must be gone from the API by now (its sandbox stopped first).
          expect(cluster.tryGet('Pod', before), `step ${step}: ${ip} went to ${p.metadata.name} while ${before} still exists`).toBeUndefined();
        }
        holder.set(ip, p.metadata.name ?? '');
        expect(inCidr(ip, cluster.get('Node', p.spec.nodeName ?? '').spec?.podCIDR ?? '')).toBe(true);
      }
    }
    // The walk did exercise reuse and exhaustion.
    expect(created).toBeGreaterThan(10 + holder.size);
    expect(cluster.events().some((e) => e.reason === 'FailedCreatePodSandBox')).toBe(true);
    await cluster.close();
  });
});

describe('PodController podCIDR (§Y.2)', () => {
  it('hands podCIDR and hostIP to the runtime before the first sandbox, and again after a restart', async () => {
    const clock = new VirtualClock();
    const runtime = new FakeRuntime({ clock });
    const kubelet = new PodController({ runtime, clock, nodeName: 'node-7', podCIDR: '10.244.7.0/24', hostIP: '10.0.0.9' });
    kubelet.run(newPod({ name: 'web' }));
    kubelet.run(newPod({ name: 'host', spec: { hostNetwork: true } }));
    await clock.advance('2s');
    expect(kubelet.get('web')?.status?.podIP).toBe('10.244.7.2');
    expect(kubelet.get('web')?.status?.podIPs).toEqual([{ ip: '10.244.7.2' }]);
    expect(kubelet.get('host')?.status?.podIP).toBe('10.0.0.9');
    const methods = runtime.calls.map((c) => c.method);
    expect(methods.indexOf('updateRuntimeConfig')).toBeLessThan(methods.indexOf('runPodSandbox'));
    expect(runtime.calls.find((c) => c.method === 'updateRuntimeConfig')?.args).toEqual([{ podCIDR: '10.244.7.0/24', nodeIP: '10.0.0.9' }]);
    kubelet.stop();
    runtime.clearCalls();
    await kubelet.start();
    expect(runtime.calls.filter((c) => c.method === 'updateRuntimeConfig')).toHaveLength(1);
    await kubelet.close();
  });

  it('retries updateRuntimeConfig when the runtime did not answer it, before creating a sandbox', async () => {
    const clock = new VirtualClock();
    const runtime = new FakeRuntime({ clock });
    runtime.setAvailable(false);
    const kubelet = new PodController({ runtime, clock, nodeName: 'node-1', podCIDR: '10.244.3.0/24' });
    kubelet.run(newPod({ name: 'web' }));
    await clock.advance('1s');
    runtime.setAvailable(true);
    await clock.advance('1m');
    expect(kubelet.get('web')?.status?.podIP).toBe('10.244.3.2');
    await kubelet.close();
  });

  it('rejects a podCIDR that is not an IPv4 CIDR with invalid_argument naming podCIDR', () => {
    const clock = new VirtualClock();
    expect(() => new PodController({ runtime: new FakeRuntime({ clock }), clock, nodeName: 'n', podCIDR: 'fd00::/64' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', details: { field: 'podCIDR' } }),
    );
  });

  it('a runtime without updateRuntimeConfig (Docker\'s bridge assigns IPs) is not asked, and the IPs it gives are reported', async () => {
    const clock = new VirtualClock();
    const fake = new FakeRuntime({ clock, podCIDR: '172.17.0.0/16' });
    // The Docker adapter's shape: the same port without the optional method.
    const runtime = new Proxy(fake, {
      get: (t, k) => {
        if (k === 'updateRuntimeConfig') return undefined;
        const v = Reflect.get(t, k, t) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
      },
    });
    const kubelet = new PodController({ runtime, clock, nodeName: 'node-1', podCIDR: '10.244.5.0/24' });
    kubelet.run(newPod({ name: 'web' }));
    await clock.advance('2s');
    expect(kubelet.get('web')?.status?.podIP).toBe('172.17.0.2');
    expect(fake.calls.some((c) => c.method === 'updateRuntimeConfig')).toBe(false);
    await kubelet.close();
  });
});
