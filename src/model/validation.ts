import { PodkitError } from '../errors.js';
import { formatValidationIssue, type ValidationIssue } from './field-error.js';
import { getKindDefinition } from './kinds.js';
import type { KubeObject } from './workloads.js';

/**
 * Validates an object as the API server does on create (`Validate<Kind>`), returning every issue
 * with Kubernetes' path and message (`spec.containers[1].name: Duplicate value: "web"`); an empty
 * array means valid. Expects a defaulted object (run {@link applyDefaults} first): fields the API
 * server always defaults are reported as `Required value` when missing. Does not check update
 * rules (immutability) or status. For a Job that will get a generated selector, the checks that
 * need its uid wait until it has one. Allocation-light; safe to call on every store write.
 *
 * @example
 * ```ts
 * import { applyDefaults, validateObject, formatValidationIssue } from 'podkit';
 * validateObject(applyDefaults(pod)).map(formatValidationIssue);
 * ```
 */
export function validateObject(obj: KubeObject): ValidationIssue[] {
  const def = getKindDefinition(obj.apiVersion, obj.kind);
  if (def === undefined) {
    return [{ path: 'kind', type: 'Unsupported value', message: `Unsupported value: ${JSON.stringify(obj.kind)}`, detail: '', value: obj.kind }];
  }
  return def.validate(obj);
}

/**
 * The API server's error text for a rejected object: `Pod "web" is invalid: <issue>`, or with
 * several issues `Pod "web" is invalid: [<issue 1>, <issue 2>]`.
 */
export function formatValidationIssues(obj: KubeObject, issues: readonly ValidationIssue[]): string {
  const head = `${obj.kind} ${JSON.stringify(obj.metadata.name ?? obj.metadata.generateName ?? '')} is invalid: `;
  const texts = issues.map(formatValidationIssue);
  return texts.length === 1 ? head + texts[0] : `${head}[${texts.join(', ')}]`;
}

/**
 * Throws a `PodkitError` with code `invalid_object` (message as {@link formatValidationIssues},
 * `details.issues` the list) when {@link validateObject} finds any issue.
 */
export function assertValidObject(obj: KubeObject): void {
  const issues = validateObject(obj);
  if (issues.length > 0) {
    throw new PodkitError('invalid_object', formatValidationIssues(obj, issues), { details: { issues } });
  }
}
