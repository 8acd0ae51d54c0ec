// Real kubectl 1.32 against serveKubeApi for Deployments: get, apply -f, scale, rollout status /
// history / undo / pause / resume / restart (§O), on two FakeRuntime nodes and the system clock.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';
import { until } from './helpers.js';
import { describeKubectl, kubectlWith, type KubectlResult } from './kubectl-env.js';

const manifest = (image: string, replicas = 3): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, annotations: { kubernetes.io/change-cause: "image ${image}" } }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: app, image: ${image}, command: [sleep, '3600'] }]
`;

describeKubectl('kubectl against podkit: Deployments', () => {
  let cluster: Cluster;
  let api: KubeApiServer;
  let kubectl: ReturnType<typeof kubectlWith>['kubectl'];
  const dir = mkdtempSync(join(tmpdir(), 'podkit-kubectl-deploy-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ok = async (args: string[], timeoutMs = 60_000): Promise<string> => {
    const r: KubectlResult = await kubectl(args, { timeoutMs });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const images = (): string[] => cluster.list('Pod', { labelSelector: 'app=web' }).filter((p) => p.metadata.deletionTimestamp === undefined).map((p) => p.spec.containers[0]?.image ?? '').sort();

  beforeAll(async () => {
    const clock = new SystemClock();
    cluster = createCluster({ clock, nodes: ['node-1', 'node-2'].map((name) => ({ name, runtime: new FakeRuntime({ clock }) })) });
    api = await serveKubeApi(cluster);
    const kubeconfig = join(dir, 'kubeconfig');
    await api.writeKubeconfig(kubeconfig);
    ({ kubectl } = kubectlWith(kubeconfig));
    expect(await ok(['apply', '-f', file('v1.yaml', manifest('busybox:1.36'))])).toBe('deployment.apps/web created\n');
  });
  afterAll(async () => {
    await api?.close();
    await cluster?.close();
  });

  it('serves deployments with short name deploy in category all (kubectl api-resources)', async () => {
    expect(await ok(['api-resources', '--api-group=apps'])).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  });

  it('rollout status waits for the rollout; get deploy prints the kubectl table (§O.9, §O.10)', async () => {
    expect(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('deployment "web" successfully rolled out');
    expect(await ok(['get', 'deploy'])).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+\d+s\n$/);
    const wide = await ok(['get', 'deploy', 'web', '-o', 'wide']);
    expect(wide).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\nweb\s+3\/3\s+3\s+3\s+\d+s\s+app\s+busybox:1\.36\s+app=web\n$/);
    expect(await ok(['get', 'all'])).toMatch(/deployment\.apps\/web\s+3\/3/);
  });

  it('apply -f of a new image rolls out; rollout history lists the revisions with their change-cause (§O.7)', async () => {
    expect(await ok(['apply', '-f', file('v2.yaml', manifest('busybox:1.37'))])).toBe('deployment.apps/web configured\n');
    expect(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
    await until('v2 pods', () => (images().join() === 'busybox:1.37,busybox:1.37,busybox:1.37' ? true : undefined), 30_000);
    const history = await ok(['rollout', 'history', 'deployment/web']);
    expect(history).toMatch(/^deployment\.apps\/web \nREVISION\s+CHANGE-CAUSE\n1\s+image busybox:1\.36\n2\s+image busybox:1\.37\n/);
    expect(await ok(['rollout', 'history', 'deployment/web', '--revision=1'])).toContain('busybox:1.36');
  });

  it('rollout undo sets the previous template back: the old ReplicaSet scales up with revision 3 (§O.7)', async () => {
    expect(await ok(['rollout', 'undo', 'deployment/web'])).toBe('deployment.apps/web rolled back\n');
    expect(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
    await until('v1 pods again', () => (images().join() === 'busybox:1.36,busybox:1.36,busybox:1.36' ? true : undefined), 30_000);
    const rss = cluster.list('ReplicaSet');
    expect(rss).toHaveLength(2);
    const v1 = rss.find((r) => r.spec.template.spec.containers[0]?.image === 'busybox:1.36');
    expect(v1?.spec.replicas).toBe(3);
    expect(v1?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
    expect(v1?.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(await ok(['rollout', 'history', 'deployment/web'])).toMatch(/\n2\s+image busybox:1\.37\n3\s+image busybox:1\.36\n/);
  });

  it('scale deploy changes spec.replicas through the scale subresource (§O.6)', async () => {
    expect(await ok(['scale', 'deploy', 'web', '--replicas=5'])).toBe('deployment.apps/web scaled\n');
    expect(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
    await until('5 pods', () => (images().length === 5 ? true : undefined), 30_000);
    expect(await ok(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.status.availableReplicas}'])).toBe('5 5');
  });

  it('rollout pause / resume set spec.paused; a paused Deployment does not roll out (§O.6, §O.8)', async () => {
    expect(await ok(['rollout', 'pause', 'deployment/web'])).toBe('deployment.apps/web paused\n');
    await until('paused condition', () => (cluster.get('Deployment', 'web').status?.conditions?.some((c) => c.reason === 'DeploymentPaused') === true ? true : undefined), 20_000);
    expect(await ok(['apply', '-f', file('v3.yaml', manifest('busybox:1.38', 5))])).toBe('deployment.apps/web configured\n');
    await new Promise((r) => setTimeout(r, 300));
    expect(cluster.list('ReplicaSet')).toHaveLength(2);
    expect(await ok(['rollout', 'resume', 'deployment/web'])).toBe('deployment.apps/web resumed\n');
    expect(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
    await until('v3 pods', () => (images().every((i) => i === 'busybox:1.38') && images().length === 5 ? true : undefined), 30_000);
  });

  it('rollout restart patches a template annotation and rolls out a new ReplicaSet (§O.2)', async () => {
    const before = cluster.list('ReplicaSet').length;
    expect(await ok(['rollout', 'restart', 'deployment/web'])).toBe('deployment.apps/web restarted\n');
    expect(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s'])).toContain('successfully rolled out');
    const d = cluster.get('Deployment', 'web');
    expect(d.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(cluster.list('ReplicaSet').length).toBe(before + 1);
  });
});
