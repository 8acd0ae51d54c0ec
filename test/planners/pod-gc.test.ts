// planPodGc against upstream pkg/controller/podgc (gc_controller.go and the cases of gc_controller_test.go).
import { describe, expect, it } from 'vitest';
import { planPodGc, type Node, type Pod, type PodPhase } from 'podkit';
import { TAINT_NODE_OUT_OF_SERVICE, toTimestamp } from 'podkit/model';
import { podGcFailedStatus, POD_GC_QUARANTINE_MS, TERMINATED_POD_GC_THRESHOLD } from 'podkit/planners';
import { newPod } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

function node(name: string, options: { ready?: boolean; taints?: NonNullable<Node['spec']>['taints'] } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    ...(options.taints === undefined ? {} : { spec: { taints: options.taints } }),
    status: { conditions: [{ type: 'Ready', status: options.ready === false ? 'Unknown' : 'True' }] },
  };
}

/** Pods created an hour apart, in order (upstream's test fixture). */
function pods(specs: readonly { name: string; phase: PodPhase; nodeName?: string; deleting?: boolean; reason?: string }[]): Pod[] {
  return specs.map((s, i) =>
    newPod({
      name: s.name,
      metadata: {
        creationTimestamp: toTimestamp(T0 + (i + 1) * HOUR),
        ...(s.deleting === true ? { deletionTimestamp: toTimestamp(T0), deletionGracePeriodSeconds: 30 } : {}),
      },
      spec: s.nodeName === undefined ? {} : { nodeName: s.nodeName },
      status: { phase: s.phase, ...(s.reason === undefined ? {} : { reason: s.reason }) },
    }),
  );
}

const deleted = (plan: ReturnType<typeof planPodGc>): string[] => plan.actions.map((a) => a.pod.metadata.name ?? '').sort();

describe('planPodGc: terminated pods over the threshold (gcTerminated)', () => {
  const cases: { name: string; pods: { name: string; phase: PodPhase }[]; threshold: number; deleted: string[] }[] = [
    { name: 'threshold 0 turns the pass off', pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }], threshold: 0, deleted: [] },
    { name: 'the oldest beyond the threshold go', pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }, { name: 'c', phase: 'Failed' }], threshold: 1, deleted: ['a', 'b'] },
    { name: 'running pods neither count nor go', pods: [{ name: 'a', phase: 'Running' }, { name: 'b', phase: 'Succeeded' }, { name: 'c', phase: 'Failed' }], threshold: 1, deleted: ['b'] },
    { name: 'one over the threshold', pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }], threshold: 1, deleted: ['a'] },
    { name: 'under the threshold nothing goes', pods: [{ name: 'a', phase: 'Failed' }, { name: 'b', phase: 'Succeeded' }], threshold: 5, deleted: [] },
  ];
  for (const c of cases) {
    it(`upstream TestGCTerminated: ${c.name}`, () => {
      const plan = planPodGc({ pods: pods(c.pods.map((p) => ({ ...p, nodeName: 'node' }))), nodes: [node('node')], now: T0, terminatedPodThreshold: c.threshold });
      expect(deleted(plan)).toEqual(c.deleted);
      expect(plan.actions.every((a) => a.reason === 'Terminated' && !a.markFailed)).toBe(true);
    });
  }

  it('deletes evicted pods first, then the oldest, ties by name (byEvictionAndCreationTimestamp)', () => {
    const list = pods([
      { name: 'old', phase: 'Succeeded', nodeName: 'node' },
      { name: 'evicted', phase: 'Failed', reason: 'Evicted', nodeName: 'node' },
      { name: 'new', phase: 'Failed', nodeName: 'node' },
    ]);
    const plan = planPodGc({ pods: list, nodes: [node('node')], now: T0, terminatedPodThreshold: 1 });
    expect(plan.actions.map((a) => a.pod.metadata.name)).toEqual(['evicted', 'old']);
  });

  it('defaults the threshold to 12500, the kube-controller-manager --terminated-pod-gc-threshold', () => {
    expect(TERMINATED_POD_GC_THRESHOLD).toBe(12_500);
    const list = pods([{ name: 'a', phase: 'Failed', nodeName: 'node' }]);
    expect(planPodGc({ pods: list, nodes: [node('node')], now: T0 }).actions).toEqual([]);
  });
});

describe('planPodGc: orphaned pods (gcOrphaned, quarantine)', () => {
  it('quarantines a missing node for 40 s and deletes its pods only at a later run that still misses it (upstream quarantineTime)', () => {
    const list = pods([
      { name: 'a', phase: 'Failed', nodeName: 'gone' },
      { name: 'b', phase: 'Running', nodeName: 'gone' },
      { name: 'c', phase: 'Running', nodeName: 'here' },
    ]);
    const nodes = [node('here')];
    const first = planPodGc({ pods: list, nodes, now: T0 });
    expect(first.actions).toEqual([]);
    expect([...first.quarantine]).toEqual([['gone', T0 + POD_GC_QUARANTINE_MS]]);
    const second = planPodGc({ pods: list, nodes, now: T0 + 20_000, quarantine: first.quarantine });
    expect(second.actions).toEqual([]);
    const third = planPodGc({ pods: list, nodes, now: T0 + 40_000, quarantine: second.quarantine });
    expect(deleted(third)).toEqual(['a', 'b']);
    expect(third.actions.every((a) => a.reason === 'Orphaned')).toBe(true);
  });

  it('marks a non-terminal orphan Failed with DisruptionTarget (DeletionByPodGC, "PodGC: node no longer exists"), and leaves a terminal one as it is (markFailedAndDeletePodWithCondition, §C.6)', () => {
    const list = pods([
      { name: 'done', phase: 'Succeeded', nodeName: 'gone' },
      { name: 'running', phase: 'Running', nodeName: 'gone' },
    ]);
    const plan = planPodGc({ pods: list, nodes: [], now: T0 + 40_000, quarantine: new Map([['gone', T0 + 40_000]]) });
    const byName = new Map(plan.actions.map((a) => [a.pod.metadata.name, a]));
    expect(byName.get('done')).toMatchObject({ markFailed: false });
    expect(byName.get('done')?.condition).toBeUndefined();
    expect(byName.get('running')).toMatchObject({
      markFailed: true,
      condition: { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists', lastTransitionTime: toTimestamp(T0 + 40_000) },
    });
    const status = podGcFailedStatus(list[1]!, byName.get('running')?.condition, T0 + 40_000);
    expect(status.phase).toBe('Failed');
    expect(status.conditions).toEqual([byName.get('running')?.condition]);
  });

  it('spares the pods when the node came back before the quarantine ended, and drops the due entry (the delaying queue hands it out once)', () => {
    const list = pods([{ name: 'a', phase: 'Running', nodeName: 'flaky' }]);
    const first = planPodGc({ pods: list, nodes: [], now: T0 });
    const back = planPodGc({ pods: list, nodes: [node('flaky')], now: T0 + 40_000, quarantine: first.quarantine });
    expect(back.actions).toEqual([]);
    expect(back.quarantine.size).toBe(0);
    // Missing again: a fresh quarantine starts.
    const again = planPodGc({ pods: list, nodes: [], now: T0 + 60_000, quarantine: back.quarantine });
    expect(again.actions).toEqual([]);
    expect([...again.quarantine]).toEqual([['flaky', T0 + 100_000]]);
  });

  it('keeps the earliest quarantine of a node (AddAfter keeps the earlier ready time)', () => {
    const list = pods([{ name: 'a', phase: 'Running', nodeName: 'gone' }]);
    const plan = planPodGc({ pods: list, nodes: [], now: T0 + 20_000, quarantine: new Map([['gone', T0 + 30_000]]) });
    expect([...plan.quarantine]).toEqual([['gone', T0 + 30_000]]);
  });

  it('upstream TestGCOrphaned: orphans go whatever their phase, with threshold 0 too', () => {
    const list = pods([
      { name: 'a', phase: 'Failed', nodeName: 'node' },
      { name: 'b', phase: 'Succeeded', nodeName: 'node' },
    ]);
    const plan = planPodGc({ pods: list, nodes: [], now: T0 + 40_000, quarantine: new Map([['node', T0 + 40_000]]), terminatedPodThreshold: 0 });
    expect(deleted(plan)).toEqual(['a', 'b']);
  });
});

describe('planPodGc: terminating pods (gcTerminating, gcUnscheduledTerminating)', () => {
  it('force-deletes terminating pods of a not-Ready node with the out-of-service taint, and marks them Failed (upstream gcTerminating)', () => {
    const list = pods([
      { name: 'stuck', phase: 'Running', nodeName: 'dead', deleting: true },
      { name: 'alive', phase: 'Running', nodeName: 'dead' },
      { name: 'elsewhere', phase: 'Running', nodeName: 'tainted-but-ready', deleting: true },
      { name: 'plain', phase: 'Running', nodeName: 'not-ready', deleting: true },
    ]);
    const taints = [{ key: TAINT_NODE_OUT_OF_SERVICE, value: 'nodeshutdown', effect: 'NoExecute' as const }];
    const nodes = [node('dead', { ready: false, taints }), node('tainted-but-ready', { taints }), node('not-ready', { ready: false })];
    const plan = planPodGc({ pods: list, nodes, now: T0 });
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ reason: 'TerminatingOutOfService', markFailed: true, pod: { metadata: { name: 'stuck' } } });
    expect(plan.actions[0]?.condition).toBeUndefined();
  });

  it('upstream TestGCUnscheduledTerminating: unscheduled terminating pods go in any phase; scheduled or not terminating ones stay', () => {
    const gone = planPodGc({
      pods: pods([
        { name: 'a', phase: 'Failed', deleting: true },
        { name: 'b', phase: 'Succeeded', deleting: true },
        { name: 'c', phase: 'Running', deleting: true },
      ]),
      nodes: [],
      now: T0,
      terminatedPodThreshold: -1,
    });
    expect(deleted(gone)).toEqual(['a', 'b', 'c']);
    expect(gone.actions.map((a) => [a.reason, a.markFailed])).toEqual([
      ['TerminatingUnscheduled', false],
      ['TerminatingUnscheduled', false],
      ['TerminatingUnscheduled', true],
    ]);
    const kept = planPodGc({
      pods: pods([
        { name: 'a', phase: 'Failed' },
        { name: 'b', phase: 'Succeeded', nodeName: 'node' },
        { name: 'c', phase: 'Running', nodeName: 'node', deleting: true },
      ]),
      nodes: [node('node')],
      now: T0,
      terminatedPodThreshold: -1,
    });
    expect(kept.actions).toEqual([]);
  });

  it('names a pod once even when several passes match it (terminated over the threshold and orphaned)', () => {
    const list = pods([
      { name: 'a', phase: 'Failed', nodeName: 'gone' },
      { name: 'b', phase: 'Failed', nodeName: 'gone' },
    ]);
    const plan = planPodGc({ pods: list, nodes: [], now: T0 + 40_000, quarantine: new Map([['gone', T0]]), terminatedPodThreshold: 1 });
    expect(plan.actions.map((a) => [a.pod.metadata.name, a.reason])).toEqual([
      ['a', 'Terminated'],
      ['b', 'Orphaned'],
    ]);
  });
});
