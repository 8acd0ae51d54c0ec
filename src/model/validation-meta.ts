// Metadata, label, selector and toleration validation, restated from
// k8s.io/apimachinery/pkg/api/validation (ValidateObjectMeta*, ValidateAnnotations,
// ValidateOwnerReferences, ValidateFinalizers), pkg/apis/meta/v1/validation (ValidateLabels,
// ValidateLabelSelector) and pkg/apis/core/validation (ValidateTolerations).
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  nonNegative,
  required,
  tooLong,
  type ValidationIssue,
} from './field-error.js';
import type { ObjectMeta } from './meta.js';
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel } from './names.js';
import type { LabelSelector, Toleration } from './selector.js';

/** Validates a name (or a generateName prefix when `prefix`) and returns Kubernetes' messages. */
export type NameValidator = (name: string, prefix: boolean) => readonly string[];

/** `ValidateQualifiedName`. */
export function validateQualifiedName(value: string, path: string, out: ValidationIssue[]): void {
  for (const m of isQualifiedName(value)) out.push(invalid(path, value, m));
}

/** `ValidateLabels`: keys are qualified names, values label values; errors name the map's path. */
export function validateLabels(labels: Readonly<Record<string, string>> | undefined, path: string, out: ValidationIssue[]): void {
  if (labels === undefined) return;
  for (const key in labels) {
    validateQualifiedName(key, path, out);
    const value = labels[key] as string;
    for (const m of isValidLabelValue(value)) out.push(invalid(path, value, m));
  }
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `ValidateAnnotations`: keys are qualified names (case-insensitive); total size ≤ 256 KiB. */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined, path: string, out: ValidationIssue[]): void {
  if (annotations === undefined) return;
  let size = 0;
  for (const key in annotations) {
    for (const m of isQualifiedName(key.toLowerCase())) out.push(invalid(path, key, m));
    size += utf8Length(key) + utf8Length(annotations[key] as string);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) out.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
}

function validateOwnerReferences(meta: ObjectMeta, path: string, out: ValidationIssue[]): void {
  const refs = meta.ownerReferences;
  if (refs === undefined) return;
  let firstController = '';
  for (const ref of refs) {
    const version = ref.apiVersion.includes('/') ? ref.apiVersion.slice(ref.apiVersion.indexOf('/') + 1) : ref.apiVersion;
    if (version === '') out.push(invalid(`${path}.apiVersion`, ref.apiVersion, 'version must not be empty'));
    if (ref.kind === '') out.push(invalid(`${path}.kind`, ref.kind, 'must not be empty'));
    if (ref.name === '') out.push(invalid(`${path}.name`, ref.name, 'must not be empty'));
    if (ref.uid === '') out.push(invalid(`${path}.uid`, ref.uid, 'must not be empty'));
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController !== '') {
        out.push(
          invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      } else firstController = current;
    }
  }
}

/**
 * `ValidateObjectMeta` on create: name (or generateName) per `nameFn`, namespace a DNS label when
 * `namespaced` (forbidden otherwise), generation ≥ 0, labels, annotations, owner references and
 * finalizers. A name is required unless generateName is set (the store generates it).
 */
export function validateObjectMeta(
  meta: ObjectMeta,
  namespaced: boolean,
  nameFn: NameValidator,
  out: ValidationIssue[],
  path = 'metadata',
): void {
  const generateName = meta.generateName ?? '';
  if (generateName !== '') for (const m of nameFn(generateName, true)) out.push(invalid(`${path}.generateName`, generateName, m));
  const name = meta.name ?? '';
  if (name === '') {
    if (generateName === '') out.push(required(`${path}.name`, 'name or generateName is required'));
  } else {
    for (const m of nameFn(name, false)) out.push(invalid(`${path}.name`, name, m));
  }
  const ns = meta.namespace ?? '';
  if (namespaced) {
    if (ns === '') out.push(required(`${path}.namespace`));
    else for (const m of nameIsDNSLabel(ns, false)) out.push(invalid(`${path}.namespace`, ns, m));
  } else if (ns !== '') {
    out.push(forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  nonNegative(out, meta.generation, `${path}.generation`);
  validateLabels(meta.labels, `${path}.labels`, out);
  validateAnnotations(meta.annotations, `${path}.annotations`, out);
  validateOwnerReferences(meta, `${path}.ownerReferences`, out);
  const finalizers = meta.finalizers;
  if (finalizers !== undefined) {
    for (const f of finalizers) validateQualifiedName(f, `${path}.finalizers`, out);
    if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
      out.push(invalid(`${path}.finalizers`, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
    }
  }
}

/**
 * `ValidateLabelSelector` (strict label values). Returns true iff the selector is also
 * convertible (`LabelSelectorAsSelector` would succeed).
 */
export function validateLabelSelector(sel: LabelSelector | undefined, path: string, out: ValidationIssue[]): boolean {
  if (sel === undefined) return true;
  const before = out.length;
  validateLabels(sel.matchLabels, `${path}.matchLabels`, out);
  (sel.matchExpressions ?? []).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) out.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) out.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        out.push(invalid(`${p}.operator`, req.operator, 'not a valid selector operator'));
    }
    validateQualifiedName(req.key, `${p}.key`, out);
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(v)) out.push(invalid(`${p}.values[${j}]`, v, m));
    });
  });
  return out.length === before;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `ValidateTolerations`. */
export function validateTolerations(tolerations: readonly Toleration[] | undefined, path: string, out: ValidationIssue[]): void {
  (tolerations ?? []).forEach((t, i) => {
    const p = `${path}[${i}]`;
    const key = t.key ?? '';
    if (key !== '') validateQualifiedName(key, `${p}.key`, out);
    if (key === '' && t.operator !== 'Exists') {
      out.push(invalid(`${p}.operator`, t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      out.push(invalid(`${p}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    const value = t.value ?? '';
    if (t.operator === 'Exists') {
      if (value !== '') out.push(invalid(`${p}.operator`, t, "value must be empty when `operator` is 'Exists'"));
    } else {
      const errs = isValidLabelValue(value);
      if (errs.length > 0) out.push(invalid(`${p}.operator`, value, errs.join(';')));
    }
    if (t.effect !== undefined && !TAINT_EFFECTS.includes(t.effect)) out.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
  });
}

/** Appends a Duplicate issue for every repeated value (by `keyOf`) in a list. */
export function checkUnique<T>(items: readonly T[], keyOf: (x: T) => string, pathOf: (i: number) => string, out: ValidationIssue[]): void {
  const seen = new Set<string>();
  items.forEach((x, i) => {
    const k = keyOf(x);
    if (seen.has(k)) out.push(duplicate(pathOf(i), k));
    else seen.add(k);
  });
}
