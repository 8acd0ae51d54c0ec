// zod issues → Kubernetes-style messages (`Required value`, `Invalid value: "eighty": must be an
// integer`, `Unsupported value: "Sometimes": supported values: "Always", ...`).
import type { z } from 'zod';
import { renderValue } from './field-error.js';

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
    case 'too_small':
      return { message: `Invalid value: ${v}: must be an integer between -9007199254740991 and 9007199254740991`, missing: false };
    default:
      return { message: `Invalid value: ${v}: ${issue.message}`, missing: false };
  }
}
