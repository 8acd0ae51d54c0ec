// @kubernetes/client-node (the TypeScript client operators are written with) against
// serveKubeApi on its defaults: typed CRUD, Watch, and an informer that stays in sync while a
// node fails and its pods are replaced.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import { serveKubeApi, type KubeApiServer } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';
import { until } from './helpers.js';

let cluster: Cluster;
let api: KubeApiServer;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  const clock = new SystemClock();
  cluster = createCluster({
    clock,
    nodes: ['node-1', 'node-2'].map((name) => ({ name, runtime: new FakeRuntime({ clock }) })),
    // Short node-failure timings so a lost node is noticed within the test (pods tolerate it 1 s).
    heartbeatInterval: '500ms',
    controllers: { nodeLifecycle: { monitorPeriod: '500ms', gracePeriod: '2s' } },
  });
  api = await serveKubeApi(cluster);
  kc = new k8s.KubeConfig();
  kc.loadFromString(api.kubeconfig());
});
afterAll(async () => {
  await api?.close();
  await cluster?.close();
});

const podBody = (name: string): k8s.V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'cn' } },
  spec: {
    terminationGracePeriodSeconds: 0,
    tolerations: ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'].map((key) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 1 })),
    containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'] }],
  },
});

describe('@kubernetes/client-node', () => {
  it('creates, reads, lists, patches and deletes pods with CoreV1Api', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const created = await core.createNamespacedPod({ namespace: 'default', body: podBody('cn-1') });
    expect(created.metadata?.uid).toEqual(expect.any(String));
    const read = await core.readNamespacedPod({ name: 'cn-1', namespace: 'default' });
    expect(read.spec?.containers[0]?.image).toBe('busybox:1.36');
    const list = await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn' });
    expect(list.items.map((p) => p.metadata?.name)).toEqual(['cn-1']);
    const patched = await core.patchNamespacedPod({ name: 'cn-1', namespace: 'default', body: { metadata: { labels: { extra: 'yes' } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    expect(patched.metadata?.labels).toEqual({ app: 'cn', extra: 'yes' });
    await core.deleteNamespacedPod({ name: 'cn-1', namespace: 'default' });
    await until('cn-1 gone', () => (cluster.tryGet('Pod', 'cn-1') === undefined ? true : undefined));
    await expect(core.readNamespacedPod({ name: 'cn-1', namespace: 'default' })).rejects.toMatchObject({ code: 404 });
  });

  it('reads nodes and manages ReplicaSets with AppsV1Api', async () => {
    const nodes = await kc.makeApiClient(k8s.CoreV1Api).listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toEqual(['node-1', 'node-2']);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedReplicaSet({
      namespace: 'default',
      body: { metadata: { name: 'cn-rs' }, spec: { replicas: 2, selector: { matchLabels: { app: 'cn-rs' } }, template: { metadata: { labels: { app: 'cn-rs' } }, spec: podBody('x').spec! } } },
    });
    await until('2 ready', async () => ((await apps.readNamespacedReplicaSet({ name: 'cn-rs', namespace: 'default' })).status?.readyReplicas === 2 ? true : undefined), 20_000);
    const scale = await apps.readNamespacedReplicaSetScale({ name: 'cn-rs', namespace: 'default' });
    expect(scale.spec?.replicas).toBe(2);
    await apps.replaceNamespacedReplicaSetScale({ name: 'cn-rs', namespace: 'default', body: { ...scale, spec: { replicas: 1 } } });
    await until('1 pod', () => (cluster.list('Pod', { labelSelector: 'app=cn-rs' }).filter((p) => p.metadata.deletionTimestamp === undefined).length === 1 ? true : undefined), 20_000);
    await expect(apps.createNamespacedReplicaSet({ namespace: 'default', body: { metadata: { name: 'cn-rs' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: podBody('x').spec! } } } })).rejects.toMatchObject({ code: 409 });
  });

  it('watches pods with Watch', async () => {
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const req = await watch.watch('/api/v1/namespaces/default/pods', { labelSelector: 'app=watched' }, (type, obj: k8s.V1Pod) => seen.push(`${type} ${obj.metadata?.name}`), () => undefined);
    await kc.makeApiClient(k8s.CoreV1Api).createNamespacedPod({ namespace: 'default', body: { ...podBody('w-1'), metadata: { name: 'w-1', labels: { app: 'watched' } } } });
    await until('ADDED', () => (seen.includes('ADDED w-1') ? true : undefined));
    await until('MODIFIED', () => (seen.includes('MODIFIED w-1') ? true : undefined));
    req.abort();
  });

  it('keeps an informer in sync through a node failure and the replacement of its pods', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedReplicaSet({
      namespace: 'default',
      body: { metadata: { name: 'inf' }, spec: { replicas: 4, selector: { matchLabels: { app: 'inf' } }, template: { metadata: { labels: { app: 'inf' } }, spec: podBody('x').spec! } } },
    });
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=inf' }), 'app=inf');
    await informer.start();
    const running = (): k8s.V1Pod[] => informer.list('default').filter((p) => p.status?.phase === 'Running' && p.metadata?.deletionTimestamp === undefined);
    await until('4 running in the informer', () => (running().length === 4 ? true : undefined), 20_000);
    const victims = running().filter((p) => p.spec?.nodeName === 'node-1').map((p) => p.metadata?.name);
    expect(victims.length).toBeGreaterThan(0);
    await cluster.stopNode('node-1');
    await until('replacements on node-2, informer equal to the store', () => {
      const live = cluster.list('Pod', { labelSelector: 'app=inf' });
      const fromInformer = new Map(informer.list('default').map((p) => [p.metadata?.name, p.metadata?.resourceVersion]));
      const same = live.length === fromInformer.size && live.every((p) => fromInformer.get(p.metadata.name) === p.metadata.resourceVersion);
      const onNode2 = running().filter((p) => p.spec?.nodeName === 'node-2').length;
      return same && onNode2 >= 4 ? true : undefined;
    }, 40_000);
    await informer.stop();
  }, 60_000);
});
