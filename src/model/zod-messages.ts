// zod issues → Kubernetes-style messages (`Required value`, `Invalid value: "eighty": must be an
// integer`, `Unsupported value: "Sometimes": supported values: "Always", ...`).
import type { z } from 'zod';
import { renderValue } from './field-error.js';
import { describeSchema, formatSchemaPath, schemaAt, type PathSegment } from './unknown-fields.js';

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  record: 'an object',
  array: 'a list',
};

/** A translated issue: the message body, and whether the field is missing altogether. */
export interface TranslatedIssue {
  readonly message: string;
  readonly missing: boolean;
}

function expectedOf(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_type') return [EXPECTED[issue.expected] ?? issue.expected];
  if (issue.code === 'invalid_union') return issue.errors.flatMap((errs) => errs.flatMap(expectedOf));
  return [];
}

/**
 * Translates one zod issue about `value` (the raw input at the issue's path) into Kubernetes'
 * wording; `expected` (from the schema at that path, e.g. `an integer`) refines type errors.
 * Unknown issue codes keep zod's own message.
 */
export function translateZodIssue(issue: z.core.$ZodIssue, value: unknown, expected?: string): TranslatedIssue {
  if (value === undefined) {
    if (issue.code === 'invalid_value') {
      return { message: `Required value: supported values: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, missing: true };
    }
    return { message: 'Required value', missing: true };
  }
  const v = renderValue(value);
  switch (issue.code) {
    case 'invalid_type':
      return { message: `Invalid value: ${v}: must be ${expected ?? EXPECTED[issue.expected] ?? issue.expected}`, missing: false };
    case 'invalid_union': {
      if (expected !== undefined) return { message: `Invalid value: ${v}: must be ${expected}`, missing: false };
      const kinds = [...new Set(expectedOf(issue))];
      return { message: `Invalid value: ${v}: must be ${kinds.length > 0 ? kinds.join(' or ') : 'a valid value'}`, missing: false };
    }
    case 'invalid_value':
      return { message: `Unsupported value: ${v}: supported values: ${issue.values.map((x) => JSON.stringify(x)).join(', ')}`, missing: false };
    case 'too_big':
    case 'too_small': {
      const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      const int32 = bound === 2147483647 || bound === -2147483648;
      const range = int32 ? '-2147483648 and 2147483647' : '-9007199254740991 and 9007199254740991';
      return { message: `Invalid value: ${v}: must be ${int32 ? 'a 32-bit integer' : 'an integer'} between ${range}`, missing: false };
    }
    default:
      return { message: `Invalid value: ${v}: ${issue.message}`, missing: false };
  }
}

/** A zod issue in Kubernetes' terms: where (relative to the parsed value), what, and whether the field is missing. */
export interface FieldIssue {
  /** The issue's path inside the parsed value. */
  readonly rel: readonly PathSegment[];
  /** The Kubernetes path, map keys bracketed (`metadata.labels[tier]`), prefixed with `base`. */
  readonly path: string;
  readonly message: string;
  readonly missing: boolean;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/**
 * Translates the issues of `schema.safeParse(raw)` into Kubernetes' wording with field paths (the
 * one translation every entry point uses: manifests, `apply`, the store). `base` prefixes paths
 * (`items[0]` for List items).
 */
export function translateZodIssues(schema: z.ZodType, raw: unknown, issues: readonly z.core.$ZodIssue[], base: readonly PathSegment[] = []): FieldIssue[] {
  return issues.map((zi) => {
    const rel = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    const leaf = schemaAt(schema, rel);
    const t = translateZodIssue(zi, valueAt(raw, rel), leaf === undefined ? undefined : describeSchema(leaf));
    return { rel, path: formatSchemaPath(schema, base, rel), message: t.message, missing: t.missing };
  });
}
