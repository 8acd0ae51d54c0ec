// Property tests: whatever the input, parseManifests returns objects or throws a ManifestError —
// never another error, never a hang — and what it returns round-trips through serializeManifests.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyDefaults, ManifestError, parseManifests, serializeManifests, type KubeObject } from 'podkit';

const dir = join(import.meta.dirname, '..', '..', 'examples', 'manifests');
const seeds: unknown[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => JSON.parse(JSON.stringify(parseManifests(readFileSync(join(dir, f), 'utf8'))[0])) as unknown);

type Path = Array<string | number>;

function paths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (typeof v === 'object' && v !== null) {
    for (const [k, child] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(child, p, out);
    }
  }
  return out;
}

function mutate(root: unknown, path: Path, op: 'delete' | 'replace' | 'rename', value: unknown, name: string): unknown {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const key = path[path.length - 1] as string | number;
  if (op === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (op === 'replace') parent[key] = value;
  else if (!Array.isArray(parent)) {
    parent[name] = parent[key];
    delete parent[key];
  }
  return copy;
}

const deep = fc.integer({ min: 1, max: 60 }).map((n) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < n; i++) v = i % 2 === 0 ? { nested: v } : [v];
  return v;
});
const weirdValue = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(1e300, -1e300, 2 ** 53 + 2, -0, 0.5, 65536, -1, 2147483648, '', '1Gi', '-5', 'Always'),
  deep,
);
const mutation = fc.record({
  seed: fc.nat(),
  at: fc.nat(),
  op: fc.constantFrom('delete' as const, 'replace' as const, 'rename' as const),
  value: weirdValue,
  name: fc.constantFrom('contianers', 'specc', 'ImagePullPolicy', 'x', '', 'ünïcödé'),
  json: fc.boolean(),
  docs: fc.integer({ min: 1, max: 3 }),
});

function parseOrManifestError(text: string): KubeObject[] | ManifestError {
  try {
    return parseManifests(text);
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
}

describe('parseManifests (property)', () => {
  it('returns objects or throws a ManifestError for arbitrary mutations of valid manifests', () => {
    const started = Date.now();
    fc.assert(
      fc.property(mutation, (m) => {
        const seed = seeds[m.seed % seeds.length];
        const all = paths(seed);
        const target = all[m.at % all.length] ?? ['kind'];
        const doc = mutate(seed, target, m.op, m.value, m.name);
        const text = m.json ? JSON.stringify(doc) : Array.from({ length: m.docs }, () => stringify(doc)).join('---\n');
        const result = parseOrManifestError(text);
        if (result instanceof ManifestError) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const i of result.issues) expect(i.line).toBeGreaterThanOrEqual(1);
        } else {
          expect(parseManifests(serializeManifests(result))).toEqual(result);
        }
      }),
      { numRuns: 250 },
    );
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('returns objects or throws a ManifestError for random text', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom('apiVersion: v1\n', 'kind: Pod\n', '---\n', '- ', '  ', ': ', '{', '}', '[', ']', '&a ', '*a ', '!!int ', '"', "'", '#', '\t', 'metadata:\n', 'spec:\n'), { maxLength: 40 }).map((xs) => xs.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const result = parseOrManifestError(t);
        expect(Array.isArray(result) || result instanceof ManifestError).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('survives alias bombs without hanging', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n');
    expect(parseOrManifestError(bomb)).toBeInstanceOf(ManifestError);
  });

  it('applyDefaults is idempotent on every object a manifest yields', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const seed = seeds[m.seed % seeds.length];
        const all = paths(seed);
        const doc = mutate(seed, all[m.at % all.length] ?? ['kind'], m.op, m.value, m.name);
        const result = parseOrManifestError(JSON.stringify(doc));
        if (Array.isArray(result)) for (const o of result) expect(applyDefaults(o)).toEqual(o);
      }),
      { numRuns: 200 },
    );
  });
});
