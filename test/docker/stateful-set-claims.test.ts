// A 1-replica StatefulSet on a real Docker engine (docs/reference/kubernetes-rules.md §P.8): its
// pod writes a file into its claim, is deleted, and the recreated pod reads it back; the claim's
// Docker volume is labelled, survives gc() of dead pods, and goes only when the claim is deleted.
import Docker from 'dockerode';
import { afterAll, expect, it } from 'vitest';
import { createCluster, isPodReady, SystemClock, type Cluster, type StatefulSet } from 'podkit';
import type { DockerRuntime } from 'podkit/docker';
import { describeIfEngine, newTestRuntime, rawObjects, waitFor } from './docker-env.js';

const sts: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'default' },
  spec: {
    replicas: 1,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Mi' } } } }],
    template: {
      metadata: { labels: { app: 'db' } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            imagePullPolicy: 'IfNotPresent',
            command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
        ],
      },
    },
  },
};

const readyDb0 = (c: Cluster): boolean => {
  const p = c.tryGet('Pod', 'db-0');
  return p !== undefined && p.metadata.deletionTimestamp === undefined && p.status?.phase === 'Running' && isPodReady(p);
};

describeIfEngine('a StatefulSet with a claim on a Docker node', () => {
  let runtime: DockerRuntime | undefined;
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.close();
    if (runtime === undefined) return;
    await runtime.deleteClaimVolume('default', 'data-db-0');
    await runtime.gc([]);
    const left = await rawObjects(runtime.options.labelNamespace);
    await runtime.close();
    expect(left, 'podkit-labelled objects left behind').toEqual({ containers: [], volumes: [] });
  });

  it('§P.8 keeps the data a pod wrote across its deletion, in a labelled named volume removed only with its claim', async () => {
    runtime = await newTestRuntime();
    cluster = createCluster({ clock: new SystemClock(), nodes: [{ name: 'docker-1', runtime }] });
    const c = cluster;
    c.apply(sts);
    await waitFor('db-0 ready', async () => (readyDb0(c) ? true : undefined), 60_000);
    const write = await c.exec('db-0', 'app', ['sh', '-c', 'echo kept-across-pods > /data/file']);
    expect(write.exitCode).toBe(0);
    const uid = c.get('Pod', 'db-0').metadata.uid;
    c.store.delete('Pod', 'db-0');
    await waitFor('db-0 recreated', async () => (c.tryGet('Pod', 'db-0')?.metadata.uid !== uid && readyDb0(c) ? true : undefined), 60_000);
    const read = await c.exec('db-0', 'app', ['cat', '/data/file']);
    expect(read.stdout).toBe('kept-across-pods\n');

    const ns = runtime.options.labelNamespace;
    const volumes = (await new Docker().listVolumes({ filters: { label: [`${ns}.claim=default/data-db-0`] } })).Volumes ?? [];
    expect(volumes.map((v) => v.Name)).toEqual([`${runtime.options.namePrefix}_claim_default_data-db-0`]);
    // Garbage collection of pods never takes a claim's volume.
    await c.close();
    cluster = undefined;
    await runtime.gc([]);
    expect((await rawObjects(ns)).volumes).toEqual([volumes[0]?.Name]);
    await runtime.deleteClaimVolume('default', 'data-db-0');
    expect((await rawObjects(ns)).volumes).toEqual([]);
  }, 180_000);
});
