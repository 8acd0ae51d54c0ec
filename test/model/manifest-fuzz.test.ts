// Property tests of the input hardening (reliability issue, items 1, 2, 7, 8): generated and
// mutated manifests, as text and as objects, through parseManifests and apply. The only outcomes
// are a result or a PodkitError that says where (line:col for text, a field path for objects),
// and a rejected apply leaves the store byte-identical. The larger run is scripts/fuzz-inputs.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyObjects, type KubeObject } from 'podkit';
import { mutated, mutationsArb, runManifestCase, runStoreCall, seededStore, textFormArb, toText } from '../fuzz/inputs.js';

const fieldValidation = fc.constantFrom('Strict' as const, 'Warn' as const, 'Ignore' as const);

describe('manifest and apply inputs (property, reliability items 1, 2, 7, 8)', () => {
  it('parseManifests returns objects or a ManifestError with line:col for mutated text, never a crash', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(fc.nat(), mutationsArb, textFormArb, (seed, ms, form) => {
        const text = toText(Array.from({ length: form.docs }, () => mutated(seed, ms)), form);
        const o = runManifestCase(text);
        outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      }),
      { numRuns: 300 },
    );
    expect(outcomes.get('invalid_manifest') ?? 0).toBeGreaterThan(0);
  });

  it('apply of mutated objects returns objects or a PodkitError with field paths, and a rejected apply changes nothing', () => {
    const store = seededStore();
    fc.assert(
      fc.property(fc.nat(), mutationsArb, fieldValidation, (seed, ms, fv) => {
        const doc = mutated(seed, ms);
        const o = runStoreCall(store, 'apply(object)', doc, () => applyObjects(store, doc as KubeObject, { fieldValidation: fv }));
        if (o !== 'ok') return;
        // What was accepted is stored as applied: applying it again writes nothing.
        const rv = store.resourceVersion;
        applyObjects(store, doc as KubeObject, { fieldValidation: fv });
        expect(store.resourceVersion).toBe(rv);
      }),
      { numRuns: 300 },
    );
  });

  it('apply of multi-document text (duplicates included) is all or nothing', () => {
    const store = seededStore();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), mutationsArb), { minLength: 1, maxLength: 3 }), textFormArb, (docs, form) => {
        const text = toText(docs.map(([seed, ms]) => mutated(seed, ms)), { ...form, docs: 1 });
        runStoreCall(store, 'apply(text)', text, () => applyObjects(store, text));
      }),
      { numRuns: 200 },
    );
  });
});
