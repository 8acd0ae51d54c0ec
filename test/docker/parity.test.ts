// Parity: the same pod scenarios, written once as data, on the FakeRuntime (virtual time) and on
// a real Docker engine (real time) give the same phases, restart counts, reasons, exit codes and
// kubectl rows. Real-time durations are kept short (see each scenario) so the suite stays fast.
import { describe, expect, it } from 'vitest';
import type { Container, Pod } from 'podkit';
import { describeDocker } from './docker-env.js';
import { runOnFake, runOnRuntime, type Observation, type Scenario } from './parity-harness.js';

const IMAGE = 'busybox:1.36';

function sh(name: string, script: string, extra: Partial<Container> = {}): Container {
  return { name, image: IMAGE, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script], ...extra };
}

function pod(name: string, containers: Container[], spec: Partial<Pod['spec']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers, terminationGracePeriodSeconds: 2, ...spec } };
}

const status = (p: Pod, name: string) => [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].find((s) => s.name === name);

interface ParityCase {
  readonly scenario: Scenario;
  /** What Kubernetes shows (checked on both runtimes). */
  readonly expected: Omit<Observation, 'seconds' | 'eventReasons' | 'logs'> & { readonly logs?: Observation['logs']; readonly events?: readonly string[] };
  /** Docker may take this many seconds longer than the fake to reach the observation (a loaded machine). */
  readonly slackSeconds: number;
  /** Event reasons whose presence depends on real start-up timing, left out of the comparison. */
  readonly timingDependentEvents?: readonly string[];
}

const cases: readonly ParityCase[] = [
  {
    // §D.2/§D.3 CrashLoopBackOff: immediate first restart, then 10 s back-off; observed at the second back-off.
    scenario: {
      name: 'a crash loop (§D.3, §B.2, §G.1)',
      pod: pod('crasher', [sh('app', 'echo crashing; exit 3')]),
      until: (p) => (status(p, 'app')?.restartCount ?? 0) >= 2 && status(p, 'app')?.state?.waiting?.reason === 'CrashLoopBackOff',
      timeoutSeconds: 45,
    },
    expected: {
      phase: 'Running',
      row: { status: 'CrashLoopBackOff', ready: '0/1', restarts: '2' },
      containers: { app: { restartCount: 2, state: 'waiting:CrashLoopBackOff', last: 'terminated:Error:3' } },
      events: ['BackOff', 'Created', 'Pulled', 'Scheduled', 'Started'],
    },
    slackSeconds: 12,
  },
  {
    // §E liveness restart — a short variant of the 30 s classic (`touch; sleep 30; rm`): healthy
    // for 3 s, then the probe (delay 1 s, period 1 s, threshold 2) fails twice and the container is
    // killed (PID 1 sh ignores SIGTERM, so at the 2 s grace period: 137) and restarted.
    scenario: {
      name: 'a liveness restart (§E, §B.3)',
      pod: pod('live', [
        sh('app', 'touch /tmp/healthy; sleep 3; rm -f /tmp/healthy; sleep 600', {
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 1, periodSeconds: 1, failureThreshold: 2 },
        }),
      ]),
      until: (p) => status(p, 'app')?.restartCount === 1 && status(p, 'app')?.state?.running !== undefined,
      timeoutSeconds: 40,
    },
    expected: {
      phase: 'Running',
      row: { status: 'Running', ready: '1/1', restarts: '1' },
      containers: { app: { restartCount: 1, state: 'running', last: 'terminated:Error:137' } },
      events: ['Created', 'Killing', 'Pulled', 'Scheduled', 'Started', 'Unhealthy'],
    },
    slackSeconds: 12,
  },
  {
    // §A.3 restartPolicy Never: exit codes kept; one failed container fails the pod.
    scenario: {
      name: 'exit codes under restartPolicy Never (§A.3, §G.1)',
      pod: pod('exits', [sh('bad', 'sleep 1; exit 42'), sh('ok', 'exit 0')], { restartPolicy: 'Never' }),
      until: (p) => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded',
      timeoutSeconds: 30,
    },
    expected: {
      phase: 'Failed',
      row: { status: 'Error', ready: '0/2', restarts: '0' },
      containers: { bad: { restartCount: 0, state: 'terminated:Error:42', last: undefined }, ok: { restartCount: 0, state: 'terminated:Completed:0', last: undefined } },
      events: ['Created', 'Pulled', 'Scheduled', 'Started'],
    },
    slackSeconds: 10,
  },
  {
    // §F graceful deletion (§A.6: the deleted pod ends Failed, as one container did not exit 0): a `trap … TERM` handler exits 0 within the grace period (busybox runs
    // it after the current `sleep 1`); a container without one is killed at the grace period (137).
    scenario: {
      name: 'a trap TERM handler during graceful deletion (§F, §A.6)',
      pod: pod('trapper', [sh('polite', "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"), sh('stubborn', 'sleep 600')], { terminationGracePeriodSeconds: 3 }),
      until: (p) => p.status?.containerStatuses?.every((s) => s.state?.running !== undefined) === true && p.status?.containerStatuses?.length === 2,
      timeoutSeconds: 40,
      deleteAfter: {},
    },
    expected: {
      // kubectl shows the first container's reason (§G.1: the last one its reverse loop sees).
      phase: 'Failed',
      row: { status: 'Completed', ready: '0/2', restarts: '0' },
      containers: { polite: { restartCount: 0, state: 'terminated:Completed:0', last: undefined }, stubborn: { restartCount: 0, state: 'terminated:Error:137', last: undefined } },
      events: ['Created', 'ExceededGracePeriod', 'Killing', 'Pulled', 'Scheduled', 'Started'],
    },
    slackSeconds: 10,
  },
  {
    // emptyDir: one volume, shared by the containers of the pod.
    scenario: {
      name: 'an emptyDir shared by a writer and a reader (§A.3)',
      pod: pod(
        'shared',
        [
          sh('writer', 'echo hello from the writer > /data/msg', { volumeMounts: [{ name: 'data', mountPath: '/data' }] }),
          sh('reader', 'until test -f /data/msg; do sleep 0.2; done; cat /data/msg', { volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }] }),
        ],
        { restartPolicy: 'OnFailure', volumes: [{ name: 'data', emptyDir: {} }] },
      ),
      until: (p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed',
      timeoutSeconds: 30,
      logsOf: ['reader'],
    },
    expected: {
      phase: 'Succeeded',
      row: { status: 'Completed', ready: '0/2', restarts: '0' },
      containers: { writer: { restartCount: 0, state: 'terminated:Completed:0', last: undefined }, reader: { restartCount: 0, state: 'terminated:Completed:0', last: undefined } },
      logs: { reader: 'hello from the writer' },
      events: ['Created', 'Pulled', 'Scheduled', 'Started'],
    },
    slackSeconds: 10,
  },
  {
    // Containers of a pod share one network namespace: the client reaches the server on localhost.
    scenario: {
      name: 'localhost between two containers (§C.2, §G.2)',
      pod: pod('net', [
        sh('server', 'mkdir -p /www; echo served on localhost > /www/index.html; exec httpd -f -p 8080 -h /www'),
        sh('client', 'until wget -q -O /tmp/page http://localhost:8080/ 2>/dev/null; do sleep 0.2; done; cat /tmp/page; sleep 600', {
          readinessProbe: { exec: { command: ['test', '-s', '/tmp/page'] }, initialDelaySeconds: 2, periodSeconds: 1 },
        }),
      ]),
      until: (p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true,
      timeoutSeconds: 30,
      logsOf: ['client'],
    },
    expected: {
      phase: 'Running',
      row: { status: 'Running', ready: '2/2', restarts: '0' },
      containers: { server: { restartCount: 0, state: 'running', last: undefined }, client: { restartCount: 0, state: 'running', last: undefined } },
      logs: { client: 'served on localhost' },
      events: ['Created', 'Pulled', 'Scheduled', 'Started'],
    },
    slackSeconds: 10,
    // A readiness failure (before the client fetched the page) happens only if starting the
    // containers takes more than the probe's 2 s initial delay, as on a loaded machine.
    timingDependentEvents: ['Unhealthy'],
  },
];

function withoutTimingDependent(observed: Observation, c: ParityCase): Observation {
  const skip = new Set(c.timingDependentEvents ?? []);
  return { ...observed, eventReasons: observed.eventReasons.filter((r) => !skip.has(r)) };
}

function expectKubernetesBehaviour(observed: Observation, expected: ParityCase['expected']): void {
  const { events, logs, ...rest } = expected;
  expect({ phase: observed.phase, row: observed.row, containers: observed.containers }).toEqual(rest);
  if (events !== undefined) expect(observed.eventReasons).toEqual(events);
  if (logs !== undefined) expect(observed.logs).toEqual(logs);
}

// The fake's results, computed in the fake suite and reused by the Docker suite for the comparison.
const onFake = new Map<string, Observation>();

async function fakeObservation(scenario: Scenario): Promise<Observation> {
  let observed = onFake.get(scenario.name);
  if (observed === undefined) onFake.set(scenario.name, (observed = await runOnFake(scenario)));
  return observed;
}

describe('parity scenarios on the FakeRuntime', () => {
  it.each(cases.map((c) => [c.scenario.name, c] as const))('shows Kubernetes behaviour for %s', async (_name, c) => {
    expectKubernetesBehaviour(withoutTimingDependent(await fakeObservation(c.scenario), c), c.expected);
  });
});

describeDocker('parity scenarios on Docker', ({ runtime }) => {
  it.each(cases.map((c) => [c.scenario.name, c] as const))(
    'shows the same phase, restarts, reasons, exit codes and kubectl row as the fake for %s',
    async (_name, c) => {
      const fake = withoutTimingDependent(await fakeObservation(c.scenario), c);
      const docker = withoutTimingDependent(await runOnRuntime(c.scenario, runtime()), c);
      expectKubernetesBehaviour(docker, c.expected);
      expect({ ...docker, seconds: 0 }).toEqual({ ...fake, seconds: 0 });
      // Timing within tolerance: never earlier than the rules allow (minus start-up rounding), at most slackSeconds later.
      expect(docker.seconds).toBeGreaterThanOrEqual(fake.seconds - 1);
      expect(docker.seconds).toBeLessThanOrEqual(fake.seconds + c.slackSeconds);
    },
    60_000,
  );
});
