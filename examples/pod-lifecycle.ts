/**
 * Walks one pod through its life with podkit's pure state machines, printing the `kubectl get pods`
 * row after every event: scheduling, an init container, a sidecar, readiness, a crash loop with
 * back-off, and a graceful deletion. A tiny "kubelet loop" asks the pure decisions
 * (planContainerStarts, proberReducer, planTermination) what to do and feeds the outcomes back to
 * podReducer as events. No clock, no runtime: time is an argument.
 */
import type { BackOffState, Pod, PodEvent } from 'podkit';
import { emptyBackOffState, formatPodTable, initialProberState, planContainerStarts, planTermination, podReducer, proberReducer, toPodRow } from 'podkit';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const t0 = Date.parse('2024-05-01T10:00:00Z');
  const at = (s: number): number => t0 + s * 1000;
  const readinessProbe = { httpGet: { path: '/ready', port: 8080 } };

  let pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: '7f3c2a', creationTimestamp: '2024-05-01T10:00:00Z' },
    spec: {
      initContainers: [
        { name: 'migrate', image: 'migrate:1.4' },
        { name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' },
      ],
      containers: [{ name: 'web', image: 'web:2.0', readinessProbe }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
    },
    status: { phase: 'Pending' },
  };

  log(`${'TIME'.padEnd(9)}${'EVENT'.padEnd(26)}${'READY'.padEnd(7)}${'STATUS'.padEnd(24)}${'RESTARTS'.padEnd(13)}AGE`);
  const apply = (event: PodEvent): void => {
    pod = podReducer(pod, event);
    const row = toPodRow(pod, event.at);
    const what = 'container' in event ? `${event.type}(${event.container})` : event.type;
    const time = new Date(event.at).toISOString().slice(11, 19);
    log(`${time.padEnd(9)}${what.padEnd(26)}${row.ready.padEnd(7)}${row.status.padEnd(24)}${row.restarts.padEnd(13)}${row.age}`);
  };

  // The kubelet loop: ask what to start, start it (here: pretend the runtime did), report back.
  let backOff: BackOffState = emptyBackOffState;
  let nextId = 0;
  const sync = (s: number): void => {
    const plan = planContainerStarts(pod, backOff, at(s));
    backOff = plan.backOffState;
    for (const start of plan.start) {
      apply({ type: 'ContainerStarted', at: at(s), container: start.container, containerID: `fake://${++nextId}`, attempt: start.attempt });
    }
    for (const wait of plan.backOff) apply({ type: 'BackOffStarted', at: at(s), container: wait.container, delaySeconds: wait.delayMs / 1000 });
  };
  // The readiness prober of `web`: three probe results turn into at most one published change.
  const probeReadiness = (s: number, results: ('Success' | 'Failure')[]): void => {
    const id = pod.status?.containerStatuses?.find((c) => c.name === 'web')?.containerID;
    let state = initialProberState('web', 'readiness', readinessProbe, id);
    results.forEach((result, i) => {
      const step = proberReducer(state, result, at(s + i * 10));
      state = step.state;
      if (step.event !== undefined) apply(step.event);
    });
  };

  apply({ type: 'Scheduled', at: at(0), nodeName: 'node-1' });
  apply({ type: 'SandboxCreated', at: at(1), podIP: '10.244.0.17' });
  sync(2); // migrate
  apply({ type: 'ContainerExited', at: at(5), container: 'migrate', exitCode: 0 });
  sync(5); // proxy (a sidecar: started at once, it has no startup probe)
  sync(6); // web, once the sidecar is started
  probeReadiness(16, ['Success']);

  // web crashes: the first restart is immediate, the second waits out a 10 s back-off.
  apply({ type: 'ContainerExited', at: at(40), container: 'web', exitCode: 1 });
  sync(40);
  apply({ type: 'ContainerExited', at: at(42), container: 'web', exitCode: 1 });
  sync(42);
  sync(52);
  probeReadiness(62, ['Success']);

  // Graceful deletion: regular containers get SIGTERM first, the sidecar after them.
  apply({ type: 'DeletionRequested', at: at(90) });
  const plan = planTermination(pod, at(90));
  log(`termination plan: grace ${plan.gracePeriodSeconds}s, order ${plan.steps.map((s) => `${s.container}(${s.stopSignal})`).join(' -> ')}`);
  apply({ type: 'ContainerExited', at: at(92), container: 'web', exitCode: 0 });
  apply({ type: 'ContainerExited', at: at(93), container: 'proxy', exitCode: 0 });
  apply({ type: 'PodTerminated', at: at(94) });

  log('');
  log(formatPodTable([pod], at(94), { wide: true }).trimEnd());
  log(`final phase: ${pod.status?.phase}`);
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
