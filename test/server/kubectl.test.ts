// Real kubectl 1.32 against serveKubeApi on its defaults (HTTPS with the generated CA, a random
// bearer token, 127.0.0.1, a free port), a cluster of two FakeRuntime nodes on the system clock.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';
import { until } from './helpers.js';
import { describeKubectl, servedForKubectl, kubectlWith } from './kubectl-env.js';

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: { name: hello, labels: { app: hello } }
spec:
  terminationGracePeriodSeconds: 1
  containers: [{ name: app, image: busybox:1.36, command: [sh, -c, 'echo hello from podkit; sleep 3600'] }]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: app, image: busybox:1.36, command: [sh, -c, 'echo up; sleep 3600'] }]
---
apiVersion: batch/v1
kind: Job
metadata: { name: pi }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: pi, image: busybox:1.36, command: [sh, -c, 'echo 3.14159'] }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: agent, image: busybox:1.36, command: [sleep, '3600'] }]
`;

describeKubectl('kubectl against podkit (serveKubeApi defaults: HTTPS, token, generated CA)', () => {
  let cluster: Cluster;
  let api: KubeApiServer;
  let kubectl: ReturnType<typeof kubectlWith>['kubectl'];
  let spawnKubectl: ReturnType<typeof kubectlWith>['spawnKubectl'];
  const served = servedForKubectl('podkit-kubectl-');
  const { file, ok, dir } = served;

  beforeAll(async () => {
    const clock = new SystemClock();
    ({ cluster, api, kubectl, spawnKubectl } = await served.start(createCluster({ clock, nodes: ['node-1', 'node-2'].map((name) => ({ name, runtime: new FakeRuntime({ clock }) })) })));
    const applied = await ok(['apply', '-f', file('all.yaml', MANIFESTS)]);
    expect(applied.trim().split('\n')).toEqual(['pod/hello created', 'replicaset.apps/web created', 'job.batch/pi created', 'daemonset.apps/agent created']);
  });
  afterAll(() => served.stop());

  it('uses HTTPS with the CA in the kubeconfig and a bearer token', () => {
    expect(api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(api.kubeconfig()).toContain('certificate-authority-data:');
    expect(api.kubeconfig()).toContain(`token: ${api.token}`);
    expect(api.kubeconfig()).toContain('current-context: podkit');
  });

  it('lists the API resources with short names (kubectl api-resources)', async () => {
    const out = await ok(['api-resources']);
    expect(out).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(out).toMatch(/^replicasets\s+rs\s+apps\/v1\s+true\s+ReplicaSet$/m);
    expect(out).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(out).toMatch(/^jobs\s+batch\/v1\s+true\s+Job$/m);
  });

  it('re-applies the same file as unchanged, and a changed one as configured (client-side apply, strategic merge patch)', async () => {
    const path = join(dir, 'all.yaml');
    expect((await ok(['apply', '-f', path])).trim().split('\n')).toEqual(['pod/hello unchanged', 'replicaset.apps/web unchanged', 'job.batch/pi unchanged', 'daemonset.apps/agent unchanged']);
    const changed = file('changed.yaml', MANIFESTS.replace('replicas: 2', 'replicas: 3'));
    expect(await ok(['apply', '-f', changed])).toContain('replicaset.apps/web configured');
    await until('3 web pods', () => (cluster.list('Pod', { labelSelector: 'app=web' }).length === 3 ? true : undefined), 20_000);
    await ok(['apply', '-f', path]);
  });

  it('waits for a condition (kubectl wait --for=condition=Ready)', async () => {
    expect(await ok(['wait', '--for=condition=Ready', 'pod/hello', '--timeout=30s'])).toBe('pod/hello condition met\n');
  });

  it('prints pods like a real cluster: get pods, -o wide, -o jsonpath, -o yaml', async () => {
    await until('pods running', () => (cluster.list('Pod', { labelSelector: 'app in (web,hello,agent)' }).filter((p) => p.status?.phase === 'Running').length >= 5 ? true : undefined), 20_000);
    const table = await ok(['get', 'pods', '-l', 'app=hello']);
    expect(table).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nhello\s+1\/1\s+Running\s+0\s+\d+s\n$/);
    const wide = await ok(['get', 'pods', 'hello', '-o', 'wide']);
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/);
    expect(wide).toMatch(/hello\s+1\/1\s+Running\s+0\s+\d+s\s+10\.244\.\d+\.\d+\s+node-\d\s+<none>\s+<none>/);
    expect(await ok(['get', 'pod', 'hello', '-o', 'jsonpath={.status.phase} {.spec.containers[0].image}'])).toBe('Running busybox:1.36');
    const yaml = await ok(['get', 'pod', 'hello', '-o', 'yaml']);
    expect(yaml).toContain('kind: Pod');
    expect(yaml).toContain('kubectl.kubernetes.io/last-applied-configuration');
  });

  it('shows every kind in kubectl get all', async () => {
    await until('job complete', () => (cluster.get('Job', 'pi').status?.succeeded === 1 ? true : undefined), 20_000);
    const out = await ok(['get', 'all']);
    expect(out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(out).toMatch(/^pod\/hello\s+1\/1\s+Running/m);
    expect(out).toMatch(/^daemonset\.apps\/agent\s+2\s+2\s+2\s+2\s+2\s+<none>/m);
    expect(out).toMatch(/^replicaset\.apps\/web\s+2\s+2\s+2\s+/m);
    expect(out).toMatch(/^job\.batch\/pi\s+Complete\s+1\/1\s+/m);
  });

  it('describes a pod with its conditions and Events', async () => {
    const out = await ok(['describe', 'pod', 'hello']);
    expect(out).toMatch(/^Name:\s+hello$/m);
    expect(out).toMatch(/^Status:\s+Running$/m);
    expect(out).toMatch(/^\s+Ready\s+True\s*$/m);
    expect(out).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/hello to node-\d/);
    expect(out).toMatch(/Normal\s+Started\s+\S+\s+kubelet\s+Started container app/);
  });

  it('reads logs, follows them, and execs a command with its exit code', async () => {
    expect(await ok(['logs', 'hello'])).toBe('hello from podkit\n');
    expect(await ok(['logs', 'job/pi'])).toBe('3.14159\n');
    const follow = spawnKubectl(['logs', '-f', 'hello']);
    let followed = '';
    follow.stdout?.on('data', (c: Buffer) => (followed += c.toString()));
    await until('followed line', () => (followed.includes('hello from podkit') ? true : undefined));
    expect(follow.exitCode).toBeNull(); // still following
    follow.kill();
    const r = await kubectl(['exec', 'hello', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(r).toMatchObject({ code: 3, stdout: 'out\n' });
    expect(r.stderr).toContain('err\n');
    expect(r.stderr).toContain('command terminated with exit code 3');
    expect(await ok(['exec', 'hello', '-c', 'app', '--', 'echo', 'fine'])).toBe('fine\n');
  });

  it('scales a ReplicaSet (kubectl scale) and watches pods (kubectl get -w)', async () => {
    const watch = spawnKubectl(['get', 'pods', '-l', 'app=web', '-w']);
    let seen = '';
    watch.stdout?.on('data', (c: Buffer) => (seen += c.toString()));
    await until('watch header', () => (seen.includes('NAME') ? true : undefined));
    expect(await ok(['scale', 'rs', 'web', '--replicas=4'])).toBe('replicaset.apps/web scaled\n');
    await until('4 pods', () => (cluster.list('Pod', { labelSelector: 'app=web' }).length === 4 ? true : undefined), 20_000);
    await until('new pods in the watch', () => (seen.trim().split('\n').filter((l) => l.startsWith('web-')).length >= 4 ? true : undefined), 20_000);
    watch.kill();
    expect(seen.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  });

  it('lists events like a real cluster (kubectl get events)', async () => {
    const out = await ok(['get', 'events', '--field-selector', 'involvedObject.name=hello']);
    expect(out.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(out).toMatch(/Normal\s+Scheduled\s+pod\/hello\s+Successfully assigned default\/hello to node-\d/);
  });

  it('rejects an invalid manifest with the API server message shape', async () => {
    const r = await kubectl(['apply', '-f', file('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: [{name: app}]\n')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Pod "x" is invalid: spec.containers[0].image: Required value');
  });

  it('rejects unknown fields as kubectl expects from strict field validation, with the did-you-mean hint', async () => {
    const r = await kubectl(['apply', '-f', file('typo.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: typo}\nspec:\n  containers: [{name: app, image: busybox:1.36, imagePullPolcy: Always}]\n')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.containers[0].imagePullPolcy"');
    expect(cluster.tryGet('Pod', 'typo')).toBeUndefined();
  });

  it('runs server-side dry runs (kubectl apply/delete --dry-run=server)', async () => {
    const path = file('dry.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: dry-pod}\nspec:\n  containers: [{name: app, image: busybox:1.36}]\n');
    expect(await ok(['apply', '--dry-run=server', '-f', path])).toBe('pod/dry-pod created (server dry run)\n');
    expect(cluster.tryGet('Pod', 'dry-pod')).toBeUndefined();
    expect(await ok(['delete', 'pod', 'hello', '--dry-run=server'])).toBe('pod "hello" deleted (server dry run)\n');
    expect(cluster.get('Pod', 'hello').metadata.deletionTimestamp).toBeUndefined();
  });

  it('applies on the server (kubectl apply --server-side)', async () => {
    const path = file('ssa.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: ssa-pod}\nspec:\n  containers: [{name: app, image: busybox:1.36, command: [sleep, "3600"]}]\n');
    expect(await ok(['apply', '--server-side', '-f', path])).toBe('pod/ssa-pod serverside-applied\n');
    expect(await ok(['apply', '--server-side', '-f', path])).toBe('pod/ssa-pod serverside-applied\n');
    expect(cluster.get('Pod', 'ssa-pod').spec.containers[0]?.image).toBe('busybox:1.36');
  });

  it('deletes with cascade: background removes the pods, orphan keeps them', async () => {
    expect(await ok(['delete', 'rs', 'web', '--cascade=orphan'])).toBe('replicaset.apps "web" deleted\n');
    expect(cluster.list('Pod', { labelSelector: 'app=web' }).filter((p) => p.metadata.deletionTimestamp === undefined).length).toBe(4);
    expect(await ok(['delete', 'ds', 'agent', '--wait=true', '--timeout=60s'])).toBe('daemonset.apps "agent" deleted\n');
    await until('agent pods gone', () => (cluster.list('Pod', { labelSelector: 'app=agent' }).length === 0 ? true : undefined), 30_000);
    expect(await ok(['delete', 'pod', '-l', 'app=web', '--wait=true', '--timeout=60s'])).toMatch(/pod "web-\w+" deleted/);
    const gone = await kubectl(['get', 'rs', 'web']);
    expect(gone.stderr).toContain('Error from server (NotFound): replicasets.apps "web" not found');
  });
});
