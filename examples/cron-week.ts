// A week of CronJobs on a virtual cluster (docs/reference/kubernetes-rules.md §Q): an hourly
// report and a nightly backup at 02:30 Berlin time that may not overlap itself. Seven days of
// cluster time in a few seconds, no Docker; every Job runs a pod on a FakeRuntime node.
import { createCluster, formatCronJobTable, formatJobTable, type CronJob } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

const MANIFESTS = `
apiVersion: batch/v1
kind: CronJob
metadata: { name: hourly-report }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: report, image: busybox:1.36, command: [sh, -c, 'echo report; sleep 120'] }]
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly-backup }
spec:
  schedule: "30 2 * * *"
  timeZone: Europe/Berlin
  concurrencyPolicy: Forbid
  successfulJobsHistoryLimit: 2
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: backup, image: busybox:1.36, command: [sh, -c, 'echo backing up; sleep 600'] }]
`;

/** Runs the example; `log` receives each output line. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const clock = new VirtualClock({ start: '2024-03-25T00:00:00Z' });
  // No node fails here, so the node-lifecycle monitor (a 5 s loop: 120k rounds in a week) is left
  // out and the node reports its status every minute: the week is then the CronJobs' work.
  const cluster = createCluster({
    clock,
    heartbeatInterval: '1m',
    controllers: { nodeLifecycle: false },
    nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }],
  });
  const started = new Map<string, number>();
  cluster.watch('Job').subscribe((ev) => {
    if (ev.type !== 'Added') return;
    const owner = ev.object.metadata.ownerReferences?.[0]?.name ?? '';
    started.set(owner, (started.get(owner) ?? 0) + 1);
  });
  cluster.apply(MANIFESTS);
  const wall = performance.now();
  await clock.advance(7 * 24 * 3_600_000 + 1000); // 7 days and the runs due at the very end
  const ms = Math.round(performance.now() - wall);

  log(`7 virtual days in ${ms} ms of wall time`);
  log('Europe/Berlin skips 02:00-03:00 on 2024-03-31: the 02:30 backup does not run that night (robfig/cron, §Q.10)');
  for (const [name, n] of [...started].sort()) log(`  ${name}: ${n} Jobs started`);
  log('');
  log(formatCronJobTable(cluster.list('CronJob') as CronJob[], clock.now()));
  log('');
  log(formatJobTable(cluster.list('Job'), clock.now()));
  await cluster.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
