// Env var source validation (pkg/apis/core/validation validateEnvVarValueFrom,
// validateObjectFieldSelector, validateContainerResourceFieldSelector, validate*KeySelector).
import type { EnvVar, KeySelector, ObjectFieldSelector, ResourceFieldSelector } from './container.js';
import { invalid, notSupported, required, type ValidationIssue } from './field-error.js';
import { isDNS1123Subdomain, isQualifiedName, maxLenError, regexError } from './names.js';
import { tryParseQuantity } from './quantity.js';

const FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];
/** Labels the downward API accepts before the env-specific list is applied (ConvertDownwardAPIFieldLabel). */
const CONVERTIBLE = new Set([
  ...FIELD_PATHS, 'metadata.annotations', 'metadata.labels', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase',
]);
const RESOURCE_FIELDS = [
  'limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory',
];
const MEMORY_DIVISORS = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei']);
const SUBSCRIPTED = /^(.*)\['(.*)'\]$/;

function validateFieldRef(ref: ObjectFieldSelector, path: string, out: ValidationIssue[]): void {
  const version = ref.apiVersion ?? '';
  if (version === '') return void out.push(required(`${path}.apiVersion`));
  if (ref.fieldPath === '') return void out.push(required(`${path}.fieldPath`));
  const sub = SUBSCRIPTED.exec(ref.fieldPath);
  let error: string | undefined;
  if (version !== 'v1') error = `unsupported pod version: ${version}`;
  else if (sub !== null && sub[1] !== 'metadata.annotations' && sub[1] !== 'metadata.labels') {
    error = `field label does not support subscript: ${ref.fieldPath}`;
  } else if (sub === null && !CONVERTIBLE.has(ref.fieldPath) && ref.fieldPath !== 'spec.host') {
    error = `field label not supported: ${ref.fieldPath}`;
  }
  if (error !== undefined) return void out.push(invalid(`${path}.fieldPath`, ref.fieldPath, `error converting fieldPath: ${error}`));
  if (sub !== null) {
    const key = sub[1] === 'metadata.annotations' ? (sub[2] ?? '').toLowerCase() : (sub[2] ?? '');
    for (const m of isQualifiedName(key)) out.push(invalid(path, key, m));
    return;
  }
  const internal = ref.fieldPath === 'spec.host' ? 'spec.nodeName' : ref.fieldPath;
  if (internal === 'metadata.annotations' || internal === 'metadata.labels' || !FIELD_PATHS.includes(internal)) {
    out.push(notSupported(`${path}.fieldPath`, internal, FIELD_PATHS));
  }
}

function validateResourceFieldRef(ref: ResourceFieldSelector, path: string, out: ValidationIssue[]): void {
  const r = ref.resource;
  if (r === '') out.push(required(`${path}.resource`));
  else if (!RESOURCE_FIELDS.includes(r) && !r.startsWith('requests.hugepages-') && !r.startsWith('limits.hugepages-')) {
    out.push(notSupported(`${path}.resource`, r, RESOURCE_FIELDS));
  }
  if (ref.divisor === undefined) return;
  const d = tryParseQuantity(ref.divisor);
  if (typeof d === 'string') return void out.push(invalid(`${path}.divisor`, ref.divisor, d));
  if (d.nano === 0n) return;
  if ((r === 'limits.cpu' || r === 'requests.cpu') && d.canonical !== '1m' && d.canonical !== '1') {
    out.push(invalid(`${path}.divisor`, r, "only divisor's values 1m and 1 are supported with the cpu resource"));
  } else if ((r === 'limits.memory' || r === 'requests.memory') && !MEMORY_DIVISORS.has(d.canonical)) {
    out.push(invalid(`${path}.divisor`, r, "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource"));
  }
}

function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

function validateKeySelector(sel: KeySelector, path: string, out: ValidationIssue[]): void {
  const name = sel.name ?? '';
  for (const m of isDNS1123Subdomain(name)) out.push(invalid(`${path}.name`, name, m));
  if (sel.key === '') out.push(required(`${path}.key`));
  else for (const m of isConfigMapKey(sel.key)) out.push(invalid(`${path}.key`, sel.key, m));
}

/** `validateEnvVarValueFrom`: exactly one source, and no source together with a literal value. */
export function validateEnvSource(e: EnvVar, path: string, out: ValidationIssue[]): void {
  const from = e.valueFrom;
  if (from === undefined) return;
  let n = 0;
  if (from.fieldRef !== undefined) {
    n++;
    validateFieldRef(from.fieldRef, `${path}.fieldRef`, out);
  }
  if (from.resourceFieldRef !== undefined) {
    n++;
    validateResourceFieldRef(from.resourceFieldRef, `${path}.resourceFieldRef`, out);
  }
  if (from.configMapKeyRef !== undefined) {
    n++;
    validateKeySelector(from.configMapKeyRef, `${path}.configMapKeyRef`, out);
  }
  if (from.secretKeyRef !== undefined) {
    n++;
    validateKeySelector(from.secretKeyRef, `${path}.secretKeyRef`, out);
  }
  if (n === 0) out.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if ((e.value ?? '') !== '') out.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) out.push(invalid(path, '', 'may not have more than one field specified at a time'));
}
