import { PodkitError } from '../errors.js';
import {
  formatValidationIssue,
  invalid,
  invalidNoValue,
  required,
  type ValidationIssue,
} from '../model/field-error.js';
import { getKindDefinition } from '../model/kinds.js';
import { nameIsDNSLabel, nameIsDNSSubdomain } from '../model/names.js';
import type { KubeObject } from '../model/index.js';
import type { KindDefinition, StoredObject } from './kinds.js';
import { parseReusing } from './reuse-parse.js';

/**
 * The validation run on every write after the schema parse: returns the problems found (empty
 * when valid). `old` is the stored object on updates. The default is {@link defaultStoreValidator}
 * (the model's `validateObject`).
 */
export type StoreValidator = (obj: StoredObject, old: StoredObject | undefined) => readonly ValidationIssue[];

/** Fills defaults into an object before it is validated and stored (the model's `applyDefaults`). */
export type StoreDefaulter = (obj: StoredObject) => StoredObject;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/**
 * Parses with the kind's schema; zod issues become Kubernetes-style issues with field paths.
 * With `old` (the stored version), subtrees `===` the stored ones are reused, not parsed again.
 */
export function parseWithSchema(def: KindDefinition, obj: unknown, old?: StoredObject): { value?: StoredObject; issues: ValidationIssue[] } {
  const result = parseReusing(def.schema, obj, old);
  if (result.ok) return { value: result.value as StoredObject, issues: [] };
  const issues = result.issues.map((i) => {
    const path = formatPath(i.path);
    if (i.code === 'invalid_type' && /received undefined$/.test(i.message)) return required(path);
    return invalidNoValue(path, i.message);
  });
  return { issues };
}

/**
 * The store's default defaulting: the model's `applyDefaults` for kinds the model knows (all
 * built-in kinds), the object unchanged otherwise.
 */
export function defaultStoreDefaulter(obj: StoredObject): StoredObject {
  const def = getKindDefinition(obj.apiVersion, obj.kind);
  return def === undefined ? obj : (def.applyDefaults(obj as KubeObject) as StoredObject);
}

/**
 * The store's default validation: the model's `validateObject` (the API server's create-time
 * validation) for kinds the model knows; the shared metadata rules otherwise.
 */
export function defaultStoreValidator(def: KindDefinition): StoreValidator {
  return (obj, old) => {
    // A status-only write (metadata and spec are the stored ones, already validated) of a kind
    // whose validation does not read status has nothing new to validate (as the API server's
    // ValidateXStatusUpdate, which checks status only).
    if (old !== undefined && obj.metadata === old.metadata && obj.spec === old.spec && !STATUS_VALIDATED.has(obj.kind)) return [];
    const model = getKindDefinition(obj.apiVersion, obj.kind);
    return model === undefined ? validateMetadata(def, obj) : model.validate(obj as KubeObject);
  };
}

/** Kinds whose model validation also checks status fields (Node: capacity and allocatable quantities). */
const STATUS_VALIDATED: ReadonlySet<string> = new Set(['Node']);

/** The metadata rules every kind shares: DNS-1123 subdomain names and generateName prefixes, DNS label namespaces. */
export function validateMetadata(def: KindDefinition, obj: StoredObject): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { name, generateName, namespace } = obj.metadata;
  if (name !== undefined && name !== '') {
    for (const m of nameIsDNSSubdomain(name, false)) issues.push(invalid('metadata.name', name, m));
  } else if (generateName !== undefined && generateName !== '') {
    for (const m of nameIsDNSSubdomain(generateName, true)) issues.push(invalid('metadata.generateName', generateName, m));
  } else {
    issues.push(required('metadata.name', 'name or generateName is required'));
  }
  if (def.namespaced && namespace !== undefined) {
    for (const m of nameIsDNSLabel(namespace, false)) issues.push(invalid('metadata.namespace', namespace, m));
  }
  return issues;
}

/** The `invalid_object` error for a rejected write: `Pod "web" is invalid: <issue>` or `[<i1>, <i2>]`. */
export function invalidObjectError(kind: string, name: string, issues: readonly ValidationIssue[]): PodkitError {
  const texts = issues.map(formatValidationIssue);
  const body = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new PodkitError('invalid_object', `${kind} ${JSON.stringify(name)} is invalid: ${body}`, {
    details: { kind, name, issues },
  });
}

/**
 * The store's single validation step: schema parse (which also copies the input and drops
 * unknown fields), then the validator (default {@link defaultStoreValidator}). Throws
 * `invalid_object` naming every field path; returns the parsed object otherwise.
 */
export function validateForStore(
  def: KindDefinition,
  obj: StoredObject,
  old: StoredObject | undefined,
  validator: StoreValidator | undefined,
): StoredObject {
  const displayName = obj.metadata?.name || obj.metadata?.generateName || '';
  const parsed = parseWithSchema(def, obj, old);
  if (parsed.value === undefined) throw invalidObjectError(def.kind, displayName, parsed.issues);
  const issues = (validator ?? defaultStoreValidator(def))(parsed.value, old);
  if (issues.length > 0) throw invalidObjectError(def.kind, displayName, issues);
  return parsed.value;
}
