// Real kubectl 1.32 commands whose typed clients send Kubernetes protobuf bodies
// (`application/vnd.kubernetes.protobuf`: kubectl create namespace/job/deployment/cronjob), and the
// ones around them that send JSON with kubectl's own quirks (kubectl run's `"creationTimestamp":
// null`, drain's evictions, cordon's strategic merge patch), against serveKubeApi on its defaults
// with two FakeRuntime nodes on the system clock (§W.1, §W.5, §W.6).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import type { KubeApiServer } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';
import { until } from './helpers.js';
import { describeKubectl, servedForKubectl, kubectlWith } from './kubectl-env.js';

describeKubectl('kubectl commands that send protobuf bodies', () => {
  let cluster: Cluster;
  let api: KubeApiServer;
  let kubectl: ReturnType<typeof kubectlWith>['kubectl'];
  const served = servedForKubectl('podkit-kubectl-pb-');
  const { ok } = served;

  beforeAll(async () => {
    const clock = new SystemClock();
    ({ cluster, api, kubectl } = await served.start(createCluster({ clock, nodes: ['node-1', 'node-2'].map((name) => ({ name, runtime: new FakeRuntime({ clock }) })) })));
  });
  afterAll(() => served.stop());

  it('creates a namespace (kubectl create namespace: a protobuf Namespace)', async () => {
    expect(await ok(['create', 'namespace', 'team-a'])).toBe('namespace/team-a created\n');
    expect(await ok(['get', 'namespace', 'team-a', '-o', 'jsonpath={.status.phase}'])).toBe('Active');
    const again = await kubectl(['create', 'namespace', 'team-a']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('Error from server (AlreadyExists): namespaces "team-a" already exists');
  });

  it('runs a pod (kubectl run, JSON with "creationTimestamp": null) and shows it Running', async () => {
    expect(await ok(['run', 'p', '--image=busybox:1.36', '--', 'sleep', '1000'])).toBe('pod/p created\n');
    expect(await ok(['run', 'q', '-n', 'team-a', '--image=busybox:1.36', '--labels=app=q', '--env=A=b', '--port=8080', '--', 'sleep', '1000'])).toBe('pod/q created\n');
    await until('p and q running', () => (cluster.tryGet('Pod', 'p')?.status?.phase === 'Running' && cluster.tryGet('Pod', 'q', 'team-a')?.status?.phase === 'Running' ? true : undefined), 20_000);
    expect(await ok(['get', 'pod', 'p'])).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\np\s+1\/1\s+Running\s+0\s+\d+s\n$/);
    const q = cluster.get('Pod', 'q', 'team-a');
    expect(q.metadata.labels).toEqual({ app: 'q' });
    expect(q.spec.containers[0]).toMatchObject({ name: 'q', image: 'busybox:1.36', args: ['sleep', '1000'], env: [{ name: 'A', value: 'b' }], ports: [{ containerPort: 8080 }] });
  });

  it('creates a job (kubectl create job: a protobuf Job) that runs to completion', async () => {
    expect(await ok(['create', 'job', 'j', '--image=busybox:1.36', '--', 'true'])).toBe('job.batch/j created\n');
    await until('job j complete', () => (cluster.tryGet('Job', 'j')?.status?.succeeded === 1 ? true : undefined), 20_000);
    expect(await ok(['get', 'job', 'j'])).toMatch(/^j\s+Complete\s+1\/1\s+/m);
    expect(cluster.get('Job', 'j').spec.template.spec.restartPolicy).toBe('Never');
  });

  it('creates a deployment (kubectl create deployment: a protobuf Deployment), 0 replicas kept as 0', async () => {
    expect(await ok(['create', 'deployment', 'web', '--image=busybox:1.36', '--replicas=2', '--port=8080', '--', 'sleep', '1000'])).toBe('deployment.apps/web created\n');
    expect(await ok(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.metadata.labels.app} {.spec.template.spec.containers[0].ports[0].containerPort} {.spec.template.spec.containers[0].command}'])).toBe('2 web web 8080 ["sleep","1000"]');
    expect(await ok(['create', 'deployment', 'idle', '--image=busybox:1.36', '--replicas=0'])).toBe('deployment.apps/idle created\n');
    expect(await ok(['get', 'deployment', 'idle', '-o', 'jsonpath={.spec.replicas}'])).toBe('0');
  });

  it('creates a cronjob (kubectl create cronjob: a protobuf CronJob)', async () => {
    expect(await ok(['create', 'cronjob', 'cj', '--image=busybox:1.36', '--schedule=*/5 * * * *', '--', 'true'])).toBe('cronjob.batch/cj created\n');
    expect(await ok(['get', 'cronjob', 'cj', '-o', 'jsonpath={.spec.schedule} {.spec.jobTemplate.spec.template.spec.restartPolicy}'])).toBe('*/5 * * * * OnFailure');
  });

  it('creates a job from the cronjob (kubectl create job --from: a protobuf Job with an owner reference)', async () => {
    expect(await ok(['create', 'job', 'manual', '--from=cronjob/cj'])).toBe('job.batch/manual created\n');
    const job = cluster.get('Job', 'manual');
    expect(job.metadata.annotations?.['cronjob.kubernetes.io/instantiate']).toBe('manual');
    const cj = cluster.get('CronJob', 'cj');
    expect(job.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: cj.metadata.uid, controller: true }]);
    await until('job manual complete', () => (cluster.tryGet('Job', 'manual')?.status?.succeeded === 1 ? true : undefined), 20_000);
  });

  it('cordons and uncordons a node (a strategic merge patch)', async () => {
    expect(await ok(['cordon', 'node-2'])).toBe('node/node-2 cordoned\n');
    expect(cluster.get('Node', 'node-2').spec?.unschedulable).toBe(true);
    expect(await ok(['uncordon', 'node-2'])).toBe('node/node-2 uncordoned\n');
    expect(cluster.get('Node', 'node-2').spec?.unschedulable).toBeFalsy();
  });

  it('deletes what it created (kubectl delete)', async () => {
    expect(await ok(['delete', 'job', 'j'])).toBe('job.batch "j" deleted\n');
    expect(await ok(['delete', 'pod', 'q', '-n', 'team-a', '--grace-period=1'])).toBe('pod "q" deleted\n');
    expect(await ok(['delete', 'namespace', 'team-a', '--timeout=30s'])).toBe('namespace "team-a" deleted\n');
    await until('j and team-a gone', () => (cluster.tryGet('Job', 'j') === undefined && cluster.tryGet('Pod', 'q', 'team-a') === undefined ? true : undefined), 20_000);
    const r = await kubectl(['get', 'namespace', 'team-a']);
    expect(r.stderr).toContain('Error from server (NotFound): namespaces "team-a" not found');
  });

  it('explains a field (kubectl explain over OpenAPI v3: no empty schema breaks its templates)', async () => {
    const out = await ok(['explain', 'pods.spec.containers']);
    expect(out).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n\nFIELD: containers <\[\]Object>\n/);
    expect(out).toMatch(/^ {2}image\t<string>$/m);
    expect(out).toMatch(/^ {2}name\t<string> -required-$/m);
    expect(out).toMatch(/^ {2}securityContext\t<Object>$/m); // kept verbatim by podkit: free-form in the schema
    expect(await ok(['explain', 'pods.spec.containers.image'])).toMatch(/^FIELD: image <string>$/m);
  });

  it('drains a node (kubectl drain --ignore-daemonsets --force: cordon, then evictions)', async () => {
    const node = cluster.get('Pod', 'p').spec.nodeName as string; // the node of the unmanaged pod p (hence --force)
    const running = (): string[] => cluster.list('Pod').filter((p) => p.spec.nodeName === node && p.metadata.deletionTimestamp === undefined && p.status?.phase === 'Running').map((p) => p.metadata.name ?? '');
    const before = running();
    expect(before).toContain('p');
    const r = await kubectl(['drain', node, '--ignore-daemonsets', '--force', '--grace-period=0', '--timeout=60s']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`node/${node} cordoned`);
    expect(r.stdout).toContain(`node/${node} drained`);
    for (const name of before) expect(r.stdout).toContain(`pod/${name} evicted`);
    expect(cluster.get('Node', node).spec?.unschedulable).toBe(true);
    await until(`${node} empty`, () => (cluster.list('Pod').some((p) => p.spec.nodeName === node && p.status?.phase === 'Running') ? undefined : true), 20_000);
    expect(cluster.tryGet('Pod', 'p')).toBeUndefined();
    await ok(['uncordon', node]);
  });
});
