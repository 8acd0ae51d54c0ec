// Strategic merge patch (application/strategic-merge-patch+json), as kubectl's client-side
// apply, edit and patch send it: maps merge, `null` deletes, lists of objects with a patch merge
// key merge element by element, and the directives `$patch` (replace/delete/merge),
// `$setElementOrder/<list>`, `$retainKeys` and `$deleteFromPrimitiveList/<list>`. The merge keys
// are upstream's struct tags (`patchMergeKey`) of the fields podkit models. Pure.
import { badRequest } from './status.js';

/** Lists merged by a key (upstream `patchStrategy:"merge" patchMergeKey:"..."`), by field name. */
export const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  conditions: 'type',
  addresses: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

/** Lists of scalars merged as sets (upstream `patchStrategy:"merge"` on a primitive list). */
export const PRIMITIVE_MERGE: ReadonlySet<string> = new Set(['finalizers']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Applies a strategic merge patch to `original` and returns the result (inputs untouched).
 * Throws a 400 BadRequest for an invalid directive.
 *
 * @example
 * ```ts
 * strategicMergePatch({ spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y' }] } },
 *   { spec: { containers: [{ name: 'a', image: 'x:2' }] } });
 * // { spec: { containers: [{ name: 'a', image: 'x:2' }, { name: 'b', image: 'y' }] } }
 * ```
 */
export function strategicMergePatch(original: unknown, patch: unknown): unknown {
  return mergeValue(original, patch);
}

function mergeValue(original: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  return mergeMap(isObject(original) ? original : {}, patch);
}

function mergeMap(original: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> | undefined {
  const directive = patch['$patch'];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest) as Record<string, unknown>;
  }
  if (directive !== undefined && directive !== 'merge') throw badRequest(`unknown patch type: ${JSON.stringify(directive)} in map`);
  const out: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, original);
  const orders = new Map<string, unknown[]>();
  let retain: string[] | undefined;
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (key === '$patch') continue;
    if (key === '$retainKeys') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw badRequest('$retainKeys must be a list of strings');
      retain = value as string[];
      continue;
    }
    if (key.startsWith('$setElementOrder/')) {
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      orders.set(key.slice('$setElementOrder/'.length), value);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      const current = out[field];
      if (Array.isArray(current)) out[field] = current.filter((v) => !value.some((d) => d === v));
      continue;
    }
    if (key.startsWith('$')) throw badRequest(`unknown patch directive ${JSON.stringify(key)}`);
    if (value === null) {
      delete out[key];
      continue;
    }
    if (Array.isArray(value)) {
      const merged = mergeList(key, out[key], value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
      continue;
    }
    if (isObject(value)) {
      const merged = mergeMap(isObject(out[key]) ? (out[key] as Record<string, unknown>) : {}, value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
      continue;
    }
    out[key] = value;
  }
  for (const [field, order] of orders) {
    const list = out[field];
    if (Array.isArray(list)) out[field] = applyOrder(field, list, order);
  }
  if (retain !== undefined) for (const key of Object.keys(out)) if (!retain.includes(key)) delete out[key];
  return { ...out };
}

function mergeList(field: string, original: unknown, patch: readonly unknown[]): unknown[] | undefined {
  const current = Array.isArray(original) ? original : [];
  if (patch.some((p) => isObject(p) && p['$patch'] === 'replace')) return stripDirectives(patch.filter((p) => !(isObject(p) && p['$patch'] === 'replace'))) as unknown[];
  if (PRIMITIVE_MERGE.has(field)) {
    const out = [...current];
    for (const v of patch) if (!out.includes(v)) out.push(v);
    return out;
  }
  const key = MERGE_KEYS[field];
  if (key === undefined || !patch.every(isObject)) return stripDirectives(patch) as unknown[];
  const out: unknown[] = [...current];
  for (const item of patch as Record<string, unknown>[]) {
    const id = item[key];
    if (id === undefined) throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((o) => isObject(o) && o[key] === id);
    if (item['$patch'] === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) {
      const merged = mergeMap(out[at] as Record<string, unknown>, item);
      if (merged === undefined) out.splice(at, 1);
      else out[at] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

/** `$setElementOrder`: the listed elements in the given order, then the others as they were. */
function applyOrder(field: string, list: readonly unknown[], order: readonly unknown[]): unknown[] {
  const key = MERGE_KEYS[field];
  const idOf = (v: unknown): unknown => (key !== undefined && isObject(v) ? v[key] : v);
  const wanted = order.map(idOf);
  const ordered: unknown[] = [];
  for (const id of wanted) {
    const found = list.find((v) => idOf(v) === id);
    if (found !== undefined) ordered.push(found);
  }
  for (const v of list) if (!wanted.includes(idOf(v))) ordered.push(v);
  return ordered;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isObject(value)) return value as Json;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}
