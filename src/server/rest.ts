// The REST verbs on one resource (kube-apiserver's endpoints/handlers + registry/generic): get,
// list (limit/continue, resourceVersion semantics, Tables), create, update, patch, delete,
// deletecollection, the status and scale subresources, pods/binding and pods/eviction. Each
// request is decoded into one Backend call and the answer encoded; errors become Status objects.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PodkitError } from '../errors.js';
import type { ObjectMeta } from '../model/index.js';
import type { DeleteOptions, PropagationPolicy } from '../store/object-store.js';
import { dryRunBackend, type ApiObject, type Backend } from './backends.js';
import { boolParam, intParam, parseBody, readBody, sendJson, TABLE_CONTENT_TYPE, wantsTable, mediaType } from './http.js';
import { applyPatch, PATCH_TYPES, patchValue, type PatchType } from './patch.js';
import { logOptions, serveLogs, type LogSource } from './pod-logs.js';
import { recordUpdate } from './server-side-apply.js';
import { checkUnknownFields, fieldValidationOf } from './field-validation.js';
import { groupVersionOf, type ApiResource } from './resources.js';
import { ApiError, badRequest, methodNotAllowed, qualifiedKind, success } from './status.js';
import { toTable } from './table.js';
import { serveWatch, type WatchContext } from './watch.js';

/** A request for a resource, decoded from the URL. */
export interface ResourceTarget {
  readonly resource: ApiResource;
  readonly namespace?: string | undefined;
  readonly name?: string | undefined;
  readonly subresource?: string | undefined;
}

/** What the handlers need from the server. */
export interface RestContext extends WatchContext {
  readonly backend: (resource: ApiResource) => Backend;
  /** Throws NotFound/Forbidden unless objects may be created in the namespace. */
  readonly requireNamespace: (namespace: string) => void;
  readonly maxBodyBytes: number;
  /** Sets `spec.replicas` (the scale subresource). */
  readonly scale: (resource: ApiResource, namespace: string | undefined, name: string, replicas: number, resourceVersion: string | undefined) => ApiObject;
  /** A pod's log stream (pods/log). */
  readonly logs: LogSource;
  /** Binds a pod (pods/binding). */
  readonly bind: (namespace: string, name: string, nodeName: string) => void;
}

// Kubernetes protobuf is what client-go's typed clients (kubectl create namespace/job/deployment, ...) send.
const BODY_TYPES = ['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'application/vnd.kubernetes.protobuf'] as const;

const listKind = (r: ApiResource): string => `${r.kind}List`;

/** The field manager of a write: `fieldManager`, else the User-Agent's product (upstream `prefixFromUserAgent`). */
function fieldManager(req: IncomingMessage, query: URLSearchParams): string {
  const given = query.get('fieldManager');
  if (given !== null && given !== '') return given;
  return (req.headers['user-agent'] ?? '').split('/')[0]?.slice(0, 128) ?? '';
}

/** Serves one resource request. */
export async function handleResource(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { resource, name, subresource } = target;
  const method = req.method ?? 'GET';
  if (subresource !== undefined && !resource.subresources.includes(subresource as never)) {
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
  }
  if (name === undefined) {
    if (method === 'GET') return boolParam(query, 'watch') ? watch(ctx, req, res, target, query) : list(ctx, req, res, target, query);
    if (method === 'POST') return create(ctx, req, res, target, query);
    if (method === 'DELETE') return deleteCollection(ctx, req, res, target, query);
    throw methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
  switch (subresource) {
    case undefined:
    case 'status':
      if (method === 'GET') return get(ctx, req, res, target);
      if (method === 'PUT') return update(ctx, req, res, target, query);
      if (method === 'PATCH') return patch(ctx, req, res, target, query);
      if (method === 'DELETE' && subresource === undefined) return remove(ctx, req, res, target, query);
      break;
    case 'scale':
      if (method === 'GET') return sendJson(res, 200, scaleOf(resource, ctx.backend(resource).get(target.namespace, name)));
      if (method === 'PUT' || method === 'PATCH') return writeScale(ctx, req, res, target, query);
      break;
    case 'binding':
      if (method === 'POST') return binding(ctx, req, res, target);
      break;
    case 'log':
      if (method === 'GET') return serveLogs(ctx.logs, req, res, name, logOptions(target.namespace ?? 'default', query));
      break;
    case 'exec':
      if (method === 'GET' || method === 'POST') throw badRequest('Upgrade request required');
      break;
    case 'eviction':
      if (method === 'POST') return eviction(ctx, req, res, target);
      break;
  }
  throw methodNotAllowed(`the server does not allow this method on the requested resource`);
}

/** The objects of a list request, sorted by namespace and name (etcd's key order). */
function sortByKey(items: readonly ApiObject[]): ApiObject[] {
  const key = (o: ApiObject): string => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name ?? ''}`;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

interface ContinueToken {
  readonly rv: string;
  readonly after: string;
}

function decodeContinue(text: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ContinueToken>;
    if (typeof t.rv === 'string' && typeof t.after === 'string') return { rv: t.rv, after: t.after };
  } catch {
    // fall through
  }
  throw badRequest(`continue key is not valid: ${JSON.stringify(text)}`);
}

function checkListResourceVersion(query: URLSearchParams, current: string): void {
  const rv = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  if (match !== '' && match !== 'NotOlderThan' && match !== 'Exact') throw badRequest(`resourceVersionMatch: Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`);
  if (match !== '' && rv === '') throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (rv === '' || rv === '0') return;
  if (!/^\d+$/.test(rv)) throw badRequest(`Invalid value: ${JSON.stringify(rv)}: resourceVersion must be a non-negative integer`);
  if (Number(rv) > Number(current)) {
    throw new ApiError(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, { retryAfterSeconds: 1 });
  }
  if (match === 'Exact' && rv !== current) throw new PodkitError('expired', `too old resource version: ${rv} (${current})`);
}

async function list(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { resource } = target;
  const selection = { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined };
  const result = ctx.backend(resource).list(resource.namespaced ? target.namespace : undefined, selection);
  const limit = intParam(query, 'limit') ?? 0;
  const cont = query.get('continue') ?? '';
  let items = sortByKey(result.items);
  let resourceVersion = result.resourceVersion;
  if (cont !== '') {
    const token = decodeContinue(cont);
    resourceVersion = token.rv;
    items = items.filter((o) => `${o.metadata.namespace ?? ''}\u0000${o.metadata.name ?? ''}` > token.after);
  } else {
    checkListResourceVersion(query, result.resourceVersion);
  }
  const metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion };
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1] as ApiObject;
    metadata.continue = Buffer.from(JSON.stringify({ rv: resourceVersion, after: `${last.metadata.namespace ?? ''}\u0000${last.metadata.name ?? ''}` })).toString('base64url');
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  if (wantsTable(req)) {
    const include = includeObject(query);
    sendJson(res, 200, toTable(resource, items, ctx.now(), include, metadata), TABLE_CONTENT_TYPE);
    return;
  }
  sendJson(res, 200, { kind: listKind(resource), apiVersion: groupVersionOf(resource), metadata, items });
}

function includeObject(query: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = query.get('includeObject') ?? 'Metadata';
  if (v !== 'None' && v !== 'Metadata' && v !== 'Object') throw badRequest(`includeObject: Unsupported value: ${JSON.stringify(v)}: supported values: "None", "Metadata", "Object"`);
  return v;
}

async function watch(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { resource } = target;
  serveWatch(ctx, req, res, {
    resource,
    backend: ctx.backend(resource),
    namespace: resource.namespaced ? target.namespace : undefined,
    selection: { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined },
    resourceVersion: query.get('resourceVersion') ?? undefined,
    timeoutSeconds: intParam(query, 'timeoutSeconds'),
    allowBookmarks: boolParam(query, 'allowWatchBookmarks'),
    sendInitialEvents: boolParam(query, 'sendInitialEvents'),
    table: wantsTable(req) ? includeObject(query) : undefined,
  });
}

function get(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget): void {
  const obj = ctx.backend(target.resource).get(target.namespace, target.name ?? '');
  if (wantsTable(req) && target.subresource === undefined) {
    sendJson(res, 200, toTable(target.resource, [obj], ctx.now(), 'Metadata', { resourceVersion: obj.metadata.resourceVersion ?? '' }), TABLE_CONTENT_TYPE);
    return;
  }
  sendJson(res, 200, obj);
}

/** Decodes a body into an object of the resource: kind and apiVersion filled in or checked, namespace checked. */
async function readObject(ctx: RestContext, req: IncomingMessage, target: ResourceTarget, res: ServerResponse): Promise<ApiObject> {
  const value = parseBody(await readBody(req, ctx.maxBodyBytes), mediaType(req), BODY_TYPES, res);
  return asResourceObject(value, target);
}

/**
 * The object without its `null` fields, as Go's JSON decoding leaves them (a `null` field stays at
 * its zero value, which `omitempty` then leaves out): kubectl sends `"creationTimestamp": null`
 * in every object it generates (`kubectl run`, `kubectl create ... -o json`). `null` list items
 * are kept (the object's validation reports them).
 */
function withoutNulls(value: unknown, depth = 0): unknown {
  if (depth > 64 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => withoutNulls(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null) continue;
    Object.defineProperty(out, k, { value: withoutNulls(v, depth + 1), writable: true, enumerable: true, configurable: true });
  }
  return out;
}

function asResourceObject(value: unknown, target: ResourceTarget): ApiObject {
  const { resource } = target;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(value)}'`);
  const obj = withoutNulls(value) as Record<string, unknown>;
  const kind = obj['kind'] ?? resource.kind;
  const apiVersion = obj['apiVersion'] ?? groupVersionOf(resource);
  if (kind !== resource.kind || apiVersion !== groupVersionOf(resource)) {
    throw badRequest(`the API version in the data (${String(apiVersion)}) does not match the expected API version (${groupVersionOf(resource)}) or kind (${String(kind)}) is not ${resource.kind}`);
  }
  const rawMeta = obj['metadata'] ?? {};
  if (typeof rawMeta !== 'object' || rawMeta === null || Array.isArray(rawMeta)) throw badRequest('metadata: expected an object');
  const metadata = { ...(rawMeta as ObjectMeta) };
  if (resource.namespaced) {
    const ns = metadata.namespace ?? '';
    if (ns === '') metadata.namespace = target.namespace ?? 'default';
    else if (target.namespace !== undefined && ns !== target.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
  } else if (metadata.namespace !== undefined && metadata.namespace !== '') {
    delete metadata.namespace;
  }
  return { ...obj, apiVersion: String(apiVersion), kind: String(kind), metadata } as ApiObject;
}

async function create(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const mode = fieldValidationOf(query);
  const obj = await readObject(ctx, req, target, res);
  checkUnknownFields(target.resource, obj, mode, res);
  if (target.resource.namespaced) ctx.requireNamespace(obj.metadata.namespace ?? 'default');
  const created = backendFor(ctx, target, query).backend.create(obj);
  sendJson(res, 201, created);
}

async function update(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const mode = fieldValidationOf(query);
  const obj = await readObject(ctx, req, target, res);
  checkUnknownFields(target.resource, obj, mode, res);
  if ((obj.metadata.name ?? '') !== target.name) {
    throw badRequest(`the name of the object (${obj.metadata.name ?? ''}) does not match the name on the URL (${target.name ?? ''})`);
  }
  const { backend, dry } = backendFor(ctx, target, query);
  const before = backend.get(target.namespace, target.name ?? '');
  const updated = target.subresource === 'status' ? backend.updateStatus(obj) : backend.update(obj);
  if (!dry) recordUpdate({ backend, namespace: target.namespace, name: target.name ?? '' }, fieldManager(req, query), before, updated);
  sendJson(res, 200, updated);
}

async function patch(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const type = mediaType(req) as PatchType;
  if (!PATCH_TYPES.includes(type)) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.join(', ')}`);
  }
  const mode = fieldValidationOf(query);
  const body = await readBody(req, ctx.maxBodyBytes);
  const { backend, dry } = backendFor(ctx, target, query);
  const before = dry ? undefined : type === 'application/apply-patch+yaml' ? undefined : backend.get(target.namespace, target.name ?? '');
  const result = applyPatch(
    {
      resource: target.resource,
      backend,
      namespace: target.namespace,
      name: target.name ?? '',
      subresource: target.subresource === 'status' ? 'status' : undefined,
      fieldManager: query.get('fieldManager') ?? undefined,
      force: boolParam(query, 'force'),
      requireNamespace: ctx.requireNamespace,
      asObject: (v) => asResourceObject(v, target),
      checkFields: (obj) => checkUnknownFields(target.resource, obj, mode, res),
    },
    type,
    body,
  );
  if (before !== undefined) recordUpdate({ backend, namespace: target.namespace, name: target.name ?? '' }, fieldManager(req, query), before, result.object);
  sendJson(res, result.created ? 201 : 200, result.object);
}

/** DeleteOptions from the body (if any) and the query, as upstream merges them. */
async function deleteOptions(ctx: RestContext, req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req, ctx.maxBodyBytes);
  let fromBody: Record<string, unknown> = {};
  if (body.length > 0 && body.toString('utf8').trim() !== '') {
    const value = parseBody(body, mediaType(req), BODY_TYPES);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('DeleteOptions: expected an object');
    fromBody = value as Record<string, unknown>;
  }
  const grace = intParam(query, 'gracePeriodSeconds') ?? (typeof fromBody['gracePeriodSeconds'] === 'number' ? fromBody['gracePeriodSeconds'] : undefined);
  const policyText = query.get('propagationPolicy') ?? (typeof fromBody['propagationPolicy'] === 'string' ? fromBody['propagationPolicy'] : undefined);
  const orphan = query.get('orphanDependents') ?? (typeof fromBody['orphanDependents'] === 'boolean' ? String(fromBody['orphanDependents']) : undefined);
  let propagationPolicy: PropagationPolicy | undefined;
  if (policyText !== undefined && policyText !== '') {
    if (policyText !== 'Background' && policyText !== 'Foreground' && policyText !== 'Orphan') {
      throw badRequest(`propagationPolicy: Unsupported value: ${JSON.stringify(policyText)}: supported values: "Foreground", "Background", "Orphan"`);
    }
    propagationPolicy = policyText;
  } else if (orphan === 'true') propagationPolicy = 'Orphan';
  if (grace !== undefined && grace < 0) throw badRequest(`gracePeriodSeconds: Invalid value: ${grace}: must be >= 0`);
  const pre = fromBody['preconditions'];
  const preconditions = typeof pre === 'object' && pre !== null ? (pre as { uid?: string; resourceVersion?: string }) : undefined;
  const bodyDry = fromBody['dryRun'];
  if (Array.isArray(bodyDry) && bodyDry.length > 0) for (const d of bodyDry) query.append('dryRun', String(d));
  return {
    ...(grace === undefined ? {} : { gracePeriodSeconds: grace }),
    ...(propagationPolicy === undefined ? {} : { propagationPolicy }),
    ...(preconditions === undefined ? {} : { preconditions: { ...(preconditions.uid === undefined ? {} : { uid: preconditions.uid }), ...(preconditions.resourceVersion === undefined ? {} : { resourceVersion: preconditions.resourceVersion }) } }),
  };
}

async function remove(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const options = await deleteOptions(ctx, req, query);
  const result = backendFor(ctx, target, query).backend.delete(target.namespace, target.name ?? '', options);
  sendJson(res, 200, result.object);
}

async function deleteCollection(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { resource } = target;
  if (!resource.verbs.includes('deletecollection')) throw methodNotAllowed('the server does not allow this method on the requested resource');
  const options = await deleteOptions(ctx, req, query);
  const { backend } = backendFor(ctx, target, query);
  const selection = { labelSelector: query.get('labelSelector') ?? undefined, fieldSelector: query.get('fieldSelector') ?? undefined };
  const listed = backend.list(resource.namespaced ? target.namespace : undefined, selection);
  const deleted: ApiObject[] = [];
  for (const obj of listed.items) {
    try {
      deleted.push(backend.delete(obj.metadata.namespace, obj.metadata.name ?? '', options).object);
    } catch (e) {
      if (!(e instanceof PodkitError && e.code === 'not_found')) throw e;
    }
  }
  sendJson(res, 200, { kind: listKind(resource), apiVersion: groupVersionOf(resource), metadata: { resourceVersion: listed.resourceVersion }, items: deleted });
}

/** Whether the request is a server-side dry run (`dryRun=All`); 400 for another value. */
function isDryRun(query: URLSearchParams): boolean {
  const dry = query.getAll('dryRun');
  if (dry.length === 0) return false;
  if (dry.some((d) => d !== 'All')) throw badRequest(`dryRun: Unsupported value: ${JSON.stringify(dry.find((d) => d !== 'All'))}: supported values: "All"`);
  return true;
}

/** The backend of a request: its writes are dry runs with `dryRun=All`. */
function backendFor(ctx: RestContext, target: ResourceTarget, query: URLSearchParams): { backend: Backend; dry: boolean } {
  const backend = ctx.backend(target.resource);
  const dry = isDryRun(query);
  return { backend: dry ? dryRunBackend(backend) : backend, dry };
}

/** The `autoscaling/v1 Scale` of an object with `spec.replicas`. */
function scaleOf(_resource: ApiResource, obj: ApiObject): unknown {
  const spec = obj.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } } | undefined;
  const status = obj.status as { replicas?: number } | undefined;
  const labels = spec?.selector?.matchLabels ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: spec?.replicas ?? 1 },
    status: { replicas: status?.replicas ?? 0, selector: Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',') },
  };
}

async function writeScale(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget, query: URLSearchParams): Promise<void> {
  const { resource } = target;
  const name = target.name ?? '';
  const backend = ctx.backend(resource);
  const current = scaleOf(resource, backend.get(target.namespace, name)) as { spec: { replicas: number }; metadata: ObjectMeta };
  let next: unknown;
  if (req.method === 'PUT') {
    next = parseBody(await readBody(req, ctx.maxBodyBytes), mediaType(req), BODY_TYPES, res);
  } else {
    const type = mediaType(req) as PatchType;
    if (!PATCH_TYPES.includes(type) || type === 'application/apply-patch+yaml') {
      throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.filter((t) => t !== 'application/apply-patch+yaml').join(', ')}`);
    }
    next = patchValue(current, type, await readBody(req, ctx.maxBodyBytes));
  }
  const dry = isDryRun(query);
  const scale = next as { spec?: { replicas?: unknown }; metadata?: { resourceVersion?: string } };
  const replicas = scale.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new PodkitError('invalid_object', `Scale.autoscaling ${JSON.stringify(name)} is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, {
      details: { issues: [{ path: 'spec.replicas', type: 'Invalid value', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, detail: 'must be greater than or equal to 0' }] },
    });
  }
  const rv = req.method === 'PUT' ? scale.metadata?.resourceVersion : undefined;
  const before = backend.get(target.namespace, name);
  if (dry) {
    if (rv !== undefined && rv !== '' && rv !== before.metadata.resourceVersion) throw new PodkitError('conflict', `Operation cannot be fulfilled on ${resource.plural}.${resource.group} ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`);
    sendJson(res, 200, scaleOf(resource, dryRunBackend(backend).update({ ...before, spec: { ...(before.spec as object), replicas } } as ApiObject)));
    return;
  }
  const updated = ctx.scale(resource, target.namespace, name, replicas, rv === '' ? undefined : rv);
  recordUpdate({ backend, namespace: target.namespace, name }, fieldManager(req, query), before, updated);
  sendJson(res, 200, scaleOf(resource, updated));
}

async function binding(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget): Promise<void> {
  const body = parseBody(await readBody(req, ctx.maxBodyBytes), mediaType(req), BODY_TYPES, res) as { target?: { name?: unknown } } | null;
  const nodeName = body?.target?.name;
  if (typeof nodeName !== 'string' || nodeName === '') throw badRequest('target.name: Required value');
  ctx.bind(target.namespace ?? 'default', target.name ?? '', nodeName);
  sendJson(res, 201, success({}));
}

async function eviction(ctx: RestContext, req: IncomingMessage, res: ServerResponse, target: ResourceTarget): Promise<void> {
  const body = parseBody(await readBody(req, ctx.maxBodyBytes), mediaType(req), BODY_TYPES, res) as { deleteOptions?: { gracePeriodSeconds?: unknown } } | null;
  const grace = body?.deleteOptions?.gracePeriodSeconds;
  ctx.backend(target.resource).delete(target.namespace, target.name ?? '', typeof grace === 'number' ? { gracePeriodSeconds: grace } : {});
  sendJson(res, 201, success({ name: target.name ?? '', kind: qualifiedKind(target.resource) }));
}
