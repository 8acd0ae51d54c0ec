// The Deployment controller end to end on createCluster with a VirtualClock and FakeRuntime nodes:
// rolling update bounds checked at every store event, Recreate without overlap, rollback, scaling,
// pause, progress deadline (§O).
import { describe, expect, it } from 'vitest';
import { createCluster, isPodReady, type Cluster, type Deployment, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock, newDeployment } from 'podkit/testing';

function setup(nodes = 3) {
  const clock = new VirtualClock();
  const c = createCluster({ clock, nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}`, runtime: new FakeRuntime({ clock }) })) });
  return { c, clock };
}

const web = (replicas: number, image: string, spec: Partial<Deployment['spec']> = {}): Deployment =>
  newDeployment({ name: 'web', replicas, containers: [{ name: 'app', image, command: ['sleep', '3600'] }], spec });

const webPods = (c: Cluster): Pod[] => c.list('Pod').filter((p) => p.metadata.labels?.app === 'web');
const active = (c: Cluster): Pod[] => webPods(c).filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
const imageOf = (p: Pod): string => p.spec.containers[0]?.image ?? '';

function withImage(d: Deployment, image: string): Deployment {
  const t = d.spec.template;
  return { ...d, spec: { ...d.spec, template: { ...t, spec: { ...t.spec, containers: t.spec.containers.map((x) => ({ ...x, image })) } } } };
}

const rolledOut = (image: string, replicas: number) => (c: Cluster): boolean => {
  const d = c.get('Deployment', 'web');
  const s = d.status;
  return s?.observedGeneration === d.metadata.generation && s?.updatedReplicas === replicas && s?.replicas === replicas && s?.availableReplicas === replicas &&
    webPods(c).length === replicas && webPods(c).every((p) => imageOf(p) === image && isPodReady(p));
};

/** Records the extremes of active and available pods at every Pod and ReplicaSet event. */
function watchBounds(c: Cluster) {
  const seen = { maxActive: 0, minAvailable: Number.POSITIVE_INFINITY, checks: 0 };
  const check = (): void => {
    const a = active(c);
    seen.checks++;
    seen.maxActive = Math.max(seen.maxActive, a.length);
    seen.minAvailable = Math.min(seen.minAvailable, a.filter(isPodReady).length);
  };
  const subs = [c.watch('Pod').subscribe(check), c.watch('ReplicaSet').subscribe(check)];
  return { seen, stop: () => subs.forEach((s) => s.unsubscribe()) };
}

describe('Deployment controller on createCluster', () => {
  it('creates <name>-<hash>, runs 10 replicas and reports status, Available and NewReplicaSetAvailable (§O.2, §O.8, §O.9)', async () => {
    const { c } = setup();
    c.apply(web(10, 'busybox:1.36'));
    await c.runUntil(rolledOut('busybox:1.36', 10), { timeout: '5m' });
    const rss = c.list('ReplicaSet');
    expect(rss).toHaveLength(1);
    const hash = rss[0]?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(rss[0]?.metadata.name).toBe(`web-${hash}`);
    expect(webPods(c).every((p) => p.metadata.labels?.['pod-template-hash'] === hash && p.metadata.name?.startsWith(`web-${hash}-`))).toBe(true);
    const d = c.get('Deployment', 'web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ replicas: 10, updatedReplicas: 10, readyReplicas: 10, availableReplicas: 10, unavailableReplicas: 0 });
    expect(d.status?.conditions?.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(c.events({ kind: 'Deployment', name: 'web' }).map((e) => `${e.reason}: ${e.message}`)).toContain(`ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 10`);
    expect(c.formatTable('Deployment')).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+10\/10\s+10\s+10\s+\S+$/);
    await c.close();
  });

  it('a rolling update v1 → v2 of 10 replicas never has more than replicas + maxSurge active pods nor fewer than replicas − maxUnavailable available, at any store event (§O.3, §O.4)', async () => {
    const { c } = setup();
    c.apply(web(10, 'busybox:1.36'));
    await c.runUntil(rolledOut('busybox:1.36', 10), { timeout: '5m' });
    const bounds = watchBounds(c);
    c.apply(withImage(c.get('Deployment', 'web'), 'busybox:1.37'));
    await c.runUntil(rolledOut('busybox:1.37', 10), { timeout: '10m' });
    bounds.stop();
    // 25% of 10: maxSurge 3 (rounded up), maxUnavailable 2 (rounded down).
    expect(bounds.seen.checks).toBeGreaterThan(50);
    expect(bounds.seen.maxActive).toBeLessThanOrEqual(13);
    expect(bounds.seen.minAvailable).toBeGreaterThanOrEqual(8);
    expect(bounds.seen.maxActive).toBeGreaterThan(10);
    const d = c.get('Deployment', 'web');
    expect(d.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
    const rss = c.list('ReplicaSet');
    expect(rss.map((r) => [r.spec.replicas, r.metadata.annotations?.['deployment.kubernetes.io/revision']]).sort()).toEqual([[0, '1'], [10, '2']]);
    await c.close();
  });

  it('Recreate never runs old and new pods at the same time (§O.5)', async () => {
    const { c } = setup();
    c.apply(web(4, 'busybox:1.36', { strategy: { type: 'Recreate' } }));
    await c.runUntil(rolledOut('busybox:1.36', 4), { timeout: '5m' });
    let overlap = false;
    const check = (): void => {
      const images = new Set(webPods(c).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').map(imageOf));
      if (images.size > 1) overlap = true;
    };
    const sub = c.watch('Pod').subscribe(check);
    c.apply(withImage(c.get('Deployment', 'web'), 'busybox:1.37'));
    await c.runUntil(rolledOut('busybox:1.37', 4), { timeout: '10m' });
    sub.unsubscribe();
    expect(overlap).toBe(false);
    await c.close();
  });

  it('rollback: setting the template back scales the old ReplicaSet up again, with the next revision (§O.7)', async () => {
    const { c } = setup();
    c.apply(web(3, 'busybox:1.36'));
    await c.runUntil(rolledOut('busybox:1.36', 3), { timeout: '5m' });
    const v1 = c.list('ReplicaSet')[0]?.metadata.name;
    c.apply(withImage(c.get('Deployment', 'web'), 'busybox:1.37'));
    await c.runUntil(rolledOut('busybox:1.37', 3), { timeout: '10m' });
    c.apply(withImage(c.get('Deployment', 'web'), 'busybox:1.36'));
    await c.runUntil(rolledOut('busybox:1.36', 3), { timeout: '10m' });
    expect(c.list('ReplicaSet')).toHaveLength(2);
    const back = c.get('ReplicaSet', v1 ?? '');
    expect(back.spec.replicas).toBe(3);
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(c.get('Deployment', 'web').metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    await c.close();
  });

  it('scaling mid-rollout is proportional; a paused Deployment scales but does not roll out (§O.6)', async () => {
    const { c } = setup();
    c.apply(web(4, 'busybox:1.36', { paused: true }));
    await c.runUntil((x) => x.list('ReplicaSet').length === 0 && x.get('Deployment', 'web').status?.conditions?.some((k) => k.reason === 'DeploymentPaused') === true, { timeout: '1m' });
    const d0 = c.get('Deployment', 'web');
    c.apply({ ...d0, spec: { ...d0.spec, paused: false } });
    await c.runUntil(rolledOut('busybox:1.36', 4), { timeout: '5m' });
    const d1 = c.get('Deployment', 'web');
    c.apply(withImage({ ...d1, spec: { ...d1.spec, paused: true } }, 'busybox:1.37'));
    await c.runUntil((x) => x.get('Deployment', 'web').status?.observedGeneration === x.get('Deployment', 'web').metadata.generation, { timeout: '1m' });
    expect(c.list('ReplicaSet')).toHaveLength(1);
    const d2 = c.get('Deployment', 'web');
    c.apply({ ...d2, spec: { ...d2.spec, replicas: 8 } });
    await c.runUntil((x) => active(x).length === 8 && x.list('ReplicaSet').length === 1, { timeout: '5m' });
    expect(webPods(c).every((p) => imageOf(p) === 'busybox:1.36')).toBe(true);
    const d3 = c.get('Deployment', 'web');
    c.apply({ ...d3, spec: { ...d3.spec, paused: false } });
    await c.runUntil(rolledOut('busybox:1.37', 8), { timeout: '10m' });
    await c.close();
  });

  it('a rollout that cannot progress reports ProgressDeadlineExceeded after progressDeadlineSeconds, on a timer (§O.9)', async () => {
    const { c, clock } = setup();
    c.apply(web(2, 'busybox:1.36', { progressDeadlineSeconds: 30 }));
    await c.runUntil(rolledOut('busybox:1.36', 2), { timeout: '5m' });
    const d = c.get('Deployment', 'web');
    const t = d.spec.template;
    // A readiness probe that never passes: the new pods never become available.
    const probe = { exec: { command: ['false'] }, periodSeconds: 5 };
    c.apply({ ...d, spec: { ...d.spec, template: { ...t, spec: { ...t.spec, containers: t.spec.containers.map((x) => ({ ...x, readinessProbe: probe })) } } } });
    const start = clock.now();
    await c.runUntil((x) => x.get('Deployment', 'web').status?.conditions?.some((k) => k.reason === 'ProgressDeadlineExceeded') === true, { timeout: '3m' });
    const cond = c.get('Deployment', 'web').status?.conditions?.find((k) => k.type === 'Progressing');
    expect(cond).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(clock.now() - start).toBeGreaterThanOrEqual(30_000);
    expect(clock.now() - start).toBeLessThan(90_000);
    await c.close();
  });
});

describe('Deployment minReadySeconds on createCluster', () => {
  it('pods count as available minReadySeconds after they are Ready, through the ReplicaSet status (§O.8)', async () => {
    const { c, clock } = setup();
    c.apply(web(2, 'busybox:1.36', { minReadySeconds: 10 }));
    await c.runUntil((x) => webPods(x).filter(isPodReady).length === 2, { timeout: '1m' });
    const readyAt = clock.now();
    expect(c.get('Deployment', 'web').status?.availableReplicas ?? 0).toBe(0);
    await c.runUntil((x) => x.get('Deployment', 'web').status?.availableReplicas === 2, { timeout: '1m' });
    expect(clock.now() - readyAt).toBeGreaterThan(10_000);
    // The ReplicaSet controller requeues just past minReadySeconds (upstream's strict `Before`),
    // and the Deployment picks the RS status up at once.
    expect(clock.now() - readyAt).toBeLessThanOrEqual(10_001);
    await c.close();
  });
});

describe('Deployment controller under store faults', () => {
  it('a failed ReplicaSet create sets Progressing False ReplicaSetCreateError and a Warning, then the retry creates it (§O.9)', async () => {
    const { createTestCluster } = await import('podkit/testing');
    const t = createTestCluster({ nodes: 1, storeFaults: true });
    t.faults.failNextCreates('ReplicaSet', 1, new Error('quota exceeded'));
    const messages: string[] = [];
    const sub = t.watch('Deployment').subscribe((ev) => {
      const c = (ev.object as Deployment).status?.conditions?.find((k) => k.type === 'Progressing');
      if (c?.reason === 'ReplicaSetCreateError') messages.push(c.message ?? '');
    });
    t.apply(web(1, 'busybox:1.36'));
    await t.runUntil((x) => x.list('ReplicaSet').length === 1 && x.get('Deployment', 'web').status?.availableReplicas === 1, { timeout: '2m' });
    sub.unsubscribe();
    expect(messages[0]).toMatch(/^Failed to create new replica set "web-[a-z0-9]+": .*quota exceeded/);
    expect(t.events({ kind: 'Deployment', name: 'web' }).some((e) => e.type === 'Warning' && e.reason === 'ReplicaSetCreateError' && e.message.includes('quota exceeded'))).toBe(true);
    await t.close();
  });
});
