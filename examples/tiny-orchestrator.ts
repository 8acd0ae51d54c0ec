/**
 * A tiny custom orchestrator built on `createCluster`: three fake nodes on virtual time, the
 * built-in scheduler / node lifecycle / ReplicaSet controllers, and one controller of our own,
 * written with the same public `createController` the built-ins use. It keeps every ReplicaSet
 * annotated `example.podkit.dev/one-per-ready-node` scaled to the number of Ready nodes.
 *
 * Then a node drops off the network: 50 s later it is NotReady, our controller scales the
 * ReplicaSet down, and the ReplicaSet controller picks the pod on the lost node to delete (not
 * ready pods go first).
 */
import { createCluster, createController, patchObject, type Cluster, type Controller, type ReconcileContext, type ReplicaSet, type Request } from 'podkit';
import { nodeReadyStatus } from 'podkit/planners';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const PER_NODE = 'example.podkit.dev/one-per-ready-node';

const MANIFEST = `
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: agent
  annotations:
    ${PER_NODE}: "true"
spec:
  replicas: 1
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: ['sh', '-c', 'echo agent up; sleep 3600']
`;

/** Our controller: level-based, it reads the current nodes and sets spec.replicas. */
function onePerReadyNode(cluster: Cluster): Controller {
  const isOurs = (rs: ReplicaSet): boolean => rs.metadata.annotations?.[PER_NODE] === 'true';
  return createController({
    name: 'one-per-ready-node',
    for: 'ReplicaSet',
    // Any node change may change the count: wake every annotated ReplicaSet.
    watches: [
      {
        kind: 'Node',
        map: () => cluster.list('ReplicaSet').filter(isOurs).map((rs) => ({ namespace: rs.metadata.namespace ?? 'default', name: rs.metadata.name ?? '' })),
      },
    ],
    reconcile: ({ name, namespace }: Request, ctx: ReconcileContext) => {
      const rs = ctx.client.tryGet('ReplicaSet', name, namespace);
      if (rs === undefined || !isOurs(rs)) return;
      const readyNodes = ctx.client.list('Node').filter((n) => nodeReadyStatus(n) === 'True').length;
      if (rs.spec.replicas === readyNodes) return;
      patchObject(ctx.client, 'ReplicaSet', name, (draft) => {
        draft.spec.replicas = readyNodes;
      }, { namespace: rs.metadata.namespace ?? 'default' });
      ctx.event(rs, 'Normal', 'Scaled', `Scaled to ${readyNodes} (one per Ready node)`);
    },
  });
}

function show(cluster: Cluster, log: (line: string) => void, title: string): void {
  log(`--- ${title} (t=${Math.floor((cluster.clock.now() - Date.UTC(2024, 0, 1)) / 1000)}s)`);
  for (const kind of ['Node', 'ReplicaSet', 'Pod'] as const) {
    for (const line of cluster.formatTable(kind, kind === 'Pod' ? { wide: true } : {}).trimEnd().split('\n')) log(line);
  }
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const clock = new VirtualClock();
  const cluster = createCluster({
    clock,
    nodes: ['node-1', 'node-2', 'node-3'].map((name) => ({ name, runtime: new FakeRuntime({ clock }) })),
  });
  cluster.addController(onePerReadyNode(cluster));

  cluster.apply(MANIFEST);
  await cluster.runUntil((c) => c.get('ReplicaSet', 'agent').status?.readyReplicas === 3, { timeout: '1m' });
  show(cluster, log, 'three Ready nodes, three agents');
  log(`logs of ${cluster.list('Pod')[0]?.metadata.name}: ${(await cluster.logs(cluster.list('Pod')[0]?.metadata.name ?? '')).trim()}`);

  await cluster.stopNode('node-3');
  await cluster.runUntil((c) => c.get('ReplicaSet', 'agent').status?.replicas === 2, { timeout: '2m' });
  show(cluster, log, 'node-3 stopped: NotReady after 50 s, scaled to two');

  log('--- events of our controller and the ReplicaSet');
  for (const e of cluster.events({ kind: 'ReplicaSet', name: 'agent' })) log(`${e.source.component}: ${e.reason} ${e.message}`);
  await cluster.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
