// planDaemonSet per-node reconciliation and status (§J.3, §J.5), restating daemon_controller_test.go
// (TestSimpleDaemonSetLaunchesPods, TestSimpleDaemonSetPodCreateErrors' burst, TestDealsWithExistingPods,
// TestDaemonKillFailedPods, TestDaemonSetRespectsTermination, TestNumberReadyStatus, ...).
import { describe, expect, it } from 'vitest';
import { planDaemonSet } from 'podkit';
import { computeTemplateHash } from 'podkit/planners';
import type { DaemonSet, Pod } from 'podkit';
import { daemonPod, newDaemonSet, newNode, nodes, T0, ts } from './ds-fixtures.js';

const HASH = 'h1';
const plan = (ds: DaemonSet, ns: ReturnType<typeof nodes>, pods: Pod[], extra: Partial<Parameters<typeof planDaemonSet>[3]> = {}) =>
  planDaemonSet(ds, ns, pods, { now: T0, hash: HASH, ...extra });
const onDelete = (ds: DaemonSet): DaemonSet => ({ ...ds, spec: { ...ds.spec, updateStrategy: { type: 'OnDelete' } } });

describe('creating daemon pods (TestSimpleDaemonSetLaunchesPods, §J.3)', () => {
  it('creates one pod per node, bound through node affinity, with labels, tolerations and controllerRef', () => {
    const ds = newDaemonSet('foo');
    const p = plan(ds, nodes(5), []);
    expect(p.creates.map((c) => c.nodeName)).toEqual(['node-0', 'node-1', 'node-2', 'node-3', 'node-4']);
    expect(p.deletes).toEqual([]);
    const pod = p.creates[2]?.pod as Pod;
    expect(pod.metadata.generateName).toBe('foo-');
    expect(pod.metadata.labels).toEqual({ name: 'simple-daemon', type: 'production', 'pod-template-generation': '1', 'controller-revision-hash': HASH });
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }],
    });
    expect(pod.spec.tolerations?.map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
      'node.kubernetes.io/disk-pressure',
      'node.kubernetes.io/memory-pressure',
      'node.kubernetes.io/pid-pressure',
      'node.kubernetes.io/unschedulable',
    ]);
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'foo', uid: 'uid-foo', controller: true });
    expect(p.expectations?.add).toBe(5);
    expect(p.status).toMatchObject({ desiredNumberScheduled: 5, currentNumberScheduled: 0, numberUnavailable: 5, observedGeneration: 1 });
  });

  it('replaces a template required affinity with the node binding', () => {
    const ds = newDaemonSet('foo');
    const withAffinity: DaemonSet = {
      ...ds,
      spec: {
        ...ds.spec,
        template: {
          ...ds.spec.template,
          spec: {
            ...ds.spec.template.spec,
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }] } } },
          },
        },
      },
    };
    const p = plan(withAffinity, [newNode('n', { zone: 'a' })], []);
    expect(p.creates[0]?.pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] },
    ]);
  });

  it('caps creations at 250 per sync in slow-start batches (burstReplicas)', () => {
    const p = plan(newDaemonSet(), nodes(300), []);
    expect(p.creates).toHaveLength(250);
    expect(p.createBatches).toEqual([1, 2, 4, 8, 16, 32, 64, 123]);
  });

  it('creates nothing while expectations are unsatisfied and does not raise observedGeneration', () => {
    const ds = { ...newDaemonSet(), status: { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, observedGeneration: 0 } };
    const p = plan(ds, nodes(3), [], { expectationsSatisfied: false });
    expect(p.creates).toEqual([]);
    expect(p.expectations).toBeUndefined();
    expect(p.status.observedGeneration).toBe(0);
    expect(p.status.desiredNumberScheduled).toBe(3);
  });

  it('computes the hash from the template when none is given', () => {
    const ds = newDaemonSet();
    const p = planDaemonSet(ds, nodes(1), [], { now: T0 });
    expect(p.hash).toBe(p.creates[0]?.pod.metadata.labels?.['controller-revision-hash']);
    expect(p.hash).toBe(computeTemplateHash(p.ds.spec.template));
  });
});

describe('existing pods (TestDealsWithExistingPods, §J.3)', () => {
  it('keeps one pod per node, the oldest, and creates where missing', () => {
    const ds = onDelete(newDaemonSet());
    const pods = [
      daemonPod(ds, 'a-old', 'node-0', { created: T0 - 9_000 }),
      daemonPod(ds, 'a-new', 'node-0', { created: T0 - 1_000 }),
      daemonPod(ds, 'b', 'node-1'),
      daemonPod(ds, 'c1', 'node-2', { created: T0 - 5_000 }),
      daemonPod(ds, 'c0', 'node-2', { created: T0 - 5_000 }),
    ];
    const p = plan(ds, nodes(4), pods);
    expect(p.deletes.map((d) => d.key)).toEqual(['default/a-new', 'default/c1']);
    expect(p.creates.map((c) => c.nodeName)).toEqual(['node-3']);
    expect(p.expectations).toMatchObject({ add: 1, del: 2 });
  });

  it('prefers a scheduled pod over an unscheduled one of the same node', () => {
    const ds = onDelete(newDaemonSet());
    const pods = [daemonPod(ds, 'pending', 'node-0', { unscheduledFor: true, created: T0 - 9_000 }), daemonPod(ds, 'bound', 'node-0')];
    expect(plan(ds, nodes(1), pods).deletes.map((d) => d.key)).toEqual(['default/pending']);
  });

  it('deletes pods on nodes that should not run them, except those already terminating', () => {
    const ds = { ...newDaemonSet(), spec: { ...newDaemonSet().spec, template: { ...newDaemonSet().spec.template, spec: { ...newDaemonSet().spec.template.spec, nodeSelector: { disk: 'ssd' } } } } };
    const pods = [daemonPod(ds, 'x', 'node-0'), daemonPod(ds, 'y', 'node-0', { deleted: ts(T0) })];
    const p = plan(ds, nodes(1), pods);
    expect(p.deletes.map((d) => d.key)).toEqual(['default/x']);
    expect(p.status).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 1 });
  });

  it('keeps pods on a node with an untolerated NoSchedule taint but does not create there', () => {
    const ds = newDaemonSet();
    const tainted = newNode('node-0', undefined, [{ key: 'dedicated', effect: 'NoSchedule' }]);
    const empty = newNode('node-1', undefined, [{ key: 'dedicated', effect: 'NoSchedule' }]);
    const p = plan(ds, [tainted, empty], [daemonPod(ds, 'x', 'node-0', { hash: HASH })]);
    expect(p.deletes).toEqual([]);
    expect(p.creates).toEqual([]);
    expect(p.status).toMatchObject({ desiredNumberScheduled: 0, numberMisscheduled: 1 });
  });

  it('respects pods already terminating: no replacement until they are gone (TestDaemonSetRespectsTermination)', () => {
    const ds = newDaemonSet();
    const p = plan(ds, nodes(1), [daemonPod(ds, 'x', 'node-0', { deleted: ts(T0 - 1_000) })]);
    expect(p.creates).toEqual([]);
    expect(p.deletes).toEqual([]);
    expect(p.status.currentNumberScheduled).toBe(1);
  });

  it('deletes succeeded pods and unscheduled pods bound to nodes that are gone', () => {
    const ds = newDaemonSet();
    const p = plan(ds, nodes(1), [daemonPod(ds, 'done', 'node-0', { phase: 'Succeeded' }), daemonPod(ds, 'lost', 'node-9', { unscheduledFor: true })]);
    expect(p.deletes.map((d) => d.key)).toEqual(['default/done', 'default/lost']);
    expect(p.events).toEqual([{ type: 'Normal', reason: 'SucceededDaemonPod', message: 'Found succeeded daemon pod default/done on node node-0, will try to delete it' }]);
  });

  it('adopts matching orphans and ignores pods of other controllers', () => {
    const ds = newDaemonSet();
    const orphan = { ...daemonPod(ds, 'o', 'node-0'), metadata: { ...daemonPod(ds, 'o', 'node-0').metadata, ownerReferences: [] } };
    const other = { ...daemonPod(ds, 'x', 'node-1'), metadata: { ...daemonPod(ds, 'x', 'node-1').metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'z', uid: 'z', controller: true }] } };
    const p = plan(ds, nodes(2), [orphan, other]);
    expect(p.adopt).toEqual([orphan]);
    expect(p.creates.map((c) => c.nodeName)).toEqual(['node-1']);
  });
});

describe('failed pods and their back-off (TestDaemonKillFailedPods, §J.3)', () => {
  it('deletes a failed pod, then rate-limits the next deletion on that node 1 s doubling', () => {
    const ds = { ...newDaemonSet(), status: { desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0, numberReady: 0, observedGeneration: 1 } };
    const failed = daemonPod(ds, 'f', 'node-0', { phase: 'Failed', hash: HASH });
    const first = plan(ds, nodes(1), [failed]);
    expect(first.deletes.map((d) => d.key)).toEqual(['default/f']);
    expect(first.creates).toEqual([]);
    expect(first.events[0]).toEqual({ type: 'Warning', reason: 'FailedDaemonPod', message: 'Found failed daemon pod default/f on node node-0, will try to kill it' });
    expect([...first.backoff]).toEqual([['uid-foo/1/node-0', { delayMs: 1_000, lastUpdate: T0 }]]);

    const again = plan(ds, nodes(1), [daemonPod(ds, 'g', 'node-0', { phase: 'Failed', hash: HASH })], { now: T0 + 500, failedPodsBackoff: first.backoff });
    expect(again.deletes).toEqual([]);
    expect(again.requeueAfterMs).toBe(1_000);

    const later = plan(ds, nodes(1), [daemonPod(ds, 'g', 'node-0', { phase: 'Failed', hash: HASH })], { now: T0 + 1_000, failedPodsBackoff: first.backoff });
    expect(later.deletes.map((d) => d.key)).toEqual(['default/g']);
    expect(later.backoff.get('uid-foo/1/node-0')).toEqual({ delayMs: 2_000, lastUpdate: T0 + 1_000 });
  });

  it('caps the back-off at 15 minutes and forgets it after 30 idle minutes', () => {
    const ds = newDaemonSet();
    const key = 'uid-foo/0/node-0';
    const p = plan(ds, nodes(1), [daemonPod(ds, 'f', 'node-0', { phase: 'Failed' })], {
      now: T0,
      failedPodsBackoff: new Map([[key, { delayMs: 600_000, lastUpdate: T0 - 600_000 }]]),
    });
    expect(p.backoff.get(key)).toEqual({ delayMs: 900_000, lastUpdate: T0 });
    const forgotten = plan(ds, nodes(1), [], { now: T0 + 1_800_001, failedPodsBackoff: p.backoff });
    expect(forgotten.backoff.size).toBe(0);
  });
});

describe('status (updateDaemonSetStatus, §J.5)', () => {
  it('counts desired, current, ready, available, updated and misscheduled on the oldest pod of each node', () => {
    const base = newDaemonSet();
    const ds = { ...base, spec: { ...base.spec, minReadySeconds: 60, template: { ...base.spec.template, spec: { ...base.spec.template.spec, nodeSelector: { role: 'w' } } } } };
    const ns = [newNode('n0', { role: 'w' }), newNode('n1', { role: 'w' }), newNode('n2', { role: 'w' }), newNode('n3'), newNode('n4', { role: 'w' })];
    const pods = [
      daemonPod(ds, 'p0', 'n0', { hash: HASH, ready: true, readySince: T0 - 120_000 }),
      daemonPod(ds, 'p1', 'n1', { hash: 'old', ready: true, readySince: T0 - 10_000 }),
      daemonPod(ds, 'p2', 'n2', { hash: HASH }),
      daemonPod(ds, 'p3', 'n3', { hash: HASH, ready: true }),
    ];
    const p = plan(ds, ns, pods);
    expect(p.status).toEqual({
      desiredNumberScheduled: 4,
      currentNumberScheduled: 3,
      numberMisscheduled: 1,
      numberReady: 2,
      numberAvailable: 1,
      updatedNumberScheduled: 2,
      numberUnavailable: 3,
      observedGeneration: 1,
    });
    expect(p.requeueAfterMs).toBe(60_000);
    expect(p.writeStatus).toBe(true);
    const unchanged = plan({ ...ds, status: p.status }, ns, pods);
    expect(unchanged.writeStatus).toBe(false);
  });
});

describe('skipped syncs (§J)', () => {
  it('skips a DaemonSet being deleted', () => {
    const ds = { ...newDaemonSet(), metadata: { ...newDaemonSet().metadata, deletionTimestamp: ts(T0) } };
    expect(plan(ds, nodes(2), []).action).toBe('skip');
  });
  it('skips a selector that selects everything, with an event', () => {
    const ds = { ...newDaemonSet(), spec: { ...newDaemonSet().spec, selector: {} } };
    const p = plan(ds, nodes(2), []);
    expect(p.action).toBe('skip');
    expect(p.events[0]?.reason).toBe('SelectingAll');
  });
});

describe('performance (C4)', () => {
  it('plans 50 000 nodes in linear time', () => {
    const ds = newDaemonSet();
    const many = nodes(50_000);
    const pods = many.slice(0, 49_000).map((n, i) => daemonPod(ds, `p${i}`, n.metadata.name ?? '', { hash: HASH, ready: true }));
    const start = performance.now();
    const p = plan(ds, many, pods, { burstReplicas: 2_000 });
    const elapsed = performance.now() - start;
    expect(p.creates).toHaveLength(1_000);
    expect(p.status.desiredNumberScheduled).toBe(50_000);
    expect(elapsed).toBeLessThan(5_000);
  });
});
