import { describe, expect, it } from 'vitest';
import { MemoryStore, PodkitError, applyObjects, defaultTolerationSecondsAdmission, type Pod, type ReplicaSet } from 'podkit';
import { VirtualClock } from 'podkit/testing';

const RS_YAML = `
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web
  labels: {tier: front}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: 'nginx:1.25'}]
`;

function store() {
  const clock = new VirtualClock();
  return new MemoryStore({ clock, admission: [defaultTolerationSecondsAdmission] });
}

function thrown(fn: () => unknown): PodkitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PodkitError) return e;
    throw e;
  }
  throw new Error('expected a PodkitError');
}

describe('applyObjects (kubectl apply semantics)', () => {
  it('creates objects that do not exist, parsing manifest text with defaults', () => {
    const s = store();
    const [rs] = applyObjects(s, RS_YAML) as ReplicaSet[];
    expect(rs?.metadata.uid).toBeDefined();
    expect(rs?.spec.template.spec.containers[0]?.imagePullPolicy).toBe('IfNotPresent');
    expect(s.get('ReplicaSet', 'web').metadata.generation).toBe(1);
  });

  it('writes nothing when the same manifest is applied again', () => {
    const s = store();
    applyObjects(s, RS_YAML);
    const rv = s.resourceVersion;
    applyObjects(s, RS_YAML);
    expect(s.resourceVersion).toBe(rv);
  });

  it('updates spec, labels and annotations of a live object and keeps its status, uid and ownerReferences', () => {
    const s = store();
    const [created] = applyObjects(s, RS_YAML) as ReplicaSet[];
    s.updateStatus({ ...s.get('ReplicaSet', 'web'), status: { replicas: 2 } });
    const live = s.get('ReplicaSet', 'web');
    s.update({ ...live, metadata: { ...live.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-1', controller: true }] } });
    const [updated] = applyObjects(s, RS_YAML.replace('replicas: 2', 'replicas: 5').replace('{tier: front}', '{tier: back}')) as ReplicaSet[];
    expect(updated?.metadata.uid).toBe(created?.metadata.uid);
    expect(updated?.spec.replicas).toBe(5);
    expect(updated?.metadata.labels).toEqual({ tier: 'back' });
    expect(updated?.metadata.generation).toBe(2);
    expect(updated?.status).toEqual({ replicas: 2 });
    expect(updated?.metadata.ownerReferences?.[0]?.uid).toBe('d-1');
  });

  it('drops the status of a created object, as the API server does', () => {
    const s = store();
    const [pod] = applyObjects(s, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'busybox' }] },
      status: { phase: 'Running' },
    }) as Pod[];
    expect(pod?.status?.phase).toBe('Pending');
  });

  it('rejects a change of spec.selector as immutable, writing nothing', () => {
    const s = store();
    applyObjects(s, RS_YAML);
    const rv = s.resourceVersion;
    const e = thrown(() => applyObjects(s, RS_YAML.replaceAll('app: web', 'app: other')));
    expect(e.code).toBe('invalid_object');
    expect(e.message).toBe('ReplicaSet "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: field is immutable');
    expect(s.resourceVersion).toBe(rv);
  });

  it('keeps a pod bound and its admitted tolerations, and lets it change only images (ValidatePodUpdate)', () => {
    const s = store();
    const manifest: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'busybox:1.36' }] } };
    applyObjects(s, manifest);
    const live = s.get('Pod', 'p');
    s.update({ ...live, spec: { ...live.spec, nodeName: 'node-1' } });
    applyObjects(s, manifest);
    expect(s.get('Pod', 'p').spec.nodeName).toBe('node-1');
    expect(s.get('Pod', 'p').spec.tolerations).toHaveLength(2);
    applyObjects(s, { ...manifest, spec: { containers: [{ name: 'a', image: 'busybox:1.37' }] } });
    expect(s.get('Pod', 'p').spec.containers[0]?.image).toBe('busybox:1.37');
    const e = thrown(() => applyObjects(s, { ...manifest, spec: { containers: [{ name: 'a', image: 'busybox:1.37', command: ['sh'] }] } }));
    expect(e.code).toBe('invalid_object');
    expect(e.message).toMatch(/^Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
  });

  it('checks every object before writing any: a rejected document leaves the store unchanged', () => {
    const s = store();
    applyObjects(s, RS_YAML);
    const rv = s.resourceVersion;
    const twoDocs = `${RS_YAML.replace('name: web', 'name: api').replaceAll('app: web', 'app: api')}\n---\n${RS_YAML.replaceAll('app: web', 'app: other')}`;
    expect(() => applyObjects(s, twoDocs)).toThrow(PodkitError);
    expect(s.resourceVersion).toBe(rv);
    expect(s.tryGet('ReplicaSet', 'api')).toBeUndefined();
  });

  it('rejects objects without a name (generateName is for create)', () => {
    const e = thrown(() => applyObjects(store(), { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'p-' }, spec: { containers: [{ name: 'a', image: 'busybox' }] } }));
    expect(e.code).toBe('invalid_argument');
    expect(e.details).toMatchObject({ field: 'metadata.name' });
  });

  it('reports manifest errors with file, line and field path', () => {
    const e = thrown(() => applyObjects(store(), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: A_, image: x}]\n', { filename: 'p.yaml' }));
    expect(e.code).toBe('invalid_manifest');
    expect(e.message).toContain('p.yaml:');
    expect(e.message).toContain('spec.containers[0].name');
  });
});
