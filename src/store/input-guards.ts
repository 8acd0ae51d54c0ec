// The checks every store call makes on its arguments before anything reads them: writes must be
// objects with a known kind and object metadata, options must be objects. They never throw a
// TypeError: what they reject becomes `invalid_argument` or `invalid_object`.
import { PodkitError } from '../errors.js';
import { invalid, renderValue, required } from '../model/field-error.js';
import { LabelSelectorSchema } from '../model/selector.js';
import type { KindDefinition, KindRegistry } from './kinds.js';
import { invalidObjectError } from './validate.js';

/** A non-null, non-array object. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The kind of a write's input; throws `invalid_argument` for anything but an object with a registered kind. */
export function kindOfInput(registry: KindRegistry, obj: unknown, op: string): KindDefinition {
  if (!isPlainObject(obj)) {
    throw new PodkitError('invalid_argument', `${op}: expected an object with apiVersion, kind and metadata, received ${renderValue(obj)}.`, { details: { op } });
  }
  const kind = obj.kind;
  if (typeof kind !== 'string') {
    throw new PodkitError('invalid_argument', `${op}: expected kind to be a string such as "Pod", received ${renderValue(kind)}.`, { details: { op, field: 'kind' } });
  }
  return registry.require(kind);
}

/** Throws `invalid_object` unless `obj.metadata` is an object whose name, namespace, resourceVersion and uid are strings (or absent). */
export function checkMetadata(def: KindDefinition, obj: unknown): void {
  const meta: unknown = isPlainObject(obj) ? obj.metadata : undefined;
  if (!isPlainObject(meta)) {
    throw invalidObjectError(def.kind, '', [meta === undefined ? required('metadata') : invalid('metadata', meta, 'must be an object')]);
  }
  for (const k of ['name', 'namespace', 'resourceVersion', 'uid'] as const) {
    if (meta[k] !== undefined && typeof meta[k] !== 'string') throw invalidObjectError(def.kind, '', [invalid(`metadata.${k}`, meta[k], 'must be a string')]);
  }
}

/** Options objects of store calls: `undefined` or an object (never `null` or a string). */
export function checkOptions<O>(options: O, op: string): O {
  if (options !== undefined && !isPlainObject(options)) {
    throw new PodkitError('invalid_argument', `${op}: expected options to be an object, received ${renderValue(options)}.`, { details: { op } });
  }
  return options;
}

/** List and watch options: the selectors must be a string (or a LabelSelector object). */
export function checkListOptions(options: { readonly fieldSelector?: unknown; readonly labelSelector?: unknown; readonly namespace?: unknown }, op: string): void {
  checkOptions(options, op);
  if (options.namespace !== undefined && typeof options.namespace !== 'string') {
    throw new PodkitError('invalid_argument', `${op}: expected namespace to be a string, received ${renderValue(options.namespace)}.`);
  }
  const fs = options.fieldSelector;
  if (fs !== undefined && typeof fs !== 'string' && !(isPlainObject(fs) && Object.values(fs).every((v) => typeof v === 'string'))) {
    throw new PodkitError('invalid_argument', `${op}: expected fieldSelector to be a string ("spec.nodeName=n1") or an object of strings, received ${renderValue(fs)}.`);
  }
  const ls = options.labelSelector;
  if (ls !== undefined && typeof ls !== 'string' && !LabelSelectorSchema.safeParse(ls).success) {
    throw new PodkitError('invalid_argument', `${op}: expected labelSelector to be a string ("app=web") or a LabelSelector object, received ${renderValue(ls)}.`);
  }
}
