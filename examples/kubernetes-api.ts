// An operator written only against @kubernetes/client-node, tested on a podkit cluster whose
// Kubernetes API is served by serveKubeApi, on a VirtualClock: a crash-looping pod's restarts
// (10 s, 20 s, 40 s back-off...) happen in virtual time, the operator sees them through a real
// watch over HTTPS and deletes the pod at its third restart. Run: npx tsx examples/kubernetes-api.ts
import * as k8s from '@kubernetes/client-node';
import { createCluster } from 'podkit';
import { serveKubeApi } from 'podkit/server';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

/**
 * The operator: watches pods and deletes each one whose containers restarted `limit` times.
 * Nothing in it knows about podkit; it would run unchanged against a real cluster.
 */
export async function startCrashLoopReaper(kc: k8s.KubeConfig, limit: number, log: (line: string) => void): Promise<() => void> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const reaped = new Set<string>();
  const req = await new k8s.Watch(kc).watch(
    '/api/v1/pods',
    {},
    (type, pod: k8s.V1Pod) => {
      const name = pod.metadata?.name ?? '';
      const restarts = (pod.status?.containerStatuses ?? []).reduce((n, s) => n + s.restartCount, 0);
      if (type === 'DELETED' || restarts < limit || reaped.has(name)) return;
      reaped.add(name);
      log(`reaper: ${name} restarted ${restarts} times, deleting it`);
      void core.deleteNamespacedPod({ name, namespace: pod.metadata?.namespace ?? 'default', gracePeriodSeconds: 0 });
    },
    () => undefined,
  );
  return () => req.abort();
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
  const cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
  const api = await serveKubeApi(cluster);
  log(`API at ${api.url} (kubectl: write api.kubeconfig() to a file and pass --kubeconfig)`);
  const kc = new k8s.KubeConfig();
  kc.loadFromString(api.kubeconfig());
  const stop = await startCrashLoopReaper(kc, 3, log);
  cluster.apply(`
apiVersion: v1
kind: Pod
metadata: { name: flaky }
spec:
  containers: [{ name: app, image: busybox:1.36, command: [sh, -c, 'echo starting; exit 1'] }]
`);
  // Virtual time moves one second at a time; between steps the real HTTP traffic (the watch
  // events and the operator's DELETE) gets a moment of wall time.
  const t0 = clock.now();
  while (cluster.tryGet('Pod', 'flaky') !== undefined && clock.now() - t0 < 10 * 60_000) {
    await clock.advance('1s');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const gone = cluster.tryGet('Pod', 'flaky') === undefined;
  log(`after ${(clock.now() - t0) / 1000} virtual seconds the pod is ${gone ? 'gone' : 'still there'}`);
  for (const e of cluster.events({ name: 'flaky' }).filter((ev) => ev.reason === 'BackOff' || ev.reason === 'Started')) log(`  ${e.reason} x${e.count}`);
  stop();
  await api.close();
  await cluster.close();
  if (!gone) throw new Error('the reaper did not delete the crash-looping pod');
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
