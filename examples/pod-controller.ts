// A PodController (the kubelet of one node) on the FakeRuntime, in virtual time: a crash loop with
// the exact CrashLoopBackOff schedule, the classic liveness-probe example, and a graceful deletion.
import { formatPodTable, PodController, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const crash: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'crash' },
  spec: { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo start; exit 1'] }] },
};

const liveness: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'liveness-exec' },
  spec: {
    containers: [
      {
        name: 'liveness',
        image: 'busybox:1.36',
        args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
        livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
      },
    ],
  },
};

/** Runs two pods for five virtual minutes, printing `kubectl get pods` along the way and the events at the end. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
  const runtime = new FakeRuntime({ clock });
  const kubelet = new PodController({ runtime, clock, nodeName: 'node-1' });
  const t0 = clock.now();
  const startedAt = new Map<number, string>(); // restartCount -> startedAt
  kubelet.watch('crash').subscribe((p) => {
    const c = p.status?.containerStatuses?.[0];
    if (c?.state?.running?.startedAt !== undefined) startedAt.set(c.restartCount, c.state.running.startedAt);
  });
  kubelet.run(crash);
  kubelet.run(liveness);
  for (const seconds of [10, 45, 80, 300]) {
    await clock.advanceTo(t0 + seconds * 1000);
    log(`--- kubectl get pods (t=${seconds}s) ---`);
    for (const line of formatPodTable(kubelet.list(), clock.now()).trimEnd().split('\n')) log(line);
  }
  log(`crash started at (s): ${[...startedAt.values()].map((t) => (Date.parse(t) - t0) / 1000).join(', ')}`);
  log('--- events of liveness-exec ---');
  log(
    kubelet
      .listEvents()
      .filter((e) => e.involvedObject.name === 'liveness-exec' && (e.reason === 'Unhealthy' || e.reason === 'Killing'))
      .map((e) => `${e.reason} (x${e.count}): ${e.message}`)
      .join('\n'),
  );
  const deleted = kubelet.delete('crash', { gracePeriodSeconds: 5 });
  await clock.advance('1s');
  log(`deleted crash: phase ${(await deleted).status?.phase}`);
  await kubelet.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
