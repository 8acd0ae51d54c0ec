// Property tests of the store's input hardening (reliability issue, item 1): mutated objects
// through create, update, updateStatus and patch. The only outcomes are a result or a
// PodkitError with field paths, and a rejected write leaves the store byte-identical.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { MergePatch, StoreKind, StoreObject } from 'podkit';
import { mutate, mutated, mutationArb, mutationsArb, renamed, runStoreCall, seededStore, weirdValue } from '../fuzz/inputs.js';

const kinds: StoreKind[] = ['Pod', 'ReplicaSet', 'Job', 'DaemonSet', 'Node'];

describe('store writes (property, reliability item 1)', () => {
  it('create of mutated objects: a result or a PodkitError with field paths; a rejection writes nothing', () => {
    const store = seededStore();
    fc.assert(
      fc.property(fc.nat(), mutationsArb, (seed, ms) => {
        const doc = renamed(mutated(seed, ms));
        runStoreCall(store, 'create', doc, () => store.create(doc as StoreObject));
      }),
      { numRuns: 250 },
    );
  });

  it('update and updateStatus of mutated live objects: a result or a PodkitError; a rejection writes nothing', () => {
    const store = seededStore();
    fc.assert(
      fc.property(fc.nat(), mutationsArb, fc.boolean(), (k, ms, status) => {
        const live = store.list(kinds[k % kinds.length] as StoreKind)[0];
        if (live === undefined) return;
        let doc: unknown = JSON.parse(JSON.stringify(live));
        for (const m of ms) doc = mutate(doc, m);
        runStoreCall(store, status ? 'updateStatus' : 'update', doc, () => (status ? store.updateStatus(doc as StoreObject) : store.update(doc as StoreObject)));
      }),
      { numRuns: 250 },
    );
  });

  it('patch with arbitrary merge patches (__proto__ included): a result or a PodkitError; a rejection writes nothing', () => {
    const store = seededStore();
    const patchArb = fc.oneof(
      fc.tuple(mutationArb, weirdValue).map(([m, v]) => mutate({ metadata: { labels: { a: 'b' } }, spec: v }, m)),
      fc.constantFrom(JSON.parse('{"__proto__": {"spec": {"nodeName": "evil"}}}'), JSON.parse('{"spec": {"__proto__": {"containers": 1}}}'), { spec: null }, { metadata: null }),
    );
    fc.assert(
      fc.property(fc.nat(), patchArb, fc.boolean(), (k, patch, status) => {
        const live = store.list(kinds[k % kinds.length] as StoreKind)[0];
        if (live === undefined) return;
        const name = live.metadata.name ?? '';
        runStoreCall(store, 'patch', patch, () =>
          store.patch(live.kind as StoreKind, name, patch as MergePatch, { namespace: live.metadata.namespace, ...(status ? { subresource: 'status' as const } : {}) }),
        );
      }),
      { numRuns: 250 },
    );
  });
});
