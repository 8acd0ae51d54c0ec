/**
 * R1–R3: the pod reducer against hand-written immutable updates with object spread.
 * R1 one "container started → ready" transition on a 2-container pod; R2 an event that changes
 * nothing; R3 a whole lifecycle with one restart.
 */
import type { ContainerStatus, Pod, PodCondition, PodEvent } from '../../src/index.js';
import { podReducer } from '../../src/index.js';
import { newPod } from '../../src/testing.js';
import { interleave } from '../lib/measure.js';
import type { BenchResult } from '../lib/report.js';
import type { BenchContext, BenchGroup } from './group.js';

const T0 = Date.UTC(2024, 4, 1, 10);
const TS = new Map<number, string>();
/** RFC 3339 whole seconds, memoised so neither side pays for formatting. */
const ts = (s: number): string => {
  let v = TS.get(s);
  if (v === undefined) TS.set(s, (v = new Date(T0 + s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')));
  return v;
};

function fold(pod: Pod, events: readonly PodEvent[]): Pod {
  return events.reduce(podReducer, pod);
}

/** A 2-container pod: `a` running and ready, `b` created and waiting. */
function twoContainerPod(): Pod {
  const pod = newPod({
    name: 'web',
    containers: [
      { name: 'a', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' },
      { name: 'b', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' },
    ],
  });
  return fold(pod, [
    { type: 'Scheduled', at: ts(0), nodeName: 'node-1' },
    { type: 'SandboxCreated', at: ts(1), podIP: '10.0.0.5', hostIP: '10.0.0.2' },
    { type: 'ContainerCreated', at: ts(1), container: 'a', containerID: 'fake://a' },
    { type: 'ContainerCreated', at: ts(1), container: 'b', containerID: 'fake://b' },
    { type: 'ContainerStarted', at: ts(2), container: 'a', containerID: 'fake://a' },
  ]);
}

const STARTED_B: PodEvent = { type: 'ContainerStarted', at: ts(3), container: 'b', containerID: 'fake://b' };
/** A readiness success for a container that is already ready: changes nothing. */
const NOOP: PodEvent = { type: 'ProbeSucceeded', at: ts(4), container: 'a', probe: 'readiness' };

function setCondition(conditions: readonly PodCondition[] | undefined, type: string, status: 'True' | 'False', at: string): PodCondition[] {
  const list = conditions ?? [];
  const i = list.findIndex((c) => c.type === type);
  if (i >= 0 && list[i]?.status === status) return list as PodCondition[];
  const next: PodCondition = { type, status, lastProbeTime: null, lastTransitionTime: at } as PodCondition;
  return i < 0 ? [...list, next] : list.map((c, j) => (j === i ? next : c));
}

/** Hand-written: container `b` starts, is ready, the pod becomes Ready (spread, no validation, no derivation). */
function spreadStart(pod: Pod, name: string, containerID: string, at: string): Pod {
  const status = pod.status ?? {};
  const statuses = (status.containerStatuses ?? []).map((s): ContainerStatus =>
    s.name === name ? { ...s, containerID, state: { running: { startedAt: at } }, ready: true, started: true } : s,
  );
  const allReady = statuses.every((s) => s.ready);
  let conditions = setCondition(status.conditions, 'ContainersReady', allReady ? 'True' : 'False', at);
  conditions = setCondition(conditions, 'Ready', allReady ? 'True' : 'False', at);
  return { ...pod, status: { ...status, phase: 'Running', containerStatuses: statuses, conditions } };
}

/** Hand-written: a container exits. */
function spreadExit(pod: Pod, name: string, exitCode: number, at: string): Pod {
  const status = pod.status ?? {};
  const statuses = (status.containerStatuses ?? []).map((s): ContainerStatus =>
    s.name === name
      ? { ...s, lastState: s.state ?? {}, state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: s.state?.running?.startedAt ?? at, finishedAt: at, containerID: s.containerID ?? '' } }, ready: false, started: false }
      : s,
  );
  let conditions = setCondition(status.conditions, 'ContainersReady', 'False', at);
  conditions = setCondition(conditions, 'Ready', 'False', at);
  return { ...pod, status: { ...status, containerStatuses: statuses, conditions } };
}

/** Hand-written: the same lifecycle R3 feeds to the reducer. */
function spreadLifecycle(pod: Pod): Pod {
  const name = 'app';
  let p: Pod = { ...pod, spec: { ...pod.spec, nodeName: 'node-1' }, status: { phase: 'Pending', conditions: setCondition(undefined, 'PodScheduled', 'True', ts(0)) } };
  p = { ...p, status: { ...p.status, startTime: ts(1), podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], hostIP: '10.0.0.2', conditions: setCondition(setCondition(p.status?.conditions, 'PodReadyToStartContainers', 'True', ts(1)), 'Initialized', 'True', ts(1)), containerStatuses: [{ name, image: 'busybox:1.36', imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } }] } };
  p = { ...p, status: { ...p.status, containerStatuses: (p.status?.containerStatuses ?? []).map((s) => ({ ...s, containerID: 'fake://1' })) } };
  p = spreadStart(p, name, 'fake://1', ts(2));
  p = spreadExit(p, name, 1, ts(5));
  p = { ...p, status: { ...p.status, containerStatuses: (p.status?.containerStatuses ?? []).map((s) => ({ ...s, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=web_default(uid-web)' } } })) } };
  p = { ...p, status: { ...p.status, containerStatuses: (p.status?.containerStatuses ?? []).map((s) => ({ ...s, containerID: 'fake://2', restartCount: s.restartCount + 1 })) } };
  p = spreadStart(p, name, 'fake://2', ts(16));
  p = { ...p, metadata: { ...p.metadata, deletionTimestamp: ts(50), deletionGracePeriodSeconds: 30 } };
  p = spreadExit(p, name, 0, ts(21));
  p = { ...p, status: { ...p.status, phase: 'Succeeded', conditions: setCondition(p.status?.conditions, 'PodReadyToStartContainers', 'False', ts(22)) } };
  return p;
}

function lifecycleEvents(): PodEvent[] {
  return [
    { type: 'Scheduled', at: ts(0), nodeName: 'node-1' },
    { type: 'SandboxCreated', at: ts(1), podIP: '10.0.0.5', hostIP: '10.0.0.2' },
    { type: 'ContainerCreated', at: ts(1), container: 'app', containerID: 'fake://1' },
    { type: 'ContainerStarted', at: ts(2), container: 'app', containerID: 'fake://1' },
    { type: 'ContainerExited', at: ts(5), container: 'app', exitCode: 1 },
    { type: 'BackOffStarted', at: ts(5), container: 'app', delaySeconds: 10 },
    { type: 'ContainerCreated', at: ts(15), container: 'app', containerID: 'fake://2', attempt: 1 },
    { type: 'ContainerStarted', at: ts(16), container: 'app', containerID: 'fake://2', attempt: 1 },
    { type: 'DeletionRequested', at: ts(20) },
    { type: 'ContainerExited', at: ts(21), container: 'app', exitCode: 0 },
    { type: 'PodTerminated', at: ts(22) },
  ];
}

let sink: unknown;

export const reducerGroup: BenchGroup = {
  ids: ['R1', 'R2', 'R3'],
  name: 'pod reducer',
  async run(ctx: BenchContext, only): Promise<BenchResult[]> {
    const opts = ctx.quick ? { warmup: 4, samples: 15, batch: 2_000 } : { warmup: 10, samples: 41, batch: 5_000 };
    const out: BenchResult[] = [];
    const base = twoContainerPod();
    const nowIso = ts(3);
    const reduced = podReducer(base, STARTED_B);
    const readyOk = reduced.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

    if (only('R1')) {
      const p = interleave(() => (sink = podReducer(base, STARTED_B)), () => (sink = spreadStart(base, 'b', 'fake://b', nowIso)), opts);
      const ratio = p.subject.median / p.comparator.median;
      out.push({
        id: 'R1', title: 'podReducer: container started → ready (2 containers)', unit: 'ns/op', ...p.subject, samples: p.subject.n,
        comparator: 'object spread', comparatorMedian: p.comparator.median, ratio, target: '≤ 3× spread', pass: ratio <= 3 && readyOk,
        ...(readyOk ? {} : { note: 'the reducer did not make the pod Ready: the workload is wrong' }),
      });
    }
    if (only('R2')) {
      let identical = true;
      const p = interleave(
        () => {
          const r = podReducer(reduced, NOOP);
          if (r !== reduced) identical = false;
          sink = r;
        },
        () => (sink = spreadStart(base, 'b', 'fake://b', nowIso)),
        opts,
      );
      const ratio = p.subject.median / p.comparator.median;
      out.push({
        id: 'R2', title: 'podReducer: event that changes nothing', unit: 'ns/op', ...p.subject, samples: p.subject.n,
        comparator: 'object spread (R1 update)', comparatorMedian: p.comparator.median, ratio, target: 'identical object; ≤ 0.5× spread', pass: identical && ratio <= 0.5,
        extra: { identical },
      });
    }
    if (only('R3')) {
      const pod = newPod({ name: 'web', spec: { restartPolicy: 'OnFailure' } });
      const events = lifecycleEvents();
      const end = fold(pod, events);
      const phase = end.status?.phase ?? 'none';
      const restarts = end.status?.containerStatuses?.[0]?.restartCount ?? -1;
      const p = interleave(() => (sink = fold(pod, events)), () => (sink = spreadLifecycle(pod)), { ...opts, batch: Math.round(opts.batch / 5) });
      const ratio = p.subject.median / p.comparator.median;
      out.push({
        id: 'R3', title: `podReducer: full lifecycle, ${events.length} events, 1 restart`, unit: 'ns/op', ...p.subject, samples: p.subject.n,
        comparator: 'hand-written spread', comparatorMedian: p.comparator.median, ratio, target: '≤ 3×', pass: ratio <= 3 && phase === 'Succeeded' && restarts === 1,
        extra: { finalPhase: phase, restarts },
      });
    }
    void sink;
    return out;
  },
};
