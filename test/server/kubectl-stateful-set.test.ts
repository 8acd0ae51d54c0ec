// Real kubectl 1.32 against serveKubeApi for StatefulSets (docs/reference/kubernetes-rules.md
// §P.4, §P.6, §P.9): apply -f, get sts (and -o wide), get controllerrevisions, scale sts,
// rollout status sts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import type { KubeApiServer } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';
import { until } from './helpers.js';
import { describeKubectl, servedForKubectl, kubectlWith } from './kubectl-env.js';

const STS = (image: string, partition = 0): string => `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: web
  replicas: 3
  updateStrategy: { type: RollingUpdate, rollingUpdate: { partition: ${partition} } }
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: app, image: ${image}, command: [sh, -c, 'sleep 3600'] }]
`;

describeKubectl('kubectl and StatefulSets', () => {
  let cluster: Cluster;
  let api: KubeApiServer;
  let kubectl: ReturnType<typeof kubectlWith>['kubectl'];
  const served = servedForKubectl('podkit-kubectl-sts-');
  const { file, ok } = served;
  const readyPods = (): number => cluster.list('Pod', { labelSelector: 'app=web' }).filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.phase === 'Running').length;

  beforeAll(async () => {
    const clock = new SystemClock();
    ({ cluster, api, kubectl } = await served.start(createCluster({ clock, nodes: ['node-1', 'node-2'].map((name) => ({ name, runtime: new FakeRuntime({ clock }) })) })));
  });
  afterAll(() => served.stop());

  it('§P.9 applies a StatefulSet and prints it (kubectl apply -f, get sts, get sts -o wide, api-resources)', async () => {
    expect(await ok(['apply', '-f', file('sts.yaml', STS('busybox:1.36'))])).toBe('statefulset.apps/web created\n');
    expect(await ok(['api-resources', '--api-group=apps'])).toMatch(/^statefulsets\s+sts\s+apps\/v1\s+true\s+StatefulSet$/m);
    await until('3 ready', () => (cluster.get('StatefulSet', 'web').status?.readyReplicas === 3 ? true : undefined), 30_000);
    expect(await ok(['get', 'sts'])).toMatch(/^NAME\s+READY\s+AGE\nweb\s+3\/3\s+\d+s\n$/);
    expect(await ok(['get', 'statefulset', 'web', '-o', 'wide'])).toMatch(/^NAME\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\nweb\s+3\/3\s+\d+s\s+app\s+busybox:1\.36\n$/);
    expect(await ok(['get', 'pods', '-o', 'name'])).toBe('pod/web-0\npod/web-1\npod/web-2\n');
    expect(await ok(['get', 'controllerrevisions'])).toMatch(/^NAME\s+CONTROLLER\s+REVISION\s+AGE\nweb-\w+\s+statefulset\.apps\/web\s+1\s+\d+s\n$/);
  });

  it('§P.6 waits for a rollout (kubectl rollout status sts) after a template change', async () => {
    expect(await ok(['apply', '-f', file('sts2.yaml', STS('busybox:1.37'))])).toBe('statefulset.apps/web configured\n');
    const out = await ok(['rollout', 'status', 'sts/web', '--timeout=60s']);
    expect(out.trim().split('\n').pop()).toBe('partitioned roll out complete: 3 new pods have been updated...');
    expect(cluster.list('Pod').map((p) => p.spec.containers[0]?.image)).toEqual(['busybox:1.37', 'busybox:1.37', 'busybox:1.37']);
  });

  it('§P.4 scales down through the scale subresource (kubectl scale sts)', async () => {
    expect(await ok(['scale', 'sts', 'web', '--replicas=1'])).toBe('statefulset.apps/web scaled\n');
    await until('1 pod', () => (cluster.list('Pod').length === 1 && readyPods() === 1 ? true : undefined), 30_000);
    expect(cluster.list('Pod').map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(await ok(['get', 'sts', 'web', '-o', 'jsonpath={.spec.replicas} {.status.replicas}'])).toBe('1 1');
  });

  it('§P.8 §P.9 creates claims from volumeClaimTemplates (kubectl get pvc)', async () => {
    const db = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  serviceName: db
  replicas: 1
  selector: { matchLabels: { app: db } }
  volumeClaimTemplates:
  - metadata: { name: data }
    spec: { accessModes: [ReadWriteOnce], storageClassName: standard, resources: { requests: { storage: 1Gi } } }
  template:
    metadata: { labels: { app: db } }
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{ name: app, image: busybox:1.36, command: [sh, -c, 'sleep 3600'], volumeMounts: [{ name: data, mountPath: /data }] }]
`;
    expect(await ok(['apply', '-f', file('db.yaml', db)])).toBe('statefulset.apps/db created\n');
    await until('db-0 running', () => (cluster.tryGet('Pod', 'db-0')?.status?.phase === 'Running' ? true : undefined), 30_000);
    expect(await ok(['get', 'pvc'])).toMatch(/^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\ndata-db-0\s+Pending\s+standard\s+<unset>\s+\d+s\n$/);
    expect(await ok(['get', 'pod', 'db-0', '-o', 'jsonpath={.spec.volumes[0].persistentVolumeClaim.claimName}'])).toBe('data-db-0');
  });
});
