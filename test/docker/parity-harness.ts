// Runs one pod scenario, written once as data, on the FakeRuntime (VirtualClock, advanced in
// steps) or on a real Docker engine (SystemClock, real time with a deadline), and reduces what
// happened to an observation both runs can be compared on: phase, kubectl STATUS / READY /
// RESTARTS, and per container the restart count, state, reason and exit code.
import { firstValueFrom, toArray } from 'rxjs';
import { PodController, toPodRow, type ContainerStatus, type ContainerRuntime, type KubeEvent, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

/**
 * Both runs relist every second and take no observation before three relists have passed, so a
 * relist that wrongly kills or restarts something (as one once did on Docker's default options)
 * shows up as a difference.
 */
const RELIST = '1s';
const MIN_SECONDS = 3.5;

/** A scenario: the pod, when the observation is taken, and what to do after it. */
export interface Scenario {
  readonly name: string;
  readonly pod: Pod;
  /** The observation is taken at the first snapshot for which this holds. */
  readonly until: (pod: Pod) => boolean;
  /** Give up after this many (virtual or real) seconds. */
  readonly timeoutSeconds: number;
  /** After the observation: delete the pod gracefully and observe its last snapshot instead. */
  readonly deleteAfter?: { readonly gracePeriodSeconds?: number };
  /** Containers whose logs are part of the observation. */
  readonly logsOf?: readonly string[];
}

/** A container's state in one word: `running`, `waiting:CrashLoopBackOff`, `terminated:Error:3`. */
export type StateText = string;

/** What a run of a scenario showed. */
export interface Observation {
  readonly phase: string | undefined;
  /** kubectl STATUS, READY and RESTARTS (the count, without "(10s ago)"). */
  readonly row: { readonly status: string; readonly ready: string; readonly restarts: string };
  readonly containers: Readonly<Record<string, { readonly restartCount: number; readonly state: StateText; readonly last: StateText | undefined }>>;
  /** Reasons of the kubelet's Events, each once, sorted. */
  readonly eventReasons: readonly string[];
  readonly logs: Readonly<Record<string, string>>;
  /** Seconds from `run` to the observation. */
  readonly seconds: number;
}

function stateText(s: ContainerStatus['state'] | undefined): StateText | undefined {
  if (s?.running !== undefined) return 'running';
  if (s?.waiting !== undefined) return `waiting:${s.waiting.reason ?? ''}`;
  if (s?.terminated !== undefined) return `terminated:${s.terminated.reason ?? ''}:${s.terminated.exitCode}`;
  return undefined;
}

async function observe(scenario: Scenario, ctrl: PodController, pod: Pod, now: number, seconds: number): Promise<Observation> {
  const row = toPodRow(pod, now);
  const containers: Record<string, Observation['containers'][string]> = {};
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    containers[s.name] = { restartCount: s.restartCount, state: stateText(s.state) ?? 'none', last: stateText(s.lastState) };
  }
  const logs: Record<string, string> = {};
  if (scenario.deleteAfter === undefined) {
    for (const c of scenario.logsOf ?? []) {
      const lines = await firstValueFrom(ctrl.logStream(scenario.pod.metadata.name ?? '', { container: c }).pipe(toArray()));
      logs[c] = lines.map((l) => l.text).join('\n');
    }
  }
  const eventReasons = [...new Set(ctrl.listEvents().map((e: KubeEvent) => e.reason ?? ''))].sort();
  return { phase: pod.status?.phase, row: { status: row.status, ready: row.ready, restarts: row.restarts.replace(/ \(.*\)$/, '') }, containers, eventReasons, logs, seconds };
}

/** Runs the scenario on a FakeRuntime and a VirtualClock, advancing 100 ms at a time. */
export async function runOnFake(scenario: Scenario): Promise<Observation> {
  const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
  // The image is already on the node, as on the Docker engine (no registry there: no Pulling).
  const runtime = new FakeRuntime({ clock, images: [{ ref: 'busybox:1.36', present: true }] });
  const ctrl = new PodController({ runtime, clock, nodeName: 'node-1', relistInterval: RELIST });
  try {
    const t0 = clock.now();
    const name = scenario.pod.metadata.name ?? '';
    ctrl.run(scenario.pod);
    for (;;) {
      const pod = ctrl.get(name);
      if (pod !== undefined && scenario.until(pod) && clock.now() - t0 >= MIN_SECONDS * 1000) break;
      if (clock.now() - t0 > scenario.timeoutSeconds * 1000) throw new Error(`fake: ${scenario.name} not observed within ${scenario.timeoutSeconds} s: ${JSON.stringify(pod?.status)}`);
      await clock.advance('100ms');
    }
    if (scenario.deleteAfter === undefined) return await observe(scenario, ctrl, ctrl.get(name)!, clock.now(), (clock.now() - t0) / 1000);
    const deleted = ctrl.delete(name, scenario.deleteAfter);
    let last: Pod | undefined;
    void deleted.then((p) => (last = p));
    while (last === undefined) {
      if (clock.now() - t0 > scenario.timeoutSeconds * 1000) throw new Error(`fake: ${scenario.name} not deleted within ${scenario.timeoutSeconds} s`);
      await clock.advance('100ms');
    }
    return await observe(scenario, ctrl, last, clock.now(), (clock.now() - t0) / 1000);
  } finally {
    await ctrl.close();
  }
}

/** Runs the scenario on a real runtime and the system clock; the caller owns (and cleans up) the runtime. */
export async function runOnRuntime(scenario: Scenario, runtime: ContainerRuntime): Promise<Observation> {
  const ctrl = new PodController({ runtime, nodeName: 'node-1', relistInterval: RELIST });
  const t0 = Date.now();
  const name = scenario.pod.metadata.name ?? '';
  const deadline = (what: string): Promise<never> =>
    new Promise((_, reject) => {
      const timer = setTimeout(() => reject(new Error(`docker: ${scenario.name}: ${what} not within ${scenario.timeoutSeconds} s: ${JSON.stringify(ctrl.get(name)?.status)}`)), t0 + scenario.timeoutSeconds * 1000 - Date.now());
      timer.unref();
    });
  try {
    await ctrl.start();
    ctrl.run(scenario.pod);
    // Every snapshot is checked, so a state that lasts only a moment is not missed.
    const seen = new Promise<Pod>((resolve) => {
      let resolved = false;
      const accept = (p: Pod | undefined): void => {
        if (resolved || p === undefined || !scenario.until(p) || Date.now() - t0 < MIN_SECONDS * 1000) return;
        resolved = true;
        resolve(p);
        queueMicrotask(() => sub.unsubscribe());
      };
      const sub = ctrl.watch(name).subscribe(accept);
      // A state reached before the minimum and still held then is observed at the minimum.
      setTimeout(() => accept(ctrl.get(name)), MIN_SECONDS * 1000 - (Date.now() - t0) + 1).unref();
    });
    const observed = await Promise.race([seen, deadline('observation')]);
    if (scenario.deleteAfter === undefined) return await observe(scenario, ctrl, observed, Date.now(), (Date.now() - t0) / 1000);
    const last = await Promise.race([ctrl.delete(name, scenario.deleteAfter), deadline('deletion')]);
    return await observe(scenario, ctrl, last, Date.now(), (Date.now() - t0) / 1000);
  } finally {
    await ctrl.close();
  }
}
