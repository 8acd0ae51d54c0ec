import { describe, expect, it } from 'vitest';
import { formatNodeTable, formatReplicaSetTable, nodeStatusText, type Node, type ReplicaSet } from 'podkit';
import { toTimestamp } from 'podkit/model';

const NOW = Date.UTC(2024, 0, 10, 0, 0, 0);

function rs(name: string, replicas: number | undefined, status: ReplicaSet['status'], ageMs: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, creationTimestamp: toTimestamp(NOW - ageMs) },
    spec: { ...(replicas === undefined ? {} : { replicas }), selector: {}, template: { spec: { containers: [] } } },
    ...(status === undefined ? {} : { status }),
  };
}

function node(name: string, ready: 'True' | 'False' | 'Unknown' | undefined, labels: Record<string, string>, unschedulable = false): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, creationTimestamp: toTimestamp(NOW - 2 * 86_400_000) },
    spec: { unschedulable },
    status: {
      ...(ready === undefined ? {} : { conditions: [{ type: 'Ready', status: ready }] }),
      nodeInfo: { kubeletVersion: 'v1.34.0' },
    },
  };
}

describe('formatReplicaSetTable', () => {
  it('prints NAME DESIRED CURRENT READY AGE aligned like kubectl', () => {
    const text = formatReplicaSetTable(
      [rs('frontend-7d9c', 3, { replicas: 3, readyReplicas: 2 }, 300_000), rs('api', undefined, undefined, 45_000)],
      NOW,
    );
    expect(text).toBe(
      ['NAME            DESIRED   CURRENT   READY   AGE', 'frontend-7d9c   3         3         2       5m', 'api             1         0         0       45s'].join('\n'),
    );
  });
});

describe('formatNodeTable', () => {
  it('prints NAME STATUS ROLES AGE VERSION with kubectl statuses and roles', () => {
    const text = formatNodeTable(
      [
        node('cp', 'True', { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }),
        node('w1', 'Unknown', { 'kubernetes.io/role': 'worker' }, true),
        node('w2', undefined, {}),
      ],
      NOW,
    );
    expect(text).toBe(
      [
        'NAME   STATUS                        ROLES                  AGE   VERSION',
        'cp     Ready                         control-plane,master   2d    v1.34.0',
        'w1     NotReady,SchedulingDisabled   worker                 2d    v1.34.0',
        'w2     Unknown                       <none>                 2d    v1.34.0',
      ].join('\n'),
    );
  });

  it.each<[string, 'True' | 'False' | 'Unknown' | undefined, boolean, string]>([
    ['Ready', 'True', false, 'Ready'],
    ['Ready=False', 'False', false, 'NotReady'],
    ['Ready=Unknown', 'Unknown', false, 'NotReady'],
    ['no Ready condition', undefined, false, 'Unknown'],
    ['cordoned', 'True', true, 'Ready,SchedulingDisabled'],
  ])('STATUS for %s is %s', (_name, ready, cordoned, want) => {
    expect(nodeStatusText(node('n', ready, {}, cordoned))).toBe(want);
  });
});
