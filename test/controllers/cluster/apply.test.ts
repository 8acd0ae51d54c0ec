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

const POD_DOC = (name: string, image = 'busybox:1.36'): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: c, image: '${image}'}]\n`;

const DS = (image: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: '${image}'}]
`;

/** Every object of every kind and the resourceVersion: a rejected apply must leave it byte-identical. */
function serialize(s: MemoryStore): string {
  return JSON.stringify([s.resourceVersion, ...(['Node', 'Pod', 'ReplicaSet', 'Job', 'DaemonSet'] as const).map((k) => s.list(k))]);
}

describe('applyObjects: a rejected apply changes nothing (reliability item 2)', () => {
  it('refuses two documents naming the same Pod before writing either, naming both documents', () => {
    const s = store();
    applyObjects(s, RS_YAML);
    const before = serialize(s);
    const e = thrown(() => applyObjects(s, `${POD_DOC('p1')}---\n${POD_DOC('p1', 'busybox:1.37')}`, { filename: 'pods.yaml' }));
    expect(e.code).toBe('invalid_manifest');
    expect(e.message).toBe(
      'Invalid manifest pods.yaml (1 problem):\npods.yaml:9:18 metadata.name: Duplicate value: "p1": Pod "p1" in namespace "default" is also defined by document 1 (pods.yaml:3:18); an apply may name each object once',
    );
    expect(serialize(s)).toBe(before);
  });

  it('refuses one DaemonSet twice with different images: its image stays as it was', () => {
    const s = store();
    applyObjects(s, DS('busybox:1.36'));
    const before = serialize(s);
    expect(thrown(() => applyObjects(s, `${DS('busybox:1.37')}---\n${DS('busybox:1.38')}`)).code).toBe('invalid_manifest');
    expect(s.get('DaemonSet', 'agent').spec.template.spec.containers[0]?.image).toBe('busybox:1.36');
    expect(serialize(s)).toBe(before);
  });

  it('refuses an object given twice in a list, naming both places', () => {
    const s = store();
    const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'busybox' }] } };
    const e = thrown(() => applyObjects(s, [p, { ...p, metadata: { name: 'p', namespace: 'default' } }]));
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toBe('apply: Pod "p" in namespace "default" appears twice, as objects[0] and objects[1]; an apply may name each object once.');
    expect(s.resourceVersion).toBe('0');
  });

  it('checks every planned write with the store\'s dry run before the first write (a later document the store refuses)', () => {
    const s = new MemoryStore({ clock: new VirtualClock(), validate: (obj) => (obj.metadata.name === 'refused' ? [{ path: 'metadata.name', type: 'Forbidden', message: 'Forbidden: not here', detail: 'not here' }] : []) });
    const before = serialize(s);
    const e = thrown(() => applyObjects(s, `${POD_DOC('fine')}---\n${POD_DOC('refused')}`));
    expect(e.message).toBe('Pod "refused" is invalid: metadata.name: Forbidden: not here');
    expect(serialize(s)).toBe(before);
  });

  it('undoes the earlier writes when a write still fails after the dry run (a store that fails the second create)', () => {
    const inner = store();
    applyObjects(inner, RS_YAML);
    let creates = 0;
    const failing = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'create') {
          return (obj: Parameters<MemoryStore['create']>[0]) => {
            if (++creates === 2) throw new PodkitError('unavailable', 'the server is currently unable to handle the request');
            return target.create(obj);
          };
        }
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const scaled = RS_YAML.replace('replicas: 2', 'replicas: 4');
    const e = thrown(() => applyObjects(failing, `${scaled}---\n${POD_DOC('p1')}---\n${POD_DOC('p2')}`));
    expect(e.code).toBe('unavailable');
    expect(e.details).toMatchObject({ rolledBack: 2 });
    expect(inner.tryGet('Pod', 'p1')).toBeUndefined();
    expect(inner.get('ReplicaSet', 'web').spec.replicas).toBe(2);
  });
});

describe('applyObjects: objects take the manifest path (reliability items 1 and 7)', () => {
  const cases: Array<[string, unknown, string]> = [
    ['a ReplicaSet without template.spec', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { selector: { matchLabels: { a: 'b' } }, template: {} } }, 'ReplicaSet "r" is invalid: spec.template.spec: Required value'],
    ['a Job without spec', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } }, 'Job "j" is invalid: spec: Required value'],
    ['a Pod without metadata', { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'i' }] } }, 'Pod "" is invalid: metadata: Required value'],
    ['spec: null', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: null }, 'Pod "p" is invalid: spec: Invalid value: null: must be an object'],
    ['volumes of the wrong type', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }], volumes: ['x', 1, null] } }, 'Pod "p" is invalid: [spec.volumes[0]: Invalid value: "x": must be an object, spec.volumes[1]: Invalid value: 1: must be an object, spec.volumes[2]: Invalid value: null: must be an object]'],
    ['podFailurePolicy: null', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { podFailurePolicy: null, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } }, 'Job "j" is invalid: spec.podFailurePolicy: Invalid value: null: must be an object'],
    ['containers as a string', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: 'str' } }, 'Pod "p" is invalid: spec.containers: Invalid value: "str": must be a list'],
    ['apiVersion v2', { apiVersion: 'v2', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } }, 'Pod "p" is invalid: apiVersion: Unsupported value: "v2": kind Pod is served by "v1"'],
    ['a bad memory limit (reported once)', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { memory: '12xx' } } }] } }, 'Pod "p" is invalid: spec.containers[0].resources.limits[memory]: Invalid value: "12xx": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''],
    ['replicas above int32', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { replicas: 3e9, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }, 'ReplicaSet "r" is invalid: spec.replicas: Invalid value: 3000000000: must be a 32-bit integer between -2147483648 and 2147483647'],
  ];
  for (const [what, input, message] of cases) {
    it(`rejects ${what} with the API server's message, not a TypeError or zod's text`, () => {
      const s = store();
      const e = thrown(() => applyObjects(s, input as Pod));
      expect([e.code, e.message]).toEqual(['invalid_object', message]);
      expect(s.resourceVersion).toBe('0');
    });
  }

  it('rejects tolerations: false on an update before anything walks them', () => {
    const s = store();
    const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'busybox' }] } };
    applyObjects(s, p);
    const e = thrown(() => applyObjects(s, { ...p, spec: { ...p.spec, tolerations: false } } as unknown as Pod));
    expect(e.message).toBe('Pod "p" is invalid: spec.tolerations: Invalid value: false: must be a list');
  });

  it('rejects a field Kubernetes does not know by default (strict field validation, as kubectl), with Warn and Ignore as options', () => {
    const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'busybox', imagePullPolcy: 'Always' }] } } as unknown as Pod;
    const e = thrown(() => applyObjects(store(), p));
    expect(e.message).toBe('Pod "p" is invalid: strict decoding error: unknown field "spec.containers[0].imagePullPolcy"; did you mean "imagePullPolicy"?');
    const text = thrown(() => applyObjects(store(), POD_DOC('p').replace("image: 'busybox:1.36'", "image: 'busybox:1.36', imagePullPolcy: Always")));
    expect(text.message).toContain('spec.containers[0].imagePullPolcy: strict decoding error: unknown field "spec.containers[0].imagePullPolcy"; did you mean "imagePullPolicy"?');
    const warnings: string[] = [];
    const [warned] = applyObjects(store(), p, { fieldValidation: 'Warn', onWarning: (w) => warnings.push(`${w.documentIndex} ${w.message}`) }) as Pod[];
    expect(warnings).toEqual(['0 unknown field "spec.containers[0].imagePullPolcy"; did you mean "imagePullPolicy"?']);
    expect(warned?.spec.containers[0]).not.toHaveProperty('imagePullPolcy');
    expect(applyObjects(store(), p, { fieldValidation: 'Ignore' })).toHaveLength(1);
  });

  it('keeps fields Kubernetes knows and podkit does not model, and applying them again writes nothing', () => {
    const s = store();
    const p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { serviceAccountName: 'builder', containers: [{ name: 'a', image: 'busybox', securityContext: { runAsUser: 1 } }] } } as unknown as Pod;
    const warnings: string[] = [];
    applyObjects(s, p, { onWarning: (w) => warnings.push(w.path) });
    expect(warnings).toEqual(['spec.serviceAccountName', 'spec.containers[0].securityContext']);
    expect(s.get('Pod', 'p').spec).toMatchObject({ serviceAccountName: 'builder', containers: [{ securityContext: { runAsUser: 1 } }] });
    const rv = s.resourceVersion;
    applyObjects(s, p);
    expect(s.resourceVersion).toBe(rv);
  });
});
