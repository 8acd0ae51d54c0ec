// A Deployment rolling update with rollback on a virtual cluster: 10 replicas of busybox:1.36,
// rolled to busybox:1.37 with maxSurge 25% (3) and maxUnavailable 25% (2), the ReplicaSets
// printed as the rollout advances, then a rollback (the template set back, as `kubectl rollout
// undo` does) that scales the first ReplicaSet up again with revision 3. No Docker; a few minutes
// of cluster time in well under a second.
import { createCluster, formatDeploymentTable, formatReplicaSetTable, isPodReady, type Cluster, type Deployment } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const MANIFEST = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 10
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: app, image: busybox:1.36, command: [sh, -c, 'echo up; sleep 3600'] }]
`;

function withImage(d: Deployment, image: string): Deployment {
  const t = d.spec.template;
  return { ...d, spec: { ...d.spec, template: { ...t, spec: { ...t.spec, containers: t.spec.containers.map((c) => ({ ...c, image })) } } } };
}

/** `image×count` of the live pods, e.g. `1.36×7 1.37×3`. */
function mix(c: Cluster): string {
  const counts = new Map<string, number>();
  for (const p of c.list('Pod')) {
    if (p.metadata.deletionTimestamp !== undefined) continue;
    const tag = (p.spec.containers[0]?.image ?? '').split(':')[1] ?? '?';
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts].sort().map(([t, n]) => `${t}×${n}`).join(' ');
}

const done = (image: string) => (c: Cluster): boolean => {
  const d = c.get('Deployment', 'web');
  const live = c.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined);
  return d.status?.observedGeneration === d.metadata.generation && d.status?.updatedReplicas === 10 && d.status?.availableReplicas === 10 &&
    live.length === 10 && live.every((p) => p.spec.containers[0]?.image === image && isPodReady(p));
};

/** Runs the example; `log` receives each output line. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const clock = new VirtualClock();
  const start = clock.now();
  // Each container takes 2 s to start on these nodes, so the rollout proceeds in visible steps.
  const cluster = createCluster({ clock, nodes: ['node-1', 'node-2', 'node-3'].map((name) => ({ name, runtime: new FakeRuntime({ clock, latencies: { start: 2_000 } }) })) });
  const at = (): string => `t=${((clock.now() - start) / 1000).toFixed(1)}s`;

  cluster.apply(MANIFEST);
  await cluster.runUntil(done('busybox:1.36'), { timeout: '5m' });
  log(`${at()}  deployed: ${mix(cluster)}`);
  log(formatDeploymentTable(cluster.list('Deployment'), clock.now()));

  let last = '';
  let maxPods = 0;
  const sub = cluster.watch('Pod').subscribe(() => {
    const now = mix(cluster);
    maxPods = Math.max(maxPods, cluster.list('Pod').filter((p) => p.metadata.deletionTimestamp === undefined).length);
    if (now !== last) log(`${at()}    ${(last = now)}`);
  });
  cluster.apply(withImage(cluster.get('Deployment', 'web'), 'busybox:1.37'));
  await cluster.runUntil(done('busybox:1.37'), { timeout: '10m' });
  log(`${at()}  rolled out busybox:1.37 (never more than ${maxPods} live pods: replicas 10 + maxSurge 3)`);
  log(formatReplicaSetTable(cluster.list('ReplicaSet'), clock.now()));

  // Rollback: the template set back, as `kubectl rollout undo` does.
  cluster.apply(withImage(cluster.get('Deployment', 'web'), 'busybox:1.36'));
  await cluster.runUntil(done('busybox:1.36'), { timeout: '10m' });
  sub.unsubscribe();
  for (const rs of cluster.list('ReplicaSet')) {
    const a = rs.metadata.annotations ?? {};
    log(`${rs.metadata.name}  image ${rs.spec.template.spec.containers[0]?.image}  replicas ${rs.spec.replicas}  revision ${a['deployment.kubernetes.io/revision']}${a['deployment.kubernetes.io/revision-history'] === undefined ? '' : ` (history ${a['deployment.kubernetes.io/revision-history']})`}`);
  }
  log(`${at()}  rolled back: Deployment revision ${cluster.get('Deployment', 'web').metadata.annotations?.['deployment.kubernetes.io/revision']}`);
  await cluster.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
