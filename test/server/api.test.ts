// The Kubernetes REST API of a podkit cluster, over plain HTTP with a token (TLS is tested in
// tls.test.ts): discovery, CRUD with upstream Status errors, list semantics, patches, watches,
// Tables, deletion, scale, namespaces and events. Each rule cites kube-apiserver behaviour.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPodTable, type Cluster, type Pod } from 'podkit';
import type { KubeApiServer } from 'podkit/server';
import { call, openWatch, podManifest, startApi, until } from './helpers.js';

let cluster: Cluster;
let api: KubeApiServer;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ cluster, api, close } = await startApi());
});
afterAll(async () => close());

const pods = '/api/v1/namespaces/default/pods';

describe('authentication', () => {
  it('answers /version, /healthz, /readyz and /livez without a token', async () => {
    const v = await call(api, 'GET', '/version', { token: null });
    expect(v.status).toBe(200);
    expect(v.json).toMatchObject({ major: '1', minor: '32' });
    for (const p of ['/healthz', '/readyz', '/livez']) expect((await call(api, 'GET', p, { token: null })).text).toBe('ok');
  });

  it('refuses every other request without the bearer token, or with a wrong one, with a 401 Unauthorized Status', async () => {
    for (const token of [null, 'wrong', `${api.token}x`]) {
      const r = await call(api, 'GET', '/api/v1/pods', { token });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    }
  });
});

describe('discovery (legacy APIResourceList, as kubectl falls back to)', () => {
  it('serves /api, /apis and each group version with verbs, short names, categories and subresources', async () => {
    expect((await call(api, 'GET', '/api')).json).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call(api, 'GET', '/apis')).json;
    expect(groups.groups.map((g: any) => g.name)).toEqual(expect.arrayContaining(['apps', 'batch']));
    const core = (await call(api, 'GET', '/api/v1')).json;
    const byName = new Map(core.resources.map((r: any) => [r.name, r]));
    expect(byName.get('pods')).toMatchObject({ kind: 'Pod', namespaced: true, singularName: 'pod', shortNames: ['po'], categories: ['all'], verbs: expect.arrayContaining(['create', 'watch', 'deletecollection']) });
    expect(byName.get('nodes')).toMatchObject({ namespaced: false, shortNames: ['no'] });
    expect(byName.get('namespaces')).toMatchObject({ namespaced: false, shortNames: ['ns'] });
    expect(byName.get('events')).toMatchObject({ shortNames: ['ev'] });
    for (const sub of ['pods/status', 'pods/log', 'pods/exec']) expect(byName.has(sub)).toBe(true);
    const apps = (await call(api, 'GET', '/apis/apps/v1')).json;
    expect(apps.resources.find((r: any) => r.name === 'replicasets/scale')).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1' });
    expect(apps.resources.find((r: any) => r.name === 'daemonsets')).toMatchObject({ shortNames: ['ds'] });
    expect((await call(api, 'GET', '/apis/batch/v1')).json.resources.map((r: any) => r.name)).toContain('jobs');
    // Lease (coordination.k8s.io/v1): namespaced, no short names, no subresources
    expect(groups.groups.find((g: any) => g.name === 'coordination.k8s.io')).toEqual({ name: 'coordination.k8s.io', versions: [{ groupVersion: 'coordination.k8s.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'coordination.k8s.io/v1', version: 'v1' } });
    expect((await call(api, 'GET', '/apis/coordination.k8s.io/v1')).json.resources).toEqual([{ name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease', verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }]);
  });

  it('answers an unknown path with 404 NotFound and a wrong method with 405', async () => {
    expect((await call(api, 'GET', '/api/v1/widgets')).json).toMatchObject({ reason: 'NotFound', code: 404 });
    expect((await call(api, 'GET', '/apis/nope/v1')).status).toBe(404);
    expect((await call(api, 'PUT', `${pods}`, { body: {} })).json).toMatchObject({ reason: 'MethodNotAllowed', code: 405 });
  });

  it('serves OpenAPI v3 with the fieldValidation parameter on PATCH (so kubectl validates on the server)', async () => {
    const root = (await call(api, 'GET', '/openapi/v3')).json;
    expect(Object.keys(root.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/batch/v1']));
    const doc = (await call(api, 'GET', root.paths['api/v1'].serverRelativeURL)).json;
    const patch = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(patch.parameters.map((p: any) => p.name)).toContain('fieldValidation');
    const schema = doc.components.schemas['io.podkit.api.core.v1.Pod'];
    expect(schema['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
  });
});

describe('create, get, update (registry/generic + Status errors)', () => {
  it('creates a pod (201), defaults it as the API server does, and gets it back', async () => {
    const r = await call(api, 'POST', pods, { body: podManifest('crud-1') });
    expect(r.status).toBe(201);
    expect(r.json.metadata).toMatchObject({ name: 'crud-1', namespace: 'default', uid: expect.any(String), resourceVersion: expect.any(String) });
    expect(r.json.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
    expect((await call(api, 'GET', `${pods}/crud-1`)).json.metadata.uid).toBe(r.json.metadata.uid);
  });

  it('answers a second create of the same name with 409 AlreadyExists', async () => {
    await call(api, 'POST', pods, { body: podManifest('crud-dup') });
    const r = await call(api, 'POST', pods, { body: podManifest('crud-dup') });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', details: { name: 'crud-dup', kind: 'pods' } });
    expect(r.json.message).toBe('pods "crud-dup" already exists');
  });

  it('answers an invalid object with 422 Invalid and one cause per field path (field.ErrorList → StatusCause)', async () => {
    const bad = podManifest('bad-1');
    delete bad.spec.containers[0].image;
    const r = await call(api, 'POST', pods, { body: bad });
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ reason: 'Invalid', details: { name: 'bad-1', kind: 'Pod', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' }] } });
    expect(r.json.message).toBe('Pod "bad-1" is invalid: spec.containers[0].image: Required value');
    expect((await call(api, 'GET', `${pods}/bad-1`)).status).toBe(404);
  });

  it('answers a missing object with 404 NotFound in upstream words', async () => {
    const r = await call(api, 'GET', `${pods}/nope`);
    expect(r.json).toMatchObject({ reason: 'NotFound', code: 404, message: 'pods "nope" not found', details: { name: 'nope', kind: 'pods' } });
  });

  it('rejects a body whose namespace differs from the URL, or whose kind is wrong, with 400 BadRequest', async () => {
    const other = { ...podManifest('ns-mismatch'), metadata: { name: 'ns-mismatch', namespace: 'kube-system' } };
    expect((await call(api, 'POST', pods, { body: other })).json).toMatchObject({ reason: 'BadRequest', message: 'the namespace of the provided object does not match the namespace sent on the request' });
    expect((await call(api, 'POST', pods, { body: { ...podManifest('k'), kind: 'Node' } })).json.reason).toBe('BadRequest');
    expect((await call(api, 'POST', pods, { body: '{not json' })).json.reason).toBe('BadRequest');
  });

  it('accepts YAML bodies and refuses other media types with 415', async () => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: {name: from-yaml}\nspec: {containers: [{name: app, image: busybox}]}\n';
    expect((await call(api, 'POST', pods, { body: yaml, contentType: 'application/yaml' })).status).toBe(201);
    // (Kubernetes protobuf is accepted since: see test/server/protobuf-api.test.ts.)
    const r = await call(api, 'POST', pods, { body: '<pod/>', contentType: 'application/xml' });
    expect(r.json).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
  });

  it('applies fieldValidation to unknown fields: Strict is a 400 strict decoding error, Warn (the default) a Warning header, Ignore drops them', async () => {
    const typo = (name: string) => {
      const p = podManifest(name);
      p.spec.containers[0].imagePullPolcy = 'Always';
      return p;
    };
    const strict = await call(api, 'POST', `${pods}?fieldValidation=Strict`, { body: typo('fv-strict') });
    expect(strict.json).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(strict.json.message).toBe('Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagePullPolcy"; did you mean "imagePullPolicy"?');
    expect(cluster.tryGet('Pod', 'fv-strict')).toBeUndefined();
    const warn = await call(api, 'POST', pods, { body: typo('fv-warn') });
    expect(warn.status).toBe(201);
    expect(warn.headers['warning']).toBe('299 - "unknown field \\"spec.containers[0].imagePullPolcy\\"; did you mean \\"imagePullPolicy\\"?"');
    const ignore = await call(api, 'POST', `${pods}?fieldValidation=Ignore`, { body: typo('fv-ignore') });
    expect(ignore.status).toBe(201);
    expect(ignore.headers['warning']).toBeUndefined();
    const patched = await call(api, 'PATCH', `${pods}/fv-ignore?fieldValidation=Strict`, { body: { spec: { bogus: 1 } }, contentType: 'application/merge-patch+json' });
    expect(patched.json.message).toContain('strict decoding error: unknown field "spec.bogus"');
    expect((await call(api, 'POST', `${pods}?fieldValidation=Loose`, { body: podManifest('fv-bad') })).json.code).toBe(400);
  });

  it('runs writes as dry runs with dryRun=All: checked and answered as they would be stored, nothing written', async () => {
    const created = await call(api, 'POST', `${pods}?dryRun=All`, { body: podManifest('dry-1') });
    expect(created.status).toBe(201);
    expect(created.json.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
    expect(cluster.tryGet('Pod', 'dry-1')).toBeUndefined();
    const bad = podManifest('dry-bad');
    delete bad.spec.containers[0].image;
    expect((await call(api, 'POST', `${pods}?dryRun=All`, { body: bad })).json).toMatchObject({ code: 422, reason: 'Invalid' });
    await call(api, 'POST', pods, { body: podManifest('dry-2', {}, { v: '1' }) });
    const patched = await call(api, 'PATCH', `${pods}/dry-2?dryRun=All`, { body: { metadata: { labels: { v: '2' } } }, contentType: 'application/merge-patch+json' });
    expect(patched.json.metadata.labels).toEqual({ v: '2' });
    expect((await call(api, 'DELETE', `${pods}/dry-2?dryRun=All&gracePeriodSeconds=0`)).status).toBe(200);
    expect(cluster.get('Pod', 'dry-2').metadata.labels).toEqual({ v: '1' });
    expect((await call(api, 'POST', `${pods}?dryRun=Some`, { body: podManifest('dry-3') })).json.code).toBe(400);
    expect(cluster.tryGet('Pod', 'dry-3')).toBeUndefined();
  });

  it('answers an update with a stale resourceVersion with 409 Conflict and writes nothing', async () => {
    await call(api, 'POST', pods, { body: podManifest('crud-rv') });
    await until('running', () => (cluster.tryGet('Pod', 'crud-rv')?.status?.phase === 'Running' ? true : undefined));
    const read = (await call(api, 'GET', `${pods}/crud-rv`)).json;
    const first = await call(api, 'PUT', `${pods}/crud-rv`, { body: { ...read, metadata: { ...read.metadata, labels: { a: '1' } } } });
    expect(first.status).toBe(200);
    const stale = await call(api, 'PUT', `${pods}/crud-rv`, { body: { ...read, metadata: { ...read.metadata, labels: { a: '2' } } } });
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
    expect(stale.json.message).toContain('the object has been modified; please apply your changes to the latest version and try again');
    expect((await call(api, 'GET', `${pods}/crud-rv`)).json.metadata.labels).toEqual({ a: '1' });
  });

  it('refuses a body over the size limit with 413 and nothing is created', async () => {
    const small = await startApi({ maxRequestBytes: 1024 });
    try {
      const big = podManifest('big', {}, { note: 'x'.repeat(2000) });
      const r = await call(small.api, 'POST', pods, { body: big });
      expect(r.status).toBe(413);
      expect(r.json.reason).toBe('RequestEntityTooLarge');
      expect(small.cluster.tryGet('Pod', 'big')).toBeUndefined();
    } finally {
      await small.close();
    }
  });
});

describe('list (limit/continue, selectors, resourceVersion)', () => {
  beforeAll(async () => {
    for (const [name, tier] of [['list-c', 'db'], ['list-a', 'web'], ['list-b', 'web']] as const) await call(api, 'POST', pods, { body: podManifest(name, {}, { tier }) });
  });

  it('lists in name order with the list resourceVersion, and filters by label and field selectors', async () => {
    const all = (await call(api, 'GET', `${pods}?labelSelector=${encodeURIComponent('tier in (web,db)')}`)).json;
    expect(all.kind).toBe('PodList');
    expect(all.items.map((p: Pod) => p.metadata.name)).toEqual(['list-a', 'list-b', 'list-c']);
    expect(Number(all.metadata.resourceVersion)).toBeGreaterThan(0);
    const web = (await call(api, 'GET', `${pods}?labelSelector=tier%3Dweb&fieldSelector=metadata.name!%3Dlist-a`)).json;
    expect(web.items.map((p: Pod) => p.metadata.name)).toEqual(['list-b']);
    await until('pods bound', () => (cluster.list('Pod', { labelSelector: 'tier' }).every((p) => p.spec.nodeName !== undefined) ? true : undefined));
    const bound = (await call(api, 'GET', `/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&labelSelector=tier`)).json;
    expect(bound.items).toHaveLength(3);
  });

  it('pages with limit and continue, with remainingItemCount (ListMeta)', async () => {
    const page1 = (await call(api, 'GET', `${pods}?labelSelector=tier&limit=2`)).json;
    expect(page1.items.map((p: Pod) => p.metadata.name)).toEqual(['list-a', 'list-b']);
    expect(page1.metadata).toMatchObject({ remainingItemCount: 1, continue: expect.any(String) });
    const page2 = (await call(api, 'GET', `${pods}?labelSelector=tier&limit=2&continue=${page1.metadata.continue}`)).json;
    expect(page2.items.map((p: Pod) => p.metadata.name)).toEqual(['list-c']);
    expect(page2.metadata.continue).toBeUndefined();
    expect((await call(api, 'GET', `${pods}?continue=garbage!`)).json.reason).toBe('BadRequest');
  });

  it('answers a bad selector with 400, a too-large resourceVersion with 504 Timeout and an old Exact one with 410 Expired', async () => {
    expect((await call(api, 'GET', `${pods}?fieldSelector=spec.image%3Dx`)).json).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect((await call(api, 'GET', `${pods}?labelSelector=%3D%3D`)).json.code).toBe(400);
    const rv = Number((await call(api, 'GET', pods)).json.metadata.resourceVersion);
    expect((await call(api, 'GET', `${pods}?resourceVersion=${rv + 1000}`)).json).toMatchObject({ code: 504, reason: 'Timeout' });
    expect((await call(api, 'GET', `${pods}?resourceVersion=1&resourceVersionMatch=Exact`)).json).toMatchObject({ code: 410, reason: 'Expired' });
    expect((await call(api, 'GET', `${pods}?resourceVersion=0`)).status).toBe(200);
  });

  it('serves a meta.k8s.io/v1 Table with the columns and cells kubectl prints (server-side printing)', async () => {
    const r = await call(api, 'GET', `${pods}?labelSelector=tier`, { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    expect(r.headers['content-type']).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    expect(r.json.columnDefinitions.map((c: any) => [c.name, c.priority])).toEqual([
      ['Name', 0], ['Ready', 0], ['Status', 0], ['Restarts', 0], ['Age', 0], ['IP', 1], ['Node', 1], ['Nominated Node', 1], ['Readiness Gates', 1],
    ]);
    const listed = cluster.list('Pod', { labelSelector: 'tier' }).slice().sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    const text = formatPodTable(listed, cluster.clock.now()).split('\n').slice(1).filter((l) => l !== '').map((l) => l.split(/\s{2,}/));
    expect(r.json.rows.map((row: any) => row.cells.slice(0, 5))).toEqual(text);
    expect(r.json.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'list-a' } });
  });
});

describe('patch', () => {
  it('applies a JSON merge patch, a JSON patch and a strategic merge patch (containers merged by name)', async () => {
    await call(api, 'POST', pods, { body: podManifest('patch-1') });
    const merge = await call(api, 'PATCH', `${pods}/patch-1`, { body: { metadata: { labels: { x: '1' } } }, contentType: 'application/merge-patch+json' });
    expect(merge.json.metadata.labels).toEqual({ x: '1' });
    const json = await call(api, 'PATCH', `${pods}/patch-1`, { body: [{ op: 'add', path: '/metadata/annotations', value: { note: 'y' } }], contentType: 'application/json-patch+json' });
    expect(json.json.metadata.annotations).toEqual({ note: 'y' });
    const smp = await call(api, 'PATCH', `${pods}/patch-1`, { body: { spec: { containers: [{ name: 'app', image: 'busybox:1.37' }] } }, contentType: 'application/strategic-merge-patch+json' });
    expect(smp.status).toBe(200);
    expect(smp.json.spec.containers).toHaveLength(1);
    expect(smp.json.spec.containers[0]).toMatchObject({ name: 'app', image: 'busybox:1.37', command: ['sh', '-c', 'echo hi; sleep 3600'] });
  });

  it('answers a failed JSON patch test with 422, a forbidden pod change with 422 and an unknown patch type with 415', async () => {
    const failed = await call(api, 'PATCH', `${pods}/patch-1`, { body: [{ op: 'test', path: '/metadata/name', value: 'other' }], contentType: 'application/json-patch+json' });
    expect(failed.status).toBe(422);
    const forbidden = await call(api, 'PATCH', `${pods}/patch-1`, { body: { spec: { restartPolicy: 'Never' } }, contentType: 'application/merge-patch+json' });
    expect(forbidden.status).toBe(422);
    expect(forbidden.json.details.causes[0]).toMatchObject({ field: 'spec', reason: 'FieldValueForbidden' });
    expect((await call(api, 'PATCH', `${pods}/patch-1`, { body: {}, contentType: 'text/plain' })).status).toBe(415);
    expect((await call(api, 'PATCH', `${pods}/patch-1`, { body: { metadata: { name: 'renamed' } }, contentType: 'application/merge-patch+json' })).status).toBe(422);
  });

  it('server-side apply creates, then conflicts on a field another manager owns (409 with FieldManagerConflict causes) unless forced', async () => {
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'ssa' }, spec: { replicas: 1, selector: { matchLabels: { app: 'ssa' } }, template: { metadata: { labels: { app: 'ssa' } }, spec: { containers: [{ name: 'a', image: 'busybox', command: ['sleep', '3600'] }] } } } };
    const url = '/apis/apps/v1/namespaces/default/replicasets/ssa';
    const apply = (manager: string, body: unknown, force = false) => call(api, 'PATCH', `${url}?fieldManager=${manager}${force ? '&force=true' : ''}`, { body: JSON.stringify(body), contentType: 'application/apply-patch+yaml' });
    expect((await apply('alice', rs)).status).toBe(201);
    expect((await apply('alice', { ...rs, spec: { ...rs.spec, replicas: 2 } })).json.spec.replicas).toBe(2);
    const conflict = await apply('bob', { ...rs, spec: { ...rs.spec, replicas: 3 } });
    expect(conflict.status).toBe(409);
    expect(conflict.json).toMatchObject({ reason: 'Conflict', details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }] } });
    expect(conflict.json.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect((await apply('bob', { ...rs, spec: { ...rs.spec, replicas: 3 } }, true)).json.spec.replicas).toBe(3);
    // alice no longer owns replicas: her next apply without it leaves bob's value.
    const { replicas: _r, ...withoutReplicas } = rs.spec;
    expect((await apply('alice', { ...rs, spec: withoutReplicas })).json.spec.replicas).toBe(3);
    expect((await call(api, 'PATCH', url, { body: JSON.stringify(rs), contentType: 'application/apply-patch+yaml' })).json).toMatchObject({ code: 422, message: expect.stringContaining('fieldManager: Required value') });
  });
});

describe('watch', () => {
  it('streams ADDED/MODIFIED/DELETED from a resourceVersion, in order, as newline-delimited WatchEvents', async () => {
    const rv = (await call(api, 'GET', pods)).json.metadata.resourceVersion;
    const w = openWatch(api, `${pods}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Dwatched`);
    expect(await w.status).toBe(200);
    await call(api, 'POST', pods, { body: podManifest('watched') });
    await call(api, 'DELETE', `${pods}/watched?gracePeriodSeconds=0`);
    await until('DELETED', () => (w.events.some((e) => e.type === 'DELETED') ? true : undefined));
    w.stop();
    const types = w.events.map((e) => e.type);
    expect(types[0]).toBe('ADDED');
    expect(types.at(-1)).toBe('DELETED');
    const rvs = w.events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
  });

  it('starts without a resourceVersion with an ADDED per object, ends at timeoutSeconds, and sends bookmarks when allowed', async () => {
    const quick = await startApi({ bookmarkIntervalMs: 100 });
    try {
      await call(quick.api, 'POST', pods, { body: podManifest('w1') });
      const w = openWatch(quick.api, `${pods}?watch=1&timeoutSeconds=1&allowWatchBookmarks=true`);
      await w.ended;
      expect(w.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w1' } } });
      expect(w.events.some((e) => e.type === 'BOOKMARK' && e.object.kind === 'Pod' && typeof e.object.metadata.resourceVersion === 'string')).toBe(true);
    } finally {
      await quick.close();
    }
  });

  it('answers a resourceVersion older than the watch history with an ERROR event carrying 410 Expired (the watch cache\'s errWatcher), so informers relist', async () => {
    const small = await startApi();
    try {
      // MemoryStore keeps 10 000 events: push the history past resourceVersion 1.
      for (let i = 0; i < 10_050; i++) small.cluster.store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: `n-${i}` } } as never);
      const w = openWatch(small.api, `${pods}?watch=true&resourceVersion=1`);
      await w.ended;
      expect(await w.status).toBe(200);
      expect(w.events).toEqual([{ type: 'ERROR', object: expect.objectContaining({ kind: 'Status', reason: 'Expired', code: 410 }) }]);
    } finally {
      await small.close();
    }
  });

  it('streams Tables for kubectl get -w: column definitions in the first event only', async () => {
    const rv = (await call(api, 'GET', pods)).json.metadata.resourceVersion;
    const w = openWatch(api, `${pods}?watch=true&resourceVersion=${rv}`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    await call(api, 'POST', pods, { body: podManifest('table-watch') });
    await until('two events', () => (w.events.length >= 2 ? true : undefined));
    w.stop();
    expect(w.events[0].object).toMatchObject({ kind: 'Table', columnDefinitions: expect.arrayContaining([expect.objectContaining({ name: 'Name' })]) });
    expect(w.events[0].object.rows[0].cells[0]).toBe('table-watch');
    expect(w.events[1].object.columnDefinitions).toEqual([]);
  });
});

describe('delete', () => {
  const rsUrl = '/apis/apps/v1/namespaces/default/replicasets';
  const rs = (name: string, replicas: number) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'a', image: 'busybox', command: ['sleep', '3600'] }] } } } });

  it('deletes a pod gracefully (deletionTimestamp, 200 with the object) or at once with gracePeriodSeconds=0', async () => {
    await call(api, 'POST', pods, { body: podManifest('del-1') });
    await until('running', () => (cluster.tryGet('Pod', 'del-1')?.status?.phase === 'Running' ? true : undefined));
    const graceful = await call(api, 'DELETE', `${pods}/del-1`);
    expect(graceful.status).toBe(200);
    expect(graceful.json.metadata.deletionTimestamp).toEqual(expect.any(String));
    await call(api, 'POST', pods, { body: podManifest('del-2') });
    const now = await call(api, 'DELETE', `${pods}/del-2`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 } });
    expect(now.status).toBe(200);
    expect(cluster.tryGet('Pod', 'del-2')).toBeUndefined();
    expect((await call(api, 'DELETE', `${pods}/del-2`)).json.reason).toBe('NotFound');
  });

  it('cascades per propagationPolicy: Background deletes the pods, Orphan keeps them without an owner', async () => {
    for (const name of ['bg', 'orphan']) {
      await call(api, 'POST', rsUrl, { body: rs(name, 2) });
      await until(`${name} pods`, () => (cluster.list('Pod', { labelSelector: `app=${name}` }).length === 2 ? true : undefined));
    }
    await call(api, 'DELETE', `${rsUrl}/bg?propagationPolicy=Background`);
    await call(api, 'DELETE', `${rsUrl}/orphan`, { body: { propagationPolicy: 'Orphan' } });
    await until('bg pods gone', () => (cluster.list('Pod', { labelSelector: 'app=bg' }).every((p) => p.metadata.deletionTimestamp !== undefined) ? true : undefined));
    const orphans = cluster.list('Pod', { labelSelector: 'app=orphan' });
    expect(orphans).toHaveLength(2);
    expect(orphans.every((p) => (p.metadata.ownerReferences ?? []).length === 0)).toBe(true);
    expect((await call(api, 'DELETE', `${rsUrl}/x?propagationPolicy=Sideways`)).json.reason).toBe('BadRequest');
  });

  it('honours preconditions and deletes a collection by label', async () => {
    const p = (await call(api, 'POST', pods, { body: podManifest('pre-1', {}, { batch: 'dc' }) })).json;
    const stale = await call(api, 'DELETE', `${pods}/pre-1`, { body: { preconditions: { uid: 'not-the-uid' } } });
    expect(stale.json.reason).toBe('Conflict');
    await call(api, 'POST', pods, { body: podManifest('pre-2', {}, { batch: 'dc' }) });
    const r = await call(api, 'DELETE', `${pods}?labelSelector=batch%3Ddc&gracePeriodSeconds=0`);
    expect(r.json.kind).toBe('PodList');
    expect(r.json.items.map((o: Pod) => o.metadata.name).sort()).toEqual(['pre-1', 'pre-2']);
    expect(cluster.list('Pod', { labelSelector: 'batch=dc' })).toHaveLength(0);
    expect(p.metadata.uid).toEqual(expect.any(String));
  });
});

describe('subresources', () => {
  it('reads and writes replicas through replicasets/scale (autoscaling/v1 Scale), with a stale resourceVersion a 409', async () => {
    const url = '/apis/apps/v1/namespaces/default/replicasets';
    await call(api, 'POST', url, { body: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'scaled' }, spec: { replicas: 1, selector: { matchLabels: { app: 'scaled' } }, template: { metadata: { labels: { app: 'scaled' } }, spec: { containers: [{ name: 'a', image: 'busybox' }] } } } } });
    const scale = (await call(api, 'GET', `${url}/scaled/scale`)).json;
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { selector: 'app=scaled' } });
    const patched = await call(api, 'PATCH', `${url}/scaled/scale`, { body: { spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
    expect(patched.json.spec.replicas).toBe(3);
    expect(cluster.get('ReplicaSet', 'scaled').spec.replicas).toBe(3);
    const stale = await call(api, 'PUT', `${url}/scaled/scale`, { body: { ...scale, spec: { replicas: 5 } } });
    expect(stale.json.reason).toBe('Conflict');
    expect((await call(api, 'PATCH', `${url}/scaled/scale`, { body: { spec: { replicas: -1 } }, contentType: 'application/merge-patch+json' })).json.code).toBe(422);
  });

  it('writes only the status through pods/status, and answers pods/exec without an upgrade with 400', async () => {
    await call(api, 'POST', pods, { body: podManifest('status-1', { nodeName: 'nowhere' }) });
    const p = (await call(api, 'GET', `${pods}/status-1`)).json;
    const r = await call(api, 'PUT', `${pods}/status-1/status`, { body: { ...p, metadata: { ...p.metadata, labels: { ignored: 'yes' } }, status: { phase: 'Pending', message: 'from the API' } } });
    expect(r.status).toBe(200);
    expect(r.json.metadata.labels).toEqual({});
    expect(r.json.status.message).toBe('from the API');
    expect((await call(api, 'GET', `${pods}/status-1/exec?command=ls`)).json).toMatchObject({ code: 400, message: 'Upgrade request required' });
  });

  it('serves pods/log with tailLines and timestamps, and 400 for a container that is not in the pod', async () => {
    await call(api, 'POST', pods, { body: podManifest('logs-1', { containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'echo one; echo two; sleep 3600'] }] }) });
    await until('two lines', async () => ((await call(api, 'GET', `${pods}/logs-1/log`)).text === 'one\ntwo\n' ? true : undefined));
    expect((await call(api, 'GET', `${pods}/logs-1/log?tailLines=1`)).text).toBe('two\n');
    expect((await call(api, 'GET', `${pods}/logs-1/log?timestamps=true`)).text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n/);
    const bad = await call(api, 'GET', `${pods}/logs-1/log?container=nope`);
    expect(bad.json).toMatchObject({ code: 400, message: 'container nope is not valid for pod logs-1: choose one of: [app]' });
  });
});

describe('namespaces and events', () => {
  it('lists the four initial namespaces and namespaces in use, creates one and refuses objects in a missing one (NamespaceLifecycle)', async () => {
    const names = (await call(api, 'GET', '/api/v1/namespaces')).json.items.map((n: any) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-node-lease', 'kube-public', 'kube-system']));
    const missing = await call(api, 'POST', '/api/v1/namespaces/nope/pods', { body: podManifest('x') });
    expect(missing.json).toMatchObject({ code: 404, message: 'namespaces "nope" not found' });
    const ns = await call(api, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } } });
    expect(ns.json).toMatchObject({ status: { phase: 'Active' }, metadata: { labels: { 'kubernetes.io/metadata.name': 'team-a' } } });
    expect((await call(api, 'POST', '/api/v1/namespaces/team-a/pods', { body: podManifest('in-a') })).status).toBe(201);
    cluster.store.create({ ...podManifest('embedded'), metadata: { name: 'embedded', namespace: 'made-by-code' } });
    expect((await call(api, 'GET', '/api/v1/namespaces/made-by-code')).json.status.phase).toBe('Active');
  });

  it('deletes a namespace with everything in it, and refuses to delete default (403 Forbidden)', async () => {
    await call(api, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } } });
    await call(api, 'POST', '/api/v1/namespaces/doomed/pods', { body: podManifest('victim', { terminationGracePeriodSeconds: 0 }) });
    const r = await call(api, 'DELETE', '/api/v1/namespaces/doomed');
    expect(r.json.status.phase).toBe('Terminating');
    await until('namespace gone', async () => ((await call(api, 'GET', '/api/v1/namespaces/doomed')).status === 404 ? true : undefined));
    expect(cluster.list('Pod', { namespace: 'doomed' })).toHaveLength(0);
    expect((await call(api, 'DELETE', '/api/v1/namespaces/default')).json).toMatchObject({ code: 403, reason: 'Forbidden' });
  });

  it("serves the cluster's Events with involvedObject field selectors, read-only", async () => {
    await call(api, 'POST', pods, { body: podManifest('ev-1') });
    const found = await until('events of ev-1', async () => {
      const list = (await call(api, 'GET', '/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dev-1,involvedObject.kind%3DPod')).json;
      return list.items.some((e: any) => e.reason === 'Started') ? list : undefined;
    });
    expect(found.kind).toBe('EventList');
    expect(found.items.every((e: any) => e.involvedObject.name === 'ev-1')).toBe(true);
    expect(found.items[0].metadata).toMatchObject({ resourceVersion: expect.any(String), uid: expect.any(String) });
    expect((await call(api, 'POST', '/api/v1/namespaces/default/events', { body: { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' } } })).json.code).toBe(405);
  });
});
