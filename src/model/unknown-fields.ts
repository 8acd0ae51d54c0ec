// Finds the fields of a manifest that the schema does not model, with a "did you mean" for near
// misses (optimal-string-alignment Damerau–Levenshtein against the known keys at that place).
import type { z } from 'zod';
import { UNMODELLED_FIELDS, VOLUME_SOURCE_FIELDS } from './kube-fields.js';
import { VolumeSchema } from './pod.js';

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

function walk(value: unknown, schema: z.ZodType, path: PathSegment[], out: UnknownField[]): void {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
      if (def.innerType !== undefined) walk(value, def.innerType, path, out);
      return;
    case 'array':
      if (Array.isArray(value) && def.element !== undefined) {
        for (let i = 0; i < value.length; i++) walk(value[i], def.element, [...path, i], out);
      }
      return;
    case 'record':
      if (isPlainObject(value) && def.valueType !== undefined) {
        for (const key of Object.keys(value)) walk(value[key], def.valueType, [...path, key], out);
      }
      return;
    case 'object': {
      if (!isPlainObject(value) || def.shape === undefined) return;
      const shape = def.shape;
      const unmodelled = UNMODELLED_FIELDS.get(schema) ?? [];
      const loose = schema === VolumeSchema ? VOLUME_SOURCE_FIELDS : [];
      for (const key of Object.keys(value)) {
        const child = shape[key];
        if (child !== undefined) {
          walk(value[key], child, [...path, key], out);
          continue;
        }
        if (loose.includes(key)) continue;
        const p = [...path, key];
        const full = formatPath(p);
        if (unmodelled.includes(key)) {
          out.push({ path: p, key, message: `unknown field ${JSON.stringify(full)} (not modelled by podkit; ignored)` });
          continue;
        }
        const s = suggest(key, [...Object.keys(shape), ...unmodelled, ...loose]);
        out.push(
          s === undefined
            ? { path: p, key, message: `unknown field ${JSON.stringify(full)}` }
            : { path: p, key, suggestion: s, message: `unknown field ${JSON.stringify(full)}; did you mean ${JSON.stringify(s)}?` },
        );
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Every field of `value` that `schema` does not model, in document order, with paths prefixed by
 * `base`. Known Kubernetes fields that podkit does not model get a "not modelled" message;
 * others an "unknown field" one, with a suggestion when a known key is close.
 */
export function findUnknownFields(value: unknown, schema: z.ZodType, base: readonly PathSegment[] = []): UnknownField[] {
  const out: UnknownField[] = [];
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
    else if (d.type === 'object') s = d.shape?.[String(seg)];
    else return undefined;
  }
  return s === undefined ? undefined : unwrap(s);
}

/** What a schema expects, in words: `an integer`, `a string`, `an integer or a string`, ... */
export function describeSchema(schema: z.ZodType): string | undefined {
  const d = defOf(schema);
  switch (d.type) {
    case 'number':
      return (schema as unknown as { format?: string | null }).format === 'safeint' ? 'an integer' : 'a number';
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
