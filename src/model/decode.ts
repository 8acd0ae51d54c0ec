// The one decoding path of every entry point that takes outside data (manifest text, objects
// given to apply, the API server): shape first (field scan, then the schema parse), then the API
// server's defaults, then its validation. Nothing walks the input before the scan and the parse.
import type { z } from 'zod';
import { renderValue, type ValidationIssue, type ValidationIssueType } from './field-error.js';
import { getKindDefinition, listKinds, type KindDefinition } from './kinds.js';
import { parsePath } from './manifest-positions.js';
import { ObjectMetaSchema } from './meta.js';
import { nameIsDNSSubdomain } from './names.js';
import { formatPath, formatSchemaPath, MAX_SCANNED_NODES, scanFields, type PathSegment } from './unknown-fields.js';
import { validateObjectMeta } from './validation-meta.js';
import type { KubeObject } from './workloads.js';
import { translateZodIssues } from './zod-messages.js';

/**
 * How fields Kubernetes does not know are handled, as the API server's `fieldValidation`:
 * `Strict` (kubectl's default) rejects them (`strict decoding error: unknown field "..."`),
 * `Warn` drops them with a warning, `Ignore` drops them silently. Fields Kubernetes knows and
 * podkit does not model are not unknown: they are kept as written, with a warning, in every mode.
 *
 * @example
 * ```ts
 * import { parseManifests, type FieldValidation } from 'podkit';
 * const lenient: FieldValidation = 'Warn';
 * parseManifests(text, { fieldValidation: lenient, onWarning: (w) => console.warn(w.message) });
 * ```
 */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** The accepted {@link FieldValidation} values. */
export const FIELD_VALIDATION_VALUES: readonly FieldValidation[] = ['Strict', 'Warn', 'Ignore'];

/** One problem (or warning) found while decoding. */
export interface DecodeIssue {
  /** Where it is in the input (keys and indexes, as written), for source positions. */
  readonly segments: readonly PathSegment[];
  /** The Kubernetes field path (`spec.containers[0].name`, `metadata.labels[app]`; `items[i].` for List items). */
  readonly path: string;
  /** The message without the path (`Required value`, `strict decoding error: unknown field "..."`). */
  readonly message: string;
  /** The field error type, for issues that are Kubernetes field errors. */
  readonly type?: ValidationIssueType;
  /** Point at the key rather than the value (missing, unknown, forbidden fields). */
  readonly preferKey: boolean;
  /** The offending value, when known (locates a map entry). */
  readonly value?: unknown;
  /** A strict decoding error (an unknown field under `Strict`): its message names the path itself. */
  readonly strict?: true;
}

/** A decoded object and where it was in the input (`[]`, or `['items', i]` inside a List). */
export interface DecodedObject {
  readonly object: KubeObject;
  readonly base: readonly PathSegment[];
}

/** What {@link decodeValue} returns: the clean objects, and the problems and warnings of all. */
export interface DecodeResult {
  readonly objects: DecodedObject[];
  readonly issues: DecodeIssue[];
  readonly warnings: DecodeIssue[];
}

/** Options of {@link decodeValue}. */
export interface DecodeOptions {
  /** Unknown fields: `Strict` (default), `Warn` or `Ignore`. */
  readonly fieldValidation?: FieldValidation;
}

/** How deep `kind: List` objects may nest (kubectl flattens them; none of this depth is meaningful). */
const MAX_LIST_DEPTH = 10;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function supportedKinds(): string {
  return [...listKinds().map((k) => `${k.apiVersion} ${k.kind}`), 'v1 List'].join(', ');
}

/** Template label errors are reported upstream at `<template>.labels`; the input has `metadata`. */
function sourcePath(segments: readonly PathSegment[]): PathSegment[] {
  const i = segments.indexOf('template');
  return i >= 0 && segments[i + 1] === 'labels' ? [...segments.slice(0, i + 1), 'metadata', ...segments.slice(i + 1)] : [...segments];
}

const KEY_TYPES: ReadonlySet<string> = new Set(['Required value', 'Forbidden', 'Too long', 'Too many']);

function typeOf(message: string): ValidationIssueType | undefined {
  for (const t of ['Required value', 'Invalid value', 'Unsupported value'] as const) if (message.startsWith(t)) return t;
  return undefined;
}

class Decoder {
  readonly objects: DecodedObject[] = [];
  readonly issues: DecodeIssue[] = [];
  readonly warnings: DecodeIssue[] = [];
  constructor(readonly mode: FieldValidation) {}

  issue(segments: readonly PathSegment[], message: string, preferKey: boolean, extra: Partial<DecodeIssue> = {}): void {
    const type = typeOf(message);
    this.issues.push({ segments, path: formatPath(segments), message, preferKey, ...(type === undefined ? {} : { type }), ...extra });
  }

  validationIssue(base: readonly PathSegment[], vi: ValidationIssue): void {
    const prefix = formatPath(base);
    const path = prefix === '' ? vi.path : vi.path === '' ? prefix : `${prefix}.${vi.path}`;
    const segments = sourcePath([...base, ...parsePath(vi.path)]);
    this.issues.push({ segments, path, message: vi.message, type: vi.type, preferKey: KEY_TYPES.has(vi.type), ...(vi.value === undefined ? {} : { value: vi.value }) });
  }

  value(raw: unknown, base: PathSegment[]): void {
    if (!isPlainObject(raw)) {
      return this.issue(base, `Invalid value: ${renderValue(raw)}: a manifest document must be a mapping with apiVersion and kind`, false);
    }
    const apiVersion = Object.hasOwn(raw, 'apiVersion') ? raw.apiVersion : undefined;
    const kind = Object.hasOwn(raw, 'kind') ? raw.kind : undefined;
    let bad = false;
    for (const [key, v] of [['apiVersion', apiVersion], ['kind', kind]] as const) {
      if (v === undefined || v === null || v === '') {
        this.issue([...base, key], `Required value: every object needs apiVersion and kind (supported: ${supportedKinds()})`, true);
        bad = true;
      } else if (typeof v !== 'string') {
        this.issue([...base, key], `Invalid value: ${renderValue(v)}: must be a string`, false);
        bad = true;
      }
    }
    if (bad || typeof apiVersion !== 'string' || typeof kind !== 'string') return;
    if (apiVersion === 'v1' && kind === 'List') {
      const depth = base.filter((s) => s === 'items').length;
      if (depth >= MAX_LIST_DEPTH) return this.issue([...base, 'kind'], `Invalid value: "List": Lists may not be nested more than ${MAX_LIST_DEPTH} deep`, false);
      return this.list(raw, base);
    }
    const def = getKindDefinition(apiVersion, kind);
    if (def === undefined) {
      const other = listKinds().find((k) => k.kind === kind);
      if (other !== undefined) {
        return this.issue([...base, 'apiVersion'], `Unsupported value: ${JSON.stringify(apiVersion)}: kind ${kind} is served by ${JSON.stringify(other.apiVersion)}`, false);
      }
      const msg = `Unsupported value: ${JSON.stringify(kind)}: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} (supported: ${supportedKinds()})`;
      return this.issue([...base, 'kind'], msg, false);
    }
    this.kind(raw, base, def);
  }

  list(raw: Record<string, unknown>, base: PathSegment[]): void {
    for (const key of Object.keys(raw)) {
      if (key === 'apiVersion' || key === 'kind' || key === 'items' || key === 'metadata') continue;
      const path = [...base, key];
      const message = `unknown field ${JSON.stringify(formatPath(path))}`;
      if (this.mode === 'Strict') this.issue(path, `strict decoding error: ${message}`, true, { strict: true });
      else if (this.mode === 'Warn') this.warnings.push({ segments: path, path: formatPath(path), message, preferKey: true });
    }
    const items = Object.hasOwn(raw, 'items') && raw.items !== null ? raw.items : [];
    if (!Array.isArray(items)) return this.issue([...base, 'items'], `Invalid value: ${renderValue(items)}: must be a list`, false);
    items.forEach((item, i) => this.value(item, [...base, 'items', i]));
  }

  kind(raw: Record<string, unknown>, base: PathSegment[], def: KindDefinition): void {
    const start = this.issues.length;
    const scan = scanFields(raw, def.schema, base);
    if (scan.tooLarge) {
      return this.issue(base, `Invalid value: the object has more than ${MAX_SCANNED_NODES} fields and list items (the API server accepts requests up to 3 MiB)`, false);
    }
    for (const u of scan.unmodelled) this.warnings.push({ segments: u.path, path: formatPath(u.path), message: u.message, preferKey: true });
    for (const u of scan.unknown) {
      if (this.mode === 'Strict') this.issue(u.path, `strict decoding error: ${u.message}`, true, { strict: true });
      else if (this.mode === 'Warn') this.warnings.push({ segments: u.path, path: formatPath(u.path), message: u.message, preferKey: true });
    }
    for (const k of scan.invalidKeys) {
      const path = formatSchemaPath(def.schema, base, k.path.slice(base.length));
      this.issue(k.path, `Invalid value: ${JSON.stringify(k.key)}: ${k.message}`, false, { path, value: k.key });
    }
    const parsed = (def.schema as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      for (const fi of translateZodIssues(def.schema, raw, parsed.error.issues, base)) {
        const path = [...base, ...fi.rel];
        const key = path[path.length - 1];
        const parent = formatPath(path.slice(0, -1));
        const hint = fi.missing ? scan.unknown.find((u) => u.suggestion === key && formatPath(u.path.slice(0, -1)) === parent) : undefined;
        // Under Strict the misspelt key is already reported, where it was written: once is enough.
        if (hint !== undefined && this.mode === 'Strict') continue;
        const message = hint === undefined ? fi.message : `${fi.message} (did you mean ${JSON.stringify(key)} instead of ${JSON.stringify(hint.key)}?)`;
        const type = typeOf(fi.message);
        this.issues.push({ segments: hint === undefined ? path : hint.path, path: fi.path, message, preferKey: hint !== undefined || fi.missing, ...(type === undefined ? {} : { type }) });
      }
      // The object is ill-typed, so it cannot be validated as a whole; its metadata still can.
      const meta = ObjectMetaSchema.safeParse(Object.hasOwn(raw, 'metadata') ? raw.metadata : undefined);
      if (meta.success && !parsed.error.issues.some((zi) => zi.path[0] === 'metadata')) {
        const m = def.namespaced && (meta.data.namespace ?? '') === '' ? { ...meta.data, namespace: 'default' } : meta.data;
        const out: ValidationIssue[] = [];
        validateObjectMeta(m, def.namespaced, nameIsDNSSubdomain, out);
        for (const vi of out) this.validationIssue(base, vi);
      }
      return;
    }
    const obj = def.applyDefaults(parsed.data as KubeObject);
    for (const vi of def.validate(obj)) this.validationIssue(base, vi);
    if (this.issues.length === start) this.objects.push({ object: obj, base });
  }
}

/**
 * Decodes one parsed document or object into defaulted, validated objects of the registered
 * kinds (`kind: List` expanded): checks apiVersion and kind, scans the fields against the kind's
 * schema (unknown fields per `fieldValidation`, unmodelled ones kept with a warning), parses with
 * the schema, applies the API server's defaults and validates. Pure; never throws on any input
 * that is JSON data or a plain object graph.
 */
export function decodeValue(raw: unknown, options: DecodeOptions = {}): DecodeResult {
  const d = new Decoder(options.fieldValidation ?? 'Strict');
  d.value(raw, []);
  return { objects: d.objects, issues: d.issues, warnings: d.warnings };
}

/** A decode issue as one line of an object error (`path: message`; strict errors name their path). */
export function formatDecodeIssue(issue: DecodeIssue): string {
  return issue.strict === true || issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
