import { describe, expect, it } from 'vitest';
import { planNodeLifecycle, type Node, type NodeLifecycleAction, type Pod, type Taint } from 'podkit';
import { toTimestamp } from 'podkit/model';
import { defaultTolerations, evictionTime, indexPodsByNode, nodeReadyStatus } from 'podkit/planners';
import { newPod } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const ts = (ms: number) => toTimestamp(ms);

function readyNode(name: string, heartbeat: number, taints?: Taint[]): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: ts(T0 - 3_600_000) },
    ...(taints === undefined ? {} : { spec: { taints } }),
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: ts(heartbeat), lastTransitionTime: ts(T0 - 3_600_000) },
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: ts(heartbeat) },
      ],
    },
  };
}

function runningOn(name: string, nodeName: string, tolerations = defaultTolerations()): Pod {
  return newPod({
    name,
    spec: { nodeName, tolerations },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts(T0 - 60_000) }] },
  });
}

function types(actions: readonly NodeLifecycleAction[]): string[] {
  return actions.map((a) => `${a.type}:${'nodeName' in a ? a.nodeName : a.pod.metadata.name}`);
}

describe('nodeReadyStatus', () => {
  it('reads the Ready condition and defaults to Unknown', () => {
    expect(nodeReadyStatus(readyNode('n', T0))).toBe('True');
    expect(nodeReadyStatus({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } })).toBe('Unknown');
  });
});

describe('planNodeLifecycle', () => {
  it('does nothing for a healthy node and requeues at the end of the grace period', () => {
    const plan = planNodeLifecycle({ nodes: [readyNode('n', T0)], podsByNode: new Map(), now: T0 + 10_000 });
    expect(plan.actions).toEqual([]);
    expect(plan.requeueAfterMs).toBe(40_001);
  });

  it('marks a node silent for more than 50 s Unknown and taints it unreachable (§L.3)', () => {
    const now = T0 + 51_000;
    const plan = planNodeLifecycle({ nodes: [readyNode('n', T0)], podsByNode: new Map(), now });
    expect(types(plan.actions)).toEqual(['SetNodeConditions:n', 'SetNodeTaints:n']);
    const [conditions, taints] = plan.actions as [Extract<NodeLifecycleAction, { type: 'SetNodeConditions' }>, Extract<NodeLifecycleAction, { type: 'SetNodeTaints' }>];
    expect(conditions.conditions.find((c) => c.type === 'Ready')).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: ts(T0),
      lastTransitionTime: ts(now),
    });
    expect(conditions.conditions.find((c) => c.type === 'DiskPressure')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusNeverUpdated' });
    expect(taints.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(now) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ]);
  });

  it('does not act at exactly the grace period', () => {
    expect(planNodeLifecycle({ nodes: [readyNode('n', T0)], podsByNode: new Map(), now: T0 + 50_000 }).actions).toEqual([]);
  });

  it('prefers an explicit heartbeat (Lease) over the condition', () => {
    const plan = planNodeLifecycle({ nodes: [readyNode('n', T0)], podsByNode: new Map(), heartbeats: new Map([['n', T0 + 40_000]]), now: T0 + 60_000 });
    expect(plan.actions).toEqual([]);
  });

  it('gives a node that never posted status the 60 s startup grace period', () => {
    const fresh: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', creationTimestamp: ts(T0) } };
    expect(planNodeLifecycle({ nodes: [fresh], podsByNode: new Map(), now: T0 + 55_000 }).actions).toEqual([]);
    const plan = planNodeLifecycle({ nodes: [fresh], podsByNode: new Map(), now: T0 + 61_000 });
    const set = plan.actions[0] as Extract<NodeLifecycleAction, { type: 'SetNodeConditions' }>;
    expect(set.conditions[0]).toMatchObject({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
  });

  it('flips Ready to False on the pods of an unreachable node, leaving the phase (§L.4)', () => {
    const now = T0 + 51_000;
    const pod = runningOn('web', 'n');
    const plan = planNodeLifecycle({ nodes: [readyNode('n', T0)], podsByNode: indexPodsByNode([pod]), now });
    const mark = plan.actions.find((a) => a.type === 'MarkPodNotReady') as Extract<NodeLifecycleAction, { type: 'MarkPodNotReady' }>;
    expect(mark.conditions).toEqual([{ type: 'Ready', status: 'False', lastTransitionTime: ts(now) }]);
    expect(plan.actions.some((a) => a.type === 'EvictPod')).toBe(false);
    expect(plan.requeueAfterMs).toBe(300_000);
  });

  it('evicts tolerating pods 300 s after the taint was added, with DisruptionTarget first (§L.5)', () => {
    const added = T0 + 51_000;
    const node: Node = {
      ...readyNode('n', T0),
      spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: ts(added) }, { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] },
      status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', lastHeartbeatTime: ts(T0) }] },
    };
    const pod = { ...runningOn('web', 'n'), status: { phase: 'Running' as const, conditions: [{ type: 'Ready', status: 'False' as const }] } };
    const before = planNodeLifecycle({ nodes: [node], podsByNode: indexPodsByNode([pod]), now: added + 299_000 });
    expect(types(before.actions).filter((t) => !t.startsWith('SetNode'))).toEqual([]);
    expect(before.requeueAfterMs).toBe(1_000);
    const after = planNodeLifecycle({ nodes: [node], podsByNode: indexPodsByNode([pod]), now: added + 300_000 });
    const evict = after.actions.find((a) => a.type === 'EvictPod') as Extract<NodeLifecycleAction, { type: 'EvictPod' }>;
    expect(evict.pod).toBe(pod);
    expect(evict.condition).toEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      lastTransitionTime: ts(added + 300_000),
    });
  });

  it('evicts pods without a matching toleration at once, never tolerated-forever (DaemonSet) pods (§L.5)', () => {
    const now = T0 + 51_000;
    const bare = runningOn('bare', 'n', []);
    const daemon = runningOn('daemon', 'n', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]);
    const dying = { ...runningOn('dying', 'n', []), metadata: { name: 'dying', namespace: 'default', deletionTimestamp: ts(now) } };
    const plan = planNodeLifecycle({ nodes: [readyNode('n', T0)], podsByNode: indexPodsByNode([bare, daemon, dying]), now });
    expect(types(plan.actions).filter((t) => t.startsWith('EvictPod'))).toEqual(['EvictPod:bare']);
  });

  it('taints a node reporting Ready=False not-ready, and removes the taints once Ready again (§L.3)', () => {
    const notReady: Node = { ...readyNode('n', T0), status: { conditions: [{ type: 'Ready', status: 'False', lastHeartbeatTime: ts(T0) }] } };
    const plan = planNodeLifecycle({ nodes: [notReady], podsByNode: new Map(), now: T0 + 1_000 });
    const set = plan.actions[0] as Extract<NodeLifecycleAction, { type: 'SetNodeTaints' }>;
    expect(set.taints.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
    const healed = readyNode('n', T0, [...set.taints, { key: 'custom', effect: 'NoSchedule' }]);
    const clean = planNodeLifecycle({ nodes: [healed], podsByNode: new Map(), now: T0 + 2_000 });
    expect(clean.actions).toEqual([{ type: 'SetNodeTaints', nodeName: 'n', taints: [{ key: 'custom', effect: 'NoSchedule' }] }]);
  });
});

describe('planNodeLifecycle taints by condition', () => {
  it('mirrors pressure conditions and cordoning as NoSchedule taints (TaintNodesByCondition)', () => {
    const n: Node = {
      ...readyNode('n', T0),
      spec: { unschedulable: true },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', lastHeartbeatTime: ts(T0) },
          { type: 'DiskPressure', status: 'True', lastHeartbeatTime: ts(T0) },
          { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: ts(T0) },
        ],
      },
    };
    const plan = planNodeLifecycle({ nodes: [n], podsByNode: new Map(), now: T0 + 1_000 });
    expect(plan.actions).toEqual([
      {
        type: 'SetNodeTaints',
        nodeName: 'n',
        taints: [
          { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
        ],
      },
    ]);
  });

  it('stamps timeAdded on a user NoExecute taint and evicts pods that do not tolerate it', () => {
    const n = readyNode('n', T0, [{ key: 'maintenance', effect: 'NoExecute' }]);
    const pod = runningOn('web', 'n');
    const now = T0 + 1_000;
    const plan = planNodeLifecycle({ nodes: [n], podsByNode: indexPodsByNode([pod]), now });
    expect(plan.actions).toEqual([
      { type: 'SetNodeTaints', nodeName: 'n', taints: [{ key: 'maintenance', effect: 'NoExecute', timeAdded: ts(now) }] },
      expect.objectContaining({ type: 'EvictPod', pod }),
    ]);
  });
});

describe('evictionTime', () => {
  const taint: Taint = { key: 'k', effect: 'NoExecute', timeAdded: ts(T0) };
  it.each<[string, Taint[], Parameters<typeof evictionTime>[1], number | undefined]>([
    ['no NoExecute taint', [{ key: 'k', effect: 'NoSchedule' }], [], undefined],
    ['an untolerated taint: at once', [taint], [], T0],
    ['tolerated forever', [taint], [{ key: 'k', operator: 'Exists' }], undefined],
    ['the smallest tolerationSeconds', [taint, { ...taint, key: 'j' }], [{ key: 'k', operator: 'Exists', tolerationSeconds: 60 }, { key: 'j', operator: 'Exists', tolerationSeconds: 30 }], T0 + 30_000],
    ['a non-positive tolerationSeconds means at once', [taint], [{ key: 'k', operator: 'Exists', tolerationSeconds: -5 }], T0],
  ])('%s', (_name, taints, tolerations, want) => {
    expect(evictionTime(taints, tolerations, T0 + 999)).toBe(want);
  });
});
