// RollingUpdate and OnDelete (§J.4), restating update_test.go (TestDaemonSetUpdatesPods,
// TestDaemonSetUpdatesPodsWithMaxSurge, TestDaemonSetUpdatesAllOldPodsNotReady(MaxSurge),
// TestDaemonSetUpdatesNoTemplateChanged, TestGetUnavailableNumbers).
import { describe, expect, it } from 'vitest';
import { planDaemonSet } from 'podkit';
import { daemonSetUpdateLimits, scaledIntOrPercent } from 'podkit/planners';
import type { DaemonSet, DaemonSetUpdateStrategy, IntOrString, Pod } from 'podkit';
import { daemonPod, newDaemonSet, nodes, T0 } from './ds-fixtures.js';

const NEW = 'new-hash';
const OLD = 'old-hash';
const withStrategy = (updateStrategy: DaemonSetUpdateStrategy, minReadySeconds?: number): DaemonSet => {
  const ds = newDaemonSet('ds');
  return { ...ds, spec: { ...ds.spec, updateStrategy, ...(minReadySeconds === undefined ? {} : { minReadySeconds }) } };
};
const unavailable = (v: IntOrString) => withStrategy({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: v, maxSurge: 0 } });
const surge = (v: IntOrString) => withStrategy({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: v } });
const oldPods = (ds: DaemonSet, n: number, ready = true): Pod[] =>
  Array.from({ length: n }, (_, i) => daemonPod(ds, `old-${i}`, `node-${i}`, { hash: OLD, ready }));
const sync = (ds: DaemonSet, n: number, pods: Pod[]) => planDaemonSet(ds, nodes(n), pods, { now: T0, hash: NEW });

describe('RollingUpdate without surge (§J.4)', () => {
  it('deletes maxUnavailable available old pods per step (TestDaemonSetUpdatesPods)', () => {
    const ds = unavailable(2);
    const p = sync(ds, 5, oldPods(ds, 5));
    expect(p.deletes.map((d) => d.key)).toEqual(['default/old-0', 'default/old-1']);
    expect(p.creates).toEqual([]);
    expect(p.expectations).toMatchObject({ add: 0, del: 2 });
  });

  it('counts nodes being replaced against maxUnavailable', () => {
    const ds = unavailable(2);
    const pods = [...oldPods(ds, 5).slice(1), daemonPod(ds, 'new-0', 'node-0', { hash: NEW })];
    expect(sync(ds, 5, pods).deletes.map((d) => d.key)).toEqual(['default/old-1']);
    const ready = [...oldPods(ds, 5).slice(1), daemonPod(ds, 'new-0', 'node-0', { hash: NEW, ready: true })];
    expect(sync(ds, 5, ready).deletes.map((d) => d.key)).toEqual(['default/old-1', 'default/old-2']);
  });

  it('always replaces old pods that are not available (TestDaemonSetUpdatesAllOldPodsNotReady)', () => {
    const ds = unavailable(3);
    expect(sync(ds, 5, oldPods(ds, 5, false)).deletes).toHaveLength(5);
  });

  it('waits for minReadySeconds before counting a pod available', () => {
    const ds = { ...unavailable(1), spec: { ...unavailable(1).spec, minReadySeconds: 600 } };
    const longReady = [1, 2].map((i) => daemonPod(ds, `old-${i}`, `node-${i}`, { hash: OLD, ready: true, readySince: T0 - 3_600_000 }));
    const pods = [...longReady, daemonPod(ds, 'new-0', 'node-0', { hash: NEW, ready: true, readySince: T0 - 60_000 })];
    const p = sync(ds, 3, pods);
    expect(p.deletes).toEqual([]);
    expect(p.requeueAfterMs).toBe(600_000);
  });

  it('does nothing when the template did not change (TestDaemonSetUpdatesNoTemplateChanged)', () => {
    const ds = unavailable(3);
    const pods = Array.from({ length: 5 }, (_, i) => daemonPod(ds, `p${i}`, `node-${i}`, { hash: NEW, ready: true }));
    const p = sync(ds, 5, pods);
    expect(p.deletes).toEqual([]);
    expect(p.creates).toEqual([]);
    expect(p.status.updatedNumberScheduled).toBe(5);
  });

  it('treats a matching pod-template-generation label as updated', () => {
    const ds = unavailable(3);
    const pods = oldPods(ds, 2).map((p) => ({ ...p, metadata: { ...p.metadata, labels: { ...p.metadata.labels, 'pod-template-generation': '1' } } }));
    expect(sync(ds, 2, pods).deletes).toEqual([]);
  });

  it('runs only after the manage step had nothing to do', () => {
    const ds = unavailable(2);
    const p = sync(ds, 6, oldPods(ds, 5));
    expect(p.creates.map((c) => c.nodeName)).toEqual(['node-5']);
    expect(p.deletes).toEqual([]);
  });
});

describe('RollingUpdate with surge (§J.4, §J.3)', () => {
  it('creates up to maxSurge new pods beside available old ones (TestDaemonSetUpdatesPodsWithMaxSurge)', () => {
    const ds = surge(2);
    const p = sync(ds, 5, oldPods(ds, 5));
    expect(p.creates.map((c) => c.nodeName)).toEqual(['node-0', 'node-1']);
    expect(p.deletes).toEqual([]);
  });

  it('creates a new pod at once beside every unavailable old pod (TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge)', () => {
    const ds = surge(3);
    expect(sync(ds, 5, oldPods(ds, 5, false)).creates).toHaveLength(5);
  });

  it('counts new pods that are not yet available toward the surge, and deletes the old pod once the new one is available', () => {
    const ds = surge(1);
    const waiting = [...oldPods(ds, 3), daemonPod(ds, 'new-0', 'node-0', { hash: NEW })];
    const p1 = sync(ds, 3, waiting);
    expect(p1.creates).toEqual([]);
    expect(p1.deletes).toEqual([]);
    const available = [...oldPods(ds, 3), daemonPod(ds, 'new-0', 'node-0', { hash: NEW, ready: true })];
    expect(sync(ds, 3, available).deletes.map((d) => d.key)).toEqual(['default/old-0']);
  });

  it('deletes an old pod that stopped being ready beside a new one (podsShouldBeOnNode with surge)', () => {
    const ds = surge(1);
    const pods = [daemonPod(ds, 'old-0', 'node-0', { hash: OLD, ready: false }), daemonPod(ds, 'new-0', 'node-0', { hash: NEW, created: T0 - 1_000 })];
    expect(sync(ds, 1, pods).deletes.map((d) => d.key)).toEqual(['default/old-0']);
  });

  it('deletes old pods on nodes that should no longer run them only while more pods than desired are available', () => {
    const ds = surge(1);
    const ns = nodes(3);
    const tainted = { ...ns[2]!, spec: { taints: [{ key: 'dedicated', effect: 'NoSchedule' as const }] } };
    const oldOnTainted = daemonPod(ds, 'old-2', 'node-2', { hash: OLD, ready: true });
    const newPods = (ready1: boolean) => [daemonPod(ds, 'new-0', 'node-0', { hash: NEW, ready: true }), daemonPod(ds, 'new-1', 'node-1', { hash: NEW, ready: ready1 })];
    const run = (ready1: boolean) => planDaemonSet(ds, [ns[0]!, ns[1]!, tainted], [...newPods(ready1), oldOnTainted], { now: T0, hash: NEW });
    expect(run(true).deletes.map((d) => d.key)).toEqual(['default/old-2']);
    expect(run(false).deletes).toEqual([]);
  });

  it('creates a pod on a node whose only pod is terminating', () => {
    const ds = surge(1);
    const p = sync(ds, 1, [daemonPod(ds, 'old-0', 'node-0', { hash: OLD, deleted: new Date(T0).toISOString() })]);
    expect(p.creates.map((c) => c.nodeName)).toEqual(['node-0']);
  });
});

describe('OnDelete (§J.4)', () => {
  it('never replaces old pods; new pods use the current template', () => {
    const ds = withStrategy({ type: 'OnDelete' });
    const p = sync(ds, 3, oldPods(ds, 2));
    expect(p.deletes).toEqual([]);
    expect(p.creates.map((c) => [c.nodeName, c.pod.metadata.labels?.['controller-revision-hash']])).toEqual([['node-2', NEW]]);
    expect(p.status.updatedNumberScheduled).toBe(0);
  });
});

describe('update limits (TestGetUnavailableNumbers, §J.4)', () => {
  it.each([
    ['No nodes', unavailable(0), 0, 0, 0],
    ['Two nodes with ready pods', unavailable(1), 2, 1, 0],
    ['Two nodes, one node without pods (both zero → maxUnavailable 1)', unavailable(0), 2, 1, 0],
    ['Two nodes, one node without pods, surge 0', surge(0), 2, 1, 0],
    ['Two nodes with pods, MaxUnavailable in percents', unavailable('50%'), 2, 1, 0],
    ['Two nodes with pods, MaxSurge in percents', surge('50%'), 2, 0, 1],
    ['Two nodes with pods, MaxSurge is 100%', surge('100%'), 2, 0, 2],
    ['Three nodes, MaxUnavailable 50% rounds up', unavailable('50%'), 3, 2, 0],
    ['Three nodes, MaxSurge 10% rounds up', surge('10%'), 3, 0, 1],
    ['OnDelete', withStrategy({ type: 'OnDelete' }), 4, 1, 0],
  ] as [string, DaemonSet, number, number, number][])('%s', (_name, ds, desired, maxUnavailable, maxSurge) => {
    expect(daemonSetUpdateLimits(ds, desired)).toEqual({ maxUnavailable, maxSurge });
  });

  it('scales percentages with upstream rounding', () => {
    expect(scaledIntOrPercent('25%', 10, true)).toBe(3);
    expect(scaledIntOrPercent('25%', 10, false)).toBe(2);
    expect(scaledIntOrPercent(4, 10, true)).toBe(4);
    expect(() => scaledIntOrPercent('25', 10, true, 'spec.updateStrategy.rollingUpdate.maxUnavailable')).toThrow(
      /spec\.updateStrategy\.rollingUpdate\.maxUnavailable: invalid value for IntOrString/,
    );
  });
});
