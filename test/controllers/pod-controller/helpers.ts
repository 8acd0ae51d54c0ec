import { PodController, podStatusText, type Container, type KubeEvent, type Pod, type PodControllerOptions, type PodSpec } from 'podkit';
import { FakeRuntime, VirtualClock, type FakeRuntimeOptions } from 'podkit/testing';

/** A virtual clock, a FakeRuntime and a PodController on node-1, with helpers on elapsed seconds. */
export function setup(options: { fake?: Partial<FakeRuntimeOptions>; controller?: Partial<PodControllerOptions> } = {}) {
  const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
  const runtime = new FakeRuntime({ clock, ...options.fake });
  const errors: unknown[] = [];
  const ctrl = new PodController({ runtime, clock, nodeName: 'node-1', onError: (e) => errors.push(e), ...options.controller });
  const t0 = clock.now();
  return {
    clock,
    runtime,
    ctrl,
    errors,
    t0,
    /** Seconds since the start. */
    elapsed: () => (clock.now() - t0) / 1000,
    /** Advances to `seconds` after the start. */
    until: (seconds: number) => clock.advanceTo(t0 + seconds * 1000),
    /** Events of a reason, as [seconds of lastTimestamp, message, count]. */
    events: (reason?: string): KubeEvent[] => ctrl.listEvents().filter((e) => reason === undefined || e.reason === reason),
    /** Seconds since the start of an RFC 3339 time. */
    secs: (t: string | undefined) => (t === undefined ? NaN : (Date.parse(t) - t0) / 1000),
  };
}

/** A pod manifest with one container per given spec. */
export function pod(name: string, containers: Container[], spec: Partial<PodSpec> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers, ...spec } };
}

/** A busybox container running `sh -c script`. */
export function sh(name: string, script: string, extra: Partial<Container> = {}): Container {
  return { name, image: 'busybox:1.36', command: ['sh', '-c', script], ...extra };
}

/** Records every distinct STATUS (kubectl) of a pod with the elapsed seconds it appeared at. */
export function recordStatuses(ctrl: PodController, name: string, clock: VirtualClock, t0: number): { t: number; status: string; restarts: number }[] {
  const seen: { t: number; status: string; restarts: number }[] = [];
  ctrl.watch(name).subscribe((p) => {
    const status = podStatusText(p);
    const restarts = (p.status?.containerStatuses ?? []).reduce((n, s) => n + s.restartCount, 0);
    const last = seen[seen.length - 1];
    if (last === undefined || last.status !== status || last.restarts !== restarts) seen.push({ t: (clock.now() - t0) / 1000, status, restarts });
  });
  return seen;
}
