import { z } from 'zod';
import { isValidatedBy } from './validated.js';

/** One schema problem: the path inside the parsed value and zod's issue. */
export interface ReuseParseIssue {
  readonly path: readonly PropertyKey[];
  readonly code: string;
  readonly message: string;
  /** zod's issue, its path made relative to the whole value (for Kubernetes-style messages). */
  readonly issue: z.core.$ZodIssue;
}

/** The result of {@link parseReusing}: the parsed value, or the issues. */
export type ReuseParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly issues: ReuseParseIssue[] };

/** A plain object schema whose output is exactly its shape's outputs (no object-level checks, no catchall). */
function plainObjectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  if (!(schema instanceof z.ZodObject)) return undefined;
  const def = schema._zod.def;
  if ((def.checks?.length ?? 0) > 0 || def.catchall !== undefined) return undefined;
  return def.shape as Record<string, z.ZodType>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses `value` with `schema` like `schema.safeParse`, but reuses every subtree that is `===`
 * the same place in `previous`, a value this schema already produced (a stored, frozen object):
 * only what changed is parsed. Recurses through plain object and array schemas (and optional
 * wrappers); anything else that changed is parsed whole. Output keys follow the shape's order, unknown keys
 * are dropped, as zod's default object parse does. `previous` must be an output of this schema
 * (the store's stored version): its subtrees are trusted, and keys absent from both are skipped.
 */
export function parseReusing(schema: z.ZodType, value: unknown, previous: unknown): ReuseParseResult {
  const issues: ReuseParseIssue[] = [];
  // A new object (no previous version) is parsed whole, unless one of its top-level fields is a
  // subtree the store itself validated (a pod whose spec is its owner's stored template spec):
  // then it is parsed field by field and that subtree is reused (the trusted path, validated.ts).
  const out = previous === undefined && carriesValidated(schema, value) ? walk(schema, value, EMPTY, undefined, issues) : walk(schema, value, previous, undefined, issues);
  return issues.length === 0 ? { ok: true, value: out } : { ok: false, issues };
}

/** The stand-in previous value of a new object walked field by field: nothing is reused from it. */
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** True iff some top-level field of `value` is a subtree validated as an output of its field schema. */
function carriesValidated(schema: z.ZodType, value: unknown): boolean {
  const shape = isPlainObject(value) ? shapeOf(schema) : undefined;
  if (shape === undefined) return false;
  for (const key in shape) {
    const s = shape[key]!;
    const v = (value as Record<string, unknown>)[key];
    const inner = infoOf(s).optionalOf;
    if (isValidatedBy(s, v) || (inner !== undefined && isValidatedBy(inner, v))) return true;
  }
  return false;
}

/** A path as a parent chain, materialised only when an issue is reported. */
interface PathLink {
  readonly parent: PathLink | undefined;
  readonly key: PropertyKey;
}

function pathOf(link: PathLink | undefined): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (let l = link; l !== undefined; l = l.parent) out.push(l.key);
  return out.reverse();
}

/**
 * What the walk needs to know of a schema, memoised per schema (zod's `instanceof` goes through
 * `Symbol.hasInstance` and trait sets, too slow to repeat for every node of every write).
 */
interface SchemaInfo {
  /** The inner schema of an optional wrapper. */
  readonly optionalOf: z.ZodType | undefined;
  /** A plain object schema's shape and its keys in order; undefined when it is parsed whole. */
  readonly shape: Record<string, z.ZodType> | undefined;
  readonly keys: readonly string[];
  /** An array schema's element (no checks); undefined when it is parsed whole. */
  readonly element: z.ZodType | undefined;
}

const infos = new WeakMap<z.ZodType, SchemaInfo>();

function infoOf(schema: z.ZodType): SchemaInfo {
  let info = infos.get(schema);
  if (info === undefined) {
    const shape = plainObjectShape(schema);
    info = {
      optionalOf: schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : undefined,
      shape,
      keys: shape === undefined ? [] : Object.keys(shape),
      element: schema instanceof z.ZodArray && (schema._zod.def.checks?.length ?? 0) === 0 ? (schema._zod.def.element as z.ZodType) : undefined,
    };
    infos.set(schema, info);
  }
  return info;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return infoOf(schema).shape;
}

function walk(schema: z.ZodType, value: unknown, previous: unknown, path: PathLink | undefined, issues: ReuseParseIssue[]): unknown {
  if (value === previous && previous !== undefined) return value;
  let s = schema;
  let info = infoOf(s);
  if (value !== undefined && info.optionalOf !== undefined) {
    s = info.optionalOf;
    info = infoOf(s);
  }
  // A subtree the store validated (validated.ts): only new values can be one, changed ones are not.
  if (previous === undefined && isValidatedBy(s, value)) return value;
  if (info.element !== undefined && Array.isArray(value) && Array.isArray(previous)) {
    const element = info.element;
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out.push(v === previous[i] && v !== undefined ? v : walk(element, v, previous[i], { parent: path, key: i }, issues));
    }
    return out;
  }
  const shape = info.shape !== undefined && isPlainObject(value) && isPlainObject(previous) ? info.shape : undefined;
  if (shape === undefined) {
    const r = s.safeParse(value);
    if (r.success) return r.data;
    const base = pathOf(path);
    for (const i of r.error.issues) {
      const full = [...base, ...i.path];
      issues.push({ path: full, code: i.code, message: i.message, issue: { ...i, path: full } as z.core.$ZodIssue });
    }
    return undefined;
  }
  const obj = value as Record<string, unknown>;
  const prev = previous as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = info.keys;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const v = obj[key];
    // Absent now and before: `previous` came from this schema, so the key is optional.
    if (v === undefined && prev[key] === undefined && prev !== EMPTY) continue;
    const parsed = v === prev[key] && v !== undefined ? v : walk(shape[key]!, v, prev[key], { parent: path, key }, issues);
    if (parsed !== undefined) out[key] = parsed;
  }
  return out;
}
