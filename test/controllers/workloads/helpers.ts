// Fixtures for the workload controller tests on a bare MemoryStore + VirtualClock, with pod
// statuses set by hand (no kubelet, no scheduler) unless `fakeKubelet` is used.
import {
  EventRecorder,
  MemoryStore,
  type Controller,
  type DaemonSet,
  type Job,
  type JobSpec,
  type Node,
  type Pod,
  type PodStatus,
} from 'podkit';
import { VirtualClock } from 'podkit/testing';

export interface Env {
  readonly clock: VirtualClock;
  readonly store: MemoryStore;
  readonly recorder: EventRecorder;
  readonly start: number;
  /** Seconds since the start of the test. */
  elapsed(): number;
}

export function env(): Env {
  const clock = new VirtualClock();
  const store = new MemoryStore({ clock });
  const recorder = new EventRecorder({ clock, component: 'test' });
  const start = clock.now();
  return { clock, store, recorder, start, elapsed: () => (clock.now() - start) / 1000 };
}

export function run(e: Env, ctrl: Controller): Controller {
  ctrl.start({ store: e.store, clock: e.clock, recorder: e.recorder });
  return ctrl;
}

export function newJob(name: string, spec: Partial<JobSpec> = {}, command: string[] = ['sh', '-c', 'exit 0']): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command }] } },
      ...spec,
    },
  };
}

export function newDaemonSet(name: string, spec: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36', command: ['sleep', '3600'] }] } },
      ...spec,
    },
  };
}

export function newNode(name: string, spec: Node['spec'] = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec,
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** The pods controlled by the object with this name (any kind), in creation order. */
export function podsOf(store: MemoryStore, ownerName: string): Pod[] {
  return store.list('Pod').filter((p) => p.metadata.ownerReferences?.some((r) => r.controller === true && r.name === ownerName));
}

const ts = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Writes a terminated single-container status (the kubelet's job, done by hand). */
export function finishPod(e: Env, pod: Pod, exitCode: number, extra: Partial<PodStatus> = {}): Pod {
  const cur = e.store.get('Pod', pod.metadata.name ?? '', pod.metadata.namespace);
  const now = ts(e.clock.now());
  return e.store.updateStatus({
    ...cur,
    status: {
      ...cur.status,
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      containerStatuses: cur.spec.containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: now, finishedAt: now } },
      })),
      ...extra,
    },
  });
}

/** Marks a pod Running and Ready (optionally with restarts). */
export function runPod(e: Env, pod: Pod, restartCount = 0): Pod {
  const cur = e.store.get('Pod', pod.metadata.name ?? '', pod.metadata.namespace);
  const now = ts(e.clock.now());
  return e.store.updateStatus({
    ...cur,
    status: {
      ...cur.status,
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }],
      containerStatuses: cur.spec.containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: true,
        restartCount,
        started: true,
        state: { running: { startedAt: now } },
      })),
    },
  });
}

/**
 * A minimal kubelet stand-in: pods being deleted are finished (Failed unless terminal already)
 * and removed with grace 0, as a node's PodController would after the grace period.
 */
export function fakeKubelet(e: Env): { stop(): void } {
  const sub = e.store.watch('Pod').subscribe((ev) => {
    const pod = ev.object;
    if (ev.type === 'Deleted' || pod.metadata.deletionTimestamp === undefined || (pod.metadata.deletionGracePeriodSeconds ?? 1) === 0) return;
    e.clock.setTimeout(() => {
      const cur = e.store.tryGet('Pod', pod.metadata.name ?? '', pod.metadata.namespace);
      if (cur === undefined || cur.metadata.uid !== pod.metadata.uid) return;
      if (cur.status?.phase !== 'Succeeded' && cur.status?.phase !== 'Failed') finishPod(e, cur, 137);
      e.store.delete('Pod', cur.metadata.name ?? '', { namespace: cur.metadata.namespace, gracePeriodSeconds: 0 });
    }, 0);
  });
  return { stop: () => sub.unsubscribe() };
}
