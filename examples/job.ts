// The Job controller on a virtual cluster: the `hello` Job of examples/manifests, made to fail
// (`exit 1`, restartPolicy Never, backoffLimit 3), then an Indexed Job that completes.
// Minutes of cluster time in well under a second, no Docker.
import { readFileSync } from 'node:fs';
import { createCluster, formatJobTable, parseManifests, type Cluster, type Job } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const finished = (name: string) => (c: Cluster): boolean =>
  (c.get('Job', name).status?.conditions ?? []).some((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');

/** Runs the example; `log` receives each output line. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const clock = new VirtualClock();
  const start = clock.now();
  const cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
  const at = (): string => `t=${(clock.now() - start) / 1000}s`;

  // 1. hello, failing: a new pod after each failure, 10 s, 20 s, 40 s later (§I.5).
  const manifest = readFileSync(new URL('./manifests/hello-job.yaml', import.meta.url), 'utf8');
  const hello = parseManifests(manifest, { filename: 'hello-job.yaml' })[0] as Job;
  cluster.watch('Pod').subscribe((ev) => {
    if (ev.type === 'Added') log(`${at()}  pod/${ev.object.metadata.name} created`);
  });
  const failing: Job = {
    ...hello,
    spec: {
      ...hello.spec,
      backoffLimit: 3,
      template: {
        ...hello.spec.template,
        spec: {
          ...hello.spec.template.spec,
          restartPolicy: 'Never',
          containers: hello.spec.template.spec.containers.map((c) => ({ ...c, command: ['sh', '-c', 'exit 1'] })),
        },
      },
    },
  };
  cluster.apply(failing);
  await cluster.runUntil(finished('hello'), { timeout: '10m' });
  const failed = cluster.get('Job', 'hello').status?.conditions?.find((c) => c.type === 'Failed');
  log(`${at()}  job/hello ${failed?.type}: ${failed?.reason} (${failed?.message})`);
  log('');
  log(formatJobTable(cluster.list('Job'), clock.now()));
  log('');

  // 2. An Indexed Job: 5 completions, 2 at a time; each pod gets its JOB_COMPLETION_INDEX.
  cluster.apply({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'squares' },
    spec: {
      completions: 5,
      parallelism: 2,
      completionMode: 'Indexed',
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'square', image: 'busybox', command: ['sh', '-c', 'echo $((JOB_COMPLETION_INDEX * JOB_COMPLETION_INDEX)); sleep 5'] }],
        },
      },
    },
  });
  await cluster.runUntil(finished('squares'), { timeout: '5m' });
  const squares = cluster.get('Job', 'squares');
  log(`${at()}  job/squares Complete: completedIndexes=${squares.status?.completedIndexes}`);
  for (const pod of cluster.list('Pod').filter((p) => p.metadata.name?.startsWith('squares-'))) {
    log(`  ${pod.metadata.name}: ${(await cluster.logs(pod.metadata.name ?? '')).trim()}`);
  }
  log('');
  log(formatJobTable(cluster.list('Job'), clock.now()));
  await cluster.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
