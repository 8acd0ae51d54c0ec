// Parsing YAML/JSON manifests into defaulted, validated objects, with every problem located in the
// source text. Dispatch goes through the kind registry (kinds.ts).
import { LineCounter, parseAllDocuments, stringify, type Document } from 'yaml';
import type { z } from 'zod';
import { PodkitError } from '../errors.js';
import { renderValue, type ValidationIssue } from './field-error.js';
import { getKindDefinition, listKinds, type KindDefinition } from './kinds.js';
import { ManifestError, type ManifestIssue, type ManifestWarning } from './manifest-error.js';
import { locate, parsePath } from './manifest-positions.js';
import { describeSchema, findUnknownFields, formatPath, formatSchemaPath, schemaAt, type PathSegment, type UnknownField } from './unknown-fields.js';
import { translateZodIssue } from './zod-messages.js';
import { ObjectMetaSchema } from './meta.js';
import { nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './validation-meta.js';
import type { KubeObject } from './workloads.js';

/** Options of {@link parseManifests} and its variants. */
export interface ParseManifestsOptions {
  /** The name used in messages (`<input>` by default). */
  readonly filename?: string;
  /** Called for each warning, in document order, as it is found. */
  readonly onWarning?: (warning: ManifestWarning) => void;
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

interface Ctx {
  readonly lineCounter: LineCounter;
  readonly issues: ManifestIssue[];
  readonly warnings: ManifestWarning[];
  readonly objects: KubeObject[];
  readonly onWarning: ((w: ManifestWarning) => void) | undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function supportedKinds(): string {
  return [...listKinds().map((k) => `${k.apiVersion} ${k.kind}`), 'v1 List'].join(', ');
}

/** Template label errors are reported upstream at `<template>.labels`; the YAML has `metadata`. */
function sourcePath(segments: PathSegment[]): PathSegment[] {
  const i = segments.indexOf('template');
  return i >= 0 && segments[i + 1] === 'labels' ? [...segments.slice(0, i + 1), 'metadata', ...segments.slice(i + 1)] : segments;
}

function addIssue(ctx: Ctx, doc: Document, index: number, path: readonly PathSegment[], message: string, preferKey: boolean, value?: unknown): void {
  const pos = locate(doc, ctx.lineCounter, sourcePath([...path]), value === undefined ? { preferKey } : { preferKey, value });
  ctx.issues.push({ path: formatPath(path), message, line: pos.line, column: pos.column, documentIndex: index });
}

/** A validation issue: its Kubernetes path (`limits[cpu]` stays bracketed), prefixed for List items. */
function addValidationIssue(ctx: Ctx, doc: Document, index: number, base: readonly PathSegment[], vi: ValidationIssue): void {
  const preferKey = vi.type === 'Required value' || vi.type === 'Forbidden' || vi.type === 'Too long' || vi.type === 'Too many';
  const segments = sourcePath([...base, ...parsePath(vi.path)]);
  const pos = locate(doc, ctx.lineCounter, segments, vi.value === undefined ? { preferKey } : { preferKey, value: vi.value });
  const prefix = formatPath(base);
  const path = prefix === '' ? vi.path : vi.path === '' ? prefix : `${prefix}.${vi.path}`;
  ctx.issues.push({ path, message: vi.message, line: pos.line, column: pos.column, documentIndex: index });
}

function addWarning(ctx: Ctx, warning: ManifestWarning): void {
  ctx.warnings.push(warning);
  ctx.onWarning?.(warning);
}

function getAt(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Removes keys that loose schemas (volumes) kept but that got an unknown-field warning. */
function dropUnknown(data: unknown, base: readonly PathSegment[], unknown: readonly UnknownField[]): void {
  for (const u of unknown) {
    const parent = getAt(data, u.path.slice(base.length, -1));
    if (isPlainObject(parent)) delete parent[u.key];
  }
}

function processKind(ctx: Ctx, doc: Document, index: number, raw: Record<string, unknown>, base: PathSegment[], def: KindDefinition): void {
  const unknown = findUnknownFields(raw, def.schema, base);
  for (const u of unknown) {
    const pos = locate(doc, ctx.lineCounter, u.path, { preferKey: true });
    addWarning(ctx, { path: formatPath(u.path), message: u.message, line: pos.line, column: pos.column, documentIndex: index });
  }
  const parsed = (def.schema as z.ZodType).safeParse(raw);
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      const rel = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
      const leaf = schemaAt(def.schema, rel);
      const t = translateZodIssue(zi, getAt(raw, rel), leaf === undefined ? undefined : describeSchema(leaf));
      const path = [...base, ...rel];
      const key = path[path.length - 1];
      const hint = t.missing ? unknown.find((u) => u.suggestion === key && formatPath(u.path.slice(0, -1)) === formatPath(path.slice(0, -1))) : undefined;
      const pos = locate(doc, ctx.lineCounter, hint === undefined ? path : hint.path, { preferKey: hint !== undefined || t.missing });
      const message = hint === undefined ? t.message : `${t.message} (did you mean ${JSON.stringify(key)} instead of ${JSON.stringify(hint.key)}?)`;
      ctx.issues.push({ path: formatSchemaPath(def.schema, base, rel), message, line: pos.line, column: pos.column, documentIndex: index });
    }
    // The object is ill-typed, so it cannot be validated as a whole; its metadata still can.
    const meta = ObjectMetaSchema.safeParse(raw.metadata);
    if (meta.success && !parsed.error.issues.some((zi) => zi.path[0] === 'metadata')) {
      const m = def.namespaced && (meta.data.namespace ?? '') === '' ? { ...meta.data, namespace: 'default' } : meta.data;
      const out: ValidationIssue[] = [];
      validateObjectMeta(m, def.namespaced, nameIsDNSSubdomain, out);
      for (const vi of out) addValidationIssue(ctx, doc, index, base, vi);
    }
    return;
  }
  dropUnknown(parsed.data, base, unknown);
  const obj = def.applyDefaults(parsed.data as KubeObject);
  const issues: ValidationIssue[] = def.validate(obj);
  for (const vi of issues) addValidationIssue(ctx, doc, index, base, vi);
  if (issues.length === 0) ctx.objects.push(obj);
}

function processObject(ctx: Ctx, doc: Document, index: number, raw: unknown, base: PathSegment[]): void {
  if (!isPlainObject(raw)) {
    const msg = `Invalid value: ${renderValue(raw)}: a manifest document must be a mapping with apiVersion and kind`;
    return addIssue(ctx, doc, index, base, msg, false);
  }
  const { apiVersion, kind } = raw;
  let bad = false;
  for (const [key, v] of [['apiVersion', apiVersion], ['kind', kind]] as const) {
    if (v === undefined || v === null || v === '') {
      addIssue(ctx, doc, index, [...base, key], `Required value: every object needs apiVersion and kind (supported: ${supportedKinds()})`, true);
      bad = true;
    } else if (typeof v !== 'string') {
      addIssue(ctx, doc, index, [...base, key], `Invalid value: ${renderValue(v)}: must be a string`, false);
      bad = true;
    }
  }
  if (bad || typeof apiVersion !== 'string' || typeof kind !== 'string') return;
  if (apiVersion === 'v1' && kind === 'List') {
    for (const key of Object.keys(raw)) {
      if (key !== 'apiVersion' && key !== 'kind' && key !== 'items' && key !== 'metadata') {
        const path = [...base, key];
        const pos = locate(doc, ctx.lineCounter, path, { preferKey: true });
        addWarning(ctx, { path: formatPath(path), message: `unknown field ${JSON.stringify(formatPath(path))}`, line: pos.line, column: pos.column, documentIndex: index });
      }
    }
    const items = raw.items ?? [];
    if (!Array.isArray(items)) return addIssue(ctx, doc, index, [...base, 'items'], `Invalid value: ${renderValue(items)}: must be a list`, false);
    items.forEach((item, i) => processObject(ctx, doc, index, item, [...base, 'items', i]));
    return;
  }
  const def = getKindDefinition(apiVersion, kind);
  if (def === undefined) {
    const other = listKinds().find((k) => k.kind === kind);
    if (other !== undefined) {
      const msg = `Unsupported value: ${JSON.stringify(apiVersion)}: kind ${kind} is served by ${JSON.stringify(other.apiVersion)}`;
      return addIssue(ctx, doc, index, [...base, 'apiVersion'], msg, false);
    }
    const msg = `Unsupported value: ${JSON.stringify(kind)}: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} (supported: ${supportedKinds()})`;
    return addIssue(ctx, doc, index, [...base, 'kind'], msg, false);
  }
  processKind(ctx, doc, index, raw, base, def);
}

function processDocument(ctx: Ctx, doc: Document, index: number): void {
  for (const w of doc.warnings) {
    const pos = ctx.lineCounter.linePos(w.pos[0]);
    addWarning(ctx, { path: '', message: `YAML warning: ${w.message}`, line: pos.line, column: pos.col, documentIndex: index });
  }
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = ctx.lineCounter.linePos(e.pos[0]);
      ctx.issues.push({ path: '', message: `YAML syntax error: ${e.message}`, line: pos.line, column: pos.col, documentIndex: index });
    }
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
    const message = `YAML error: ${why}`;
    ctx.issues.push({ path: '', message, line: pos.line, column: pos.col, documentIndex: index });
    return;
  }
  if (value === null || value === undefined) return;
  processObject(ctx, doc, index, value, []);
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
  const filename = options.filename ?? '<input>';
  if (typeof text !== 'string') {
    const issue = { path: '', message: `Invalid value: ${renderValue(text)}: manifest text must be a string`, line: 1, column: 1, documentIndex: 0 };
    return { objects: [], warnings: [], error: new ManifestError(filename, [issue]) };
  }
  const lineCounter = new LineCounter();
  const ctx: Ctx = { lineCounter, issues: [], warnings: [], objects: [], onWarning: options.onWarning };
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  let index = 0;
  for (const doc of docs) processDocument(ctx, doc, index++);
  return ctx.issues.length === 0
    ? { objects: ctx.objects, warnings: ctx.warnings }
    : { objects: ctx.objects, warnings: ctx.warnings, error: new ManifestError(filename, ctx.issues, ctx.warnings) };
}

/**
 * Like {@link parseManifests}, but also returns the warnings (fields podkit does not model,
 * probable misspellings). Throws {@link ManifestError} if any document is invalid.
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
 * create. Fields podkit does not model are dropped with a warning (see `onWarning`). Throws a
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
