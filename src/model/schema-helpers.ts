// Building blocks of the schemas: Kubernetes' integer widths, the syntax of quantities, and
// fields that Kubernetes knows but podkit does not model (kept verbatim as JSON data). Internal:
// the public surface is the schemas built with them.
import { z } from 'zod';
import { quantitySyntaxError } from './quantity.js';

/**
 * An `int32` field: an integer in [-2³¹, 2³¹−1], as Kubernetes' JSON decoding enforces (a
 * larger value is a decoding error upstream: `cannot unmarshal number ... of type int32`).
 */
export const Int32Schema = z.int32();

/**
 * An `int64` field. JavaScript numbers are exact only up to 2⁵³−1, so podkit accepts the safe
 * integers (±9007199254740991), a subset of int64.
 */
export const Int64Schema = z.number().int();

/** A JSON value, as a Kubernetes field of a type podkit does not model holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Deeper JSON than this is refused (what podkit keeps must serialise to YAML that it parses again, see MAX_YAML_DEPTH). */
export const MAX_JSON_DEPTH = 200;

/** The most values one verbatim field may hold (a shared-subtree object graph cannot expand past it). */
export const MAX_JSON_VALUES = 100_000;

const isPlainRecord = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Why `value` is not JSON data (the first problem found), or undefined when it is: plain objects
 * and arrays of strings, finite numbers, booleans and null, without cycles, at most
 * {@link MAX_JSON_DEPTH} deep. `__proto__` keys are reported by the field scan, not here.
 */
export function jsonProblem(value: unknown, depth = 0, ancestors: Set<object> = new Set(), budget: { n: number } = { n: 0 }): string | undefined {
  if (depth > MAX_JSON_DEPTH) return `must not be nested more than ${MAX_JSON_DEPTH} levels deep`;
  if (++budget.n > MAX_JSON_VALUES) return `must not have more than ${MAX_JSON_VALUES} values`;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : 'must be a finite number';
    case 'object': {
      if (value === null) return undefined;
      if (ancestors.has(value)) return 'must not contain itself (a cycle)';
      if (!Array.isArray(value) && !isPlainRecord(value)) return 'must be JSON data (a plain object, list, string, number, boolean or null)';
      ancestors.add(value);
      const children = Array.isArray(value) ? value : Object.keys(value).map((k) => (value as Record<string, unknown>)[k]);
      let problem: string | undefined;
      for (const v of children) {
        problem = jsonProblem(v, depth + 1, ancestors, budget);
        if (problem !== undefined) break;
      }
      ancestors.delete(value);
      return problem;
    }
    default:
      return 'must be JSON data (a plain object, list, string, number, boolean or null)';
  }
}

/** A deep copy of JSON data ({@link jsonProblem} is undefined for it), without `__proto__` keys. */
export function cloneJson(value: unknown): JsonValue {
  if (typeof value !== 'object' || value === null) return value as JsonValue;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) if (key !== '__proto__') out[key] = cloneJson((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * A field Kubernetes defines and podkit does not model: any JSON value, validated as JSON and
 * kept as written (copied, so the stored object never aliases the caller's).
 */
export const VerbatimSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    const problem = jsonProblem(v);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(cloneJson);

/** The schema of every verbatim field in an object shape (one instance, so the field scan can recognise it). */
export const OptionalVerbatimSchema = VerbatimSchema.optional();

const unmodelled = new Map<z.ZodType, readonly string[]>();

/**
 * Schema → the Kubernetes field names at that place that podkit keeps verbatim without modelling
 * them (filled by {@link withUnmodelled}). The field scan gives them a "not modelled" warning
 * instead of an "unknown field" one.
 */
export const UNMODELLED_FIELDS: ReadonlyMap<z.ZodType, readonly string[]> = unmodelled;

/**
 * `schema` with `keys` added as optional {@link VerbatimSchema} fields, typed as `schema`: the
 * inferred types stay the modelled ones, while parsing keeps those fields as written instead of
 * stripping them (they round-trip through the store and the API). With `warn: false` (volume
 * sources podkit accepts as data) the field scan does not warn about them.
 */
export function withUnmodelled<S extends z.ZodObject>(schema: S, keys: readonly string[], options: { readonly warn?: boolean } = {}): S {
  const extra: Record<string, z.ZodType> = {};
  for (const key of keys) extra[key] = OptionalVerbatimSchema;
  const out = schema.extend(extra) as unknown as S;
  if (options.warn !== false) unmodelled.set(out, keys);
  return out;
}

/**
 * A quantity as written: a string or a number in Kubernetes' quantity syntax. A malformed one is
 * a decoding error (reported once, where it was written, before defaulting can copy it: a bad
 * limit never reappears as a defaulted request).
 */
export const QuantityValueSchema = z.union([z.string(), z.number()]).superRefine((q, ctx) => {
  const problem = quantitySyntaxError(q);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});
