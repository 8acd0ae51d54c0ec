// Server-side apply (`PATCH` with `application/apply-patch+yaml`, `kubectl apply --server-side`):
// create-or-update of the applied configuration, with field ownership per field manager. An apply
// takes ownership of the fields it sets; setting a field another manager owns to a different value
// is a conflict (409, one cause per field, in upstream's words) unless `force=true`, which takes the
// field over. Fields a manager applied before and no longer applies are removed when no other
// manager owns them. Lists with a patch merge key are merged by key (as upstream's
// `x-kubernetes-list-type: map`); other lists are atomic. Ownership is kept by the server
// (upstream keeps it in `metadata.managedFields`, which podkit does not store).
import { PodkitError } from '../errors.js';
import type { ApiObject } from './backends.js';
import type { PatchTarget } from './patch.js';
import { ApiError, badRequest, notFound } from './status.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Merge keys of the lists merged by key, by field name (the same table as strategic merge patch). */
const LIST_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  conditions: 'type',
  imagePullSecrets: 'name',
};

/** Server-owned fields an apply never owns or conflicts on. */
const IGNORED = /^\.(apiVersion|kind|metadata\.(name|namespace|uid|resourceVersion|generation|creationTimestamp|managedFields)|status)(\.|\[|$)/;

/** Every leaf of a configuration, as upstream field paths: `.spec.replicas`, `.spec.template.spec.containers[name="app"].image`. */
export function leafPaths(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, path: string, field: string): void => {
    if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) out.set(path, {});
      for (const k of keys) walk(v[k], `${path}.${k}`, k);
      return;
    }
    const key = LIST_KEYS[field];
    if (Array.isArray(v) && key !== undefined && v.every((e) => isObject(e) && e[key] !== undefined)) {
      for (const e of v as Record<string, unknown>[]) {
        const base = `${path}[${key}=${JSON.stringify(e[key])}]`;
        out.set(`${base}.${key}`, e[key]);
        for (const k of Object.keys(e)) if (k !== key) walk(e[k], `${base}.${k}`, k);
      }
      return;
    }
    out.set(path, v);
  };
  walk(value, prefix, '');
  for (const p of [...out.keys()]) if (IGNORED.test(p)) out.delete(p);
  return out;
}

/** The value at a field path, or `undefined`. */
function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const seg of segments(path)) {
    if (seg.kind === 'field') v = isObject(v) ? v[seg.name] : undefined;
    else v = Array.isArray(v) ? v.find((e) => isObject(e) && JSON.stringify(e[seg.key]) === seg.value) : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

type Segment = { readonly kind: 'field'; readonly name: string } | { readonly kind: 'item'; readonly key: string; readonly value: string };

function segments(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /\.([^.[\]]+)|\[([^=\]]+)=((?:"(?:[^"\\]|\\.)*")|[^\]]+)\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) out.push({ kind: 'field', name: m[1] });
    else out.push({ kind: 'item', key: m[2] as string, value: m[3] as string });
  }
  return out;
}

/** Removes the field at a path (and empties left behind by it). */
function removeAt(root: Record<string, unknown>, path: string): void {
  const segs = segments(path);
  const stack: { parent: unknown; seg: Segment }[] = [];
  let v: unknown = root;
  for (const seg of segs) {
    stack.push({ parent: v, seg });
    if (seg.kind === 'field') v = isObject(v) ? v[seg.name] : undefined;
    else v = Array.isArray(v) ? v.find((e) => isObject(e) && JSON.stringify(e[seg.key]) === seg.value) : undefined;
    if (v === undefined) return;
  }
  for (let i = stack.length - 1; i >= 0; i--) {
    const { parent, seg } = stack[i] as { parent: unknown; seg: Segment };
    if (seg.kind === 'field' && isObject(parent)) delete parent[seg.name];
    else if (seg.kind === 'item' && Array.isArray(parent)) {
      const at = parent.findIndex((e) => isObject(e) && JSON.stringify(e[seg.key]) === seg.value);
      if (at >= 0) parent.splice(at, 1);
    }
    const emptied = isObject(parent) ? Object.keys(parent).length === 0 : Array.isArray(parent) && parent.length === 0;
    if (!emptied || i === 0) return;
  }
}

/** Field owners of the objects the server has seen applied: object key → manager → owned paths. */
const owners = new WeakMap<object, Map<string, Map<string, Set<string>>>>();

function ownersOf(target: PatchTarget): Map<string, Set<string>> {
  let byObject = owners.get(target.backend);
  if (byObject === undefined) owners.set(target.backend, (byObject = new Map()));
  const key = `${target.namespace ?? ''}/${target.name}`;
  let byManager = byObject.get(key);
  if (byManager === undefined) byObject.set(key, (byManager = new Map()));
  return byManager;
}

/**
 * Records that `manager` wrote `after` over `before` through a non-apply write (PUT, PATCH): it
 * now owns the fields that changed, and the managers that owned them before lose them.
 */
export function recordUpdate(target: Pick<PatchTarget, 'backend' | 'namespace' | 'name'>, manager: string, before: unknown, after: unknown): void {
  const byManager = ownersOf(target as PatchTarget);
  if (byManager.size === 0) return;
  const was = leafPaths(before);
  const changed = [...leafPaths(after)].filter(([p, v]) => JSON.stringify(was.get(p)) !== JSON.stringify(v)).map(([p]) => p);
  if (changed.length === 0) return;
  for (const [m, paths] of byManager) if (m !== manager) for (const p of changed) paths.delete(p);
  let mine = byManager.get(manager);
  if (mine === undefined) byManager.set(manager, (mine = new Set()));
  for (const p of changed) mine.add(p);
}

/** Applies a configuration for `target.fieldManager`; creates the object when it does not exist. */
export function serverSideApply(target: PatchTarget, applied: ApiObject): { readonly object: ApiObject; readonly created: boolean } {
  const manager = target.fieldManager ?? '';
  if (manager === '') {
    throw new PodkitError('invalid_object', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      details: { issues: [{ path: 'fieldManager', type: 'Required value', message: 'Required value: is required for apply patch', detail: 'is required for apply patch' }] },
    });
  }
  if ((applied.metadata.name ?? '') !== target.name) throw badRequest(`the name of the object (${applied.metadata.name ?? ''}) does not match the name on the URL (${target.name})`);
  const paths = leafPaths(applied);
  const byManager = ownersOf(target);
  let current: ApiObject | undefined;
  try {
    current = target.backend.get(target.namespace, target.name);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 404)) throw e;
  }
  if (current === undefined) {
    if (target.subresource === 'status') throw notFound(target.resource, target.name);
    if (target.resource.namespaced) target.requireNamespace(applied.metadata.namespace ?? 'default');
    const { status: _s, ...rest } = applied as ApiObject & { status?: unknown };
    const object = target.backend.create(rest as ApiObject);
    byManager.clear();
    byManager.set(manager, new Set(paths.keys()));
    return { object, created: true };
  }
  const conflicts: { field: string; manager: string }[] = [];
  for (const [path, value] of paths) {
    if (JSON.stringify(valueAt(current, path)) === JSON.stringify(value)) continue;
    for (const [other, owned] of byManager) if (other !== manager && owned.has(path)) conflicts.push({ field: path, manager: other });
  }
  if (conflicts.length > 0 && !target.force) {
    const n = conflicts.length;
    const text = conflicts.map((c) => `conflict with ${JSON.stringify(c.manager)}: ${c.field}`).join('\n- ');
    throw new ApiError(409, 'Conflict', `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: ${n === 1 ? text : `\n- ${text}`}`, {
      causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${JSON.stringify(c.manager)}`, field: c.field })),
    });
  }
  const merged = strategicMergePatch(current, applied) as Record<string, unknown>;
  const previous = byManager.get(manager) ?? new Set<string>();
  for (const p of previous) {
    if (paths.has(p)) continue;
    if ([...byManager].some(([m, owned]) => m !== manager && owned.has(p))) continue;
    removeAt(merged, p);
  }
  for (const [m, owned] of byManager) if (m !== manager) for (const p of paths.keys()) owned.delete(p);
  const write = { ...(merged as unknown as ApiObject), metadata: { ...(merged['metadata'] as ApiObject['metadata']), resourceVersion: current.metadata.resourceVersion ?? '' } };
  const object = target.subresource === 'status' ? target.backend.updateStatus(write) : target.backend.update(write);
  byManager.set(manager, new Set(paths.keys()));
  return { object, created: false };
}
