/**
 * The kind of a validation problem, named exactly as Kubernetes' `field.ErrorType` prints it.
 */
export type ValidationIssueType =
  | 'Required value'
  | 'Invalid value'
  | 'Duplicate value'
  | 'Unsupported value'
  | 'Not found'
  | 'Forbidden'
  | 'Too long'
  | 'Too many';

/**
 * One validation problem, as the API server reports it (`k8s.io/apimachinery` `field.Error`).
 *
 * - `path` is the field path relative to the object (`spec.containers[1].name`).
 * - `message` is the error body without the path (`Duplicate value: "web"`), so the whole
 *   Kubernetes text is `` `${path}: ${message}` `` (see {@link formatValidationIssue}).
 * - `detail` is the explanatory part alone (`must be 1`), empty when there is none.
 */
export interface ValidationIssue {
  readonly path: string;
  readonly type: ValidationIssueType;
  readonly message: string;
  readonly detail: string;
  /** The offending value, when Kubernetes reports one. */
  readonly value?: unknown;
}

/** Marker for issues whose value Kubernetes omits from the message. */
const OMIT: unique symbol = Symbol('omit');

/**
 * Renders a bad value the way Kubernetes' `field.Error` does: strings quoted (`"web"`), numbers
 * and booleans bare, anything else as JSON.
 */
export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      try {
        return JSON.stringify(value) ?? String(value);
      } catch {
        return String(value);
      }
  }
}

function make(path: string, type: ValidationIssueType, value: unknown, detail: string): ValidationIssue {
  let body: string = type;
  if (value !== OMIT) body += `: ${renderValue(value)}`;
  if (detail !== '') body += `: ${detail}`;
  return value === OMIT ? { path, type, message: body, detail } : { path, type, message: body, detail, value };
}

/** `path: Required value[: detail]`. */
export function required(path: string, detail = ''): ValidationIssue {
  return make(path, 'Required value', OMIT, detail);
}

/** `path: Invalid value: <value>: detail`. */
export function invalid(path: string, value: unknown, detail: string): ValidationIssue {
  return make(path, 'Invalid value', value, detail);
}

/** `path: Invalid value: detail` (Kubernetes' omitted-value form). */
export function invalidNoValue(path: string, detail: string): ValidationIssue {
  return make(path, 'Invalid value', OMIT, detail);
}

/** `path: Duplicate value: <value>[: detail]`. */
export function duplicate(path: string, value: unknown, detail = ''): ValidationIssue {
  return make(path, 'Duplicate value', value, detail);
}

/** `path: Not found: <value>`. */
export function notFound(path: string, value: unknown): ValidationIssue {
  return make(path, 'Not found', value, '');
}

/** `path: Forbidden: detail`. */
export function forbidden(path: string, detail: string): ValidationIssue {
  return make(path, 'Forbidden', OMIT, detail);
}

/** `path: Unsupported value: <value>: supported values: "a", "b"`. */
export function notSupported(path: string, value: unknown, supported: readonly string[]): ValidationIssue {
  const detail = supported.length > 0 ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : '';
  return make(path, 'Unsupported value', value, detail);
}

/** `path: Too long: may not be more than <n> bytes`. */
export function tooLong(path: string, maxBytes: number): ValidationIssue {
  return make(path, 'Too long', OMIT, `may not be more than ${maxBytes} ${maxBytes === 1 ? 'byte' : 'bytes'}`);
}

/** `path: Too long: <detail>` (the older wording some validators still use). */
export function tooLongDetail(path: string, detail: string): ValidationIssue {
  return make(path, 'Too long', OMIT, detail);
}

/** `path: Too many: <n>: must have at most <max> items`. */
export function tooMany(path: string, actual: number, max: number): ValidationIssue {
  return make(path, 'Too many', actual, `must have at most ${max} items`);
}

/** The message Kubernetes' `ValidateNonnegativeField` uses. */
export const IS_NEGATIVE_MSG = 'must be greater than or equal to 0';

/** Appends `path: Invalid value: <v>: must be greater than or equal to 0` when `value < 0`. */
export function nonNegative(out: ValidationIssue[], value: number | undefined, path: string): void {
  if (value !== undefined && value < 0) out.push(invalid(path, value, IS_NEGATIVE_MSG));
}

/** `min..max` range text, as `validation.InclusiveRangeError`. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/**
 * The full Kubernetes error text of an issue: `spec.containers[1].name: Duplicate value: "web"`.
 *
 * @example
 * ```ts
 * import { validateObject, formatValidationIssue } from 'podkit';
 * validateObject(pod).map(formatValidationIssue);
 * ```
 */
export function formatValidationIssue(issue: ValidationIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
