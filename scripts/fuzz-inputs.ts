// The large run of the input-hardening properties (the suite runs a few hundred cases of each):
// generated and mutated manifests and objects through parseManifests, apply (objects, text,
// multi-document text), and the store's create, update, updateStatus and patch. Every outcome
// must be a result or a PodkitError that says where, and a rejected call must leave the store
// byte-identical; violations are counted (exit code 1) and the first one is printed.
//
// Usage: npx tsx scripts/fuzz-inputs.ts [cases per property, default 4000] [seed]
// Prints one line per property (cases, outcomes by code, time) and a JSON summary.
import { cpus, totalmem } from 'node:os';
import fc from 'fast-check';
import { applyObjects, type KubeObject, type MergePatch, type StoreKind, type StoreObject } from '../src/index.js';
import { mutate, mutated, mutationArb, mutationsArb, renamed, runManifestCase, runStoreCall, seededStore, textFormArb, toText, weirdValue, type Outcome } from '../test/fuzz/inputs.js';

const perProperty = Number(process.argv[2] ?? 4000);
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
const kinds: StoreKind[] = ['Pod', 'ReplicaSet', 'Job', 'DaemonSet', 'Node'];
const fieldValidation = fc.constantFrom('Strict' as const, 'Warn' as const, 'Ignore' as const);

interface Row {
  readonly property: string;
  readonly cases: number;
  readonly ms: number;
  readonly outcomes: Record<string, number>;
}

const rows: Row[] = [];

function run<T extends unknown[]>(property: string, arbs: { [K in keyof T]: fc.Arbitrary<T[K]> }, body: (...args: T) => Outcome | undefined): void {
  const outcomes: Record<string, number> = {};
  const t0 = performance.now();
  const cases = fc.sample(fc.tuple(...(arbs as unknown as [fc.Arbitrary<unknown>])), { numRuns: perProperty, seed });
  for (const args of cases) {
    let o: Outcome;
    try {
      o = body(...(args as unknown as T)) ?? 'skipped';
    } catch (e) {
      // A violation (or anything else thrown by the harness) is counted; the first is printed.
      o = 'VIOLATION';
      if (firstViolation === undefined) firstViolation = `${property}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 3000);
    }
    outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  const row = { property, cases: perProperty, ms: Math.round(performance.now() - t0), outcomes };
  rows.push(row);
  console.log(`${property.padEnd(34)} ${String(row.cases).padStart(6)} cases ${String(row.ms).padStart(7)} ms  ${JSON.stringify(outcomes)}`);
}

let firstViolation: string | undefined;

const started = performance.now();
console.log(`fuzz-inputs: ${perProperty} cases per property, seed ${seed}`);

run('parseManifests(text)', [fc.nat(), mutationsArb, textFormArb], (s, ms, form) =>
  runManifestCase(toText(Array.from({ length: form.docs }, () => mutated(s, ms)), form)),
);

let store = seededStore();
const fresh = (): void => {
  // Accepted applies grow the store; start over now and then so every case stays cheap.
  if (Number(store.resourceVersion) > 300) store = seededStore();
};

run('apply(object)', [fc.nat(), mutationsArb, fieldValidation], (s, ms, fv) => {
  fresh();
  const doc = mutated(s, ms);
  const o = runStoreCall(store, 'apply(object)', doc, () => applyObjects(store, doc as KubeObject, { fieldValidation: fv }));
  if (o === 'ok') {
    // What was accepted is stored as applied: applying it again writes nothing.
    const rv = store.resourceVersion;
    applyObjects(store, doc as KubeObject, { fieldValidation: fv });
    if (store.resourceVersion !== rv) throw new Error(`apply(object): applying an accepted object again wrote something\ninput: ${JSON.stringify(doc)}`);
  }
  return o;
});

run('apply(text, several documents)', [fc.array(fc.tuple(fc.nat(), mutationsArb), { minLength: 1, maxLength: 3 }), textFormArb, fieldValidation], (docs, form, fv) => {
  fresh();
  const text = toText(docs.map(([s, ms]) => mutated(s, ms)), { ...form, docs: 1 });
  return runStoreCall(store, 'apply(text)', text, () => applyObjects(store, text, { fieldValidation: fv }));
});

run('store.create', [fc.nat(), mutationsArb], (s, ms) => {
  fresh();
  const doc = renamed(mutated(s, ms));
  return runStoreCall(store, 'create', doc, () => store.create(doc as StoreObject));
});

run('store.update / updateStatus', [fc.nat(), mutationsArb, fc.boolean()], (k, ms, status) => {
  fresh();
  const live = store.list(kinds[k % kinds.length] as StoreKind)[0];
  if (live === undefined) return undefined;
  let doc: unknown = JSON.parse(JSON.stringify(live));
  for (const m of ms) doc = mutate(doc, m);
  return runStoreCall(store, status ? 'updateStatus' : 'update', doc, () => (status ? store.updateStatus(doc as StoreObject) : store.update(doc as StoreObject)));
});

run('store.patch', [fc.nat(), fc.tuple(mutationArb, weirdValue), fc.boolean()], (k, [m, v], status) => {
  fresh();
  const live = store.list(kinds[k % kinds.length] as StoreKind)[0];
  if (live === undefined) return undefined;
  const patch = mutate({ metadata: { labels: { a: 'b' } }, spec: v }, m) as MergePatch;
  return runStoreCall(store, 'patch', patch, () =>
    store.patch(live.kind as StoreKind, live.metadata.name ?? '', patch, { namespace: live.metadata.namespace, ...(status ? { subresource: 'status' as const } : {}) }),
  );
});

const total = rows.reduce((n, r) => n + r.cases, 0);
const violations = rows.reduce((n, r) => n + (r.outcomes.VIOLATION ?? 0), 0);
const ms = Math.round(performance.now() - started);
const summary = {
  date: new Date().toISOString(),
  seed,
  cases: total,
  ms,
  node: process.version,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  violations,
  rows,
};
console.log(`total ${total} cases in ${ms} ms, ${violations === 0 ? 'no violation' : `${violations} violations`}`);
if (firstViolation !== undefined) console.log(`first violation: ${firstViolation}`);
console.log(JSON.stringify(summary));
process.exitCode = violations === 0 ? 0 : 1;
