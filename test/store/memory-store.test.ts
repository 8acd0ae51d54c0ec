import { describe, expect, it } from 'vitest';
import {
  applyDefaults,
  defaultTolerationSecondsAdmission,
  MemoryStore,
  PodkitError,
  randomIdSource,
  seededIdSource,
  SystemClock,
  type Job,
  type Pod,
  type ReplicaSet,
} from 'podkit';
import { defaultTolerations } from 'podkit/planners';
import { newPod } from 'podkit/testing';

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

function setup(options: Partial<ConstructorParameters<typeof MemoryStore>[0]> = {}) {
  const clock = { t: T0, now() { return this.t; } };
  const store = new MemoryStore({ clock, ...options });
  return { clock, store };
}

/** A pod as a user writes it: no uid, no resourceVersion. */
function podSpec(name: string, extra: Partial<Pod['metadata']> = {}, spec: Partial<Pod['spec']> = {}): Pod {
  const p = newPod({ name, spec });
  const { uid: _uid, ...metadata } = p.metadata;
  return { ...p, metadata: { ...metadata, ...extra } };
}

function rsSpec(name: string, replicas = 1): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PodkitError) return e.code;
    throw e;
  }
  return undefined;
}

describe('MemoryStore.create', () => {
  it('assigns uid, creationTimestamp, resourceVersion and generation 1', () => {
    const { store } = setup();
    const pod = store.create(podSpec('web'));
    expect(pod.metadata).toMatchObject({ name: 'web', namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z', resourceVersion: '1', generation: 1 });
    expect(pod.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pod.status?.phase).toBe('Pending');
    expect(store.resourceVersion).toBe('1');
  });

  it('names objects from generateName with 5 characters of the Kubernetes alphabet, reproducibly (§K.3)', () => {
    const a = setup({ ids: seededIdSource(7) }).store.create(podSpec('', { generateName: 'web-' }));
    const b = setup({ ids: seededIdSource(7) }).store.create(podSpec('', { generateName: 'web-' }));
    expect(a.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b.metadata.name).toBe(a.metadata.name);
    expect(b.metadata.uid).toBe(a.metadata.uid);
  });

  it('gives random uids and names on a SystemClock without a seed (two runs never repeat), seeded ones otherwise', () => {
    const onWallClock = () => new MemoryStore({ clock: new SystemClock() }).create(podSpec('', { generateName: 'web-' }));
    const [a, b] = [onWallClock(), onWallClock()];
    expect(a.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.metadata.uid).not.toBe(a.metadata.uid);
    expect(a.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    const seeded = () => new MemoryStore({ clock: new SystemClock(), seed: 3 }).create(podSpec('', { generateName: 'web-' }));
    expect(seeded().metadata.uid).toBe(seeded().metadata.uid);
    expect(setup().store.create(podSpec('p')).metadata.uid).toBe(setup().store.create(podSpec('p')).metadata.uid);
  });

  it('draws random name suffixes from the Kubernetes alphabet only', () => {
    const ids = randomIdSource();
    const text = Array.from({ length: 200 }, () => ids.suffix(5)).join('');
    expect(text).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1000}$/);
    expect(new Set(text).size).toBe(27);
  });

  it('truncates a generateName base longer than 58 characters (§K.3)', () => {
    const { store } = setup();
    const pod = store.create(podSpec('', { generateName: `${'a'.repeat(70)}-` }));
    expect(pod.metadata.name).toHaveLength(63);
  });

  it('retries a generated name that is taken', () => {
    const suffixes = ['bbbbb', 'bbbbb', 'ccccc'];
    let n = 0;
    const ids = { uid: () => `uid-${n}`, suffix: () => suffixes[n++] ?? 'zzzzz' };
    const { store } = setup({ ids });
    store.create(podSpec('', { generateName: 'web-' }));
    expect(store.create(podSpec('', { generateName: 'web-' })).metadata.name).toBe('web-ccccc');
  });

  it('rejects a duplicate name with already_exists and a Kubernetes message', () => {
    const { store } = setup();
    store.create(podSpec('web'));
    expect(() => store.create(podSpec('web'))).toThrow('pods "web" already exists');
    expect(codeOf(() => store.create(podSpec('web')))).toBe('already_exists');
  });

  it('rejects a set resourceVersion, a missing name and invalid names with invalid_object', () => {
    const { store } = setup();
    expect(codeOf(() => store.create(podSpec('web', { resourceVersion: '5' })))).toBe('invalid_object');
    expect(() => store.create(podSpec(''))).toThrow('metadata.name: Required value: name or generateName is required');
    expect(() => store.create(podSpec('Web_1'))).toThrow(/Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain/);
  });

  it('lists every schema problem with its field path, and writes nothing (a rejected write changes nothing)', () => {
    const { store } = setup();
    const bad = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: [{ image: 'x' }], restartPolicy: 'Sometimes' } } as unknown as Pod;
    let error: PodkitError | undefined;
    try {
      store.create(bad);
    } catch (e) {
      error = e as PodkitError;
    }
    expect(error?.code).toBe('invalid_object');
    expect(error?.message).toBe('Pod "bad" is invalid: [spec.containers[0].name: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]');
    expect(store.list('Pod')).toEqual([]);
    expect(store.resourceVersion).toBe('0');
  });

  it('assigns the uid before defaulting, so a Job gets its generated selector (§I.1)', () => {
    const { store } = setup();
    const job = store.create<Job>({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } },
    });
    expect(JSON.stringify(job.spec.selector)).toContain(job.metadata.uid!);
  });

  it('keeps cluster-scoped nodes without a namespace', () => {
    const { store } = setup();
    const node = store.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', namespace: 'x' } });
    expect(node.metadata.namespace).toBeUndefined();
    expect(store.get('Node', 'node-1').metadata.name).toBe('node-1');
  });

  it('returns frozen snapshots that callers cannot change', () => {
    const { store } = setup();
    const pod = store.create(podSpec('web'));
    expect(Object.isFrozen(pod.spec.containers[0])).toBe(true);
    expect(() => {
      (pod.metadata as { name?: string }).name = 'x';
    }).toThrow(TypeError);
    expect(store.get('Pod', 'web').metadata.name).toBe('web');
  });

  it('does not keep a reference to the caller\'s object', () => {
    const { store } = setup();
    const input = podSpec('web');
    store.create(input);
    input.spec.containers[0]!.image = 'changed';
    expect(store.get('Pod', 'web').spec.containers[0]?.image).toBe('busybox:1.36');
  });

  it('runs admission hooks and defaulting before validation', () => {
    const { store } = setup({
      admission: [(obj) => ({ ...obj, metadata: { ...obj.metadata, labels: { admitted: 'yes' } } })],
      defaults: (obj) => {
        const defaulted = applyDefaults(obj as Pod);
        return { ...defaulted, metadata: { ...defaulted.metadata, annotations: { defaulted: 'yes' } } };
      },
    });
    expect(store.create(podSpec('web')).metadata).toMatchObject({ labels: { admitted: 'yes' }, annotations: { defaulted: 'yes' } });
  });

  it('applies the model defaults and validation by default (§M.1, §M.2)', () => {
    const { store } = setup();
    const pod = store.create<Pod>({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
    expect(pod.spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst' });
    expect(pod.spec.containers[0]?.imagePullPolicy).toBe('Always');
    const dup = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dup' }, spec: { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'x' }] } } as const;
    expect(() => store.create(structuredClone(dup) as unknown as Pod)).toThrow('Pod "dup" is invalid: spec.containers[1].name: Duplicate value: "a"');
  });

  it('reports an injected validator\'s issues as invalid_object', () => {
    const { store } = setup({ validate: () => [{ path: 'spec.x', type: 'Forbidden', message: 'Forbidden: nope', detail: 'nope' }] });
    expect(() => store.create(podSpec('web'))).toThrow('Pod "web" is invalid: spec.x: Forbidden: nope');
  });
});

describe('MemoryStore.get and list', () => {
  it('throws not_found with a Kubernetes message, and tryGet returns undefined', () => {
    const { store } = setup();
    expect(() => store.get('Pod', 'nope')).toThrow('pods "nope" not found');
    expect(() => store.get('ReplicaSet', 'nope')).toThrow('replicasets.apps "nope" not found');
    expect(store.tryGet('Pod', 'nope')).toBeUndefined();
  });

  it('rejects an unknown kind with invalid_argument', () => {
    const { store } = setup();
    expect(codeOf(() => store.list('Service' as 'Pod'))).toBe('invalid_argument');
  });

  it('filters by namespace, label selector (object or text) and field selectors', () => {
    const { store } = setup();
    store.create(podSpec('a', { labels: { app: 'web' } }, { nodeName: 'n1' }));
    store.create(podSpec('b', { labels: { app: 'db' } }, { nodeName: 'n2' }));
    store.create(podSpec('c', { labels: { app: 'web' } }));
    store.create(podSpec('d', { namespace: 'other', labels: { app: 'web' } }, { nodeName: 'n1' }));
    const names = (pods: readonly Pod[]) => pods.map((p) => p.metadata.name).sort();
    expect(names(store.list('Pod'))).toEqual(['a', 'b', 'c', 'd']);
    expect(names(store.list('Pod', { namespace: 'default' }))).toEqual(['a', 'b', 'c']);
    expect(names(store.list('Pod', { labelSelector: { matchLabels: { app: 'web' } } }))).toEqual(['a', 'c', 'd']);
    expect(names(store.list('Pod', { labelSelector: 'app!=web' }))).toEqual(['b']);
    expect(names(store.list('Pod', { fieldSelector: { 'spec.nodeName': 'n1' } }))).toEqual(['a', 'd']);
    expect(names(store.list('Pod', { namespace: 'default', fieldSelector: 'spec.nodeName=n1' }))).toEqual(['a']);
    expect(names(store.list('Pod', { fieldSelector: 'spec.nodeName=' }))).toEqual(['c']);
    expect(names(store.list('Pod', { fieldSelector: 'metadata.name=b' }))).toEqual(['b']);
    expect(names(store.list('Pod', { fieldSelector: 'status.phase=Pending,spec.nodeName!=n1' }))).toEqual(['b', 'c']);
  });

  it('follows a pod to its new node in the nodeName index', () => {
    const { store } = setup();
    const pod = store.create(podSpec('a'));
    store.update({ ...pod, spec: { ...pod.spec, nodeName: 'n1' } });
    expect(store.list('Pod', { fieldSelector: 'spec.nodeName=n1' }).map((p) => p.metadata.name)).toEqual(['a']);
    expect(store.list('Pod', { fieldSelector: 'spec.nodeName=' })).toEqual([]);
  });

  it('rejects unsupported field selectors with invalid_argument', () => {
    const { store } = setup();
    expect(codeOf(() => store.list('Pod', { fieldSelector: 'spec.restartPolicy=Always' }))).toBe('invalid_argument');
    expect(codeOf(() => store.list('ReplicaSet', { fieldSelector: 'spec.nodeName=x' }))).toBe('invalid_argument');
  });
});

describe('MemoryStore.update', () => {
  it('bumps resourceVersion, and generation only when the spec changes', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    const labelled = store.update({ ...rs, metadata: { ...rs.metadata, labels: { a: 'b' } } });
    expect(labelled.metadata).toMatchObject({ resourceVersion: '2', generation: 1, labels: { a: 'b' } });
    const scaled = store.update({ ...labelled, spec: { ...labelled.spec, replicas: 3 } });
    expect(scaled.metadata).toMatchObject({ resourceVersion: '3', generation: 2 });
  });

  it('rejects a stale resourceVersion with conflict and writes nothing', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    store.update({ ...rs, spec: { ...rs.spec, replicas: 2 } });
    let error: PodkitError | undefined;
    try {
      store.update({ ...rs, spec: { ...rs.spec, replicas: 5 } });
    } catch (e) {
      error = e as PodkitError;
    }
    expect(error?.code).toBe('conflict');
    expect(error?.message).toBe(
      'Operation cannot be fulfilled on replicasets.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    );
    expect(store.get('ReplicaSet', 'web').spec.replicas).toBe(2);
  });

  it('updates unconditionally without a resourceVersion, and rejects a uid mismatch', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    const { resourceVersion: _rv, ...meta } = rs.metadata;
    expect(store.update({ ...rs, metadata: meta, spec: { ...rs.spec, replicas: 4 } }).spec.replicas).toBe(4);
    expect(codeOf(() => store.update({ ...rs, metadata: { ...meta, uid: 'other' } }))).toBe('conflict');
  });

  it('ignores status changes and keeps identity fields (status subresource)', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    const updated = store.update({ ...rs, metadata: { ...rs.metadata, uid: undefined as unknown as string, creationTimestamp: '1999-01-01T00:00:00Z' }, status: { replicas: 9 } });
    expect(updated.status).toBeUndefined();
    expect(updated.metadata.uid).toBe(rs.metadata.uid);
    expect(updated.metadata.creationTimestamp).toBe(rs.metadata.creationTimestamp);
  });

  it('returns the stored object unchanged for a no-op update', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    expect(store.update(rs)).toBe(rs);
    expect(store.resourceVersion).toBe('1');
  });

  it('throws not_found for a missing object and invalid_object for a bad one (nothing written)', () => {
    const { store } = setup();
    expect(codeOf(() => store.update(rsSpec('ghost')))).toBe('not_found');
    const rs = store.create(rsSpec('web'));
    expect(codeOf(() => store.update({ ...rs, spec: { ...rs.spec, replicas: 'x' as unknown as number } }))).toBe('invalid_object');
    expect(store.get('ReplicaSet', 'web')).toBe(rs);
  });
});

describe('MemoryStore.updateStatus', () => {
  it('writes only the status and keeps the generation', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    const updated = store.updateStatus({ ...rs, spec: { ...rs.spec, replicas: 7 }, metadata: { ...rs.metadata, labels: { x: 'y' } }, status: { replicas: 1, observedGeneration: 1 } });
    expect(updated.status).toEqual({ replicas: 1, observedGeneration: 1 });
    expect(updated.spec.replicas).toBe(1);
    expect(updated.metadata.labels).toBeUndefined();
    expect(updated.metadata).toMatchObject({ generation: 1, resourceVersion: '2' });
  });

  it('checks the resourceVersion and validates the status', () => {
    const { store } = setup();
    const rs = store.create(rsSpec('web'));
    store.updateStatus({ ...rs, status: { replicas: 1 } });
    expect(codeOf(() => store.updateStatus({ ...rs, status: { replicas: 2 } }))).toBe('conflict');
    const current = store.get('ReplicaSet', 'web');
    expect(codeOf(() => store.updateStatus({ ...current, status: { replicas: 'one' as unknown as number } }))).toBe('invalid_object');
    expect(store.get('ReplicaSet', 'web').status).toEqual({ replicas: 1 });
  });
});

describe('defaultTolerationSecondsAdmission', () => {
  it('adds the 300 s not-ready/unreachable tolerations to pods on create only (§L.5)', () => {
    const { store } = setup({ admission: [defaultTolerationSecondsAdmission] });
    const pod = store.create(podSpec('web'));
    expect(pod.spec.tolerations).toEqual(defaultTolerations());
    const updated = store.update({ ...pod, spec: { ...pod.spec, tolerations: [] } });
    expect(updated.spec.tolerations).toEqual([]);
  });
});
