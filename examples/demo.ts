// The README's first command runs this: `npm run demo`.
// It applies every manifest of examples/manifests to a two-node cluster (createCluster: the
// scheduler, the ReplicaSet, Job and DaemonSet controllers, a kubelet per node) on the
// FakeRuntime and a VirtualClock, and prints what `kubectl` would show: hours of cluster time in
// about a second, no Docker.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCluster, humanDuration, parseManifests, type Cluster, type KubeEvent, type StoreObject } from 'podkit';
import { toMillis } from 'podkit/model';
import { FakeRuntime, VirtualClock, type FakeProgramContext } from 'podkit/testing';

/** Aligns columns the way kubectl does (three spaces between columns). */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join(''));
}

/** `kubectl get events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE. */
function eventTable(events: readonly KubeEvent[], now: number): string[] {
  if (events.length === 0) return ['No resources found in default namespace.'];
  const rows = events.map((e) => [
    humanDuration(now - toMillis(e.lastTimestamp)) + (e.count > 1 ? ` (x${e.count})` : ''),
    e.type,
    e.reason,
    `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
    e.message,
  ]);
  return table([['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], ...rows]);
}

/** `daemonset.apps/node-agent`, `pod/myapp-pod`: how kubectl names an object. */
function resourceName(o: StoreObject): string {
  const group = o.apiVersion.includes('/') ? `.${o.apiVersion.split('/')[0]}` : '';
  return `${o.kind.toLowerCase()}${group}/${o.metadata.name ?? ''}`;
}

/** The fake images of simple-echo: an echo server on 8080 and an nginx that proxies port 80 to it. */
function defineImages(runtime: FakeRuntime): void {
  const serveUntilSignal = async (ctx: FakeProgramContext): Promise<number> => {
    await ctx.waitForSignal();
    return 0;
  };
  runtime.defineProgram('echo-server', (ctx) => {
    ctx.stdout('2024/01/01 00:00:00 start server\n');
    ctx.listen(8080, () => ({ status: 200, body: 'Hello Docker!!' }));
    return serveUntilSignal(ctx);
  });
  runtime.defineProgram('nginx-proxy', (ctx) => {
    const backend = ctx.env['BACKEND_HOST'] ?? 'localhost:8080';
    ctx.listen(80, async (req) => {
      const r = await ctx.run(['wget', '-q', '-O', '-', `http://${backend}${req.path}`]);
      return r.exitCode === 0 ? { status: 200, body: r.stdout } : { status: 502, body: 'Bad Gateway' };
    });
    return serveUntilSignal(ctx);
  });
  runtime.addImage('gihyodocker/echo:latest', { cmd: ['echo-server'], sizeBytes: 7_340_032 });
  runtime.addImage('gihyodocker/nginx-proxy:latest', { cmd: ['nginx-proxy'], sizeBytes: 46_137_344 });
  runtime.addImage('busybox', { sizeBytes: 4_261_574 });
}

/** One line of what the cluster is doing: pods by phase and the Job's completions. */
function progress(cluster: Cluster, elapsed: string): string {
  const phases = new Map<string, number>();
  for (const p of cluster.list('Pod')) phases.set(p.status?.phase ?? 'Pending', (phases.get(p.status?.phase ?? 'Pending') ?? 0) + 1);
  const pods = [...phases].map(([phase, n]) => `${n} ${phase}`).join(', ');
  const job = cluster.get('Job', 'hello');
  const complete = job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') === true;
  return `  ${elapsed.padEnd(5)} pods ${pods}; job/hello ${job.status?.succeeded ?? 0}/${job.spec.completions ?? 1} completions${complete ? ' (Complete)' : ''}`;
}

/** Applies examples/manifests to a two-node fake cluster and prints what kubectl would show. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const dir = join(import.meta.dirname, 'manifests');
  const objects = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseManifests(readFileSync(join(dir, f), 'utf8'), { filename: f }));
  const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
  const nodes = ['node-1', 'node-2'].map((name) => {
    const runtime = new FakeRuntime({ clock, latencies: { pull: '3s', start: '200ms' }, images: [] });
    defineImages(runtime);
    return { name, runtime };
  });
  const cluster = createCluster({ clock, nodes });
  const start = clock.now();
  const getPods = (): void => {
    log('$ kubectl get pods -o wide');
    for (const line of cluster.formatTable('Pod', { wide: true }).trimEnd().split('\n')) log(line);
  };

  log('$ kubectl apply -f examples/manifests/');
  for (const o of cluster.apply(objects)) log(`${resourceName(o)} created`);
  await cluster.runUntil((c) => c.list('Pod').every((p) => p.status?.phase === 'Running' && p.status.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')), { timeout: '2m' });
  log(`# ${humanDuration(clock.now() - start)} later, every pod is Running and Ready; each node hands out pod IPs from its own range (spec.podCIDR)`);
  getPods();

  log('$ kubectl exec simple-echo -c nginx -- wget -qO- http://localhost:80/');
  const out = await cluster.exec('simple-echo', 'nginx', ['wget', '-q', '-O', '-', 'http://localhost:80/']);
  log(out.stdout.trimEnd());
  log('$ kubectl logs myapp-pod');
  log((await cluster.logs('myapp-pod')).trimEnd());
  const helloPod = cluster.list('Pod', { labelSelector: { matchLabels: { 'job-name': 'hello' } } })[0]?.metadata.name ?? 'hello';
  log(`$ kubectl logs ${helloPod}`);
  log((await cluster.logs(helloPod)).trimEnd());

  log('# two hours of cluster time pass (the hello Job sleeps for one of them):');
  for (let half = 1; half <= 4; half++) {
    await cluster.advance('30m');
    log(progress(cluster, `${Math.floor(half / 2) > 0 ? `${Math.floor(half / 2)}h` : ''}${half % 2 === 1 ? '30m' : ''}`));
  }
  log('$ kubectl get jobs');
  for (const line of cluster.formatTable('Job').trimEnd().split('\n')) log(line);
  log('$ kubectl get events --field-selector type=Warning');
  for (const line of eventTable(cluster.events().filter((e) => e.type === 'Warning'), clock.now())) log(line);

  // Every long-running container handles SIGTERM (`trap 'exit 0' TERM`), so the pods stop at
  // once. A container that ignores it (a plain `sleep 3600` as PID 1) would be killed after the
  // 30 s grace period, with a Warning ExceededGracePeriod event, as a real kubelet does.
  log('$ kubectl delete -f examples/manifests/');
  const deletedAt = clock.now();
  for (const o of objects) {
    cluster.delete(o.kind, o.metadata.name ?? '');
    log(`${resourceName(o).split('/')[0]} "${o.metadata.name ?? ''}" deleted`);
  }
  await cluster.runUntil((c) => c.list('Pod').length === 0, { timeout: '2m' });
  log(`$ kubectl get pods   # ${((clock.now() - deletedAt) / 1000).toFixed(1)} s later`);
  log('No resources found in default namespace.');
  log('$ kubectl get events --field-selector reason=Killing');
  const since = Math.floor(deletedAt / 1000) * 1000;
  for (const line of eventTable(cluster.events().filter((e) => e.reason === 'Killing' && toMillis(e.lastTimestamp) >= since), clock.now())) log(line);
  const slow = cluster.events().filter((e) => e.reason === 'ExceededGracePeriod');
  log(slow.length === 0 ? 'Every container stopped on SIGTERM: no ExceededGracePeriod.' : `${slow.length} container(s) ignored SIGTERM and were killed after the grace period.`);
  await cluster.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
