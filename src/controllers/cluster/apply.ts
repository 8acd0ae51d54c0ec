import { PodkitError } from '../../errors.js';
import { decodeValue, formatDecodeIssue, type DecodeIssue, type FieldValidation } from '../../model/decode.js';
import { applyDefaults } from '../../model/defaults.js';
import { forbidden, invalid, renderValue } from '../../model/field-error.js';
import type { KubeObject, ObjectMeta, Pod, PodSpec, Toleration } from '../../model/index.js';
import { getKindDefinition } from '../../model/kinds.js';
import { ManifestError, type ManifestWarning } from '../../model/manifest-error.js';
import { parseManifestSources } from '../../model/manifest.js';
import { validateObject } from '../../model/validation.js';
import type { ObjectStore, StoreKind, StoreObject } from '../../store/object-store.js';
import { deepEqual } from '../../store/object-utils.js';
import { invalidObjectError } from '../../store/validate.js';
import { writeAll, type PlannedWrite } from './apply-transaction.js';
import type { StatefulSet } from '../../model/stateful-set.js';
import { validateStatefulSetUpdate } from '../../model/validation-stateful-set.js';

/** What `apply` takes: manifest text (YAML or JSON, multi-document), one object, or a list. */
export type ApplyInput = string | KubeObject | readonly KubeObject[];

/**
 * A warning of an apply: a field podkit keeps without modelling it, or an unknown field under
 * `fieldValidation: 'Warn'`. For manifest text it carries the line and column; `documentIndex`
 * is the document (text) or the index in the input list (objects).
 *
 * @example
 * ```ts
 * import { applyObjects, type ApplyWarning } from 'podkit';
 * const seen: ApplyWarning[] = [];
 * applyObjects(store, text, { fieldValidation: 'Warn', onWarning: (w) => seen.push(w) });
 * ```
 */
export interface ApplyWarning {
  readonly path: string;
  readonly message: string;
  readonly documentIndex: number;
  readonly line?: number;
  readonly column?: number;
}

/** Options of {@link applyObjects}. */
export interface ApplyOptions {
  /** The file name manifest errors cite (`file:line:col`). */
  readonly filename?: string;
  /**
   * Fields Kubernetes does not know, as `kubectl apply --validate`: `'Strict'` (the default)
   * rejects the apply (`strict decoding error: unknown field "spec.containers[0].imagePullPolcy";
   * did you mean "imagePullPolicy"?`), `'Warn'` drops them with a warning, `'Ignore'` silently.
   */
  readonly fieldValidation?: FieldValidation;
  /** Called with each warning, in input order. */
  readonly onWarning?: (warning: ApplyWarning) => void;
}

/** The message of upstream `ValidatePodUpdate` for a forbidden pod spec change. */
export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** A decoded object and how messages name where it came from. */
interface Source {
  readonly object: KubeObject;
  /** `document 2 (app.yaml:14:9)` or `objects[1]`. */
  readonly label: string;
  /** For manifest text: where to report a duplicate. */
  readonly position?: { readonly documentIndex: number; readonly path: string; readonly line: number; readonly column: number };
}

/** The `invalid_object` error of an object given to apply, in the API server's words. */
function objectError(raw: unknown, index: number, issues: readonly DecodeIssue[]): PodkitError {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as { kind?: unknown; metadata?: { name?: unknown } | null };
  const kind = typeof r.kind === 'string' && r.kind !== '' ? r.kind : 'Object';
  const name = typeof r.metadata?.name === 'string' ? r.metadata.name : '';
  const strict = issues.filter((i) => i.strict === true).map((i) => i.message.replace(/^strict decoding error: /, ''));
  const texts = [...(strict.length === 0 ? [] : [`strict decoding error: ${strict.join(', ')}`]), ...issues.filter((i) => i.strict !== true).map(formatDecodeIssue)];
  const body = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new PodkitError('invalid_object', `${kind} ${JSON.stringify(name)} is invalid: ${body}`, {
    details: { kind, name, index, issues: issues.map((i) => ({ path: i.path, message: i.message, ...(i.type === undefined ? {} : { type: i.type }) })) },
  });
}

/** Objects given to apply go through the same decoding as manifests (shape, defaults, validation). */
function decodeObjects(input: readonly unknown[], options: ApplyOptions): Source[] {
  const out: Source[] = [];
  input.forEach((raw, index) => {
    const r = decodeValue(raw, options.fieldValidation === undefined ? {} : { fieldValidation: options.fieldValidation });
    for (const w of r.warnings) options.onWarning?.({ path: w.path, message: w.message, documentIndex: index });
    if (r.issues.length > 0) throw objectError(raw, index, r.issues);
    for (const o of r.objects) out.push({ object: o.object, label: o.base.length === 0 ? `objects[${index}]` : `objects[${index}].${o.base.join('.').replace(/\.(\d+)/g, '[$1]')}` });
  });
  return out;
}

function decodeInput(input: unknown, options: ApplyOptions): Source[] {
  if (typeof input === 'string') {
    const filename = options.filename ?? '<input>';
    const onWarning = options.onWarning;
    const parsed = parseManifestSources(input, {
      filename,
      ...(options.fieldValidation === undefined ? {} : { fieldValidation: options.fieldValidation }),
      ...(onWarning === undefined ? {} : { onWarning: (w: ManifestWarning) => onWarning(w) }),
    });
    if (parsed.error !== undefined) throw parsed.error;
    return parsed.sources.map((s) => {
      const path = [...s.base, 'metadata', 'name'].join('.').replace(/\.(\d+)/g, '[$1]');
      return { object: s.object, label: `document ${s.documentIndex + 1} (${filename}:${s.line}:${s.column})`, position: { documentIndex: s.documentIndex, path, line: s.line, column: s.column } };
    });
  }
  if (Array.isArray(input)) return decodeObjects(input, options);
  if (typeof input === 'object' && input !== null) return decodeObjects([input], options);
  throw new PodkitError('invalid_argument', `apply: expected manifest text, an object or a list of objects, received ${renderValue(input)}.`);
}

/** Refuses an apply that names one object twice, naming both places. */
function checkDuplicates(sources: readonly Source[], filename: string): void {
  const seen = new Map<string, Source>();
  for (const s of sources) {
    const { kind, apiVersion, metadata } = s.object;
    const namespaced = getKindDefinition(apiVersion, kind)?.namespaced ?? true;
    const ns = namespaced ? metadata.namespace || 'default' : '';
    const key = `${kind}\u0000${ns}\u0000${metadata.name ?? ''}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, s);
      continue;
    }
    const what = `${kind} ${JSON.stringify(metadata.name ?? '')}${namespaced ? ` in namespace ${JSON.stringify(ns)}` : ''}`;
    const detail = `${what} is also defined by ${first.label}; an apply may name each object once`;
    if (s.position !== undefined) {
      const issue = { path: s.position.path, message: `Duplicate value: ${JSON.stringify(metadata.name ?? '')}: ${detail}`, line: s.position.line, column: s.position.column, documentIndex: s.position.documentIndex };
      throw new ManifestError(filename, [issue]);
    }
    throw new PodkitError('invalid_argument', `apply: ${what} appears twice, as ${first.label} and ${s.label}; an apply may name each object once.`, {
      details: { kind, name: metadata.name, namespace: ns, places: [first.label, s.label] },
    });
  }
}

/** Every planned write through the store's dry run (or, for a store without one, the model's defaults and validation). */
function dryRunAll(store: ObjectStore, writes: readonly PlannedWrite[]): void {
  for (const w of writes) {
    if (store.dryRun !== undefined) {
      store.dryRun(w.op, w.obj);
      continue;
    }
    const issues = validateObject(applyDefaults(w.obj));
    if (issues.length > 0) throw invalidObjectError(w.obj.kind, w.obj.metadata.name ?? '', issues);
  }
}

/**
 * Creates or updates objects like `kubectl apply`, without its three-way merge:
 * - an object that does not exist is created (its `status` is dropped, as the API server does);
 * - an existing one gets the manifest's `spec`, `labels` and `annotations` (replaced wholesale;
 *   `ownerReferences` and `finalizers` only when the manifest sets them); status, uid,
 *   creationTimestamp and other server fields stay; an unchanged manifest writes nothing;
 * - pods keep their `spec.nodeName` and their tolerations (the manifest can only add some), and
 *   only container images and `activeDeadlineSeconds` may change (`Forbidden` otherwise, as
 *   upstream); `spec.selector` of ReplicaSets, DaemonSets and Jobs is immutable.
 *
 * Text and objects take the same path: the shape is checked, unknown fields handled per
 * `fieldValidation` (`'Strict'` by default, as kubectl), defaults applied and every object
 * validated; errors read like the API server's (`Pod "web" is invalid: spec.containers[0].image:
 * Required value`; manifest text adds `file:line:col`). A rejected apply changes nothing: all
 * documents are planned first (an object named twice is refused, naming both places), every
 * write passes the store's dry run, and only then is anything written; if a write still fails,
 * the earlier ones are undone. Objects need a `metadata.name` (`generateName` is rejected, as
 * kubectl does). Returns the stored objects in input order.
 *
 * Differs from kubectl: fields set by other writers inside `spec` are overwritten, not merged
 * (there is no last-applied-configuration annotation).
 *
 * @example
 * ```ts
 * import { applyObjects } from 'podkit';
 * applyObjects(store, 'apiVersion: apps/v1\nkind: ReplicaSet\n...', { fieldValidation: 'Warn' });
 * ```
 */
export function applyObjects(store: ObjectStore, input: ApplyInput, options: ApplyOptions = {}): StoreObject[] {
  if (typeof options !== 'object' || options === null) throw new PodkitError('invalid_argument', `apply: expected options to be an object, received ${renderValue(options)}.`);
  const sources = decodeInput(input, options);
  for (const s of sources) {
    if ((s.object.metadata.name ?? '') === '') {
      throw new PodkitError('invalid_argument', `apply: ${s.object.kind} needs metadata.name (generateName works with create only, as with kubectl apply).`, {
        details: { kind: s.object.kind, field: 'metadata.name' },
      });
    }
  }
  checkDuplicates(sources, options.filename ?? '<input>');
  const planned = sources.map((s) => planWrite(store, s.object));
  const writes = planned.filter((w): w is PlannedWrite => w !== undefined);
  dryRunAll(store, writes);
  const written = writeAll(store, writes);
  // Unchanged objects are returned as stored, in input order.
  let next = 0;
  return planned.map((w, i) => (w === undefined ? (store.get(sources[i]?.object.kind as StoreKind, sources[i]?.object.metadata.name ?? '', sources[i]?.object.metadata.namespace) as StoreObject) : (written[next++] as StoreObject)));
}

/** The write for one object, or undefined when the live object already matches it. */
function planWrite(store: ObjectStore, input: KubeObject): PlannedWrite | undefined {
  const name = input.metadata.name ?? '';
  const live = store.tryGet(input.kind as StoreKind, name, input.metadata.namespace) as KubeObject | undefined;
  if (live === undefined) {
    const { status: _status, ...rest } = input as KubeObject & { status?: unknown };
    return { op: 'create', obj: rest as KubeObject };
  }
  const manifest = applyDefaults(input);
  const metadata = mergeMetadata(live.metadata, manifest.metadata);
  let spec: unknown = manifest.spec;
  if (live.kind === 'Pod') spec = podSpecUpdate(live, manifest as Pod);
  if (live.kind === 'ReplicaSet' || live.kind === 'DaemonSet' || live.kind === 'Job' || live.kind === 'Deployment') {
    const before = (live.spec as { selector?: unknown }).selector;
    const after = (spec as { selector?: unknown }).selector;
    // Jobs generate their selector: a manifest without one keeps it.
    if (after === undefined && live.kind === 'Job') spec = { ...(spec as object), selector: before };
    else if (!deepEqual(before, after)) {
      throw invalidObjectError(live.kind, name, [invalid('spec.selector', after, 'field is immutable')]);
    }
  }
  // StatefulSet: only some spec fields may change (ValidateStatefulSetUpdate, §P.1).
  if (live.kind === 'StatefulSet') {
    const issues = validateStatefulSetUpdate(live.spec, spec as StatefulSet['spec']);
    if (issues.length > 0) throw invalidObjectError(live.kind, name, issues);
  }
  const obj = { ...live, metadata, spec } as KubeObject;
  if (deepEqual(obj.metadata, live.metadata) && deepEqual(obj.spec, live.spec)) return undefined;
  return { op: 'update', obj, live };
}

/** The live metadata with the manifest's labels and annotations (and ownerReferences/finalizers if given). */
function mergeMetadata(live: ObjectMeta, manifest: ObjectMeta): ObjectMeta {
  const { labels: _l, annotations: _a, ...rest } = live;
  return {
    ...rest,
    ...(manifest.labels === undefined ? {} : { labels: manifest.labels }),
    ...(manifest.annotations === undefined ? {} : { annotations: manifest.annotations }),
    ...(manifest.ownerReferences === undefined ? {} : { ownerReferences: manifest.ownerReferences }),
    ...(manifest.finalizers === undefined ? {} : { finalizers: manifest.finalizers }),
  };
}

function unionTolerations(live: readonly Toleration[] | undefined, added: readonly Toleration[] | undefined): Toleration[] | undefined {
  const out = [...(live ?? [])];
  for (const t of added ?? []) if (!out.some((o) => deepEqual(o, t))) out.push(t);
  return out.length === 0 ? undefined : out;
}

/**
 * The pod spec after applying `manifest` to `live` (upstream `ValidatePodUpdate`): the scheduler's
 * nodeName and the admitted tolerations stay, the manifest may add tolerations and change images
 * and activeDeadlineSeconds; anything else is Forbidden.
 */
function podSpecUpdate(live: Pod, manifest: Pod): PodSpec {
  const m = manifest.spec;
  const tolerations = unionTolerations(live.spec.tolerations, m.tolerations);
  const desired: PodSpec = {
    ...m,
    ...(live.spec.nodeName === undefined ? {} : { nodeName: live.spec.nodeName }),
    ...(tolerations === undefined ? {} : { tolerations }),
  };
  if (tolerations === undefined) delete (desired as { tolerations?: unknown }).tolerations;
  // Compare with the mutable fields taken from the live pod.
  const comparable: PodSpec = {
    ...desired,
    containers: desired.containers.map((c, i) => ({ ...c, image: live.spec.containers[i]?.image ?? c.image })),
    ...(desired.initContainers === undefined
      ? {}
      : { initContainers: desired.initContainers.map((c, i) => ({ ...c, image: live.spec.initContainers?.[i]?.image ?? c.image })) }),
  };
  delete (comparable as { activeDeadlineSeconds?: unknown }).activeDeadlineSeconds;
  const liveComparable: PodSpec = { ...live.spec };
  delete (liveComparable as { activeDeadlineSeconds?: unknown }).activeDeadlineSeconds;
  if (!deepEqual(comparable, liveComparable)) {
    throw invalidObjectError('Pod', live.metadata.name ?? '', [forbidden('spec', POD_UPDATE_FORBIDDEN)]);
  }
  return desired;
}
