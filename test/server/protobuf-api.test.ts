// Kubernetes protobuf request bodies through the API server (create, update, the eviction,
// binding and scale subresources, DeleteOptions), answered in JSON, and malformed protobuf
// answered with a 400 BadRequest Status (§W.5). Bodies are encoded with protobufjs from the
// upstream generated.proto files, or are kubectl's captured bodies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from 'podkit';
import type { KubeApiServer } from 'podkit/server';
import { call, startApi, until } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'protobuf');
const PROTOBUF = 'application/vnd.kubernetes.protobuf';

// Upstream's messages (the descriptor scripts/protobuf-fixtures.mjs derives from generated.proto).
const root = (() => {
  const r = protobuf.Root.fromJSON(JSON.parse(readFileSync(join(FIXTURES, 'descriptor.json'), 'utf8')) as protobuf.INamespace);
  r.resolveAll();
  return r;
})();

/** `k8s\0` + runtime.Unknown around a protobufjs-encoded message (protobufjs' own object shape). */
function body(typeName: string, apiVersion: string, kind: string, message: Record<string, unknown>): Buffer {
  const type = root.lookupType(typeName);
  const Unknown = root.lookupType('k8s.io.apimachinery.pkg.runtime.Unknown');
  const raw = type.encode(type.fromObject(message)).finish();
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Unknown.encode(Unknown.fromObject({ typeMeta: { apiVersion, kind }, raw })).finish()]);
}

const podProto = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, labels: { app: 'pb' } },
  spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], resources: { limits: { memory: { string: '64Mi' } } } }], ...extra },
});

describe('protobuf request bodies through the API server (§W.1 to §W.5)', () => {
  let cluster: Cluster;
  let api: KubeApiServer;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ cluster, api, close } = await startApi({ nodes: 2 }));
  });
  afterAll(async () => close?.());

  const send = (method: string, path: string, data: Buffer, headers: Record<string, string> = {}) => call(api, method, path, { body: data, contentType: PROTOBUF, headers: { Accept: `${PROTOBUF}, application/json`, ...headers } });

  it('creates a Pod from protobuf and answers in JSON (kubectl accepts JSON answers)', async () => {
    const r = await send('POST', '/api/v1/namespaces/default/pods', body('k8s.io.api.core.v1.Pod', 'v1', 'Pod', podProto('pb-1')));
    expect(r.status).toBe(201);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'pb-1', namespace: 'default', labels: { app: 'pb' } } });
    expect(r.json.spec.containers[0].resources).toEqual({ limits: { memory: '64Mi' }, requests: { memory: '64Mi' } }); // requests defaulted from limits
    expect(r.json.spec.terminationGracePeriodSeconds).toBe(1);
    await until('pb-1 running', () => (cluster.get('Pod', 'pb-1').status?.phase === 'Running' ? true : undefined));
  });

  it('creates the Namespace kubectl create namespace sends (captured body)', async () => {
    const r = await send('POST', '/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict', readFileSync(join(FIXTURES, 'kubectl-create-namespace.bin')));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'Namespace', metadata: { name: 'capns' }, status: { phase: 'Active' } });
  });

  it('creates the Job kubectl create job sends (captured body), which then runs to completion', async () => {
    const r = await send('POST', '/apis/batch/v1/namespaces/default/jobs?fieldManager=kubectl-create&fieldValidation=Strict', readFileSync(join(FIXTURES, 'kubectl-create-job.bin')));
    expect(r.status).toBe(201);
    expect(r.json.spec.template.spec.containers[0]).toMatchObject({ name: 'j', image: 'busybox:1.36', command: ['true'] });
    await until('job j complete', () => (cluster.get('Job', 'j').status?.succeeded === 1 ? true : undefined), 20_000);
  });

  it('updates (PUT) from protobuf, checking the resourceVersion (409 Conflict when stale)', async () => {
    const current = await call(api, 'GET', '/api/v1/namespaces/default/pods/pb-1');
    const rv = current.json.metadata.resourceVersion as string;
    const next = podProto('pb-1');
    const updated = await send('PUT', '/api/v1/namespaces/default/pods/pb-1', body('k8s.io.api.core.v1.Pod', 'v1', 'Pod', { ...next, metadata: { ...next.metadata, resourceVersion: rv, labels: { app: 'pb', extra: 'yes' } }, spec: current.json.spec === undefined ? next.spec : toProtoSpec(current.json.spec) }));
    expect(updated.status).toBe(200);
    expect(updated.json.metadata.labels).toEqual({ app: 'pb', extra: 'yes' });
    const stale = await send('PUT', '/api/v1/namespaces/default/pods/pb-1', body('k8s.io.api.core.v1.Pod', 'v1', 'Pod', { ...next, metadata: { ...next.metadata, resourceVersion: rv }, spec: toProtoSpec(current.json.spec) }));
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ kind: 'Status', reason: 'Conflict' });
  });

  it('scales through the scale subresource with a protobuf autoscaling/v1 Scale (0 replicas kept)', async () => {
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'pb-rs' }, spec: { replicas: 1, selector: { matchLabels: { app: 'pb-rs' } }, template: { metadata: { labels: { app: 'pb-rs' } }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.36' }] } } } };
    expect((await call(api, 'POST', '/apis/apps/v1/namespaces/default/replicasets', { body: rs })).status).toBe(201);
    const r = await send('PUT', '/apis/apps/v1/namespaces/default/replicasets/pb-rs/scale', body('k8s.io.api.autoscaling.v1.Scale', 'autoscaling/v1', 'Scale', { metadata: { name: 'pb-rs', namespace: 'default' }, spec: { replicas: 0 } }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ kind: 'Scale', spec: { replicas: 0 } });
    expect(cluster.get('ReplicaSet', 'pb-rs').spec.replicas).toBe(0);
  });

  it('binds a pod with a protobuf Binding (pods/binding)', async () => {
    const pod = podProto('pb-bind', { schedulerName: 'nobody' });
    expect((await send('POST', '/api/v1/namespaces/default/pods', body('k8s.io.api.core.v1.Pod', 'v1', 'Pod', pod))).status).toBe(201);
    const r = await send('POST', '/api/v1/namespaces/default/pods/pb-bind/binding', body('k8s.io.api.core.v1.Binding', 'v1', 'Binding', { metadata: { name: 'pb-bind' }, target: { kind: 'Node', name: 'node-2' } }));
    expect(r.status).toBe(201);
    expect(cluster.get('Pod', 'pb-bind').spec.nodeName).toBe('node-2');
  });

  it('evicts a pod with a protobuf policy/v1 Eviction (its gracePeriodSeconds honoured)', async () => {
    const r = await send('POST', '/api/v1/namespaces/default/pods/pb-1/eviction', body('k8s.io.api.policy.v1.Eviction', 'policy/v1', 'Eviction', { metadata: { name: 'pb-1', namespace: 'default' }, deleteOptions: { gracePeriodSeconds: 0 } }));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ kind: 'Status', status: 'Success' });
    await until('pb-1 gone', () => (cluster.tryGet('Pod', 'pb-1') === undefined ? true : undefined));
  });

  it('deletes with protobuf DeleteOptions in the body (client-go typed clients)', async () => {
    const r = await send('DELETE', '/api/v1/namespaces/default/pods/pb-bind', body('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions', 'v1', 'DeleteOptions', { gracePeriodSeconds: 0, propagationPolicy: 'Background' }));
    expect(r.status).toBe(200);
    await until('pb-bind gone', () => (cluster.tryGet('Pod', 'pb-bind') === undefined ? true : undefined));
  });

  it('reports fields podkit does not model as Warning headers', async () => {
    const r = await send('POST', '/api/v1/namespaces/default/pods', body('k8s.io.api.core.v1.Pod', 'v1', 'Pod', podProto('pb-warn', { volumes: [{ name: 'v', volumeSource: { gitRepo: { repository: 'https://example.com/r.git' } } }] })));
    expect(r.status).toBe(201);
    expect(r.headers['warning']).toBe('299 - "spec.volumes[0].gitRepo: not decoded from protobuf by podkit (dropped); send the object as JSON to keep it"');
  });

  it('answers malformed protobuf with 400 BadRequest, never a 500 or a hang (§W.5)', async () => {
    const good = body('k8s.io.api.core.v1.Pod', 'v1', 'Pod', podProto('pb-bad'));
    for (const bad of [good.subarray(0, good.length - 10), Buffer.from('k8s\0\x0a\xff'), Buffer.from('{"kind":"Pod"}'), Buffer.alloc(0)]) {
      const r = await send('POST', '/api/v1/namespaces/default/pods', bad);
      expect(r.status, bad.toString('hex')).toBe(400);
      expect(r.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    }
    expect(cluster.tryGet('Pod', 'pb-bad')).toBeUndefined();
  });

  it('answers a protobuf body of a kind podkit does not decode with 415, and a kind that does not match the URL with 400', async () => {
    const cm = body('k8s.io.api.core.v1.ConfigMap', 'v1', 'ConfigMap', { metadata: { name: 'x' } });
    const r = await send('POST', '/api/v1/namespaces/default/pods', cm);
    expect(r.status).toBe(415);
    expect(r.json).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType' });
    const job = body('k8s.io.api.batch.v1.Job', 'batch/v1', 'Job', { metadata: { name: 'x' } });
    const mismatch = await send('POST', '/api/v1/namespaces/default/pods', job);
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.message).toContain('does not match the expected API version (v1) or kind (Job) is not Pod');
  });

  it('takes JSON with null fields as Go does (kubectl run sends "creationTimestamp": null)', async () => {
    const r = await call(api, 'POST', '/api/v1/namespaces/default/pods?fieldManager=kubectl-run', {
      body: '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"run-1","creationTimestamp":null,"labels":{"run":"run-1"}},"spec":{"containers":[{"name":"run-1","image":"busybox:1.36","args":["sleep","1000"],"resources":{}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"},"status":{}}',
    });
    expect(r.status).toBe(201);
    expect(typeof r.json.metadata.creationTimestamp).toBe('string');
  });
});

/** A JSON PodSpec back into protobufjs' shape (only what the pods above use). */
function toProtoSpec(spec: any): Record<string, unknown> {
  return {
    ...spec,
    containers: spec.containers.map((c: any) => ({ ...c, resources: Object.fromEntries(Object.entries(c.resources ?? {}).map(([kind, list]) => [kind, Object.fromEntries(Object.entries(list as object).map(([k, v]) => [k, { string: v }]))])) })),
  };
}
