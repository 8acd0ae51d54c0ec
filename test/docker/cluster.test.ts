// A cluster whose node runs its pods on a real Docker engine: a ReplicaSet converges, a container
// removed behind podkit's back is replaced, a new cluster object re-adopts running containers, and
// gc() leaves nothing podkit-labelled once the cluster is closed.
import Docker from 'dockerode';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createCluster, isPodReady, SystemClock, type Cluster, type Pod, type ReplicaSet } from 'podkit';
import type { DockerRuntime } from 'podkit/docker';
import { describeIfEngine, newTestRuntime, rawObjects, waitFor } from './docker-env.js';

const replicaSet = (name: string, replicas: number): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"] }],
      },
    },
  },
});

const readyPods = (cluster: Cluster): Pod[] => cluster.list('Pod').filter((p) => p.status?.phase === 'Running' && isPodReady(p) && p.metadata.deletionTimestamp === undefined);
/** The engine id of a pod's container (`docker://<id>`). */
const containerId = (pod: Pod): string => (pod.status?.containerStatuses?.[0]?.containerID ?? '').replace(/^docker:\/\//, '');

describeIfEngine('a cluster on a Docker node', () => {
  let runtime: DockerRuntime | undefined;
  const clusters: Cluster[] = [];
  const rt = async (): Promise<DockerRuntime> => (runtime ??= await newTestRuntime());
  const newCluster = async (store?: Cluster['store']): Promise<Cluster> => {
    const cluster = createCluster({ clock: new SystemClock(), nodes: [{ name: 'docker-1', runtime: await rt() }], ...(store === undefined ? {} : { store }) });
    clusters.push(cluster);
    return cluster;
  };
  afterEach(async () => {
    for (const c of clusters.splice(0)) await c.close();
    await runtime?.gc([]);
  });
  afterAll(async () => {
    if (runtime === undefined) return;
    await runtime.gc([]);
    const left = await rawObjects(runtime.options.labelNamespace);
    await runtime.close();
    expect(left, 'podkit-labelled objects left behind').toEqual({ containers: [], volumes: [] });
  });

  it('converges a ReplicaSet of 3 and replaces a container removed behind its back (docker rm -f)', async () => {
    const cluster = await newCluster();
    cluster.apply(replicaSet('web', 3));
    await waitFor('3 ready pods', async () => (readyPods(cluster).length === 3 ? true : undefined), 45_000);
    const ns = (await rt()).options.labelNamespace;
    // One sandbox and one container per pod on the engine.
    expect((await rawObjects(ns)).containers).toHaveLength(6);
    expect(cluster.formatTable('Pod')).toMatch(/web-\w+\s+1\/1\s+Running\s+0/);

    const victim = readyPods(cluster)[0]!;
    const oldId = containerId(victim);
    await new Docker().getContainer(oldId).remove({ force: true });
    const replaced = await waitFor(
      'the removed container to be replaced',
      async () => {
        const p = cluster.get('Pod', victim.metadata.name ?? '');
        return containerId(p) !== oldId && p.status?.containerStatuses?.[0]?.state?.running !== undefined && isPodReady(p) ? p : undefined;
      },
      30_000,
    );
    // The pod (same uid) got a new container; the ReplicaSet did not need a new pod.
    expect(replaced.metadata.uid).toBe(victim.metadata.uid);
    expect((await new Docker().getContainer(containerId(replaced)).inspect()).State.Running).toBe(true);
    expect(cluster.list('Pod')).toHaveLength(3);
    await waitFor('3 ready pods again', async () => (readyPods(cluster).length === 3 ? true : undefined), 30_000);
  }, 120_000);

  it('re-adopts running containers when the cluster object is closed and created again, and gc() then removes everything', async () => {
    const first = await newCluster();
    first.apply(replicaSet('api', 2));
    await waitFor('2 ready pods', async () => (readyPods(first).length === 2 ? true : undefined), 45_000);
    const before = new Map(readyPods(first).map((p) => [p.metadata.uid, containerId(p)]));
    const store = first.store;
    await first.close();
    // Closing a cluster leaves the containers running (the kubelet going away).
    for (const id of before.values()) expect((await new Docker().getContainer(id).inspect()).State.Running).toBe(true);

    // A new cluster object on the same store and engine: the node registers again and adopts the pods' containers.
    store.delete('Node', 'docker-1');
    const second = await newCluster(store);
    await waitFor('the pods to be ready on the new cluster', async () => (readyPods(second).length === 2 ? true : undefined), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // a relist or two: nothing gets replaced
    const after = new Map(readyPods(second).map((p) => [p.metadata.uid, containerId(p)]));
    expect(after).toEqual(before);
    expect(second.list('Pod').every((p) => p.status?.containerStatuses?.[0]?.restartCount === 0)).toBe(true);
    const ns = (await rt()).options.labelNamespace;
    expect((await rawObjects(ns)).containers).toHaveLength(4);

    await second.close();
    clusters.splice(0);
    const collected = await (await rt()).gc([]);
    expect(collected).toEqual({ containers: 4, volumes: 0 });
    expect(await rawObjects(ns)).toEqual({ containers: [], volumes: [] });
  }, 120_000);
});
