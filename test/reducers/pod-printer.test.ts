// Restated from kubernetes/kubernetes pkg/printers/internalversion/printers_test.go
// (TestPrintPod, TestPrintPodWithRestartableInitContainer, TestPrintPodwide, TestPrintPodConditions).
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod, PodCondition, PodPhase, PodSpec, PodStatus } from 'podkit';
import { formatPodTable, podStatusText, toPodRow, toPodRowWide } from 'podkit';
import { at, cs, iso, podOf, sidecar } from './helpers.js';

const NOW = at(1000);
const ago = (s: number): string => iso(1000 - s);
const unnamed = (n: number) => Array.from({ length: n }, () => ({ name: '' }));
const phase = (p: string): PodPhase => p as PodPhase;
const lastTerm = (secondsAgo: number) => ({ terminated: { exitCode: 0, finishedAt: ago(secondsAgo) } });
const s = (extra: Partial<ContainerStatus>): ContainerStatus => cs('', extra);
const running = { running: {} };

function pod(name: string, spec: Partial<PodSpec>, status: PodStatus, metadata: Partial<Pod['metadata']> = {}): Pod {
  return podOf(spec, status, { name, ...metadata });
}
const row = (p: Pod) => {
  const r = toPodRow(p, NOW);
  return [r.name, r.ready, r.status, r.restarts, r.age];
};
const deleted = { deletionTimestamp: ago(10) };

describe('toPodRow (§G)', () => {
  it.each<[string, Pod, string[]]>([
    ['counts ready running containers and sums restarts', pod('test1', { containers: unnamed(2) }, { phase: phase('podPhase'), containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ restartCount: 3 })] }), ['test1', '1/2', 'podPhase', '6', '<unknown>']],
    ['shows a container waiting reason over the phase', pod('test2', { containers: unnamed(2) }, { phase: phase('podPhase'), containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 })] }), ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>']],
    ['lets the first container win over a later terminated reason', pod('test3', { containers: unnamed(2) }, { phase: phase('podPhase'), containerStatuses: [s({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }), s({ state: { terminated: { exitCode: 0, reason: 'ContainerTerminatedReason' } }, restartCount: 3 })] }), ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>']],
    ['does not count a ready container that is not running', pod('test4', { containers: unnamed(2) }, { phase: phase('podPhase'), containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ ready: true, restartCount: 3 })] }), ['test4', '1/2', 'podPhase', '6', '<unknown>']],
    ['shows status.reason over the phase', pod('test5', { containers: unnamed(2) }, { reason: 'podReason', phase: phase('podPhase'), containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ ready: true, restartCount: 3 })] }), ['test5', '1/2', 'podReason', '6', '<unknown>']],
    ['shows NotReady for a completed and a running container without Ready', pod('test6', { containers: unnamed(2) }, { phase: 'Running', containerStatuses: [s({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }), s({ ready: true, restartCount: 3, state: running })] }), ['test6', '1/2', 'NotReady', '6', '<unknown>']],
    ['shows Running for a completed and a running container with Ready=True', pod('test6', { containers: unnamed(2) }, { phase: 'Running', containerStatuses: [s({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }), s({ ready: true, restartCount: 3, state: running })], conditions: [{ type: 'Ready', status: 'True' }] }), ['test6', '1/2', 'Running', '6', '<unknown>']],
    ['shows Init:0/1 and init restarts while the init container restarts', pod('test7', { initContainers: unnamed(1), containers: unnamed(1) }, { phase: phase('podPhase'), initContainerStatuses: [s({ restartCount: 3, state: running, lastState: lastTerm(10) })], containerStatuses: [s({ state: { waiting: {} } })] }), ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>']],
    ['shows Init:0/2 for the first of two init containers', pod('test8', { initContainers: unnamed(2), containers: unnamed(1) }, { phase: phase('podPhase'), initContainerStatuses: [s({ restartCount: 3, state: running, lastState: lastTerm(10) }), s({ state: { waiting: {} } })], containerStatuses: [s({ state: { waiting: {} } })] }), ['test8', '0/1', 'Init:0/2', '3 (10s ago)', '<unknown>']],
    ['shows Init:1/2 once the first init container completed', pod('test9', { initContainers: unnamed(2), containers: unnamed(1) }, { phase: phase('podPhase'), initContainerStatuses: [s({ state: { terminated: { exitCode: 0 } } }), s({ restartCount: 3, state: running, lastState: lastTerm(10) })], containerStatuses: [s({ state: { waiting: {} } })] }), ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>']],
    ['sums restarts of all init containers and shows the newest', pod('test10', { initContainers: unnamed(2), containers: unnamed(1) }, { phase: phase('podPhase'), initContainerStatuses: [s({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: lastTerm(120) }), s({ restartCount: 3, state: running, lastState: lastTerm(10) })], containerStatuses: [s({ state: { waiting: {} } })] }), ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>']],
    ['counts only container restarts once initialized', pod('test11', { initContainers: unnamed(1), containers: unnamed(1) }, { phase: 'Running', initContainerStatuses: [s({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: lastTerm(120) })], containerStatuses: [s({ restartCount: 4, state: running, lastState: lastTerm(20) })] }), ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>']],
    ['shows a restart 5 days ago', pod('test12', { containers: unnamed(1) }, { phase: 'Running', containerStatuses: [s({ ready: true, restartCount: 3, state: running, lastState: lastTerm(5 * 86400) })] }), ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>']],
    ['shows the restart of the container that restarted', pod('test13', { containers: unnamed(2) }, { phase: 'Running', containerStatuses: [s({ ready: true, state: running }), s({ ready: true, restartCount: 3, state: running, lastState: lastTerm(10 * 86400) })] }), ['test13', '2/2', 'Running', '3 (10d ago)', '<unknown>']],
    ['shows the newest of several restarts', pod('test14', { containers: unnamed(2) }, { phase: 'Running', containerStatuses: [s({ ready: true, restartCount: 6, state: running, lastState: lastTerm(5 * 86400) }), s({ ready: true, restartCount: 3, state: running, lastState: lastTerm(20 * 86400) })] }), ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>']],
    ['shows SchedulingGated for a gated PodScheduled condition', pod('test15', { containers: unnamed(2) }, { phase: phase('podPhase'), conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), ['test15', '0/2', 'SchedulingGated', '0', '<unknown>']],
    ['shows Completed for a Succeeded pod', pod('test16', { containers: unnamed(1) }, { phase: 'Succeeded', containerStatuses: [s({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })] }), ['test16', '0/1', 'Completed', '0', '<unknown>']],
    ['shows Error for a Failed pod', pod('test17', { containers: unnamed(1) }, { phase: 'Failed', containerStatuses: [s({ state: { terminated: { reason: 'Error', exitCode: 1 } } })] }), ['test17', '0/1', 'Error', '0', '<unknown>']],
    ['keeps Completed for a deleted Succeeded pod', pod('test18', { containers: unnamed(1) }, { phase: 'Succeeded', containerStatuses: [s({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })] }, deleted), ['test18', '0/1', 'Completed', '0', '<unknown>']],
    ['shows Terminating for a deleted Running pod', pod('test19', { containers: unnamed(1) }, { phase: 'Running', containerStatuses: [s({ state: running })] }, deleted), ['test19', '0/1', 'Terminating', '0', '<unknown>']],
    ['shows Terminating for a deleted Pending pod', pod('test20', { containers: unnamed(1) }, { phase: 'Pending' }, deleted), ['test20', '0/1', 'Terminating', '0', '<unknown>']],
  ])('%s (§G.1)', (_n, p, expected) => {
    expect(row(p)).toEqual(expected);
  });
});

describe('toPodRow with sidecars (§G.1, §G.2)', () => {
  const spec = { initContainers: [sidecar('restartable-init-1'), sidecar('restartable-init-2')], containers: unnamed(1) };
  const notInit: PodCondition[] = [{ type: 'Initialized', status: 'False' }];
  const init: PodCondition[] = [{ type: 'Initialized', status: 'True' }];
  it.each<[string, Pod, string[]]>([
    ['shows Init:0/2 while the first sidecar runs but is not started', pod('test1', spec, { phase: 'Pending', initContainerStatuses: [cs('restartable-init-1', { restartCount: 3, state: running, started: false, lastState: lastTerm(10) }), cs('restartable-init-2', { state: { waiting: {} }, started: false })], containerStatuses: [s({ state: { waiting: {} } })], conditions: notInit }), ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>']],
    ['shows Init:1/2 while the second sidecar is not started', pod('test1', spec, { phase: 'Pending', initContainerStatuses: [cs('restartable-init-1', { restartCount: 3, state: running, started: true, lastState: lastTerm(10) }), cs('restartable-init-2', { state: running, started: false })], containerStatuses: [s({ state: { waiting: {} } })], conditions: notInit }), ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>']],
    ['counts sidecar restarts and readiness once started', pod('test2', spec, { phase: 'Running', initContainerStatuses: [cs('restartable-init-1', { restartCount: 3, state: running, started: true, lastState: lastTerm(10) }), cs('restartable-init-2', { state: running, started: true })], containerStatuses: [s({ ready: true, restartCount: 4, state: running, lastState: lastTerm(20) })], conditions: init }), ['test2', '1/3', 'Running', '7 (10s ago)', '<unknown>']],
    ['shows Completed when sidecars were killed after the container completed', pod('test3', spec, { phase: 'Succeeded', initContainerStatuses: [cs('restartable-init-1', { restartCount: 3, state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false, lastState: lastTerm(10) }), cs('restartable-init-2', { state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false })], containerStatuses: [s({ restartCount: 4, state: { terminated: { reason: 'Completed', exitCode: 0 } }, lastState: lastTerm(20) })], conditions: init }), ['test3', '0/3', 'Completed', '7 (10s ago)', '<unknown>']],
    ['reads statuses for unknown names as plain init statuses', pod('test4', { initContainers: [{ name: 'init1', image: 'initimage' }, sidecar('sidecar1', { image: 'sidecarimage' })], containers: [{ name: 'container1', image: 'containerimage' }] }, { phase: 'Running', initContainerStatuses: [cs('initinvalid'), cs('init1'), cs('sidecar1')], containerStatuses: [cs('containerinvalid'), cs('container1')] }), ['test4', '0/2', 'Init:0/2', '0', '<unknown>']],
  ])('%s', (_n, p, expected) => {
    expect(row(p)).toEqual(expected);
  });
});

describe('toPodRowWide (§G)', () => {
  const gates = { readinessGates: [{ conditionType: 'condition1' }, { conditionType: 'condition2' }, { conditionType: 'condition3' }] };
  const conditions: PodCondition[] = [{ type: 'condition1', status: 'False' }, { type: 'condition2', status: 'True' }];
  const statuses = [s({ ready: true, restartCount: 3, state: running }), s({ restartCount: 3 })];
  const wide = (p: Pod) => {
    const r = toPodRowWide(p, NOW);
    return [r.name, r.ready, r.status, r.restarts, r.age, r.ip, r.node, r.nominatedNode, r.readinessGates];
  };
  it('shows the first pod IP, node, nominated node and true gates', () => {
    const p = pod('test1', { containers: unnamed(2), nodeName: 'test1', ...gates }, { conditions, phase: phase('podPhase'), podIPs: [{ ip: '1.1.1.1' }], containerStatuses: statuses, nominatedNodeName: 'node1' });
    expect(wide(p)).toEqual(['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']);
  });
  it('shows only the first of dual-stack pod IPs', () => {
    const p = pod('test1', { containers: unnamed(2), nodeName: 'test1', ...gates }, { conditions, phase: phase('podPhase'), podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }], containerStatuses: statuses, nominatedNodeName: 'node1' });
    expect(wide(p)).toEqual(['test1', '1/2', 'podPhase', '6', '<unknown>', '1.1.1.1', 'test1', 'node1', '1/3']);
  });
  it('shows <none> for a missing IP, node, nominated node and gates', () => {
    const p = pod('test2', { containers: unnamed(2) }, { phase: phase('podPhase'), containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 })] });
    expect(wide(p)).toEqual(['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>', '<none>', '<none>', '<none>', '<none>']);
  });
});

describe('podStatusText (§G.1)', () => {
  const one = { containers: [{ name: 'web' }] };
  const initTwo = { initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'web' }] };
  it.each<[string, Pod, string]>([
    ['the phase without container information', pod('p', one, { phase: 'Running' }), 'Running'],
    ['the phase of a Running pod with a status-less container', pod('p', { containers: unnamed(2) }, { phase: 'Running', containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ restartCount: 3 })] }), 'Running'],
    ['the phase of a Succeeded pod without a terminated reason', pod('p', { containers: unnamed(2) }, { phase: 'Succeeded', containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ restartCount: 3 })] }), 'Succeeded'],
    ['the phase of a Failed pod without a container reason', pod('p', { containers: unnamed(2) }, { phase: 'Failed', containerStatuses: [s({ ready: true, restartCount: 3, state: running }), s({ restartCount: 3 })] }), 'Failed'],
    ['Init:Error for a failed init container', pod('p', initTwo, { phase: 'Pending', initContainerStatuses: [cs('a', { state: { terminated: { exitCode: 1, reason: 'Error' } } })] }), 'Init:Error'],
    ['Init:ExitCode:N for a failed init container without reason', pod('p', initTwo, { phase: 'Pending', initContainerStatuses: [cs('a', { state: { terminated: { exitCode: 3 } } })] }), 'Init:ExitCode:3'],
    ['Init:Signal:N for a signalled init container without reason', pod('p', initTwo, { phase: 'Pending', initContainerStatuses: [cs('a', { state: { terminated: { exitCode: 137, signal: 9 } } })] }), 'Init:Signal:9'],
    ['Init:CrashLoopBackOff for a waiting init container', pod('p', initTwo, { phase: 'Pending', initContainerStatuses: [cs('a', { state: { waiting: { reason: 'CrashLoopBackOff' } } })] }), 'Init:CrashLoopBackOff'],
    ['Init:0/2 for a PodInitializing init container', pod('p', initTwo, { phase: 'Pending', initContainerStatuses: [cs('a', { state: { waiting: { reason: 'PodInitializing' } } })] }), 'Init:0/2'],
    ['PodInitializing once init containers completed', pod('p', initTwo, { phase: 'Pending', initContainerStatuses: [cs('a', { state: { terminated: { exitCode: 0 } } }), cs('b', { state: { terminated: { exitCode: 0 } } })], containerStatuses: [cs('web', { state: { waiting: { reason: 'PodInitializing' } } })] }), 'PodInitializing'],
    ['ExitCode:N for a terminated container without reason', pod('p', one, { phase: 'Failed', containerStatuses: [cs('web', { state: { terminated: { exitCode: 3 } } })] }), 'ExitCode:3'],
    ['Signal:N for a signalled container without reason', pod('p', one, { phase: 'Failed', containerStatuses: [cs('web', { state: { terminated: { exitCode: 137, signal: 9 } } })] }), 'Signal:9'],
    ['CrashLoopBackOff for a container in back-off', pod('p', one, { phase: 'Running', containerStatuses: [cs('web', { state: { waiting: { reason: 'CrashLoopBackOff' } } })] }), 'CrashLoopBackOff'],
    ['Unknown for a deleted pod whose reason is NodeLost (§L.6)', pod('p', one, { phase: 'Running', reason: 'NodeLost' }, deleted), 'Unknown'],
    ['NodeLost for a pod with reason NodeLost that is not deleted', pod('p', one, { phase: 'Running', reason: 'NodeLost' }), 'NodeLost'],
    ['a container reason over status.reason', pod('p', one, { phase: 'Failed', reason: 'Evicted', containerStatuses: [cs('web', { state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } })] }), 'OOMKilled'],
  ])('shows %s', (_n, p, expected) => {
    expect(podStatusText(p)).toBe(expected);
  });
});

describe('formatPodTable (§G)', () => {
  const web = pod('web', { containers: [{ name: 'web' }] }, { phase: 'Running', containerStatuses: [cs('web', { ready: true, state: running })] }, { creationTimestamp: ago(300) });
  const longName = pod('frontend-7c9d8f6b5-x2kq9', { containers: [{ name: 'app' }, { name: 'proxy' }] }, { phase: 'Running', containerStatuses: [cs('app', { restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: lastTerm(10) }), cs('proxy', { ready: true, state: running })] }, { creationTimestamp: ago(86400 * 2 + 3600) });

  it('aligns columns like kubectl (minimum width 6, padding 3, last column unpadded)', () => {
    expect(formatPodTable([web], NOW)).toBe('NAME   READY   STATUS    RESTARTS   AGE\nweb    1/1     Running   0          5m\n');
  });

  it('widens a column to its longest cell plus 3 spaces', () => {
    expect(formatPodTable([web, longName], NOW)).toBe(
      [
        'NAME                       READY   STATUS             RESTARTS      AGE',
        'web                        1/1     Running            0             5m',
        'frontend-7c9d8f6b5-x2kq9   1/2     CrashLoopBackOff   3 (10s ago)   2d1h',
        '',
      ].join('\n'),
    );
  });

  it('adds IP, NODE, NOMINATED NODE and READINESS GATES with wide', () => {
    const placed = pod('web', { containers: [{ name: 'web' }], nodeName: 'node-1' }, { phase: 'Running', podIP: '10.244.0.5', containerStatuses: [cs('web', { ready: true, state: running })] }, { creationTimestamp: ago(45) });
    expect(formatPodTable([placed], NOW, { wide: true })).toBe(
      'NAME   READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES\n' +
        'web    1/1     Running   0          45s   10.244.0.5   node-1   <none>           <none>\n',
    );
  });

  it('prints nothing for no pods', () => {
    expect(formatPodTable([], NOW)).toBe('');
  });

  it('shows <invalid> age for a creation time in the future', () => {
    const future = pod('f', { containers: [{ name: 'web' }] }, { phase: 'Pending' }, { creationTimestamp: iso(1010) });
    expect(toPodRow(future, NOW).age).toBe('<invalid>');
  });
});
