import { describe, expect, it } from 'vitest';
import { createDaemonSetController, type DaemonSet, type Node, type Pod } from 'podkit';
import { env, fakeKubelet, finishPod, newDaemonSet, newNode, podsOf, run, runPod, type Env } from './helpers.js';

const targetNode = (p: Pod): string | undefined =>
  p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.values?.[0];

const live = (e: Env, ds: string): Pod[] => podsOf(e.store, ds).filter((p) => p.metadata.deletionTimestamp === undefined);

/** Pods become Running and Ready 1 s after they are created (the kubelet's part, by hand). */
function readyAfterCreate(e: Env): void {
  e.store.watch('Pod').subscribe((ev) => {
    if (ev.type !== 'Added') return;
    e.clock.setTimeout(() => {
      const cur = e.store.tryGet('Pod', ev.object.metadata.name ?? '', 'default');
      if (cur !== undefined && cur.metadata.deletionTimestamp === undefined) runPod(e, cur);
    }, 1_000);
  });
}

function taint(e: Env, name: string, effect: 'NoSchedule' | 'NoExecute'): Node {
  const n = e.store.get('Node', name);
  return e.store.update({ ...n, spec: { ...n.spec, taints: [...(n.spec?.taints ?? []), { key: 'dedicated', value: 'db', effect }] } });
}

describe('createDaemonSetController (bare store, statuses by hand)', () => {
  it('creates one pod per eligible node, bound by node affinity and never by nodeName (§J.1, §J.3)', async () => {
    const e = env();
    for (const n of ['a', 'b', 'c']) e.store.create(newNode(n));
    taint(e, 'c', 'NoSchedule');
    const ctrl = run(e, createDaemonSetController());
    e.store.create(newDaemonSet('agent'));
    await e.clock.advance(0);
    const pods = podsOf(e.store, 'agent');
    expect(pods.map(targetNode).sort()).toEqual(['a', 'b']);
    for (const p of pods) {
      expect(p.spec.nodeName ?? '').toBe('');
      expect(p.spec.tolerations?.map((t) => `${t.key}:${t.effect}`)).toContain('node.kubernetes.io/unreachable:NoExecute');
      expect(p.metadata.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]+$/);
    }
    const status = e.store.get('DaemonSet', 'agent', 'default').status;
    expect(status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0, numberReady: 0 });
    await ctrl.stop();
  });

  it('adds a pod for a new node and counts ready pods in the status (§J.3, §J.5)', async () => {
    const e = env();
    e.store.create(newNode('a'));
    const ctrl = run(e, createDaemonSetController());
    readyAfterCreate(e);
    e.store.create(newDaemonSet('agent'));
    await e.clock.advance('2s');
    e.store.create(newNode('b'));
    await e.clock.advance('2s');
    expect(podsOf(e.store, 'agent').map(targetNode).sort()).toEqual(['a', 'b']);
    expect(e.store.get('DaemonSet', 'agent', 'default').status).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2, numberAvailable: 2 });
    await ctrl.stop();
  });

  it('deletes the daemon pod of a node tainted NoExecute without toleration, but keeps it for NoSchedule (§J.1)', async () => {
    const e = env();
    for (const n of ['a', 'b']) e.store.create(newNode(n));
    const ctrl = run(e, createDaemonSetController());
    fakeKubelet(e);
    e.store.create(newDaemonSet('agent'));
    await e.clock.advance(0);
    taint(e, 'a', 'NoSchedule');
    await e.clock.advance('1s');
    expect(live(e, 'agent').map(targetNode).sort()).toEqual(['a', 'b']);
    taint(e, 'b', 'NoExecute');
    await e.clock.advance('1s');
    expect(live(e, 'agent').map(targetNode)).toEqual(['a']);
    expect(e.store.list('Pod').map(targetNode)).toEqual(['a']);
    await ctrl.stop();
  });

  it('wakes the DaemonSets for node label changes but not for heartbeat-only updates (upstream shouldIgnoreNodeUpdate)', async () => {
    const e = env();
    e.store.create(newNode('a'));
    let reads = 0;
    const counting = new Proxy(e.store, {
      get(target, prop) {
        if (prop === 'tryGet') {
          return (...args: Parameters<typeof target.tryGet>) => {
            if (args[0] === 'DaemonSet') reads++;
            return target.tryGet(...args);
          };
        }
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const ctrl = createDaemonSetController();
    ctrl.start({ store: counting, clock: e.clock, recorder: e.recorder });
    e.store.create(newDaemonSet('agent'));
    await e.clock.advance('1s');
    const before = reads;
    const n = e.store.get('Node', 'a');
    e.store.updateStatus({ ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2024-01-01T00:00:10Z' }] } });
    await e.clock.advance('1s');
    expect(reads).toBe(before);
    const n2 = e.store.get('Node', 'a');
    e.store.update({ ...n2, metadata: { ...n2.metadata, labels: { ...n2.metadata.labels, zone: 'z1' } } });
    await e.clock.advance('1s');
    expect(reads).toBe(before + 1);
    await ctrl.stop();
  });

  it('replaces a failed daemon pod, with a per-node back-off (§J.3)', async () => {
    const e = env();
    e.store.create(newNode('a'));
    const ctrl = run(e, createDaemonSetController());
    fakeKubelet(e);
    e.store.create(newDaemonSet('agent'));
    await e.clock.advance(0);
    finishPod(e, podsOf(e.store, 'agent')[0]!, 1);
    await e.clock.advance('1s');
    const after = podsOf(e.store, 'agent');
    expect(after).toHaveLength(1);
    expect(after[0]?.status?.phase).toBe('Pending');
    expect(e.recorder.list().some((ev) => ev.reason === 'FailedDaemonPod')).toBe(true);
    await ctrl.stop();
  });

  it('writes the status only when it changed', async () => {
    const e = env();
    e.store.create(newNode('a'));
    const ctrl = run(e, createDaemonSetController());
    e.store.create(newDaemonSet('agent'));
    await e.clock.advance('1s');
    const writes: string[] = [];
    e.store.watch('DaemonSet', { resourceVersion: e.store.resourceVersion }).subscribe((ev) => writes.push(ev.type));
    ctrl.enqueue({ namespace: 'default', name: 'agent' });
    await e.clock.advance('1s');
    expect(writes).toEqual([]);
    await ctrl.stop();
  });

  it('rolls a new template with maxUnavailable 1: never more than one node without a ready daemon pod (§J.4)', async () => {
    const e = env();
    const nodes = ['a', 'b', 'c', 'd'];
    for (const n of nodes) e.store.create(newNode(n));
    const ctrl = run(e, createDaemonSetController());
    fakeKubelet(e);
    readyAfterCreate(e);
    e.store.create(newDaemonSet('agent', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } }));
    await e.clock.advance('5s');
    expect(e.store.get('DaemonSet', 'agent', 'default').status?.numberReady).toBe(4);
    const ds: DaemonSet = e.store.get('DaemonSet', 'agent', 'default');
    const containers = ds.spec.template.spec.containers.map((c) => ({ ...c, image: 'busybox:1.37' }));
    e.store.update({ ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers } } } });
    let worst = 0;
    const notReady = (): number =>
      nodes.filter(
        (n) => !live(e, 'agent').some((p) => targetNode(p) === n && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')),
      ).length;
    e.store.watch('Pod').subscribe(() => (worst = Math.max(worst, notReady())));
    for (let i = 0; i < 60; i++) await e.clock.advance('500ms');
    const pods = live(e, 'agent');
    expect(pods.map((p) => p.spec.containers[0]?.image)).toEqual(['busybox:1.37', 'busybox:1.37', 'busybox:1.37', 'busybox:1.37']);
    expect(worst).toBe(1);
    expect(e.store.get('DaemonSet', 'agent', 'default').status).toMatchObject({ updatedNumberScheduled: 4, numberAvailable: 4 });
    await ctrl.stop();
  });
});
