// Generated and mutated inputs for every entry point that takes outside data (manifest text,
// objects given to apply, store writes), and the one property they must all have: the outcome
// is a result or a PodkitError that says where (a field path, or line:col), and a rejected call
// leaves the store byte-identical. Shared by the property tests and scripts/fuzz-inputs.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ManifestError, MemoryStore, PodkitError, applyObjects, defaultTolerationSecondsAdmission, parseManifests, type KubeObject, type ObjectStore, type StoreKind } from '../../src/index.js';
import { VirtualClock } from '../../src/testing.js';

type Json = unknown;
type Path = Array<string | number>;

const dir = join(import.meta.dirname, '..', '..', 'examples', 'manifests');

const extraSeeds: Json[] = [
  {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'indexed' },
    spec: {
      completionMode: 'Indexed', completions: 5, parallelism: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 2,
      podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
      successPolicy: { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] },
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'exit 0'] }] } },
    },
  },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { zone: 'a' } }, spec: { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }, status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } } },
  {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'rich', labels: { app: 'rich' }, annotations: { 'a.io/b': 'c' } },
    spec: {
      serviceAccountName: 'builder', securityContext: { runAsUser: 1000 }, terminationGracePeriodSeconds: 10, nodeSelector: { zone: 'a' },
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } },
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'settings' } }],
      initContainers: [{ name: 'side', image: 'busybox', restartPolicy: 'Always' }],
      containers: [{
        name: 'app', image: 'nginx:1.25', ports: [{ containerPort: 80, name: 'http' }], env: [{ name: 'A', value: 'b' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        resources: { limits: { cpu: '500m', memory: '128Mi' } }, volumeMounts: [{ name: 'data', mountPath: '/data' }],
        readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 }, lifecycle: { preStop: { sleep: { seconds: 1 } } },
      }],
    },
  },
];

/** The seeds: every example manifest and a few objects that use many fields, as plain JSON. */
export const SEEDS: readonly Json[] = [
  ...readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => JSON.parse(JSON.stringify(parseManifests(readFileSync(join(dir, f), 'utf8'))[0])) as Json),
  ...extraSeeds,
];

/** Keys that are `Object.prototype` members (and `__proto__`): a user may write any of them. */
export const PROTOTYPE_KEYS = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__', 'prototype'];

function paths(v: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (typeof v === 'object' && v !== null) {
    for (const [k, child] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(child, p, out);
    }
  }
  return out;
}

/** One mutation of a seed. */
export interface Mutation {
  readonly seed: number;
  readonly at: number;
  readonly op: 'delete' | 'replace' | 'rename' | 'insert' | 'insertProto' | 'tweak';
  readonly value: Json;
  readonly name: string;
}

const deep = fc.integer({ min: 1, max: 60 }).map((n) => {
  let v: Json = 'leaf';
  for (let i = 0; i < n; i++) v = i % 2 === 0 ? { nested: v } : [v];
  return v;
});

/** Values that break types and bounds: wrong kinds, int32/int64 edges, bad quantities, deep nesting. */
export const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom(null, false, true, 'str', [], {}, ['x', 1, null], 0, -1, 1.5, 65536, 2147483647, 2147483648, 3e9, 1e9, 1e12, 99999999999999, 2 ** 53 + 2, 1e300, -0),
  fc.constantFrom('', '1Gi', '12xx', '-5', '500m', 'Always', 'Never', 'Indexed', '__proto__', 'a'.repeat(300)),
  fc.constantFrom({ __proto__: { polluted: true } }, JSON.parse('{"__proto__": {"polluted": true}}') as Json, { constructor: { prototype: { polluted: true } } }),
  deep,
);

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  seed: fc.nat(),
  at: fc.nat(),
  op: fc.constantFrom('delete' as const, 'replace' as const, 'rename' as const, 'insert' as const, 'insertProto' as const, 'tweak' as const, 'tweak' as const),
  value: weirdValue,
  name: fc.constantFrom('contianers', 'specc', 'imagePullPolcy', 'ImagePullPolicy', 'x', '', 'ünïcödé', ...PROTOTYPE_KEYS),
});

/** A list of mutations applied in turn (usually one or two). */
export const mutationsArb: fc.Arbitrary<Mutation[]> = fc.array(mutationArb, { minLength: 1, maxLength: 3 });

/** Applies one mutation to a deep copy of `root` (JSON `__proto__` keys are set as own properties). */
export function mutate(root: Json, m: Mutation): Json {
  const copy = structuredClone(root) as Json;
  const all = paths(copy);
  const path = all.length === 0 ? [] : (all[m.at % all.length] as Path);
  const value = structuredClone(m.value);
  if (path.length === 0) return m.op === 'replace' ? value : copy;
  let parent = copy as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, Json>;
  const key = path[path.length - 1] as string | number;
  const set = (o: Record<string | number, Json>, k: string | number, v: Json): void => {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  };
  if (m.op === 'tweak') {
    // A change that keeps the document plausible: strings and numbers to others of their kind.
    const v = parent[key];
    if (typeof v === 'string') set(parent, key, `${v.replace(/[^a-z0-9]/g, '') || 'x'}${m.at % 7}`.slice(0, 40));
    else if (typeof v === 'number') set(parent, key, m.at % 5);
    else if (typeof v === 'boolean') set(parent, key, !v);
  } else if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.op === 'replace') set(parent, key, value);
  else if (m.op === 'rename') {
    if (!Array.isArray(parent)) {
      const v = parent[key];
      delete parent[key];
      set(parent, m.name, v);
    }
  } else {
    const target = parent[key];
    const holder = typeof target === 'object' && target !== null && !Array.isArray(target) ? (target as Record<string, Json>) : Array.isArray(parent) ? undefined : parent;
    const name = m.op === 'insertProto' ? (PROTOTYPE_KEYS[m.at % PROTOTYPE_KEYS.length] as string) : m.name;
    if (holder !== undefined) set(holder, name, value);
  }
  return copy;
}

/** A seed with its mutations applied. */
export function mutated(seed: number, ms: readonly Mutation[]): Json {
  let doc = SEEDS[seed % SEEDS.length] as Json;
  for (const m of ms) doc = mutate(doc, m);
  return doc;
}

/** How a generated document becomes manifest text. */
export interface TextForm {
  readonly json: boolean;
  readonly docs: number;
  /** Edits of the text itself (syntax errors): offset → inserted text, or a deletion. */
  readonly edits: ReadonlyArray<{ readonly at: number; readonly insert: string }>;
}

export const textFormArb: fc.Arbitrary<TextForm> = fc.record({
  json: fc.boolean(),
  docs: fc.integer({ min: 1, max: 3 }),
  edits: fc.oneof(
    { weight: 3, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.record({ at: fc.nat(), insert: fc.constantFrom('', ' ', '  ', ':', '- ', '\t', '"', '[', '{', '}', '\n', '#', '&a ', '*a ', '---\n', ' x: y') }), { minLength: 1, maxLength: 2 }) },
  ),
});

/** The text of `docs` (a YAML stream or JSON), with the form's edits applied. */
export function toText(docs: readonly Json[], form: TextForm): string {
  let text = form.json ? docs.map((d) => JSON.stringify(d)).join('\n') : docs.map((d) => stringify(d, { aliasDuplicateObjects: false })).join('---\n');
  for (const e of form.edits) {
    const at = text.length === 0 ? 0 : e.at % text.length;
    text = e.insert === '' ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + e.insert + text.slice(at);
  }
  return text;
}

/** The outcome of one call: `ok`, or the PodkitError's code. */
export type Outcome = 'ok' | string;

/** A violation of the property: what was called, with what, and what came out. */
export class PropertyViolation extends Error {}

function describe(input: unknown): string {
  try {
    return typeof input === 'string' ? JSON.stringify(input.slice(0, 2000)) : JSON.stringify(input)?.slice(0, 2000) ?? String(input);
  } catch {
    return String(input);
  }
}

/** Checks an error is a PodkitError that says where; returns its code. */
export function classifyError(e: unknown, what: string, input: unknown): Outcome {
  const fail = (why: string): never => {
    throw new PropertyViolation(`${what}: ${why}\ninput: ${describe(input)}\nerror: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  };
  if (!(e instanceof PodkitError)) return fail('threw something other than a PodkitError');
  if (e.code === 'internal') fail('threw an internal error');
  if (e instanceof ManifestError) {
    if (e.issues.length === 0) fail('a ManifestError without issues');
    for (const i of e.issues) if (!(i.line >= 1 && i.column >= 1) || typeof i.path !== 'string' || i.message === '') fail(`an issue without a position: ${JSON.stringify(i)}`);
  } else if (e.code === 'invalid_object') {
    const issues = e.details.issues as ReadonlyArray<{ path?: unknown; message?: unknown }> | undefined;
    if (!Array.isArray(issues) || issues.length === 0) fail('an invalid_object error without issues');
    for (const i of issues ?? []) if (typeof i.path !== 'string' || typeof i.message !== 'string' || i.message === '') fail(`an issue without a path: ${JSON.stringify(i)}`);
    if (/Invalid input|expected .* received|Too big:|Too small:/.test(e.message)) fail(`zod's own wording leaked: ${e.message}`);
  } else if (!['invalid_argument', 'already_exists', 'conflict', 'not_found'].includes(e.code)) {
    fail(`unexpected code ${e.code}`);
  }
  if (e.message.includes('undefined') && /Cannot read|is not a function/.test(e.message)) fail('a TypeError in disguise');
  return e.code;
}

/** Object.prototype must never change (no `__proto__` or `constructor.prototype` write reaches it). */
export function assertNoPollution(input: unknown): void {
  const probe = {} as Record<string, unknown>;
  if (probe.polluted !== undefined || Object.keys(Object.prototype).length > 0) {
    throw new PropertyViolation(`Object.prototype was polluted\ninput: ${describe(input)}`);
  }
}

/** parseManifests on text: objects, or a ManifestError whose every issue has a line and column. */
export function runManifestCase(text: string): Outcome {
  let outcome: Outcome;
  try {
    parseManifests(text);
    outcome = 'ok';
  } catch (e) {
    outcome = classifyError(e, 'parseManifests', text);
  }
  assertNoPollution(text);
  return outcome;
}

/** Every object of every kind, and the store's resourceVersion, as one string. */
export function serializeStore(store: ObjectStore): string {
  const kinds: StoreKind[] = ['Node', 'Pod', 'ReplicaSet', 'Job', 'DaemonSet'];
  return JSON.stringify({ rv: store.resourceVersion, objects: kinds.map((k) => store.list(k)) });
}

/** A store with a few live objects (the seeds that are valid, created). */
export function seededStore(): MemoryStore {
  const store = new MemoryStore({ clock: new VirtualClock(), admission: [defaultTolerationSecondsAdmission] });
  for (const seed of SEEDS) {
    try {
      applyObjects(store, seed as KubeObject);
    } catch {
      // a seed that needs something else (none today)
    }
  }
  return store;
}

/** Runs `call` against `store`; a rejection must leave the store byte-identical. */
export function runStoreCall(store: ObjectStore, what: string, input: unknown, call: () => unknown): Outcome {
  const before = serializeStore(store);
  let outcome: Outcome;
  try {
    call();
    outcome = 'ok';
  } catch (e) {
    outcome = classifyError(e, what, input);
    const after = serializeStore(store);
    if (after !== before) throw new PropertyViolation(`${what} was rejected (${outcome}) but changed the store\ninput: ${describe(input)}`);
  }
  assertNoPollution(input);
  return outcome;
}

let unique = 0;

/** `doc` with a fresh `metadata.name` (when it has one), so that creates do not all collide. */
export function renamed(doc: Json): Json {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc;
  const meta = (doc as { metadata?: unknown }).metadata;
  if (typeof meta !== 'object' || meta === null || typeof (meta as { name?: unknown }).name !== 'string') return doc;
  return { ...doc, metadata: { ...meta, name: `${(meta as { name: string }).name}-${++unique}` } };
}
