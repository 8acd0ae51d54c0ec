// nodeShouldRunDaemonPod (§J.1) and the daemon tolerations (§J.2), restating upstream
// daemon_controller_test.go TestNodeShouldRunDaemonPod plus the taint/toleration tests
// (TestTaintedNodeDaemonDoesNotLaunchIntolerantPods, TestNotReadyNodeDaemonLaunchesPod,
// TestTaintPressureNodeDaemonLaunchesPod, TestNodeDaemonLaunchesToleratePods, TestNetworkUnavailable...).
import { describe, expect, it } from 'vitest';
import { daemonPodTolerations, nodeShouldRunDaemonPod, withDaemonPodTolerations } from 'podkit/planners';
import type { DaemonSet, PodSpec, Taint, Toleration } from 'podkit';
import { newDaemonSet, newNode, simpleDaemonSetLabel, simpleDaemonSetLabel2 } from './ds-fixtures.js';

const withSpec = (spec: Partial<PodSpec>): DaemonSet => {
  const ds = newDaemonSet('ds');
  return { ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, ...spec } } } };
};
const resources = (nodeName: string, memory: string, cpu: string): Partial<PodSpec> => ({
  ...(nodeName === '' ? {} : { nodeName }),
  containers: [{ name: 'c', resources: { requests: { memory, cpu } }, ports: [{ containerPort: 80, hostPort: 666 }] }],
});
const affinity = (value: string): Partial<PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'In', values: [value] }] }] } } },
});

describe('nodeShouldRunDaemonPod (TestNodeShouldRunDaemonPod, §J.1)', () => {
  const node = { ...newNode('test-node', simpleDaemonSetLabel), status: { allocatable: { memory: '100M', cpu: '1' } } };
  it.each([
    ['ShouldRunDaemonPod', resources('', '50M', '0.5'), true, true],
    ['InsufficientResourceError (resources are ignored)', resources('', '200M', '0.5'), true, true],
    ['ErrPodNotMatchHostName', resources('other-node', '50M', '0.5'), false, false],
    ['matching nodeName', resources('test-node', '50M', '0.5'), true, true],
    ['ErrNodeSelectorNotMatch', { nodeSelector: simpleDaemonSetLabel2 }, false, false],
    ['ShouldRunDaemonPod with matching nodeSelector', { nodeSelector: simpleDaemonSetLabel }, true, true],
    ['ErrPodAffinityNotMatch', affinity('test'), false, false],
    ['ShouldRunDaemonPod with matching required affinity', affinity('production'), true, true],
  ] as [string, Partial<PodSpec>, boolean, boolean][])('%s', (_name, spec, shouldRun, shouldContinueRunning) => {
    expect(nodeShouldRunDaemonPod(node, withSpec(spec))).toEqual({ shouldRun, shouldContinueRunning });
  });

  it('ShouldRunDaemonPodOnUnschedulableNode: a cordoned node still runs daemons', () => {
    const cordoned = newNode('test-node', simpleDaemonSetLabel, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], true);
    expect(nodeShouldRunDaemonPod(cordoned, newDaemonSet('ds'))).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
});

describe('taints and tolerations (§J.1 step 4, §J.2)', () => {
  const ds = newDaemonSet('ds');
  const fit = (taints: Taint[], d: DaemonSet = ds) => nodeShouldRunDaemonPod(newNode('n', undefined, taints), d);

  it('an untolerated NoSchedule taint keeps existing pods but creates none', () => {
    expect(fit([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }])).toEqual({ shouldRun: false, shouldContinueRunning: true });
  });
  it('an untolerated NoExecute taint evicts the daemon pod', () => {
    expect(fit([{ key: 'dedicated', effect: 'NoSchedule' }, { key: 'evict', effect: 'NoExecute' }])).toEqual({ shouldRun: false, shouldContinueRunning: false });
  });
  it('ignores PreferNoSchedule taints', () => {
    expect(fit([{ key: 'soft', effect: 'PreferNoSchedule' }])).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
  it('runs on tolerated taints (TestNodeDaemonLaunchesToleratePods)', () => {
    const tolerant = withSpec({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] });
    expect(fit([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], tolerant)).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
  it.each([
    ['node.kubernetes.io/not-ready', 'NoExecute'],
    ['node.kubernetes.io/unreachable', 'NoExecute'],
    ['node.kubernetes.io/disk-pressure', 'NoSchedule'],
    ['node.kubernetes.io/memory-pressure', 'NoSchedule'],
    ['node.kubernetes.io/pid-pressure', 'NoSchedule'],
    ['node.kubernetes.io/unschedulable', 'NoSchedule'],
  ] as [string, Taint['effect']][])('runs on a node tainted %s:%s (automatic toleration)', (key, effect) => {
    expect(fit([{ key, effect }])).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
  it('tolerates network-unavailable only for hostNetwork pods (TestNetworkUnavailable)', () => {
    const taint: Taint = { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' };
    expect(fit([taint])).toEqual({ shouldRun: false, shouldContinueRunning: true });
    expect(fit([taint], withSpec({ hostNetwork: true }))).toEqual({ shouldRun: true, shouldContinueRunning: true });
  });
});

describe('daemon pod tolerations (AddOrUpdateDaemonPodTolerations, §J.2)', () => {
  it('lists the six tolerations in order, plus network-unavailable for hostNetwork', () => {
    expect(daemonPodTolerations(false)).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(daemonPodTolerations(true)[6]).toEqual({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  });

  it('replaces a matching toleration with tolerationSeconds by the infinite one and keeps the others', () => {
    const mine: Toleration[] = [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
    ];
    const spec = withDaemonPodTolerations({ containers: [{ name: 'c' }], tolerations: mine });
    expect(spec.tolerations?.[0]).toEqual({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
    expect(spec.tolerations?.[1]).toEqual(mine[1]);
    expect(spec.tolerations).toHaveLength(7);
  });

  it('does not duplicate tolerations already present', () => {
    const once = withDaemonPodTolerations({ containers: [{ name: 'c' }] });
    expect(withDaemonPodTolerations(once).tolerations).toEqual(once.tolerations);
  });
});
