// The README's tour, verbatim between the markers (test/readme.test.ts checks they match).
import { createCluster, formatPodTable } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const console = { log };
  // tour:start
  const clock = new VirtualClock();                       // time only moves when you say so
  const cluster = createCluster({
    clock,
    nodes: ['node-1', 'node-2'].map((name) => ({ name, runtime: new FakeRuntime({ clock }) })),
  });
  cluster.apply(`
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: busybox:1.36, command: [sh, -c, 'echo up; sleep 3600'] }] }
`);
  await cluster.runUntil((c) => c.list('Pod').filter((p) => p.status?.phase === 'Running').length === 3, { timeout: '1m' });
  console.log(formatPodTable(cluster.list('Pod'), clock.now()));  // kubectl get pods, byte for byte
  await cluster.close();
  // tour:end
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
