// The README's first command runs this: `npm run demo`.
// It runs every manifest of examples/manifests on one PodController (the kubelet) with the
// FakeRuntime and a VirtualClock: minutes of cluster time in well under a second, no Docker.
import { readdirSync, readFileSync } from 'node:fs';
import { firstValueFrom, toArray } from 'rxjs';
import { join } from 'node:path';
import { formatPodTable, humanDuration, parseManifests, PodController, toMillis, type KubeEvent, type KubeObject, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock, type FakeProgramContext } from 'podkit/testing';

/** Aligns columns the way kubectl does (three spaces between columns). */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join(''));
}

/** `kubectl get events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE. */
function eventTable(events: readonly KubeEvent[], now: number): string[] {
  const rows = events.map((e) => [
    humanDuration(now - toMillis(e.lastTimestamp)) + (e.count > 1 ? ` (x${e.count})` : ''),
    e.type,
    e.reason,
    `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
    e.message,
  ]);
  return table([['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], ...rows]);
}

/** The pods to run: Pods as they are; a workload's pod template once, as a plain pod. */
function podsOf(objects: readonly KubeObject[], log: (line: string) => void): Pod[] {
  const pods: Pod[] = [];
  for (const o of objects) {
    if (o.kind === 'Pod') pods.push(o);
    else if (o.kind === 'Job' || o.kind === 'ReplicaSet' || o.kind === 'DaemonSet') {
      const name = o.metadata.name ?? 'workload';
      log(`${o.kind.toLowerCase()}/${name}: its pod template runs once as pod/${name} (createCluster runs it with the ${o.kind} controller: examples/tiny-orchestrator.ts, job.ts, daemon-set.ts)`);
      pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: o.spec.template.metadata?.labels ?? {} }, spec: o.spec.template.spec });
    } else log(`${o.kind.toLowerCase()}/${o.metadata.name ?? ''}: skipped (not a pod)`);
  }
  return pods;
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

/** Runs examples/manifests on a PodController with the FakeRuntime, printing what kubectl would show. */
export async function main(log: (line: string) => void = console.log): Promise<void> {
  const dir = join(import.meta.dirname, 'manifests');
  const objects = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseManifests(readFileSync(join(dir, f), 'utf8'), { filename: f }));
  const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
  const runtime = new FakeRuntime({ clock, latencies: { pull: '3s', start: '200ms' }, images: [] });
  defineImages(runtime);
  const kubelet = new PodController({ runtime, clock, nodeName: 'node-1', onError: (e) => log(`error: ${e instanceof Error ? e.message : String(e)}`) });
  const t0 = clock.now();
  let changed = true;
  kubelet.watch().subscribe(() => (changed = true));
  const show = (label: string): void => {
    if (!changed) return;
    changed = false;
    log(`--- ${label} (t=${humanDuration(clock.now() - t0)}) ---`);
    const text = formatPodTable(kubelet.list(), clock.now()).trimEnd();
    for (const line of (text === '' ? 'No resources found in default namespace.' : text).split('\n')) log(line);
  };

  log('$ kubectl apply -f examples/manifests/');
  const pods = podsOf(objects, log);
  for (const pod of pods) kubelet.run(pod);
  show('kubectl get pods');
  for (const step of ['1s', '4s', '25s', '90s']) {
    await clock.advance(step);
    show('kubectl get pods');
  }

  log('$ kubectl exec simple-echo -c nginx -- wget -qO- http://localhost:80/');
  const out = await kubelet.exec('simple-echo', 'nginx', ['wget', '-q', '-O', '-', 'http://localhost:80/']);
  log(out.stdout.trimEnd());
  log('$ kubectl logs myapp-pod');
  const lines = await firstValueFrom(kubelet.logs('myapp-pod', 'myapp-container').pipe(toArray()));
  for (const line of lines) log(line.text);

  log('$ kubectl get events');
  for (const line of eventTable(kubelet.listEvents(), clock.now())) log(line);

  log('$ kubectl delete pods --all');
  const deleted = pods.map((p) => kubelet.delete(p.metadata.name ?? ''));
  for (const step of ['0s', '1s', '30s']) {
    await clock.advance(step);
    show('kubectl get pods');
  }
  await Promise.all(deleted);
  log('$ kubectl get events --field-selector reason=Killing  # and ExceededGracePeriod');
  const stopping = kubelet.listEvents().filter((e) => e.reason === 'Killing' || e.reason === 'ExceededGracePeriod');
  for (const line of eventTable(stopping, clock.now())) log(line);
  await kubelet.close();
  await runtime.close();
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) await main();
