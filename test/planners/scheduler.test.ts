import { describe, expect, it } from 'vitest';
import { schedulePod, type Node, type Pod, type Taint } from 'podkit';
import {
  filterNodes,
  indexPodsByNode,
  podRequests,
  requiredNodeNames,
  scoreNodes,
  unschedulableMessage,
} from 'podkit/planners';
import { newPod } from 'podkit/testing';

function node(name: string, opts: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean; cpu?: string; memory?: string; pods?: string } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: opts.labels ?? {} },
    spec: { ...(opts.taints === undefined ? {} : { taints: opts.taints }), ...(opts.unschedulable === undefined ? {} : { unschedulable: opts.unschedulable }) },
    status: { allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110' } },
  };
}

function requesting(name: string, cpu: string, memory: string, extra: Partial<Pod['spec']> = {}): Pod {
  return newPod({ name, containers: [{ name: 'app', image: 'x', resources: { requests: { cpu, memory } } }], spec: extra });
}

function bound(pod: Pod, nodeName: string): Pod {
  return { ...pod, spec: { ...pod.spec, nodeName } };
}

describe('filterNodes', () => {
  const none = new Map<string, Pod[]>();

  it('rejects each node with upstream wording (§C.5 scheduler filters)', () => {
    const nodes = [
      node('tainted', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
      node('cordoned', { unschedulable: true }),
      node('wrong-zone', { labels: { zone: 'b' } }),
      node('small', { labels: { zone: 'a' }, cpu: '100m', memory: '64Mi' }),
      node('full', { labels: { zone: 'a' }, pods: '0' }),
      node('ok', { labels: { zone: 'a' } }),
    ];
    const pod = requesting('web', '500m', '128Mi', { nodeSelector: { zone: 'a' } });
    const { feasible, nodeReasons } = filterNodes(pod, nodes, none);
    expect(feasible.map((n) => n.metadata.name)).toEqual(['ok']);
    expect(Object.fromEntries(nodeReasons)).toEqual({
      tainted: ['node(s) had untolerated taint {dedicated: gpu}'],
      cordoned: ['node(s) were unschedulable'],
      'wrong-zone': ["node(s) didn't match Pod's node affinity/selector"],
      small: ['Insufficient cpu', 'Insufficient memory'],
      full: ['Too many pods'],
    });
  });

  it('prints a taint without value as {key: } (upstream format)', () => {
    const nodes = [node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] })];
    expect([...filterNodes(newPod(), nodes, none).reasons.keys()]).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
  });

  it('ignores PreferNoSchedule taints and tolerated taints', () => {
    const nodes = [
      node('soft', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }),
      node('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoExecute' }] }),
    ];
    const pod = newPod({ spec: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }] } });
    expect(filterNodes(pod, nodes, none).feasible).toHaveLength(2);
  });

  it('lets a pod tolerating node.kubernetes.io/unschedulable onto a cordoned node', () => {
    const pod = newPod({ spec: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } });
    expect(filterNodes(pod, [node('cordoned', { unschedulable: true })], none).feasible).toHaveLength(1);
  });

  it('checks the requested node name', () => {
    const pod = newPod({ spec: { nodeName: 'b' } });
    const { feasible, reasons } = filterNodes(pod, [node('a'), node('b')], none);
    expect(feasible.map((n) => n.metadata.name)).toEqual(['b']);
    expect([...reasons]).toEqual([["node(s) didn't match the requested node name", 1]]);
  });

  it('checks required node affinity, including matchFields', () => {
    const pod = newPod({
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }],
            },
          },
        },
      },
    });
    expect(filterNodes(pod, [node('a'), node('b')], none).feasible.map((n) => n.metadata.name)).toEqual(['b']);
  });

  it('subtracts the requests of non-terminal pods bound to the node', () => {
    const n = node('n', { cpu: '1', memory: '1Gi' });
    const running = bound(requesting('a', '600m', '100Mi'), 'n');
    const done = { ...bound(requesting('b', '900m', '100Mi'), 'n'), status: { phase: 'Succeeded' as const } };
    const pod = requesting('new', '500m', '100Mi');
    expect([...filterNodes(pod, [n], indexPodsByNode([running, done])).reasons.keys()]).toEqual(['Insufficient cpu']);
    expect(filterNodes(requesting('new', '400m', '100Mi'), [n], indexPodsByNode([running, done])).feasible).toHaveLength(1);
  });

  it('counts pods against allocatable.pods', () => {
    const n = node('n', { pods: '1' });
    expect([...filterNodes(newPod({ name: 'b' }), [n], indexPodsByNode([bound(newPod({ name: 'a' }), 'n')])).reasons.keys()]).toEqual(['Too many pods']);
  });

  it('rejects conflicting host ports', () => {
    const withPort = (name: string): Pod => newPod({ name, containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 8080 }] }] });
    const { reasons } = filterNodes(withPort('b'), [node('n')], indexPodsByNode([bound(withPort('a'), 'n')]));
    expect([...reasons.keys()]).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
  });

  it('treats a node without cpu/memory allocatable as unlimited (podkit deviation)', () => {
    const bare: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'bare' } };
    expect(filterNodes(requesting('p', '64', '1Ti'), [bare], none).feasible).toHaveLength(1);
  });
});

describe('podRequests', () => {
  it('takes the larger of the containers sum and the init-container peak, with sidecars (upstream PodRequests)', () => {
    const pod = newPod({
      containers: [
        { name: 'a', resources: { requests: { cpu: '100m', memory: '10Mi' } } },
        { name: 'b', resources: { requests: { cpu: '200m' } } },
      ],
      spec: {
        initContainers: [
          { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '50m' } } },
          { name: 'init', resources: { requests: { cpu: '1', memory: '1Mi' } } },
        ],
      },
    });
    expect(podRequests(pod)).toEqual({ milliCpu: 1050n, memory: 10n * 1024n * 1024n });
  });

  it('falls back to limits when a request is absent (§M.1 default)', () => {
    expect(podRequests(newPod({ containers: [{ name: 'a', resources: { limits: { cpu: '2' } } }] })).milliCpu).toBe(2000n);
  });
});

describe('unschedulableMessage', () => {
  it('sorts "<count> <reason>" strings as text (FitError.Error)', () => {
    const reasons = new Map([
      ["node(s) didn't match Pod's node affinity/selector", 2],
      ['node(s) had untolerated taint {dedicated: gpu}', 1],
    ]);
    expect(unschedulableMessage(3, reasons)).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector.",
    );
  });
});

describe('scoreNodes', () => {
  it('prefers the least allocated node', () => {
    const byNode = indexPodsByNode([bound(requesting('a', '2', '4Gi'), 'busy')]);
    const [best] = scoreNodes(requesting('p', '100m', '100Mi'), [node('busy'), node('idle')], byNode);
    expect(best?.node.metadata.name).toBe('idle');
  });

  it('prefers nodes matching preferred node affinity', () => {
    const pod = newPod({
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
          },
        },
      },
    });
    const scores = scoreNodes(pod, [node('a'), node('b', { labels: { ssd: 'true' } })], new Map());
    expect(scores.map((s) => [s.node.metadata.name, s.nodeAffinity])).toEqual([
      ['b', 100],
      ['a', 0],
    ]);
  });

  it('penalizes untolerated PreferNoSchedule taints', () => {
    const scores = scoreNodes(newPod(), [node('a', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }), node('b')], new Map());
    expect(scores.map((s) => [s.node.metadata.name, s.taintToleration])).toEqual([
      ['b', 100],
      ['a', 0],
    ]);
  });

  it('spreads pods of one controller across nodes', () => {
    const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-1', controller: true };
    const sibling = newPod({ name: 's', metadata: { ownerReferences: [ref] } });
    const pod = newPod({ name: 'p', metadata: { ownerReferences: [ref] } });
    const [best] = scoreNodes(pod, [node('a'), node('b')], indexPodsByNode([bound(sibling, 'a')]));
    expect(best?.node.metadata.name).toBe('b');
  });

  it('breaks ties by node name', () => {
    expect(scoreNodes(newPod(), [node('c'), node('a'), node('b')], new Map()).map((s) => s.node.metadata.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('schedulePod', () => {
  it('binds to the best feasible node', () => {
    const nodes = [node('a', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), node('b')];
    expect(schedulePod(newPod(), nodes, [])).toEqual({ nodeName: 'b' });
  });

  it('explains why no node fits, in Kubernetes words', () => {
    const nodes = [
      node('gpu', { labels: { zone: 'a' }, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }),
      node('b1', { labels: { zone: 'b' } }),
      node('b2', { labels: { zone: 'b' } }),
    ];
    expect(schedulePod(newPod({ spec: { nodeSelector: { zone: 'a' } } }), nodes, [])).toEqual({
      unschedulable:
        "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector.",
    });
  });

  it('reports an empty cluster as upstream does', () => {
    expect(schedulePod(newPod(), [], [])).toEqual({ unschedulable: 'no nodes available to schedule pods' });
  });

  it('accepts pods already grouped by node', () => {
    const n = node('n', { pods: '1' });
    expect(schedulePod(newPod({ name: 'b' }), [n], indexPodsByNode([bound(newPod({ name: 'a' }), 'n')]))).toEqual({
      unschedulable: '0/1 nodes are available: 1 Too many pods.',
    });
  });
});

describe('requiredNodeNames (NodeAffinity PreFilter for daemon pods pinned by matchFields, §J.3)', () => {
  const pinned = (...terms: { matchFields?: { key: string; operator: 'In' | 'NotIn'; values: string[] }[]; matchExpressions?: { key: string; operator: 'In'; values: string[] }[] }[]): Pod =>
    newPod({ spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } });

  it.each([
    ['no affinity', newPod(), undefined],
    ['one term, metadata.name In', pinned({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }), ['n1']],
    ['terms are ORed: union of their names', pinned({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2', 'n3'] }] }), ['n1', 'n2', 'n3']],
    ['requirements of a term are ANDed: intersection', pinned({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1', 'n2'] }, { key: 'metadata.name', operator: 'In', values: ['n2', 'n3'] }] }), ['n2']],
    ['a term without metadata.name In allows every node', pinned({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }), undefined],
    ['NotIn does not restrict', pinned({ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }), undefined],
  ])('%s', (_name, pod, expected) => {
    const names = requiredNodeNames(pod);
    expect(names === undefined ? undefined : [...names].sort()).toEqual(expected);
  });
});

describe('schedulePod with a pod pinned by matchFields metadata.name (DaemonSet pods, §J.3)', () => {
  const pin = (name: string): Pod =>
    newPod({ name: 'daemon', spec: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [name] }] }] } } } } });
  const nodes = [node('a'), node('b', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), node('c')];
  const byName = new Map(nodes.map((n) => [n.metadata.name ?? '', n]));

  it('binds to the named node, with or without the name index', () => {
    expect(schedulePod(pin('c'), nodes, [])).toEqual({ nodeName: 'c' });
    expect(schedulePod(pin('c'), nodes, [], { nodesByName: byName })).toEqual({ nodeName: 'c' });
  });

  it('words the failure over every node, as without the pre-filter', () => {
    const expected = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector.";
    expect(schedulePod(pin('b'), nodes, [], { nodesByName: byName })).toEqual({ unschedulable: expected });
    expect(schedulePod(pin('gone'), nodes, [], { nodesByName: byName })).toEqual({ unschedulable: expected });
  });
});
