// The DaemonSet acceptance scenario, on createCluster with a VirtualClock and FakeRuntime nodes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createCluster, isPodReady, type Cluster, type DaemonSet, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const AGENT = parse(readFileSync(new URL('../../../examples/manifests/daemonset.yaml', import.meta.url), 'utf8')) as DaemonSet;

const agentPods = (c: Cluster): Pod[] => c.list('Pod').filter((p) => p.metadata.labels?.app === 'node-agent');
const live = (c: Cluster): Pod[] => agentPods(c).filter((p) => p.metadata.deletionTimestamp === undefined);
const runningOn = (c: Cluster): string[] =>
  live(c)
    .filter((p) => p.status?.phase === 'Running')
    .map((p) => p.spec.nodeName ?? '')
    .sort();

function setup(nodes: number, taintThird = false) {
  const clock = new VirtualClock();
  const c = createCluster({
    clock,
    nodes: Array.from({ length: nodes }, (_, i) => ({
      name: `node-${i + 1}`,
      runtime: new FakeRuntime({ clock }),
      ...(taintThird && i === 2 ? { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' as const }] } : {}),
    })),
  });
  return { c, clock };
}

describe('DaemonSet controller on createCluster (acceptance)', () => {
  it('runs on the 2 of 3 nodes without an untolerated NoSchedule taint; a new node gets a pod; a NoExecute taint evicts its daemon pod (§J.1, §J.3)', async () => {
    const { c } = setup(3, true);
    c.apply(AGENT);
    await c.runUntil((x) => runningOn(x).length === 2, { timeout: '1m' });
    expect(runningOn(c)).toEqual(['node-1', 'node-2']);
    await c.runUntil((x) => x.get('DaemonSet', 'node-agent').status?.numberReady === 2, { timeout: '1m' });
    expect(c.get('DaemonSet', 'node-agent').status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberAvailable: 2, updatedNumberScheduled: 2 });
    expect(c.formatTable('DaemonSet')).toMatch(/node-agent\s+2\s+2\s+2\s+2\s+2/);

    c.addNode({ name: 'node-4', runtime: new FakeRuntime({ clock: c.clock as VirtualClock }) });
    await c.runUntil((x) => runningOn(x).length === 3, { timeout: '1m' });
    expect(runningOn(c)).toEqual(['node-1', 'node-2', 'node-4']);

    const n1 = c.get('Node', 'node-1');
    c.store.update({ ...n1, spec: { ...n1.spec, taints: [{ key: 'maintenance', value: 'now', effect: 'NoExecute' }] } });
    await c.runUntil((x) => agentPods(x).every((p) => p.spec.nodeName !== 'node-1'), { timeout: '2m' });
    expect(runningOn(c)).toEqual(['node-2', 'node-4']);
    await c.runUntil((x) => x.get('DaemonSet', 'node-agent').status?.desiredNumberScheduled === 2, { timeout: '1m' });
    await c.close();
  });

  it('a rolling update with maxUnavailable 1 never leaves more than one node without a ready daemon pod (§J.4)', async () => {
    const { c } = setup(4);
    c.apply({ ...AGENT, spec: { ...AGENT.spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } } });
    await c.runUntil((x) => x.get('DaemonSet', 'node-agent').status?.numberAvailable === 4, { timeout: '1m' });
    const nodes = ['node-1', 'node-2', 'node-3', 'node-4'];
    let worst = 0;
    c.watch('Pod').subscribe(() => {
      const ready = new Set(live(c).filter(isPodReady).map((p) => p.spec.nodeName));
      worst = Math.max(worst, nodes.filter((n) => !ready.has(n)).length);
    });
    const ds = c.get('DaemonSet', 'node-agent');
    const containers = ds.spec.template.spec.containers.map((x) => ({ ...x, image: 'busybox:1.37' }));
    c.apply({ ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers } } } });
    await c.runUntil(
      (x) => {
        const d = x.get('DaemonSet', 'node-agent');
        const s = d.status;
        return s?.observedGeneration === d.metadata.generation && s?.updatedNumberScheduled === 4 && s?.numberAvailable === 4 && agentPods(x).length === 4;
      },
      { timeout: '10m' },
    );
    expect(worst).toBe(1);
    expect(agentPods(c).map((p) => p.spec.containers[0]?.image)).toEqual(Array(4).fill('busybox:1.37'));
    await c.close();
  });
});
