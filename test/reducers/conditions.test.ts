// Restated from kubernetes/kubernetes pkg/kubelet/status/generate_test.go
// (TestGenerateContainersReadyCondition, TestGeneratePodReadyCondition, TestGeneratePodInitializedCondition).
import { describe, expect, it } from 'vitest';
import type { ContainerStatus, PodCondition, PodPhase, PodSpec } from 'podkit';
import { derivePodConditions } from 'podkit';
import {
  generateContainersReadyCondition,
  generatePodInitializedCondition,
  generatePodReadyCondition,
} from 'podkit/planners';
import { cond, cs, iso, podOf, runningState, sidecar, at } from './helpers.js';

const readyStatus = (name: string): ContainerStatus => cs(name, { ready: true });
const notReadyStatus = (name: string): ContainerStatus => cs(name, { ready: false });
const startedStatus = (name: string): ContainerStatus => cs(name, { started: true });
const notStartedStatus = (name: string): ContainerStatus => cs(name, { started: false });

/** Splits statuses by spec membership into init/regular lists (the kubelet looks them up by name in both). */
function podWith(spec: Partial<PodSpec>, statuses: ContainerStatus[] | null, conditions?: PodCondition[]) {
  const initNames = new Set((spec.initContainers ?? []).map((c) => c.name));
  const status =
    statuses === null
      ? { ...(conditions === undefined ? {} : { conditions }) }
      : {
          initContainerStatuses: statuses.filter((s) => initNames.has(s.name)),
          containerStatuses: statuses.filter((s) => !initNames.has(s.name)),
          ...(conditions === undefined ? {} : { conditions }),
        };
  return podOf(spec, status);
}

const c1234 = { containers: [{ name: '1234' }] };
const c2 = { containers: [{ name: '1234' }, { name: '5678' }] };
const sidecars2 = { initContainers: [sidecar('restartable-init-1'), sidecar('restartable-init-2')], containers: [{ name: 'regular-1' }] };

type ReadyRow = [string, Partial<PodSpec>, ContainerStatus[] | null, PodPhase, PodCondition['status'], string | undefined, string | undefined];

const containersReadyRows: ReadyRow[] = [
  ['False/UnknownContainerStatuses when statuses are nil', {}, null, 'Running', 'False', 'UnknownContainerStatuses', undefined],
  ['True for an empty spec and empty statuses', {}, [], 'Running', 'True', undefined, undefined],
  ['ContainersNotReady naming a container with no status', c1234, [], 'Running', 'False', 'ContainersNotReady', 'containers with unknown status: [1234]'],
  ['True when every container is ready', c2, [readyStatus('1234'), readyStatus('5678')], 'Running', 'True', undefined, undefined],
  ['ContainersNotReady naming the container without status', c2, [readyStatus('1234')], 'Running', 'False', 'ContainersNotReady', 'containers with unknown status: [5678]'],
  ['ContainersNotReady naming the unready container', c2, [readyStatus('1234'), notReadyStatus('5678')], 'Running', 'False', 'ContainersNotReady', 'containers with unready status: [5678]'],
  ['PodCompleted for a Succeeded pod', c1234, [notReadyStatus('1234')], 'Succeeded', 'False', 'PodCompleted', undefined],
  ['ContainersNotReady naming a sidecar without status', { initContainers: [sidecar('restartable-init-1')], containers: [{ name: 'regular-1' }] }, [readyStatus('regular-1')], 'Running', 'False', 'ContainersNotReady', 'containers with unknown status: [restartable-init-1]'],
  ['True when sidecars and containers are ready', sidecars2, [readyStatus('restartable-init-1'), readyStatus('restartable-init-2'), readyStatus('regular-1')], 'Running', 'True', undefined, undefined],
  ['ContainersNotReady naming the second sidecar without status', sidecars2, [readyStatus('restartable-init-1'), readyStatus('regular-1')], 'Running', 'False', 'ContainersNotReady', 'containers with unknown status: [restartable-init-2]'],
  ['ContainersNotReady naming the unready sidecar', sidecars2, [readyStatus('restartable-init-1'), notReadyStatus('restartable-init-2'), readyStatus('regular-1')], 'Running', 'False', 'ContainersNotReady', 'containers with unready status: [restartable-init-2]'],
  // podkit additions for the rules of §C.1
  ['PodFailed for a Failed pod even when containers are ready', c1234, [readyStatus('1234')], 'Failed', 'False', 'PodFailed', undefined],
  ['ContainersNotReady with unknown then unready parts joined by ", "', { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] }, [notReadyStatus('a'), notReadyStatus('d')], 'Running', 'False', 'ContainersNotReady', 'containers with unknown status: [b c], containers with unready status: [a d]'],
  ['True ignoring regular init containers', { initContainers: [{ name: 'init' }], containers: [{ name: 'web' }] }, [notReadyStatus('init'), readyStatus('web')], 'Running', 'True', undefined, undefined],
  ['ContainersNotReady for a Succeeded pod with an unknown container', c2, [readyStatus('1234')], 'Succeeded', 'False', 'ContainersNotReady', 'containers with unknown status: [5678]'],
];

describe('generateContainersReadyCondition (§C.1)', () => {
  it.each(containersReadyRows)('reports %s', (_n, spec, statuses, phase, status, reason, message) => {
    const c = generateContainersReadyCondition(podWith(spec, statuses), phase);
    expect(c).toEqual({ type: 'ContainersReady', status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
  });
});

type GateRow = [string, Partial<PodSpec>, PodCondition[], ContainerStatus[] | null, PodPhase, PodCondition['status'], string | undefined, string | undefined];
const gate = (t: string) => ({ conditionType: t });

const readyRows: GateRow[] = [
  ['False/UnknownContainerStatuses when statuses are nil', {}, [], null, 'Running', 'False', 'UnknownContainerStatuses', undefined],
  ['True for an empty spec', {}, [], [], 'Running', 'True', undefined, undefined],
  ['ContainersNotReady for a container without status', c1234, [], [], 'Running', 'False', 'ContainersNotReady', 'containers with unknown status: [1234]'],
  ['True when all containers are ready', c2, [], [readyStatus('1234'), readyStatus('5678')], 'Running', 'True', undefined, undefined],
  ['ContainersNotReady for the container without status', c2, [], [readyStatus('1234')], 'Running', 'False', 'ContainersNotReady', 'containers with unknown status: [5678]'],
  ['ContainersNotReady for the unready container', c2, [], [readyStatus('1234'), notReadyStatus('5678')], 'Running', 'False', 'ContainersNotReady', 'containers with unready status: [5678]'],
  ['PodCompleted for a Succeeded pod', c1234, [], [notReadyStatus('1234')], 'Succeeded', 'False', 'PodCompleted', undefined],
  ['ReadinessGatesNotReady when the gate condition is missing', { readinessGates: [gate('gate1')] }, [], [], 'Running', 'False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "gate1" does not exist.'],
  ['ReadinessGatesNotReady when the gate is False', { readinessGates: [gate('gate1')] }, [cond('gate1', 'False')], [], 'Running', 'False', 'ReadinessGatesNotReady', 'the status of pod readiness gate "gate1" is not "True", but False'],
  ['True when the gate is True', { readinessGates: [gate('gate1')] }, [cond('gate1', 'True')], [], 'Running', 'True', undefined, undefined],
  ['ReadinessGatesNotReady naming the missing second gate', { readinessGates: [gate('gate1'), gate('gate2')] }, [cond('gate1', 'True')], [], 'Running', 'False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "gate2" does not exist.'],
  ['ReadinessGatesNotReady naming the False second gate', { readinessGates: [gate('gate1'), gate('gate2')] }, [cond('gate1', 'True'), cond('gate2', 'False')], [], 'Running', 'False', 'ReadinessGatesNotReady', 'the status of pod readiness gate "gate2" is not "True", but False'],
  ['True when both gates are True', { readinessGates: [gate('gate1'), gate('gate2')] }, [cond('gate1', 'True'), cond('gate2', 'True')], [], 'Running', 'True', undefined, undefined],
  ['ContainersNotReady before gates when a container is unready', { ...c1234, readinessGates: [gate('gate1')] }, [cond('gate1', 'True')], [notReadyStatus('1234')], 'Running', 'False', 'ContainersNotReady', 'containers with unready status: [1234]'],
  // podkit additions for §C.2
  ['every unready gate, joined by ", "', { readinessGates: [gate('a'), gate('b')] }, [cond('b', 'Unknown')], [], 'Running', 'False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "a" does not exist., the status of pod readiness gate "b" is not "True", but Unknown'],
  ['PodFailed copied from ContainersReady for a Failed pod', c1234, [], [readyStatus('1234')], 'Failed', 'False', 'PodFailed', undefined],
];

describe('generatePodReadyCondition (§C.2)', () => {
  it.each(readyRows)('reports %s', (_n, spec, conditions, statuses, phase, status, reason, message) => {
    const c = generatePodReadyCondition(podWith(spec, statuses), conditions, phase);
    expect(c).toEqual({ type: 'Ready', status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) });
  });
});

const noInit = { containers: [{ name: 'regular' }] };
const oneInit = { initContainers: [{ name: '1234' }], containers: [{ name: 'regular' }] };
const twoInit = { initContainers: [{ name: '1234' }, { name: '5678' }], containers: [{ name: 'regular' }] };
const oneSidecar = { initContainers: [sidecar('1234')], containers: [{ name: 'regular' }] };

type InitRow = [string, Partial<PodSpec>, ContainerStatus[] | null, PodPhase, PodCondition['status'], string | undefined];
const initializedRows: InitRow[] = [
  ['False/UnknownContainerStatuses for nil statuses with init containers', twoInit, null, 'Running', 'False', 'UnknownContainerStatuses'],
  ['True without init containers', noInit, [], 'Running', 'True', undefined],
  ['ContainersNotInitialized when the init container has no status', oneInit, [], 'Running', 'False', 'ContainersNotInitialized'],
  ['True when both init containers are ready', twoInit, [readyStatus('1234'), readyStatus('5678')], 'Running', 'True', undefined],
  ['ContainersNotInitialized when the second init container has no status', twoInit, [readyStatus('1234')], 'Running', 'False', 'ContainersNotInitialized'],
  ['ContainersNotInitialized when the second init container is not ready', twoInit, [readyStatus('1234'), notReadyStatus('5678')], 'Running', 'False', 'ContainersNotInitialized'],
  ['PodCompleted for a Succeeded pod', oneInit, [readyStatus('1234')], 'Succeeded', 'True', 'PodCompleted'],
  ['ContainersNotInitialized for a sidecar not started', oneSidecar, [notStartedStatus('1234')], 'Pending', 'False', 'ContainersNotInitialized'],
  ['True for a started sidecar', oneSidecar, [startedStatus('1234')], 'Running', 'True', undefined],
  ['True once a regular container runs, even with a sidecar not started', oneSidecar, [notStartedStatus('1234'), runningState('regular')], 'Running', 'True', undefined],
  ['True once a regular container terminated, even with an init container waiting', oneInit, [cs('1234', { state: { waiting: {} } }), cs('regular', { state: { terminated: { exitCode: 0 } } })], 'Running', 'True', undefined],
  // podkit addition (§C.3.3): a Succeeded pod without init containers is PodCompleted too
  ['PodCompleted for a Succeeded pod without init containers', noInit, [], 'Succeeded', 'True', 'PodCompleted'],
];

describe('generatePodInitializedCondition (§C.3)', () => {
  it.each(initializedRows)('reports %s', (_n, spec, statuses, phase, status, reason) => {
    const c = generatePodInitializedCondition(podWith(spec, statuses), phase);
    expect(c.type).toBe('Initialized');
    expect(c.status).toBe(status);
    expect(c.reason).toBe(reason);
  });

  it('lists unknown then incomplete init containers in the message (§C.3.5)', () => {
    const c = generatePodInitializedCondition(podWith(twoInit, [notReadyStatus('1234')]), 'Pending');
    expect(c).toEqual({
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with unknown status: [5678], containers with incomplete status: [1234]',
    });
  });
});

describe('derivePodConditions (§C)', () => {
  const spec = { containers: [{ name: 'web' }], readinessGates: [gate('example.com/lb')] };

  it('orders foreign conditions first, then DisruptionTarget, PodReadyToStartContainers, Initialized, Ready, ContainersReady, PodScheduled', () => {
    const pod = podWith(spec, [readyStatus('web')], [
      cond('PodScheduled', 'True'),
      cond('DisruptionTarget', 'True', 'EvictionByEvictionAPI'),
      cond('example.com/lb', 'True'),
      cond('PodReadyToStartContainers', 'True'),
    ]);
    const types = derivePodConditions({ ...pod, status: { ...pod.status, phase: 'Running' } }, at(0)).map((c) => c.type);
    expect(types).toEqual(['example.com/lb', 'DisruptionTarget', 'PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  it('keeps PodScheduled, PodReadyToStartContainers, DisruptionTarget and gate conditions as given (§C.5, §C.6)', () => {
    const kept = [cond('example.com/lb', 'False', 'Waiting'), cond('PodReadyToStartContainers', 'False'), cond('DisruptionTarget', 'True', 'PreemptionByScheduler'), cond('PodScheduled', 'True')];
    const pod = podWith(spec, [readyStatus('web')], kept);
    const out = derivePodConditions(pod, at(0));
    for (const k of kept) expect(out.find((c) => c.type === k.type)).toBe(k);
  });

  it('computes Ready from the gate conditions of the input (§C.2)', () => {
    const pod = podWith(spec, [readyStatus('web')], [cond('example.com/lb', 'False')]);
    const ready = derivePodConditions(pod, at(0)).find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady', message: 'the status of pod readiness gate "example.com/lb" is not "True", but False' });
  });

  it('sets lastTransitionTime to now for a new condition and keeps lastProbeTime null (§C.7)', () => {
    const out = derivePodConditions(podWith({ containers: [{ name: 'web' }] }, [readyStatus('web')]), at(5));
    expect(out.find((c) => c.type === 'Ready')).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: iso(5) });
  });

  it('keeps lastTransitionTime when only the reason or message changes (§C.7)', () => {
    const previous = { ...cond('ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [web]'), lastProbeTime: null, lastTransitionTime: iso(1) };
    const pod = podWith({ containers: [{ name: 'web' }] }, [notReadyStatus('web')], [previous]);
    const out = derivePodConditions({ ...pod, status: { ...pod.status, phase: 'Failed' } }, at(9));
    expect(out.find((c) => c.type === 'ContainersReady')).toEqual({ type: 'ContainersReady', status: 'False', reason: 'PodFailed', lastProbeTime: null, lastTransitionTime: iso(1) });
  });

  it('changes lastTransitionTime when the status flips (§C.7)', () => {
    const previous = { ...cond('Ready', 'False', 'ContainersNotReady', 'containers with unready status: [web]'), lastProbeTime: null, lastTransitionTime: iso(1) };
    const out = derivePodConditions(podWith({ containers: [{ name: 'web' }] }, [readyStatus('web')], [previous]), at(9));
    expect(out.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(iso(9));
  });

  it('returns an unchanged condition as the same object', () => {
    const previous = { type: 'Ready', status: 'True' as const, lastProbeTime: null, lastTransitionTime: iso(1) };
    const out = derivePodConditions(podWith({ containers: [{ name: 'web' }] }, [readyStatus('web')], [previous]), at(9));
    expect(out.find((c) => c.type === 'Ready')).toBe(previous);
  });

  it('treats a missing phase as Pending', () => {
    const out = derivePodConditions(podWith({ containers: [{ name: 'web' }] }, [notReadyStatus('web')]), at(0));
    expect(out.find((c) => c.type === 'ContainersReady')?.reason).toBe('ContainersNotReady');
  });
});
