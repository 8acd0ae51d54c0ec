// close() of a cluster on Docker hands over the kills it has started; the next start on the runtime
// removes what the deleted pods left (containers, sandboxes, volumes).
import Docker from 'dockerode';
import { afterAll, afterEach, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster, type Pod } from 'podkit';
import type { DockerRuntime } from 'podkit/docker';
import { describeIfEngine, newTestRuntime, rawObjects, waitFor } from './docker-env.js';

/** A pod with an emptyDir whose container ignores SIGTERM (PID 1 `sleep`): a kill takes the 2 s minimum grace. */
const stubborn = (name: string): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: {
    volumes: [{ name: 'scratch', emptyDir: {} }],
    containers: [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'], volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] }],
  },
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The engine's podkit objects of a pod uid: containers (sandbox included) and volumes. */
async function objectsOf(ns: string, uid: string): Promise<{ containers: string[]; volumes: string[] }> {
  const docker = new Docker();
  const label = { label: [`${ns}.managed=true`, `${ns}.pod-uid=${uid}`] };
  const containers = await docker.listContainers({ all: true, filters: label });
  const volumes = (await docker.listVolumes({ filters: label })).Volumes ?? [];
  return { containers: containers.map((c) => c.Id), volumes: volumes.map((v) => v.Name) };
}

describeIfEngine('close() on a Docker node, and the garbage of the next start', () => {
  let runtime: DockerRuntime | undefined;
  const clusters: Cluster[] = [];
  const rt = async (): Promise<DockerRuntime> => (runtime ??= await newTestRuntime());
  const newCluster = async (): Promise<Cluster> => {
    const cluster = createCluster({ clock: new SystemClock(), nodes: [{ name: 'docker-1', runtime: await rt() }] });
    clusters.push(cluster);
    return cluster;
  };
  const running = async (cluster: Cluster, n: number): Promise<Pod[]> => {
    await waitFor(`${n} running pods`, async () => (cluster.list('Pod').filter((p) => p.status?.phase === 'Running').length === n ? true : undefined), 45_000);
    return [...cluster.list('Pod')];
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

  it('hands over the kills of force-deleted pods: close() returns without waiting for them and the closed kubelet does nothing more; the next start removes their containers, sandboxes and volumes', async () => {
    const ns = (await rt()).options.labelNamespace;
    const first = await newCluster();
    first.apply([stubborn('a'), stubborn('b')]);
    const pods = await running(first, 2);
    for (const p of pods) expect((await objectsOf(ns, p.metadata.uid ?? '')).volumes).toHaveLength(1);
    for (const p of pods) first.delete('Pod', p.metadata.name ?? '', { gracePeriodSeconds: 0 });
    const started = Date.now();
    await first.close();
    // The kill takes 2 s (SIGTERM is ignored): close() did not wait for it.
    expect(Date.now() - started).toBeLessThan(1500);
    await sleep(4000);
    // Handed over: the stop the kubelet had sent finished in the engine, nothing after it was done.
    for (const p of pods) {
      const left = await objectsOf(ns, p.metadata.uid ?? '');
      expect(left.containers).toHaveLength(2);
      expect(left.volumes).toHaveLength(1);
    }
    // The next start on the runtime (a new cluster, whose store has no such pods) removes it all.
    await newCluster();
    await waitFor('the deleted pods to leave nothing', async () => ((await rawObjects(ns)).containers.length + (await rawObjects(ns)).volumes.length === 0 ? true : undefined), 20_000);
  }, 90_000);

  it('removes, at the next start, the containers and volume of a deleted pod whose sandbox is already gone (a deletion cut short)', async () => {
    const ns = (await rt()).options.labelNamespace;
    const first = await newCluster();
    first.apply(stubborn('c'));
    const [pod] = await running(first, 1);
    const uid = pod?.metadata.uid ?? '';
    await first.close();
    // What a kubelet stopped right after removing the sandbox leaves: the app container and the volume.
    const docker = new Docker();
    const sandbox = (await docker.listContainers({ all: true, filters: { label: [`${ns}.pod-uid=${uid}`, `${ns}.role=sandbox`] } }))[0];
    expect(sandbox).toBeDefined();
    await docker.getContainer(sandbox?.Id ?? '').remove({ force: true });
    const left = await objectsOf(ns, uid);
    expect(left.containers).toHaveLength(1);
    expect(left.volumes).toHaveLength(1);
    // A new cluster (no such pod in its store) starts on the runtime.
    await newCluster();
    await waitFor('the container and the volume to go', async () => {
      const now = await objectsOf(ns, uid);
      return now.containers.length === 0 && now.volumes.length === 0 ? true : undefined;
    }, 20_000);
  }, 90_000);
});
