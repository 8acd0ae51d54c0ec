import { z } from 'zod';

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
  const out = walk(schema, value, previous, undefined, issues);
  return issues.length === 0 ? { ok: true, value: out } : { ok: false, issues };
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

/** Per object schema: its shape, or null when it must be parsed whole (memoised). */
const shapes = new WeakMap<z.ZodType, Record<string, z.ZodType> | null>();

/** Per array schema: its element schema, or null when it must be parsed whole (checks, memoised). */
const elements = new WeakMap<z.ZodType, z.ZodType | null>();

function elementOf(schema: z.ZodType): z.ZodType | undefined {
  let el = elements.get(schema);
  if (el === undefined) {
    el = schema instanceof z.ZodArray && (schema._zod.def.checks?.length ?? 0) === 0 ? (schema._zod.def.element as z.ZodType) : null;
    elements.set(schema, el);
  }
  return el ?? undefined;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let shape = shapes.get(schema);
  if (shape === undefined) {
    shape = plainObjectShape(schema) ?? null;
    shapes.set(schema, shape);
  }
  return shape ?? undefined;
}

function walk(schema: z.ZodType, value: unknown, previous: unknown, path: PathLink | undefined, issues: ReuseParseIssue[]): unknown {
  if (value === previous && previous !== undefined) return value;
  let s = schema;
  if (value !== undefined && s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  if (Array.isArray(value) && Array.isArray(previous)) {
    const element = elementOf(s);
    if (element !== undefined) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        out.push(v === previous[i] && v !== undefined ? v : walk(element, v, previous[i], { parent: path, key: i }, issues));
      }
      return out;
    }
  }
  const shape = isPlainObject(value) && isPlainObject(previous) ? shapeOf(s) : undefined;
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
  for (const key in shape) {
    const v = obj[key];
    // Absent now and before: `previous` came from this schema, so the key is optional.
    if (v === undefined && prev[key] === undefined) continue;
    const parsed = v === prev[key] && v !== undefined ? v : walk(shape[key]!, v, prev[key], { parent: path, key }, issues);
    if (parsed !== undefined) out[key] = parsed;
  }
  return out;
}
