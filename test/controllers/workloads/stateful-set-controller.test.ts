// The StatefulSet controller on createCluster with a VirtualClock and FakeRuntime nodes
// (docs/reference/kubernetes-rules.md §P.2–§P.7): ordered start, replacement with a new UID,
// ordered scale down, rolling update order and partition, and a seeded fault run checking that
// no ordinal ever has two pods running at once.
import { describe, expect, it } from 'vitest';
import { createCluster, isPodReady, type Cluster, type PodSandboxConfig, type RuntimeEvent, type StatefulSet, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock, newStatefulSet } from 'podkit/testing';

const SLEEP = ['sh', '-c', 'sleep 3600'];

function setup(nodes = 2, runtimes: FakeRuntime[] = [], clock = new VirtualClock()): { c: Cluster; clock: VirtualClock } {
  const c = createCluster({
    clock,
    nodes: Array.from({ length: nodes }, (_, i) => {
      const runtime = runtimes[i] ?? new FakeRuntime({ clock });
      return { name: `node-${i + 1}`, runtime };
    }),
  });
  return { c, clock };
}

const web = (replicas: number, spec: Partial<StatefulSet['spec']> = {}): StatefulSet =>
  newStatefulSet({ name: 'web', replicas, containers: [{ name: 'app', image: 'busybox:1.36', command: SLEEP }], spec });

const runningReady = (c: Cluster, name: string): boolean => {
  const p = c.tryGet('Pod', name);
  return p !== undefined && p.metadata.deletionTimestamp === undefined && p.status?.phase === 'Running' && isPodReady(p);
};
const allReady = (n: number) => (c: Cluster): boolean => Array.from({ length: n }, (_, i) => runningReady(c, `web-${i}`)).every(Boolean) && c.get('StatefulSet', 'web').status?.readyReplicas === n;

describe('StatefulSet controller on createCluster', () => {
  it('§P.4 brings 3 replicas up in order: web-i is created only once web-0..web-(i-1) are Running and Ready', async () => {
    const { c } = setup();
    const violations: string[] = [];
    const created: string[] = [];
    c.watch('Pod').subscribe((ev) => {
      if (ev.type !== 'Added') return;
      const name = ev.object.metadata.name ?? '';
      created.push(name);
      const ord = Number(name.split('-')[1]);
      for (let i = 0; i < ord; i++) if (!runningReady(c, `web-${i}`)) violations.push(`${name} created while web-${i} not ready`);
    });
    c.apply(web(3));
    await c.runUntil(allReady(3), { timeout: '2m' });
    expect(created).toEqual(['web-0', 'web-1', 'web-2']);
    expect(violations).toEqual([]);
    const pod = c.get('Pod', 'web-1');
    expect(pod.spec.hostname).toBe('web-1');
    expect(pod.spec.subdomain).toBe('web');
    expect(pod.metadata.labels).toMatchObject({ 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1' });
    const sts = c.get('StatefulSet', 'web');
    expect(sts.status).toMatchObject({ replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, observedGeneration: 1 });
    expect(c.list('ControllerRevision').map((r) => r.metadata.name)).toEqual([sts.status?.updateRevision]);
    expect(c.formatTable('StatefulSet')).toMatch(/^NAME\s+READY\s+AGE\nweb\s+3\/3\s+\d+s$/);
    await c.close();
  });

  it('§P.2 deleting web-1 brings back web-1 with the same name and a new UID', async () => {
    const { c } = setup();
    c.apply(web(3));
    await c.runUntil(allReady(3), { timeout: '2m' });
    const before = c.get('Pod', 'web-1').metadata.uid;
    c.store.delete('Pod', 'web-1');
    await c.runUntil((x) => {
      const p = x.tryGet('Pod', 'web-1');
      return p !== undefined && p.metadata.uid !== before && runningReady(x, 'web-1');
    }, { timeout: '2m' });
    expect(c.list('Pod').map((p) => p.metadata.name).sort()).toEqual(['web-0', 'web-1', 'web-2']);
    await c.close();
  });

  it('§P.4 scaling down 3→1 removes web-2, then (once it is gone) web-1', async () => {
    const { c } = setup();
    c.apply(web(3));
    await c.runUntil(allReady(3), { timeout: '2m' });
    const order: string[] = [];
    let web1DeletedWhileWeb2Existed = false;
    c.watch('Pod').subscribe((ev) => {
      const name = ev.object.metadata.name ?? '';
      if (ev.type === 'Modified' && ev.object.metadata.deletionTimestamp !== undefined && !order.includes(name)) {
        order.push(name);
        if (name === 'web-1' && c.tryGet('Pod', 'web-2') !== undefined) web1DeletedWhileWeb2Existed = true;
      }
    });
    const sts = c.get('StatefulSet', 'web');
    c.apply({ ...sts, spec: { ...sts.spec, replicas: 1 } });
    await c.runUntil((x) => x.list('Pod').length === 1 && x.get('StatefulSet', 'web').status?.replicas === 1, { timeout: '5m' });
    expect(order).toEqual(['web-2', 'web-1']);
    expect(web1DeletedWhileWeb2Existed).toBe(false);
    await c.close();
  });

  it('§P.6 a rolling update replaces web-2, web-1, web-0 in that order; a partition stops it', async () => {
    const { c } = setup();
    c.apply(web(3));
    await c.runUntil(allReady(3), { timeout: '2m' });
    const order: string[] = [];
    c.watch('Pod').subscribe((ev) => {
      if (ev.type === 'Modified' && ev.object.metadata.deletionTimestamp !== undefined && !order.includes(ev.object.metadata.name ?? '')) order.push(ev.object.metadata.name ?? '');
    });
    const withImage = (s: StatefulSet, image: string): StatefulSet => ({
      ...s,
      spec: { ...s.spec, template: { ...s.spec.template, spec: { ...s.spec.template.spec, containers: s.spec.template.spec.containers.map((x) => ({ ...x, image })) } } },
    });
    c.apply(withImage(c.get('StatefulSet', 'web'), 'busybox:1.37'));
    const done = (image: string, n: number) => (x: Cluster): boolean => {
      const s = x.get('StatefulSet', 'web');
      return s.status?.observedGeneration === s.metadata.generation && x.list('Pod').filter((p) => p.spec.containers[0]?.image === image && runningReady(x, p.metadata.name ?? '')).length === n;
    };
    await c.runUntil(done('busybox:1.37', 3), { timeout: '10m' });
    expect(order).toEqual(['web-2', 'web-1', 'web-0']);
    const s1 = c.get('StatefulSet', 'web').status;
    expect(s1?.currentRevision).toBe(s1?.updateRevision);
    // Partition 2: only web-2 moves to the next template.
    order.length = 0;
    const cur = c.get('StatefulSet', 'web');
    c.apply(withImage({ ...cur, spec: { ...cur.spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } } }, 'busybox:1.38'));
    await c.runUntil(done('busybox:1.38', 1), { timeout: '10m' });
    await c.advance('2m');
    expect(order).toEqual(['web-2']);
    expect(c.get('Pod', 'web-0').spec.containers[0]?.image).toBe('busybox:1.37');
    expect(c.get('StatefulSet', 'web').status).toMatchObject({ updatedReplicas: 1, currentReplicas: 2 });
    expect(c.list('ControllerRevision')).toHaveLength(3);
    await c.close();
  });

  it('§P.1 apply may change replicas, template and strategy, but no other spec field (ValidateStatefulSetUpdate)', () => {
    const { c } = setup();
    c.apply(web(1));
    const live = c.get('StatefulSet', 'web');
    expect(() => c.apply({ ...live, spec: { ...live.spec, serviceName: 'other' } })).toThrow(
      "StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
    expect(() => c.apply({ ...live, spec: { ...live.spec, podManagementPolicy: 'Parallel' } })).toThrow(/Forbidden/);
    c.apply({ ...live, spec: { ...live.spec, replicas: 2, minReadySeconds: 5, updateStrategy: { type: 'OnDelete' } } });
    expect(c.get('StatefulSet', 'web').spec).toMatchObject({ replicas: 2, minReadySeconds: 5, updateStrategy: { type: 'OnDelete' } });
    void c.close();
  });

  it('§P.5 Parallel creates all pods without waiting', async () => {
    const { c, clock } = setup();
    const createdAt: number[] = [];
    const runningWhenCreated: number[] = [];
    c.watch('Pod').subscribe((ev) => {
      if (ev.type !== 'Added') return;
      createdAt.push(clock.now());
      runningWhenCreated.push(c.list('Pod').filter((p) => p.status?.phase === 'Running').length);
    });
    c.apply(web(3, { podManagementPolicy: 'Parallel' }));
    await c.runUntil(allReady(3), { timeout: '2m' });
    expect(createdAt).toHaveLength(3);
    expect(new Set(createdAt).size).toBe(1);
    expect(runningWhenCreated).toEqual([0, 0, 0]);
    await c.close();
  });
});

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A FakeRuntime that remembers which pod each sandbox belongs to. */
class TrackingRuntime extends FakeRuntime {
  readonly podOfSandbox = new Map<string, string>();
  override async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = await super.runPodSandbox(config);
    this.podOfSandbox.set(id, config.name);
    return id;
  }
}

describe('StatefulSet invariant under faults (seeded)', () => {
  it.each([1, 2, 3])('§P.2 §P.4 at most one pod per ordinal runs at any store event (seed %i)', async (seed) => {
    const clock = new VirtualClock();
    const runtimes = [new TrackingRuntime({ clock }), new TrackingRuntime({ clock })];
    const { c } = setup(2, runtimes, clock);
    // containerId → [runtime index, sandboxId] of running containers.
    const running = new Map<string, [number, string]>();
    runtimes.forEach((rt, i) =>
      rt.events().subscribe((ev: RuntimeEvent) => {
        if (ev.type === 'ContainerStarted') running.set(ev.containerId, [i, ev.sandboxId]);
        else if (ev.type === 'ContainerExited' || ev.type === 'ContainerRemoved') running.delete(ev.containerId);
        else if (ev.type === 'SandboxDied') for (const [id, [ri, sb]] of running) if (ri === i && sb === ev.sandboxId) running.delete(id);
      }),
    );
    const violations: string[] = [];
    const check = (): void => {
      const sandboxesByPod = new Map<string, Set<string>>();
      for (const [ri, sb] of running.values()) {
        const pod = runtimes[ri]?.podOfSandbox.get(sb) ?? '?';
        let s = sandboxesByPod.get(pod);
        if (s === undefined) sandboxesByPod.set(pod, (s = new Set()));
        s.add(`${ri}/${sb}`);
      }
      for (const [pod, s] of sandboxesByPod) if (s.size > 1) violations.push(`${pod} runs in ${[...s].join(', ')} at ${clock.now()}`);
    };
    c.watch('Pod').subscribe(check);
    const random = rng(seed);
    c.apply(web(3));
    await c.runUntil(allReady(3), { timeout: '2m' });
    for (let step = 0; step < 25; step++) {
      const r = random();
      const pods = c.list('Pod').filter((p: Pod) => p.metadata.deletionTimestamp === undefined);
      const victim = pods[Math.floor(random() * pods.length)];
      if (r < 0.4 && victim !== undefined) {
        // Graceful deletes only: a force delete (grace 0) gives up the guarantee upstream too.
        c.store.delete('Pod', victim.metadata.name ?? '');
      } else if (r < 0.6 && victim !== undefined) {
        const rt = runtimes[Math.floor(random() * runtimes.length)];
        rt?.inject({ pod: victim.metadata.name ?? '', fault: { type: 'exit', code: 1 }, times: 1 });
      } else if (r < 0.8) {
        const s = c.get('StatefulSet', 'web');
        c.apply({ ...s, spec: { ...s.spec, replicas: 1 + Math.floor(random() * 4) } });
      } else {
        const s = c.get('StatefulSet', 'web');
        const image = random() < 0.5 ? 'busybox:1.36' : 'busybox:1.37';
        c.apply({ ...s, spec: { ...s.spec, template: { ...s.spec.template, spec: { ...s.spec.template.spec, containers: [{ name: 'app', image, command: SLEEP }] } } } });
      }
      await c.advance(`${1 + Math.floor(random() * 40)}s`);
    }
    const want = c.get('StatefulSet', 'web').spec.replicas ?? 1;
    await c.runUntil(allReady(want), { timeout: '15m' });
    expect(violations).toEqual([]);
    await c.close();
  });
});
