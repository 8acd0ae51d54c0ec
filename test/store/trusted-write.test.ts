// The trusted write path (§M.3): a pod created with its owner's stored template spec skips the
// schema parse of that spec; every object from outside is still parsed and validated on every
// entry path, and nothing outside the store can make an object trusted.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCluster, createCronJobController, EventRecorder, MemoryStore, parseManifests, type Pod, type ReplicaSet } from 'podkit';
import * as podkit from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import type { KubeApiServer } from 'podkit/server';
import { PodSchema, PodSpecSchema } from '../../src/model/pod.js';
import { JobSchema, JobSpecSchema } from '../../src/model/workloads.js';
import { jobFromCronJobTemplate } from '../../src/planners/cron-job/job-from-template.js';
import type { CronJob } from '../../src/model/cron-job.js';
import { isValidatedBy } from '../../src/store/validated.js';
import { withStoredSpec, withTemplateSpec } from '../../src/controllers/workloads/pod-writes.js';
import { expandTemplate } from '../../src/planners/template.js';
import { call, startApi } from '../server/helpers.js';

const rsManifest = (name = 'web'): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, namespace: 'default' },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } },
  },
});

function storeWithRs(): { store: MemoryStore; rs: ReplicaSet } {
  const store = new MemoryStore({ clock: new VirtualClock() });
  const rs = store.create(rsManifest());
  return { store, rs };
}

/** A pod whose spec has a wrongly typed field (containers[0].image must be a string). */
const badSpec = { containers: [{ name: 'app', image: 42 }] } as unknown as Pod['spec'];
const badPod = (name = 'bad'): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: badSpec });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('§M.3 the trusted path: a pod from a stored template reuses the validated spec', () => {
  it('§M.3 a pod created with spec === the stored template spec is not parsed again (the Pod and PodSpec schemas are not run)', () => {
    const { store, rs } = storeWithRs();
    expect(isValidatedBy(PodSpecSchema, rs.spec.template.spec)).toBe(true);
    const pod = PodSchema.safeParse.bind(PodSchema);
    const whole = vi.spyOn(PodSchema, 'safeParse').mockImplementation((v) => pod(v));
    const spec = vi.spyOn(PodSpecSchema, 'safeParse');
    const created = store.create({ ...expandTemplate(rs.spec.template, rs), spec: rs.spec.template.spec });
    expect(whole).not.toHaveBeenCalled();
    expect(spec).not.toHaveBeenCalled();
    expect(created.spec.containers[0]?.image).toBe('busybox:1.36');
    // The same pod with a copied spec takes the full parse, and is stored the same.
    const copied = store.create(expandTemplate(rs.spec.template, rs));
    expect(whole).toHaveBeenCalledTimes(1);
    const strip = (p: Pod) => ({ ...p, metadata: { ...p.metadata, name: '', uid: '', resourceVersion: '' } });
    expect(strip(created)).toEqual(strip(copied));
  });

  it('§M.3 the stored pod still gets admission and defaults (default tolerations, restartPolicy, enableServiceLinks)', () => {
    const { store, rs } = storeWithRs();
    const created = store.create({ ...expandTemplate(rs.spec.template, rs), spec: rs.spec.template.spec });
    expect(created.spec.restartPolicy).toBe('Always');
    expect(created.spec.enableServiceLinks).toBe(true);
    expect(created.status?.phase).toBe('Pending');
  });

  it('§M.3 the rest of a trusted create is still parsed and validated: invalid metadata next to a trusted spec is rejected', () => {
    const { store, rs } = storeWithRs();
    const pod = { ...expandTemplate(rs.spec.template, rs), spec: rs.spec.template.spec };
    expect(() => store.create({ ...pod, metadata: { ...pod.metadata, labels: { app: 7 } } } as unknown as Pod)).toThrow(/metadata\.labels/);
    expect(() => store.create({ ...pod, metadata: { ...pod.metadata, generateName: 'Bad_Name-' } })).toThrow(/metadata\.generateName/);
    const { apiVersion: _a, ...noApiVersion } = pod;
    expect(() => store.create(noApiVersion as unknown as Pod)).toThrow();
    // The model's validation of the pod still runs on a trusted spec (upstream ValidatePod).
    expect(() => store.create({ ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), { ...pod.metadata.ownerReferences![0]!, uid: 'other' }] } })).toThrow(/controller/);
  });

  it('§M.3 a Job created with spec === its stored CronJob\'s jobTemplate.spec is not parsed again, and is stored as the copied one', () => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const cj = store.create<CronJob>({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] } } } } },
    });
    expect(isValidatedBy(JobSpecSchema, cj.spec.jobTemplate.spec)).toBe(true);
    expect(isValidatedBy(PodSpecSchema, cj.spec.jobTemplate.spec.template.spec)).toBe(true);
    const job = jobFromCronJobTemplate(cj, Date.UTC(2024, 0, 1));
    const parse = JobSchema.safeParse.bind(JobSchema);
    const whole = vi.spyOn(JobSchema, 'safeParse').mockImplementation((v) => parse(v));
    const trusted = store.create(withStoredSpec(job, cj.spec.jobTemplate.spec));
    expect(whole).not.toHaveBeenCalled();
    const copied = store.create({ ...job, metadata: { ...job.metadata, name: 'report-copy' } });
    expect(whole).toHaveBeenCalledTimes(1);
    const strip = (j: typeof trusted) => ({ ...j, metadata: { ...j.metadata, name: '', uid: '', resourceVersion: '', labels: undefined }, spec: { ...j.spec, selector: undefined, template: { ...j.spec.template, metadata: undefined } } });
    expect(strip(trusted)).toEqual(strip(copied));
  });

  it('§M.3 the Job controller creates its (non-indexed) pods through the trusted path', async () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
    try {
      const whole = vi.spyOn(PodSchema, 'safeParse');
      cluster.apply({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch', namespace: 'default' }, spec: { parallelism: 3, completions: 3, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] } } } });
      await cluster.runUntil((c) => c.list('Pod').length === 3, { timeout: '1m' });
      expect(whole).not.toHaveBeenCalled();
    } finally {
      await cluster.close();
    }
  });

  it('§M.3 the CronJob controller creates its Jobs through the trusted path (no JobSpec parse per Job)', async () => {
    const clock = new VirtualClock({ start: '2024-01-01T00:00:00Z' });
    const store = new MemoryStore({ clock });
    store.create<CronJob>({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'tick', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] } } } } },
    });
    const whole = vi.spyOn(JobSchema, 'safeParse');
    const ctrl = createCronJobController();
    ctrl.start({ store, clock, recorder: new EventRecorder({ clock, component: 'test' }) });
    try {
      await clock.advance(3 * 60_000);
      expect(store.list('Job').length).toBeGreaterThanOrEqual(2);
      expect(whole).not.toHaveBeenCalled();
    } finally {
      await ctrl.stop();
    }
  });

  it('§M.3 withTemplateSpec shares the template spec only when the planned spec equals it', () => {
    const { rs } = storeWithRs();
    const planned = expandTemplate(rs.spec.template, rs);
    expect(planned.spec).not.toBe(rs.spec.template.spec);
    expect(withTemplateSpec(planned, rs.spec.template.spec).spec).toBe(rs.spec.template.spec);
    const changed = { ...planned, spec: { ...planned.spec, nodeName: 'node-1' } };
    expect(withTemplateSpec(changed, rs.spec.template.spec)).toBe(changed);
    expect(withTemplateSpec(planned, undefined)).toBe(planned);
  });

  it('§M.3 the ReplicaSet controller creates its pods through the trusted path (no PodSpec parse per pod)', async () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
    try {
      cluster.apply(rsManifest('t'));
      const whole = vi.spyOn(PodSchema, 'safeParse');
      cluster.scale('ReplicaSet', 't', 5);
      await cluster.runUntil((c) => c.list('Pod').length === 5, { timeout: '1m' });
      expect(whole).not.toHaveBeenCalled();
      const rs = cluster.get('ReplicaSet', 't');
      expect(cluster.list('Pod').every((p) => p.spec.containers[0]?.image === rs.spec.template.spec.containers[0]?.image)).toBe(true);
    } finally {
      await cluster.close();
    }
  });
});

describe('§M.3 nothing from outside takes the trusted path', () => {
  it('§M.3 a stored template spec cannot be changed after it was validated (it is frozen: writing throws)', () => {
    const { rs } = storeWithRs();
    const spec = rs.spec.template.spec as { containers: { image: unknown }[]; nodeName?: unknown };
    expect(() => {
      spec.nodeName = 5;
    }).toThrow(TypeError);
    expect(() => {
      spec.containers[0]!.image = 42;
    }).toThrow(TypeError);
  });

  it('§M.3 an object equal to a template spec but not the same object is parsed in full (frozen or not)', () => {
    const { store, rs } = storeWithRs();
    const copy = Object.freeze(structuredClone(rs.spec.template.spec));
    expect(isValidatedBy(PodSpecSchema, copy)).toBe(false);
    const whole = vi.spyOn(PodSchema, 'safeParse');
    store.create({ ...expandTemplate(rs.spec.template, rs), spec: copy });
    expect(whole).toHaveBeenCalledTimes(1);
  });

  it('§M.3 an invalid spec is rejected even when frozen like a stored one, and even next to a stored template', () => {
    const { store, rs } = storeWithRs();
    const frozenBad = Object.freeze({ containers: Object.freeze([Object.freeze({ name: 'app', image: 42 })]) }) as unknown as Pod['spec'];
    expect(() => store.create({ ...badPod(), spec: frozenBad })).toThrow(/spec\.containers\[0\]\.image/);
    // A bad pod spec inside a new ReplicaSet whose other fields are stored, validated objects.
    const bad = { ...rsManifest('other'), spec: { ...rsManifest('other').spec, template: { ...rs.spec.template, spec: frozenBad } } };
    expect(() => store.create(bad)).toThrow(/spec\.template\.spec\.containers\[0\]\.image/);
  });

  it('§M.3 no public entry point exports a way to mark an object as validated', async () => {
    const entries = [podkit, await import('podkit/testing'), await import('podkit/server'), await import('podkit/planners')] as Record<string, unknown>[];
    for (const e of entries) {
      for (const name of ['rememberValidated', 'isValidatedBy', 'withTemplateSpec', 'withStoredSpec']) expect(Object.hasOwn(e, name)).toBe(false);
    }
  });

  it('§M.3 a workload whose kind is registered with a custom schema does not get its template remembered', () => {
    const { store } = storeWithRs();
    const rs = store.get('ReplicaSet', 'web');
    // The built-in registration is remembered; a spec object taken from a non-stored value is not.
    expect(isValidatedBy(PodSpecSchema, rs.spec.template.spec)).toBe(true);
    expect(isValidatedBy(PodSpecSchema, rsManifest().spec.template.spec)).toBe(false);
    expect(isValidatedBy(PodSchema, rs.spec.template.spec)).toBe(false);
  });
});

describe('§M.3 every outside entry path still rejects an invalid object', () => {
  const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: app\n    image: 42\n';

  it('§M.3 parseManifests', () => {
    expect(() => parseManifests(yaml)).toThrow(/image/);
  });

  it('§M.3 cluster.apply (text and objects)', async () => {
    const clock = new VirtualClock();
    const cluster = createCluster({ clock, nodes: [] });
    try {
      expect(() => cluster.apply(yaml)).toThrow(/image/);
      expect(() => cluster.apply([badPod()])).toThrow(/image/);
      expect(cluster.list('Pod')).toHaveLength(0);
    } finally {
      await cluster.close();
    }
  });

  it('§M.3 store.create, dryRun, update, updateStatus and patch', () => {
    const { store, rs } = storeWithRs();
    expect(() => store.create(badPod())).toThrow(/spec\.containers\[0\]\.image/);
    expect(() => store.dryRun('create', badPod())).toThrow(/spec\.containers\[0\]\.image/);
    const good = store.create({ ...expandTemplate(rs.spec.template, rs), metadata: { name: 'good', namespace: 'default' } });
    expect(() => store.update({ ...good, spec: badSpec })).toThrow(/spec\.containers\[0\]\.image/);
    expect(() => store.update({ ...rs, spec: { ...rs.spec, template: { ...rs.spec.template, spec: badSpec } } })).toThrow(/spec\.template\.spec\.containers\[0\]\.image/);
    expect(() => store.updateStatus({ ...good, status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: 'yes' }] } } as unknown as Pod)).toThrow(/status\.containerStatuses\[0\]/);
    expect(() => store.patch('ReplicaSet', 'web', { spec: { template: { spec: { containers: [{ name: 'app', image: 42 }] } } } }, { namespace: 'default' })).toThrow(/image/);
    expect(() => store.patch('Pod', 'good', { status: { phase: 7 } }, { namespace: 'default', subresource: 'status' })).toThrow(/status\.phase/);
    expect(store.get('Pod', 'good').spec).toEqual(good.spec);
  });

  describe('the API server', () => {
    let api: KubeApiServer;
    let close: () => Promise<void>;
    const pods = '/api/v1/namespaces/default/pods';
    const body = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'api-bad' }, spec: { containers: [{ name: 'app', image: 42 }] } };
    beforeAll(async () => {
      ({ api, close } = await startApi({ nodes: 0 }));
    });
    afterAll(async () => close());

    it('§M.3 create, update, patch and server-side apply answer 422 for an invalid pod', async () => {
      expect((await call(api, 'POST', pods, { body })).status).toBe(422);
      const ok = await call(api, 'POST', pods, { body: { ...body, metadata: { name: 'api-ok' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } } });
      expect(ok.status).toBe(201);
      expect((await call(api, 'PUT', `${pods}/api-ok`, { body: { ...ok.json, metadata: { name: 'api-ok', namespace: 'default' }, spec: { ...ok.json.spec, containers: [{ ...ok.json.spec.containers[0], image: 42 }] } } })).status).toBe(422);
      expect((await call(api, 'PATCH', `${pods}/api-ok`, { body: { spec: { containers: [{ name: 'app', image: 42 }] } }, contentType: 'application/merge-patch+json' })).status).toBe(422);
      expect((await call(api, 'PATCH', `${pods}/api-bad?fieldManager=t`, { body: JSON.stringify(body), contentType: 'application/apply-patch+yaml' })).status).toBe(422);
      expect((await call(api, 'GET', `${pods}/api-bad`)).status).toBe(404);
    });
  });
});
