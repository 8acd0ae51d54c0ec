// Finds the fields of a manifest that the schema does not know, with a "did you mean" for near
// misses (optimal-string-alignment Damerau–Levenshtein against the known keys at that place), the
// Kubernetes fields podkit keeps verbatim, and map keys that cannot be stored.
import type { z } from 'zod';
import { ResourceListSchema } from './meta.js';
import { isQualifiedName } from './names.js';
import { MAX_JSON_DEPTH, OptionalVerbatimSchema, UNMODELLED_FIELDS } from './schema-helpers.js';

/** A path into a document: object keys and array indexes. */
export type PathSegment = string | number;

/** One field the schema does not know. */
export interface UnknownField {
  readonly path: readonly PathSegment[];
  readonly key: string;
  readonly message: string;
  /** The known key it most likely misspells. */
  readonly suggestion?: string;
}

/** `spec.containers[0].name` from segments. */
export function formatPath(path: readonly PathSegment[]): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  return s;
}

/** Optimal-string-alignment distance (Damerau–Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? 0;
}

/** The closest candidate within a length-dependent threshold, case-insensitive matches first. */
export function suggest(key: string, candidates: Iterable<string>): string | undefined {
  const lower = key.toLowerCase();
  const limit = key.length >= 5 ? 2 : key.length >= 3 ? 1 : 0;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestDistance && d <= limit) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

interface Def {
  type: string;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A map key that no Kubernetes map may have: `__proto__` (also a JavaScript hazard). */
export interface InvalidKey {
  /** The path of the map (`metadata.labels`), or of the entry for resource lists. */
  readonly path: readonly PathSegment[];
  readonly key: string;
  readonly message: string;
}

/** What {@link scanFields} finds in a value, in document order. */
export interface FieldScan {
  /** Keys no Kubernetes object has at that place (typos, `__proto__`), with suggestions. */
  readonly unknown: UnknownField[];
  /** Keys Kubernetes defines and podkit keeps verbatim without modelling them. */
  readonly unmodelled: UnknownField[];
  /** Map keys that cannot be stored (`__proto__`). */
  readonly invalidKeys: InvalidKey[];
  /** Set when the value has more than {@link MAX_SCANNED_NODES} fields and items (the scan stopped there). */
  tooLarge: boolean;
  /** Fields and items seen so far. */
  nodes: number;
}

/**
 * The most fields and items one object may have (its JSON would be several MiB; the API server
 * refuses requests over 3 MiB). Also what stops an in-process object graph that shares subtrees
 * from expanding into an exponential tree.
 */
export const MAX_SCANNED_NODES = 1_000_000;

function count(out: FieldScan): boolean {
  if (++out.nodes > MAX_SCANNED_NODES) out.tooLarge = true;
  return out.tooLarge;
}

const PROTO = '__proto__';

function unknownField(path: PathSegment[], key: string, candidates: readonly string[]): UnknownField {
  const full = formatPath(path);
  const s = key === PROTO ? undefined : suggest(key, candidates);
  return s === undefined
    ? { path, key, message: `unknown field ${JSON.stringify(full)}` }
    : { path, key, suggestion: s, message: `unknown field ${JSON.stringify(full)}; did you mean ${JSON.stringify(s)}?` };
}

/** `__proto__` keys inside a verbatim (unmodelled) value: Kubernetes has no such field anywhere. */
function scanVerbatim(value: unknown, path: PathSegment[], depth: number, out: FieldScan, ancestors: Set<object>): void {
  if (count(out) || typeof value !== 'object' || value === null || depth > MAX_JSON_DEPTH || ancestors.has(value)) return;
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && !out.tooLarge; i++) scanVerbatim(value[i], [...path, i], depth + 1, out, ancestors);
  } else {
    for (const key of Object.keys(value)) {
      if (out.tooLarge) break;
      if (key === PROTO) out.unknown.push(unknownField([...path, key], key, []));
      else scanVerbatim((value as Record<string, unknown>)[key], [...path, key], depth + 1, out, ancestors);
    }
  }
  ancestors.delete(value);
}

function walk(value: unknown, schema: z.ZodType, path: PathSegment[], out: FieldScan): void {
  if (count(out)) return;
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
      if (def.innerType !== undefined) walk(value, def.innerType, path, out);
      return;
    case 'array':
      if (Array.isArray(value) && def.element !== undefined) {
        for (let i = 0; i < value.length && !out.tooLarge; i++) walk(value[i], def.element, [...path, i], out);
      }
      return;
    case 'record':
      if (isPlainObject(value) && def.valueType !== undefined) {
        for (const key of Object.keys(value)) {
          if (key === PROTO) {
            const where = schema === ResourceListSchema ? [...path, key] : path;
            for (const m of isQualifiedName(key)) out.invalidKeys.push({ path: where, key, message: m });
            continue;
          }
          walk(value[key], def.valueType, [...path, key], out);
        }
      }
      return;
    case 'object': {
      if (!isPlainObject(value) || def.shape === undefined) return;
      const shape = def.shape;
      const unmodelled = UNMODELLED_FIELDS.get(schema) ?? [];
      for (const key of Object.keys(value)) {
        const p = [...path, key];
        const child = Object.hasOwn(shape, key) ? shape[key] : undefined;
        if (child === undefined) {
          out.unknown.push(unknownField(p, key, Object.keys(shape)));
        } else if (child === OptionalVerbatimSchema) {
          if (unmodelled.includes(key)) {
            out.unmodelled.push({ path: p, key, message: `field ${JSON.stringify(formatPath(p))} is not modelled by podkit (kept as written, not acted on)` });
          }
          scanVerbatim(value[key], p, 0, out, new Set());
        } else {
          walk(value[key], child, p, out);
        }
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Scans `value` against `schema` before anything else reads it, with paths prefixed by `base`:
 * keys the schema does not know (with a suggestion when a known key is close), Kubernetes fields
 * podkit keeps verbatim, and map keys that cannot be stored. Own keys only (`Object.keys`,
 * `Object.hasOwn`): `constructor`, `toString` or `__proto__` are keys like any other. Never
 * throws on any input; the schema parse reports wrong types.
 */
export function scanFields(value: unknown, schema: z.ZodType, base: readonly PathSegment[] = []): FieldScan {
  const out: FieldScan = { unknown: [], unmodelled: [], invalidKeys: [], tooLarge: false, nodes: 0 };
  walk(value, schema, [...base], out);
  return out;
}

/** The schema at `path` inside `schema` (through optional, nullable, array, record, object). */
export function schemaAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  const unwrap = (x: z.ZodType): z.ZodType => {
    let d = defOf(x);
    while ((d.type === 'optional' || d.type === 'nullable') && d.innerType !== undefined) {
      x = d.innerType;
      d = defOf(x);
    }
    return x;
  };
  for (const seg of path) {
    if (s === undefined) return undefined;
    const d = defOf(unwrap(s));
    if (d.type === 'array') s = d.element;
    else if (d.type === 'record') s = d.valueType;
    else if (d.type === 'object') s = d.shape !== undefined && Object.hasOwn(d.shape, String(seg)) ? d.shape[String(seg)] : undefined;
    else return undefined;
  }
  return s === undefined ? undefined : unwrap(s);
}

const INTEGER_FORMATS: ReadonlySet<string> = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/** What a schema expects, in words: `an integer`, `a string`, `an integer or a string`, ... */
export function describeSchema(schema: z.ZodType): string | undefined {
  const d = defOf(schema);
  switch (d.type) {
    case 'number':
      return INTEGER_FORMATS.has((schema as unknown as { format?: string | null }).format ?? '') ? 'an integer' : 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'object':
    case 'record':
      return 'an object';
    case 'array':
      return 'a list';
    case 'union': {
      const parts = (d.options ?? []).map(describeSchema);
      return parts.every((p) => p !== undefined) ? parts.join(' or ') : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Like {@link formatPath}, but map keys (record entries in `schema`) print as `[key]`, as
 * Kubernetes' `field.Path.Key` does: `metadata.labels[app]`, `resources.limits[cpu]`.
 */
export function formatSchemaPath(schema: z.ZodType, base: readonly PathSegment[], rel: readonly PathSegment[]): string {
  let out = formatPath(base);
  let s: z.ZodType | undefined = schema;
  for (const seg of rel) {
    const d = s === undefined ? undefined : defOf(schemaAt(s, []) ?? s);
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (d?.type === 'record') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
    s = s === undefined ? undefined : schemaAt(s, [seg]);
  }
  return out;
}
