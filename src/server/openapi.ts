// OpenAPI v3 documents, as far as kubectl needs them: the root index (`/openapi/v3`) and one
// document per group/version with every path and operation (PATCH operations declare the
// `fieldValidation` query parameter, which makes kubectl validate on the server instead of
// downloading schemas) and component schemas generated from podkit's zod schemas, tagged with
// `x-kubernetes-group-version-kind` (for `kubectl explain`).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { getKindDefinition } from '../model/kinds.js';
import { apiResources, groupVersionOf, type ApiResource } from './resources.js';
import { MERGE_KEYS, PRIMITIVE_MERGE } from './strategic-merge-patch.js';

type Doc = Record<string, unknown>;

const gvk = (r: ApiResource) => ({ group: r.group, version: r.version, kind: r.kind });
const schemaName = (r: ApiResource): string => `io.podkit.api.${r.group === '' ? 'core' : r.group}.${r.version}.${r.kind}`;
const ref = (r: ApiResource): Doc => ({ $ref: `#/components/schemas/${schemaName(r)}` });
const queryParam = (name: string, type = 'string'): Doc => ({ name, in: 'query', schema: { type }, uniqueItems: true });
const pathParam = (name: string): Doc => ({ name, in: 'path', required: true, schema: { type: 'string' }, uniqueItems: true });
const jsonResponse = (schema: Doc): Doc => ({ '200': { description: 'OK', content: { 'application/json': { schema } } } });

function operation(r: ApiResource, action: string, params: Doc[], schema: Doc, body?: Doc): Doc {
  return {
    operationId: `${action}${r.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(r),
    parameters: params,
    ...(body === undefined ? {} : { requestBody: { content: body, required: true } }),
    responses: jsonResponse(schema),
  };
}

function paths(r: ApiResource): Record<string, Doc> {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const scoped = r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}` : `${base}/${r.plural}`;
  const nsParams = r.namespaced ? [pathParam('namespace')] : [];
  const writeParams = [queryParam('dryRun'), queryParam('fieldManager'), queryParam('fieldValidation')];
  const listParams = ['labelSelector', 'fieldSelector', 'resourceVersion', 'resourceVersionMatch', 'continue'].map((p) => queryParam(p)).concat([queryParam('limit', 'integer'), queryParam('timeoutSeconds', 'integer'), queryParam('watch', 'boolean'), queryParam('allowWatchBookmarks', 'boolean')]);
  const json = { 'application/json': { schema: ref(r) } };
  const patchBody = Object.fromEntries(['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'].map((t) => [t, { schema: { type: 'object' } }]));
  const out: Record<string, Doc> = {};
  const collection: Doc = { get: operation(r, 'list', listParams, { type: 'object' }) };
  if (r.verbs.includes('create')) collection['post'] = operation(r, 'post', writeParams, ref(r), json);
  if (r.verbs.includes('deletecollection')) collection['delete'] = operation(r, 'deletecollection', listParams, { type: 'object' });
  out[scoped] = { ...collection, parameters: nsParams };
  const item: Doc = { get: operation(r, 'get', [], ref(r)) };
  if (r.verbs.includes('update')) item['put'] = operation(r, 'put', writeParams, ref(r), json);
  if (r.verbs.includes('patch')) item['patch'] = operation(r, 'patch', [...writeParams, queryParam('force', 'boolean')], ref(r), patchBody);
  if (r.verbs.includes('delete')) item['delete'] = operation(r, 'delete', [queryParam('gracePeriodSeconds', 'integer'), queryParam('propagationPolicy'), queryParam('dryRun')], { type: 'object' });
  out[`${scoped}/{name}`] = { ...item, parameters: [pathParam('name'), ...nsParams] };
  if (r.subresources.includes('status')) {
    out[`${scoped}/{name}/status`] = {
      get: operation(r, 'get', [], ref(r)),
      put: operation(r, 'put', writeParams, ref(r), json),
      patch: operation(r, 'patch', [...writeParams, queryParam('force', 'boolean')], ref(r), patchBody),
      parameters: [pathParam('name'), ...nsParams],
    };
  }
  return out;
}

const schemas = new Map<string, Doc>();

/**
 * Marks the lists strategic merge patch merges by key (`x-kubernetes-patch-merge-key`,
 * `x-kubernetes-patch-strategy: merge`, as upstream's OpenAPI does), so kubectl's client-side
 * apply computes element-wise patches instead of replacing whole lists.
 */
function markMergeLists(schema: unknown): void {
  if (typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) {
    for (const s of schema) markMergeLists(s);
    return;
  }
  const node = schema as Doc;
  const props = node['properties'];
  if (typeof props === 'object' && props !== null) {
    for (const [name, prop] of Object.entries(props as Record<string, Doc>)) {
      if (typeof prop !== 'object' || prop === null || prop['type'] !== 'array') continue;
      const key = MERGE_KEYS[name];
      if (key !== undefined) Object.assign(prop, { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': 'merge' });
      else if (PRIMITIVE_MERGE.has(name)) prop['x-kubernetes-patch-strategy'] = 'merge';
    }
  }
  for (const v of Object.values(node)) markMergeLists(v);
}

/** What an empty (any-value) schema becomes: `{}` breaks `kubectl explain` (its templates treat an empty map as no schema). */
const ANY_VALUE: Doc = { 'x-kubernetes-preserve-unknown-fields': true };

/**
 * Replaces the empty schemas zod writes for values it does not describe (fields podkit keeps
 * verbatim, `z.unknown()`) with `x-kubernetes-preserve-unknown-fields`, as upstream's OpenAPI
 * describes free-form values, so `kubectl explain` prints them (as `<Object>`).
 */
function fillEmptySchemas(schema: unknown, depth = 0): void {
  if (depth > 200 || typeof schema !== 'object' || schema === null) return;
  if (Array.isArray(schema)) {
    schema.forEach((s, i) => {
      if (typeof s === 'object' && s !== null && !Array.isArray(s) && Object.keys(s).length === 0) schema[i] = { ...ANY_VALUE };
      else fillEmptySchemas(s, depth + 1);
    });
    return;
  }
  const node = schema as Doc;
  const props = node['properties'];
  if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
    for (const [name, prop] of Object.entries(props as Record<string, unknown>)) {
      if (typeof prop === 'object' && prop !== null && !Array.isArray(prop) && Object.keys(prop).length === 0) (props as Doc)[name] = { ...ANY_VALUE };
    }
  }
  for (const key of ['items', 'additionalProperties']) {
    const sub = node[key];
    if (typeof sub === 'object' && sub !== null && !Array.isArray(sub) && Object.keys(sub).length === 0) node[key] = { ...ANY_VALUE };
  }
  for (const v of Object.values(node)) fillEmptySchemas(v, depth + 1);
}

/** The component schema of a resource, from its zod schema (input side), tagged with its GVK. */
function componentSchema(r: ApiResource): Doc {
  const key = `${groupVersionOf(r)}/${r.kind}`;
  const cached = schemas.get(key);
  if (cached !== undefined) return cached;
  let schema: Doc = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const def = getKindDefinition(groupVersionOf(r), r.kind);
  if (def !== undefined) {
    try {
      schema = z.toJSONSchema(def.schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input', cycles: 'ref', reused: 'inline' }) as Doc;
      delete schema['$schema'];
      markMergeLists(schema);
      fillEmptySchemas(schema);
    } catch {
      // Keep the permissive schema: validation happens on the server anyway.
    }
  }
  const out = { ...schema, description: `${r.kind} (served by podkit).`, 'x-kubernetes-group-version-kind': [gvk(r)] };
  schemas.set(key, out);
  return out;
}

/** The documents of every group/version: `api/v1`, `apis/apps/v1`, ... */
export function openApiDocuments(): Map<string, Doc> {
  const byGv = new Map<string, ApiResource[]>();
  for (const r of apiResources()) {
    const key = r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`;
    let list = byGv.get(key);
    if (list === undefined) byGv.set(key, (list = []));
    list.push(r);
  }
  const out = new Map<string, Doc>();
  for (const [key, resources] of byGv) {
    out.set(key, {
      openapi: '3.0.0',
      info: { title: 'Kubernetes (podkit)', version: 'v1.32.0' },
      paths: Object.assign({}, ...resources.map(paths)),
      components: { schemas: Object.fromEntries(resources.map((r) => [schemaName(r), componentSchema(r)])) },
    });
  }
  return out;
}

/** A stable hash of a document, for the `serverRelativeURL`'s `hash` parameter. */
export const documentHash = (doc: Doc): string => createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 64).toUpperCase();

/** `/openapi/v3`: where each group/version's document is. */
export function openApiRoot(docs: Map<string, Doc>): Doc {
  return { paths: Object.fromEntries([...docs].map(([key, doc]) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${documentHash(doc)}` }])) };
}
