// Resource requirement validation (pkg/apis/core/validation ValidateContainerResourceRequirements,
// validateContainerResourceName, ValidateResourceQuantityValue).
import { IS_NEGATIVE_MSG, invalid, required, type ValidationIssue } from './field-error.js';
import type { ResourceRequirements } from './container.js';
import type { Quantity, ResourceList } from './meta.js';
import { isQualifiedName } from './names.js';
import { tryParseQuantity, type ParsedQuantity } from './quantity.js';

const STANDARD_CONTAINER = new Set(['cpu', 'memory', 'ephemeral-storage']);
const STANDARD = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas',
  'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers', 'requests.cpu',
  'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory',
  'limits.ephemeral-storage',
]);

const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');

function isExtended(name: string): boolean {
  if (isNative(name) || name.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${name}`).length === 0;
}

/** Extended and hugepages resources may not be overcommitted (requests must equal limits). */
const overcommitAllowed = (name: string): boolean => !isExtended(name) && !isHugePages(name);

function validateResourceName(name: string, path: string, out: ValidationIssue[]): void {
  const errs = isQualifiedName(name);
  if (errs.length > 0) {
    for (const m of errs) out.push(invalid(path, name, m));
    return;
  }
  if (!name.includes('/')) {
    if (!STANDARD.has(name) && !isHugePages(name)) out.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
    if (!STANDARD_CONTAINER.has(name) && !isHugePages(name)) out.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtended(name)) {
    out.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
}

/**
 * Parses and checks one quantity of a resource list: syntax (Kubernetes' decoding message), not
 * negative, integral for extended resources. Returns the parsed value or undefined.
 */
export function checkQuantity(name: string, q: Quantity, path: string, out: ValidationIssue[]): ParsedQuantity | undefined {
  const parsed = tryParseQuantity(q);
  if (typeof parsed === 'string') {
    out.push(invalid(path, q, parsed));
    return undefined;
  }
  if (parsed.nano < 0n) out.push(invalid(path, parsed.canonical, IS_NEGATIVE_MSG));
  if (isExtended(name) && parsed.nano % 1_000_000_000n !== 0n) out.push(invalid(path, parsed.canonical, 'must be an integer'));
  return parsed;
}

function checkList(list: ResourceList | undefined, path: string, out: ValidationIssue[]): Map<string, ParsedQuantity> {
  const parsed = new Map<string, ParsedQuantity>();
  if (list === undefined) return parsed;
  for (const name in list) {
    const p = `${path}[${name}]`;
    validateResourceName(name, p, out);
    const q = checkQuantity(name, list[name] as Quantity, p, out);
    if (q !== undefined) parsed.set(name, q);
  }
  return parsed;
}

/** `ValidateContainerResourceRequirements`: names, quantities, and requests ≤ limits. */
export function validateResourceRequirements(r: ResourceRequirements | undefined, path: string, out: ValidationIssue[]): void {
  if (r === undefined) return;
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = checkList(r.limits, limPath, out);
  const requests = checkList(r.requests, reqPath, out);
  for (const name in r.requests ?? {}) {
    const request = requests.get(name);
    const limit = limits.get(name);
    if (limit !== undefined && request !== undefined) {
      if (!overcommitAllowed(name) && request.nano !== limit.nano) {
        out.push(invalid(reqPath, request.canonical, `must be equal to ${name} limit of ${limit.canonical}`));
      } else if (request.nano > limit.nano) {
        out.push(invalid(reqPath, request.canonical, `must be less than or equal to ${name} limit of ${limit.canonical}`));
      }
    } else if (r.limits?.[name] === undefined && !overcommitAllowed(name)) {
      out.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
}
