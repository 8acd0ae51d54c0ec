// Parsing YAML/JSON manifests into defaulted, validated objects, with every problem located in the
// source text. The objects go through decode.ts, the path every entry point shares.
import { LineCounter, parseAllDocuments, stringify, type Document } from 'yaml';
import { PodkitError } from '../errors.js';
import { decodeValue, FIELD_VALIDATION_VALUES, type DecodeIssue, type FieldValidation } from './decode.js';
import { renderValue } from './field-error.js';
import { ManifestError, type ManifestIssue, type ManifestWarning } from './manifest-error.js';
import { locate } from './manifest-positions.js';
import type { PathSegment } from './unknown-fields.js';
import type { KubeObject } from './workloads.js';
import { MAX_YAML_DEPTH, tooDeepAt } from './yaml-depth.js';
import { syntaxErrorPosition } from './yaml-errors.js';

/** Options of {@link parseManifests} and its variants. */
export interface ParseManifestsOptions {
  /** The name used in messages (`<input>` by default). */
  readonly filename?: string;
  /** Called for each warning, in document order, as it is found. */
  readonly onWarning?: (warning: ManifestWarning) => void;
  /**
   * Fields Kubernetes does not know (`imagePullPolcy`), as the API server's `fieldValidation`:
   * `'Strict'` (the default, as kubectl) makes each a problem (`strict decoding error: unknown
   * field "spec.containers[0].imagePullPolcy"; did you mean "imagePullPolicy"?`), `'Warn'` drops
   * it with a warning, `'Ignore'` drops it silently. Fields Kubernetes knows and podkit does not
   * model are kept as written, with a warning, in every mode.
   */
  readonly fieldValidation?: FieldValidation;
}

/** What {@link safeParseManifests} returns. */
export interface ParseManifestsResult {
  /** The objects of the documents that had no problem (all of them when `error` is absent). */
  readonly objects: KubeObject[];
  /** Every warning, in document order. */
  readonly warnings: ManifestWarning[];
  /** Set when any document had a problem; lists all of them. */
  readonly error?: ManifestError;
}

/** One parsed object and where it came from (for apply's duplicate detection). @internal */
export interface ManifestSource {
  readonly object: KubeObject;
  readonly documentIndex: number;
  /** `[]`, or `['items', i]` for an item of a List. */
  readonly base: readonly PathSegment[];
  /** The position of its `metadata.name` (or of the object). */
  readonly line: number;
  readonly column: number;
}

interface Ctx {
  readonly text: string;
  readonly lineCounter: LineCounter;
  readonly issues: ManifestIssue[];
  readonly warnings: ManifestWarning[];
  readonly sources: ManifestSource[];
  readonly onWarning: ((w: ManifestWarning) => void) | undefined;
  readonly fieldValidation: FieldValidation;
}

function locateIssue(ctx: Ctx, doc: Document, index: number, i: DecodeIssue): ManifestIssue {
  const pos = locate(doc, ctx.lineCounter, i.segments, i.value === undefined ? { preferKey: i.preferKey } : { preferKey: i.preferKey, value: i.value });
  return { path: i.path, message: i.message, line: pos.line, column: pos.column, documentIndex: index };
}

function addWarning(ctx: Ctx, warning: ManifestWarning): void {
  ctx.warnings.push(warning);
  ctx.onWarning?.(warning);
}

function processDocument(ctx: Ctx, doc: Document, index: number): void {
  for (const w of doc.warnings) {
    const pos = ctx.lineCounter.linePos(w.pos[0]);
    addWarning(ctx, { path: '', message: `YAML warning: ${w.message}`, line: pos.line, column: pos.col, documentIndex: index });
  }
  if (doc.errors.length > 0) {
    // One error per document, where kubectl puts it: the rest are consequences of the first.
    const e = syntaxErrorPosition(ctx.text, doc.errors, ctx.lineCounter);
    ctx.issues.push({ path: '', message: `YAML syntax error: ${e.message}`, line: e.line, column: e.column, documentIndex: index });
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    value = err;
  }
  let cyclic = false;
  try {
    JSON.stringify(value);
  } catch {
    cyclic = true; // a cyclic alias (`a: &a [*a]`), which no manifest can mean
  }
  if (value instanceof Error || cyclic) {
    const pos = ctx.lineCounter.linePos(doc.range?.[0] ?? 0);
    const why = value instanceof Error ? value.message : 'an alias refers to its own ancestor (a cycle)';
    ctx.issues.push({ path: '', message: `YAML error: ${why}`, line: pos.line, column: pos.col, documentIndex: index });
    return;
  }
  if (value === null || value === undefined) return;
  const decoded = decodeValue(value, { fieldValidation: ctx.fieldValidation });
  for (const w of decoded.warnings) addWarning(ctx, locateIssue(ctx, doc, index, w));
  for (const i of decoded.issues) ctx.issues.push(locateIssue(ctx, doc, index, i));
  for (const o of decoded.objects) {
    const pos = locate(doc, ctx.lineCounter, [...o.base, 'metadata', 'name'], { preferKey: false });
    ctx.sources.push({ object: o.object, documentIndex: index, base: o.base, line: pos.line, column: pos.column });
  }
}

function checkFieldValidation(v: unknown): FieldValidation {
  if (v === undefined) return 'Strict';
  if (typeof v === 'string' && (FIELD_VALIDATION_VALUES as readonly string[]).includes(v)) return v as FieldValidation;
  throw new PodkitError('invalid_argument', `fieldValidation: expected one of ${FIELD_VALIDATION_VALUES.map((x) => JSON.stringify(x)).join(', ')}, received ${renderValue(v)}.`, {
    details: { field: 'fieldValidation' },
  });
}

/**
 * Parses manifest text into objects with their document positions, every issue and warning.
 * The engine of {@link safeParseManifests}; apply uses the positions. @internal
 */
export function parseManifestSources(text: string, options: ParseManifestsOptions = {}): { sources: ManifestSource[]; warnings: ManifestWarning[]; error?: ManifestError } {
  const filename = options.filename ?? '<input>';
  const fieldValidation = checkFieldValidation(options.fieldValidation);
  if (typeof text !== 'string') {
    const issue = { path: '', message: `Invalid value: ${renderValue(text)}: manifest text must be a string`, line: 1, column: 1, documentIndex: 0 };
    return { sources: [], warnings: [], error: new ManifestError(filename, [issue]) };
  }
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const before = text.slice(0, deep);
    const line = before.split('\n').length;
    const issue = {
      path: '',
      message: `YAML error: nested more than ${MAX_YAML_DEPTH} levels deep (no manifest needs that; podkit refuses it before parsing)`,
      line,
      column: deep - before.lastIndexOf('\n'),
      documentIndex: (before.match(/^---/gm) ?? []).length,
    };
    return { sources: [], warnings: [], error: new ManifestError(filename, [issue]) };
  }
  const lineCounter = new LineCounter();
  const ctx: Ctx = { text, lineCounter, issues: [], warnings: [], sources: [], onWarning: options.onWarning, fieldValidation };
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  let index = 0;
  for (const doc of docs) processDocument(ctx, doc, index++);
  return ctx.issues.length === 0
    ? { sources: ctx.sources, warnings: ctx.warnings }
    : { sources: ctx.sources, warnings: ctx.warnings, error: new ManifestError(filename, ctx.issues, ctx.warnings) };
}

/**
 * Parses manifests without throwing: YAML (several documents separated by `---`) or JSON, `kind:
 * List` expanded. Returns the defaulted, validated objects of the clean documents, every warning,
 * and — when anything was wrong — a {@link ManifestError} listing all problems of all documents.
 *
 * @example
 * ```ts
 * import { safeParseManifests } from 'podkit';
 * const { objects, warnings, error } = safeParseManifests(text, { filename: 'app.yaml' });
 * ```
 */
export function safeParseManifests(text: string, options: ParseManifestsOptions = {}): ParseManifestsResult {
  const { sources, warnings, error } = parseManifestSources(text, options);
  const objects = sources.map((s) => s.object);
  return error === undefined ? { objects, warnings } : { objects, warnings, error };
}

/**
 * Like {@link parseManifests}, but also returns the warnings (fields podkit does not model,
 * unknown fields under `fieldValidation: 'Warn'`). Throws {@link ManifestError} if any document
 * is invalid.
 */
export function parseManifestsWithWarnings(text: string, options: ParseManifestsOptions = {}): { objects: KubeObject[]; warnings: ManifestWarning[] } {
  const result = safeParseManifests(text, options);
  if (result.error !== undefined) throw result.error;
  return { objects: result.objects, warnings: result.warnings };
}

/**
 * Parses Kubernetes manifests — YAML (multi-document with `---`) or JSON; `apiVersion: v1, kind:
 * List` is expanded — into objects of the registered kinds (v1 Pod and Node, apps/v1 ReplicaSet
 * and DaemonSet, batch/v1 Job), with the API server's defaults applied and validated as on
 * create. Fields Kubernetes does not know are problems (or warnings, see `fieldValidation`);
 * fields it knows and podkit does not model are kept as written, with a warning (see
 * `onWarning`). Throws a
 * {@link ManifestError} (code `invalid_manifest`) listing every problem of every document with
 * `file:line:col path: message`. Does not assign names, uids or status.
 *
 * @example
 * ```ts
 * import { parseManifests } from 'podkit';
 * const [pod] = parseManifests('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n');
 * ```
 */
export function parseManifests(text: string, options: ParseManifestsOptions = {}): KubeObject[] {
  return parseManifestsWithWarnings(text, options).objects;
}

/**
 * Serialises objects as a multi-document YAML stream (`---` between documents) that
 * {@link parseManifests} reads back to deep-equal objects.
 *
 * @example
 * ```ts
 * import { parseManifests, serializeManifests } from 'podkit';
 * const again = parseManifests(serializeManifests(parseManifests(text)));
 * ```
 */
export function serializeManifests(objects: readonly KubeObject[]): string {
  if (!Array.isArray(objects)) throw new PodkitError('invalid_argument', 'serializeManifests expects an array of objects.');
  return objects.map((o) => stringify(o, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}
