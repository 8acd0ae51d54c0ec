import type { z } from 'zod';
import { PodkitError } from '../errors.js';
import { formatValidationIssue, invalid, required, type ValidationIssue, type ValidationIssueType } from '../model/field-error.js';
import { getKindDefinition } from '../model/kinds.js';
import { nameIsDNSLabel, nameIsDNSSubdomain } from '../model/names.js';
import { translateZodIssues } from '../model/zod-messages.js';
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

const FIELD_TYPES = ['Required value', 'Invalid value', 'Unsupported value'] as const;

/** A translated schema issue as a field error (`spec.containers: Required value`). */
function fieldError(path: string, message: string): ValidationIssue {
  const type: ValidationIssueType = FIELD_TYPES.find((t) => message.startsWith(t)) ?? 'Invalid value';
  const detail = message.startsWith(type) ? message.slice(type.length).replace(/^: /, '') : message;
  return { path, type, message, detail };
}

/**
 * Parses with the kind's schema; zod issues become Kubernetes-style issues with field paths, in
 * the same words as manifest errors (`translateZodIssues`). With `previous` (the stored version,
 * or an earlier parse of the same write), subtrees `===` to it are reused, not parsed again.
 */
export function parseWithSchema(def: KindDefinition, obj: unknown, previous?: unknown): { value?: StoredObject; issues: ValidationIssue[] } {
  const result = parseReusing(def.schema, obj, previous);
  if (result.ok) return { value: result.value as StoredObject, issues: [] };
  return { issues: schemaIssues(def.schema, obj, result.issues.map((i) => i.issue)) };
}

/** The issues of `schema.safeParse(raw)` as Kubernetes field errors (`spec.size: Invalid value: "x": must be an integer`). */
export function schemaIssues(schema: z.ZodType, raw: unknown, issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  return translateZodIssues(schema, raw, issues).map((t) => fieldError(t.path, t.message));
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
 * The store's validation step after defaulting: schema parse (which also copies the input and
 * drops unknown fields; subtrees `===` to `previous` are reused), then the validator (default
 * {@link defaultStoreValidator}). With `typed` (the object is built from a parsed one by podkit's
 * own defaults and admission only) the parse is skipped. Throws `invalid_object` naming every
 * field path; returns the parsed object otherwise.
 */
export function validateForStore(
  def: KindDefinition,
  obj: StoredObject,
  old: StoredObject | undefined,
  validator: StoreValidator | undefined,
  previous: unknown = old,
  typed = false,
): StoredObject {
  const displayName = displayNameOf(obj);
  let value = obj;
  if (!typed) {
    const parsed = parseWithSchema(def, obj, previous);
    if (parsed.value === undefined) throw invalidObjectError(def.kind, displayName, parsed.issues);
    value = parsed.value;
  }
  const issues = (validator ?? defaultStoreValidator(def))(value, old);
  if (issues.length > 0) throw invalidObjectError(def.kind, displayName, issues);
  return value;
}

/** The name an error names: `metadata.name`, else `generateName`, else empty; never throws. */
export function displayNameOf(obj: unknown): string {
  const meta = typeof obj === 'object' && obj !== null ? (obj as { metadata?: unknown }).metadata : undefined;
  if (typeof meta !== 'object' || meta === null) return '';
  const { name, generateName } = meta as { name?: unknown; generateName?: unknown };
  return typeof name === 'string' && name !== '' ? name : typeof generateName === 'string' ? generateName : '';
}

/**
 * The store's first step on every write: the input is parsed with the kind's schema before
 * anything (admission, defaulting, the store's own bookkeeping) reads it. Throws
 * `invalid_object` with every field problem (`spec: Invalid value: null: must be an object`);
 * returns the typed copy. `previous` (the stored version on updates) lets unchanged subtrees be
 * reused.
 */
export function parseForStore(def: KindDefinition, obj: unknown, previous?: unknown): StoredObject {
  const parsed = parseWithSchema(def, obj, previous);
  if (parsed.value === undefined) throw invalidObjectError(def.kind, displayNameOf(obj), parsed.issues);
  return parsed.value;
}
