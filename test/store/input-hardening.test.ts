// Input hardening of the store (reliability issue, items 1 and 7): every write is shape-checked
// before admission or defaulting reads it, errors read like the API server's, `__proto__` cannot
// pollute anything, fields podkit does not model round-trip, and dryRun writes nothing.
import { describe, expect, it } from 'vitest';
import { MemoryStore, PodkitError, defaultTolerationSecondsAdmission, type Pod, type StoreObject } from 'podkit';
import { VirtualClock } from 'podkit/testing';

function setup() {
  const clock = new VirtualClock();
  return { clock, store: new MemoryStore({ clock, admission: [defaultTolerationSecondsAdmission] }) };
}

const pod = (name: string, spec: unknown = { containers: [{ name: 'c', image: 'busybox' }] }): StoreObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec }) as unknown as StoreObject;

function errorOf(fn: () => unknown): PodkitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PodkitError) return e;
    throw e;
  }
  throw new Error('expected a PodkitError');
}

const snapshot = (store: MemoryStore): string => JSON.stringify([store.resourceVersion, store.list('Pod'), store.list('Node')]);

describe('store writes validate the shape before anything reads it (item 1)', () => {
  const creates: Array<[string, unknown, string]> = [
    ['spec: null', pod('p', null), 'Pod "p" is invalid: spec: Invalid value: null: must be an object'],
    ['no metadata', { apiVersion: 'v1', kind: 'Pod', spec: { containers: [] } }, 'Pod "" is invalid: metadata: Required value'],
    ['volumes of the wrong type', pod('p', { containers: [{ name: 'c', image: 'i' }], volumes: ['x', 1, null] }), 'Pod "p" is invalid: [spec.volumes[0]: Invalid value: "x": must be an object, spec.volumes[1]: Invalid value: 1: must be an object, spec.volumes[2]: Invalid value: null: must be an object]'],
    ['containers as a string', pod('p', { containers: 'str' }), 'Pod "p" is invalid: spec.containers: Invalid value: "str": must be a list'],
    ['tolerations: false (the admission hook reads them)', pod('p', { containers: [{ name: 'c', image: 'i' }], tolerations: false }), 'Pod "p" is invalid: spec.tolerations: Invalid value: false: must be a list'],
    ['apiVersion v2', { ...pod('p'), apiVersion: 'v2' }, 'Pod "p" is invalid: apiVersion: Unsupported value: "v2": supported values: "v1"'],
  ];
  for (const [what, input, message] of creates) {
    it(`create with ${what} is an invalid_object in the API server's words, and writes nothing`, () => {
      const { store } = setup();
      const e = errorOf(() => store.create(input as StoreObject));
      expect([e.code, e.message]).toEqual(['invalid_object', message]);
      expect(store.resourceVersion).toBe('0');
    });
  }

  it('rejects non-objects and unknown kinds with invalid_argument', () => {
    const { store } = setup();
    expect(errorOf(() => store.create(null as unknown as StoreObject)).code).toBe('invalid_argument');
    expect(errorOf(() => store.create({ kind: 5 } as unknown as StoreObject)).message).toBe('create: expected kind to be a string such as "Pod", received 5.');
    expect(errorOf(() => store.update('x' as unknown as StoreObject)).code).toBe('invalid_argument');
  });

  it('update, updateStatus and bind check metadata before looking the object up', () => {
    const { store } = setup();
    store.create(pod('p'));
    for (const bad of [{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'v1', kind: 'Pod', metadata: 'x' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 7 } }]) {
      expect(errorOf(() => store.update(bad as unknown as StoreObject)).code).toBe('invalid_object');
      expect(errorOf(() => store.updateStatus(bad as unknown as StoreObject)).code).toBe('invalid_object');
      expect(errorOf(() => store.bind(bad as unknown as Pod, 'n1')).code).toBe('invalid_object');
    }
    expect(errorOf(() => store.bind(store.get('Pod', 'p'), 5 as unknown as string)).code).toBe('invalid_argument');
  });

  it('an update with tolerations: false is rejected before the admission hook walks it', () => {
    const { store } = setup();
    const live = store.create(pod('p')) as Pod;
    const before = snapshot(store);
    const e = errorOf(() => store.update({ ...live, spec: { ...live.spec, tolerations: false } } as unknown as StoreObject));
    expect(e.message).toBe('Pod "p" is invalid: spec.tolerations: Invalid value: false: must be a list');
    expect(snapshot(store)).toBe(before);
  });

  it('options of list, watch, delete and patch must be objects', () => {
    const { store } = setup();
    store.create(pod('p'));
    expect(errorOf(() => store.list('Pod', null as never)).code).toBe('invalid_argument');
    expect(errorOf(() => store.list('Pod', { labelSelector: { matchExpressions: 5 } } as never)).code).toBe('invalid_argument');
    expect(errorOf(() => store.delete('Pod', 'p', 'now' as never)).code).toBe('invalid_argument');
    expect(errorOf(() => store.patch('Pod', 'p', {}, null as never)).code).toBe('invalid_argument');
    expect(errorOf(() => store.list('Pod', { fieldSelector: 'constructor=x' })).message).toMatch(/^field label not supported: constructor/);
  });
});

describe('__proto__ never pollutes (item 1)', () => {
  it('a merge patch with __proto__ changes nothing through the prototype', () => {
    const { store } = setup();
    store.create(pod('p'));
    const patch = JSON.parse('{"__proto__": {"spec": {"nodeName": "evil"}}, "metadata": {"__proto__": {"finalizers": ["x.io/evil"]}, "labels": {"a": "b"}}}') as Record<string, unknown>;
    const patched = store.patch('Pod', 'p', patch);
    expect(patched.spec.nodeName).toBeUndefined();
    expect(patched.metadata.finalizers).toBeUndefined();
    expect(patched.metadata.labels).toEqual({ a: 'b' });
    expect(({} as { spec?: unknown }).spec).toBeUndefined();
  });

  it('a label map with a __proto__ key is stored without it and without a changed prototype', () => {
    const { store } = setup();
    const created = store.create({ ...pod('p'), metadata: JSON.parse('{"name": "p", "labels": {"__proto__": {"x": "y"}, "a": "b"}}') as object } as StoreObject);
    const labels = created.metadata.labels as Record<string, string>;
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(labels).toEqual({ a: 'b' });
    expect((labels as { x?: string }).x).toBeUndefined();
  });
});

describe('fields Kubernetes knows and podkit does not model (item 7)', () => {
  it('are kept verbatim through create, get and update', () => {
    const { store } = setup();
    const spec = { serviceAccountName: 'builder', securityContext: { runAsUser: 1000 }, containers: [{ name: 'c', image: 'i', envFrom: [{ secretRef: { name: 's' } }] }] };
    store.create(pod('p', spec));
    const live = store.get('Pod', 'p') as Pod & { spec: Record<string, unknown> };
    expect(live.spec.serviceAccountName).toBe('builder');
    expect(live.spec.securityContext).toEqual({ runAsUser: 1000 });
    expect(live.spec.containers[0]).toMatchObject({ envFrom: [{ secretRef: { name: 's' } }] });
    const updated = store.update({ ...live, metadata: { ...live.metadata, labels: { a: 'b' } } }) as Pod & { spec: Record<string, unknown> };
    expect(updated.spec.serviceAccountName).toBe('builder');
    expect(updated.spec).toBe(live.spec);
  });

  it('are copied, never aliased: the caller may still change its own object', () => {
    const { store } = setup();
    const securityContext = { runAsUser: 1000 };
    store.create(pod('p', { securityContext, containers: [{ name: 'c', image: 'i' }] }));
    securityContext.runAsUser = 0;
    expect((store.get('Pod', 'p').spec as unknown as { securityContext: unknown }).securityContext).toEqual({ runAsUser: 1000 });
  });
});

describe('int64 values podkit cannot turn into a time (item 7)', () => {
  it('a grace period of 99999999999999 s gives a deletion timestamp at the end of RFC 3339, not an exception', () => {
    const { store } = setup();
    store.create(pod('p', { nodeName: 'n1', terminationGracePeriodSeconds: 99999999999999, containers: [{ name: 'c', image: 'i' }] }));
    expect(store.delete('Pod', 'p').object.metadata.deletionTimestamp).toBe('9999-12-31T23:59:59Z');
  });
});

describe('dryRun (what apply checks every document with)', () => {
  it('runs create and update through admission, defaults and validation without writing or using an id', () => {
    const { store } = setup();
    const dry = store.dryRun('create', pod('p')) as Pod;
    expect(dry.spec.tolerations).toHaveLength(2);
    expect(dry.metadata.uid).toBe('dry-run');
    expect(store.resourceVersion).toBe('0');
    const real = store.create(pod('p'));
    expect(real.metadata.uid).toBe(new MemoryStore({ clock: new VirtualClock() }).create(pod('p')).metadata.uid);
    expect(errorOf(() => store.dryRun('create', pod('p'))).code).toBe('already_exists');
    expect(errorOf(() => store.dryRun('update', { ...real, metadata: { ...real.metadata, resourceVersion: '999' } })).code).toBe('conflict');
    expect(errorOf(() => store.dryRun('update', { ...real, spec: { containers: [] } } as StoreObject)).code).toBe('invalid_object');
    expect(store.resourceVersion).toBe('1');
  });
});

describe('custom kinds speak the same words (item 7)', () => {
  it("CustomKind.parse reports schema problems like the API server, with field paths, not zod's text", async () => {
    const { defineKind } = await import('podkit');
    const { z } = await import('zod');
    const Gadget = defineKind({ apiVersion: 'example.com/v1', kind: 'HardenedGadget', schema: z.object({ size: z.number().int() }) });
    const e = errorOf(() => Gadget.parse({ apiVersion: 'example.com/v1', kind: 'HardenedGadget', metadata: { name: 'g' }, spec: { size: 'big' } }));
    expect([e.code, e.message]).toEqual(['invalid_object', 'HardenedGadget "g" is invalid: spec.size: Invalid value: "big": must be an integer']);
  });
});
