// Strategic merge patch cases restated from apimachinery's strategicpatch tests (patch_test.go):
// merge keys, directives and the element order kubectl's apply relies on.
import { describe, expect, it } from 'vitest';
import { strategicMergePatch } from '../../src/server/strategic-merge-patch.js';

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ spec: { containers, ...extra } });

describe('strategicMergePatch', () => {
  it('merges maps key by key and deletes keys set to null', () => {
    expect(strategicMergePatch({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { b: null, c: '3' } } })).toEqual({ metadata: { labels: { a: '1', c: '3' } } });
  });

  it('merges containers by name (patchMergeKey), keeping the fields the patch does not name', () => {
    const live = pod([{ name: 'a', image: 'x:1', command: ['sleep'] }, { name: 'b', image: 'y' }]);
    expect(strategicMergePatch(live, pod([{ name: 'a', image: 'x:2' }]))).toEqual(pod([{ name: 'a', image: 'x:2', command: ['sleep'] }, { name: 'b', image: 'y' }]));
  });

  it('appends an element with a new key and deletes one with $patch: delete', () => {
    const live = pod([{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }]);
    expect(strategicMergePatch(live, pod([{ name: 'b', $patch: 'delete' }, { name: 'c', image: 'z' }]))).toEqual(pod([{ name: 'a', image: 'x' }, { name: 'c', image: 'z' }]));
  });

  it('orders the merged list by $setElementOrder (what kubectl apply sends)', () => {
    const live = pod([{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }]);
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'x2' }] } };
    expect(strategicMergePatch(live, patch)).toEqual(pod([{ name: 'b', image: 'y' }, { name: 'a', image: 'x2' }]));
  });

  it('replaces a list without a merge key (tolerations, command) and a map marked $patch: replace', () => {
    const live = pod([{ name: 'a', image: 'x', command: ['a', 'b'] }], { tolerations: [{ key: 'k1' }], nodeSelector: { a: '1', b: '2' } });
    const out = strategicMergePatch(live, { spec: { tolerations: [{ key: 'k2' }], containers: [{ name: 'a', command: ['c'] }], nodeSelector: { $patch: 'replace', c: '3' } } });
    expect(out).toEqual(pod([{ name: 'a', image: 'x', command: ['c'] }], { tolerations: [{ key: 'k2' }], nodeSelector: { c: '3' } }));
  });

  it('merges finalizers as a set and removes values with $deleteFromPrimitiveList', () => {
    const live = { metadata: { finalizers: ['a', 'b'] } };
    expect(strategicMergePatch(live, { metadata: { finalizers: ['b', 'c'] } })).toEqual({ metadata: { finalizers: ['a', 'b', 'c'] } });
    expect(strategicMergePatch(live, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })).toEqual({ metadata: { finalizers: ['b'] } });
  });

  it('keeps only the listed keys with $retainKeys', () => {
    expect(strategicMergePatch({ spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } }, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } })).toEqual({ spec: { strategy: { type: 'Recreate' } } });
  });

  it('rejects an unknown directive and a list element without its merge key with a 400', () => {
    expect(() => strategicMergePatch({}, { spec: { $bogus: 1 } })).toThrow(/unknown patch directive/);
    expect(() => strategicMergePatch(pod([{ name: 'a' }]), pod([{ image: 'x' }]))).toThrow(/does not contain declared merge key: name/);
  });

  it('never writes through __proto__: the key stays a plain own property', () => {
    const out = strategicMergePatch({ metadata: {} }, JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}')) as { metadata: Record<string, unknown> };
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(out.metadata)).toBe(Object.prototype);
  });
});
