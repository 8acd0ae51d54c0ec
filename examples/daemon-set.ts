// The DaemonSet controller on a virtual cluster: the node-agent DaemonSet of examples/manifests
// over 3 nodes (one tainted NoSchedule), a node joining, a NoExecute taint evicting, and a rolling
// update with maxUnavailable 1. No Docker; a few minutes of cluster time in well under a second.
import { readFileSync } from 'node:fs';
import { createCluster, formatDaemonSetTable, isPodReady, parseManifests, type Cluster, type DaemonSet } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

/** `node=pod` for every live node-agent pod, sorted by node. */
function placement(c: Cluster): string {
  return c
    .list('Pod')
    .filter((p) => p.metadata.deletionTimestamp === undefined && p.spec.nodeName !== undefined)
    .map((p) => `${p.spec.nodeName}=${p.metadata.name}${isPodReady(p) ? '' : '(not ready)'}`)
    .sort()
    .join(' ');
}

/** Runs the example; `log` receives each output line. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const clock = new VirtualClock();
  const start = clock.now();
  const runtime = (): FakeRuntime => new FakeRuntime({ clock });
  const cluster = createCluster({
    clock,
    nodes: [
      { name: 'node-1', runtime: runtime() },
      { name: 'node-2', runtime: runtime() },
      { name: 'node-3', runtime: runtime(), taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
    ],
  });
  const at = (): string => `t=${(clock.now() - start) / 1000}s`;
  const status = (): NonNullable<DaemonSet['status']> | undefined => cluster.get('DaemonSet', 'node-agent').status;
  const table = (): void => log(formatDaemonSetTable(cluster.list('DaemonSet'), clock.now()));

  const manifest = readFileSync(new URL('./manifests/daemonset.yaml', import.meta.url), 'utf8');
  const agent = parseManifests(manifest, { filename: 'daemonset.yaml' })[0] as DaemonSet;
  cluster.apply({ ...agent, spec: { ...agent.spec, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } } });
  await cluster.runUntil(() => status()?.numberReady === 2, { timeout: '1m' });
  log(`${at()}  3 nodes, node-3 tainted dedicated=db:NoSchedule -> ${placement(cluster)}`);
  table();

  cluster.addNode({ name: 'node-4', runtime: runtime() });
  await cluster.runUntil(() => status()?.numberReady === 3, { timeout: '1m' });
  log(`${at()}  node-4 joined -> ${placement(cluster)}`);

  cluster.patch('Node', 'node-1', (node) => {
    node.spec = { ...node.spec, taints: [{ key: 'maintenance', value: 'now', effect: 'NoExecute' }] };
  });
  await cluster.runUntil((c) => c.list('Pod').every((p) => p.spec.nodeName !== 'node-1'), { timeout: '2m' });
  log(`${at()}  node-1 tainted maintenance=now:NoExecute -> ${placement(cluster)}`);

  // Rolling update: one node at a time (maxUnavailable 1).
  const ds = cluster.get('DaemonSet', 'node-agent');
  const containers = ds.spec.template.spec.containers.map((c) => ({ ...c, image: 'busybox:1.37' }));
  cluster.apply({ ...ds, spec: { ...ds.spec, template: { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers } } } });
  let last = placement(cluster);
  const sub = cluster.watch('Pod').subscribe(() => {
    const now = placement(cluster);
    if (now !== last) log(`${at()}    ${(last = now)}`);
  });
  log(`${at()}  rolling update to busybox:1.37:`);
  await cluster.runUntil(
    (c) => {
      const d = c.get('DaemonSet', 'node-agent');
      return d.status?.observedGeneration === d.metadata.generation && d.status?.updatedNumberScheduled === 2 && d.status?.numberAvailable === 2 && c.list('Pod').length === 2;
    },
    { timeout: '10m' },
  );
  sub.unsubscribe();
  log(`${at()}  done`);
  table();
  await cluster.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
