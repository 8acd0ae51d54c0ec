// A 3-replica StatefulSet on a real Docker engine whose pods keep their data across deletion:
// each pod writes its name into its claim (a named Docker volume per claim), the example deletes
// web-1, and the recreated web-1 — same name, new UID — reads what its predecessor wrote. Then it
// deletes the StatefulSet; with `whenDeleted: Delete` its claims go too, and with them the volumes.
// Needs a Docker engine with the busybox:1.36 image (see docs/guides/docker.md).
import { createCluster, formatStatefulSetTable, isPodReady, SystemClock, type Cluster, type StatefulSet } from 'podkit';
import { createDockerRuntime } from 'podkit/docker';

const web: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web' },
  spec: {
    replicas: 3,
    serviceName: 'web',
    selector: { matchLabels: { app: 'web' } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Mi' } } } }],
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            imagePullPolicy: 'IfNotPresent',
            // The first pod of an ordinal records its name and start time; a replacement appends.
            command: ['sh', '-c', "echo \"$(hostname) started $(date +%T)\" >> /data/log; trap 'exit 0' TERM; while true; do sleep 1; done"],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
        ],
      },
    },
  },
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const ready = (c: Cluster, name: string): boolean => {
  const p = c.tryGet('Pod', name);
  return p !== undefined && p.metadata.deletionTimestamp === undefined && isPodReady(p);
};

/** Runs the StatefulSet on the local Docker engine, replaces web-1, reads its data back, cleans up. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const runtime = await createDockerRuntime({
    sandboxImage: 'busybox:1.36',
    sandboxCommand: ['sleep', '2147483647'],
    namePrefix: 'podkit-example-sts',
    labelNamespace: 'io.podkit.example-sts',
  });
  const clock = new SystemClock();
  const cluster = createCluster({ clock, nodes: [{ name: 'docker-1', runtime }] });
  try {
    cluster.apply(web);
    await until('3 ready pods', () => ['web-0', 'web-1', 'web-2'].every((n) => ready(cluster, n)));
    log(formatStatefulSetTable(cluster.list('StatefulSet'), clock.now()));
    const before = cluster.get('Pod', 'web-1').metadata.uid;
    log(`web-1 (uid ${before}) wrote: ${(await cluster.exec('web-1', 'app', ['cat', '/data/log'])).stdout.trim()}`);
    cluster.store.delete('Pod', 'web-1');
    await until('a new web-1', () => cluster.tryGet('Pod', 'web-1')?.metadata.uid !== before && ready(cluster, 'web-1'));
    const after = cluster.get('Pod', 'web-1').metadata.uid;
    const text = (await cluster.exec('web-1', 'app', ['cat', '/data/log'])).stdout.trim();
    log(`the new web-1 (uid ${after}) reads:\n${text}`);
    log(text.split('\n').length === 2 ? 'the data survived the pod' : 'the data was lost');
    cluster.store.delete('StatefulSet', 'web');
    await until('claims and pods gone', () => cluster.list('PersistentVolumeClaim').length === 0 && cluster.list('Pod').length === 0);
    log('deleted the StatefulSet: its pods and claims are gone (whenDeleted: Delete)');
  } finally {
    await cluster.close();
    // The claim volumes go with their claims; gc([]) removes anything a failed run left.
    for (const n of [0, 1, 2]) await runtime.deleteClaimVolume('default', `data-web-${n}`);
    await runtime.gc([]);
    await runtime.close();
  }
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
