// PATCH: JSON merge patch (RFC 7386), JSON patch (RFC 6902, with fast-json-patch), strategic
// merge patch (kubectl's default), and server-side apply (`application/apply-patch+yaml`),
// applied to the current object and written back through the same validated update path as PUT.
import jsonPatch, { type Operation } from 'fast-json-patch';
import { parse as parseYaml } from 'yaml';
import { PodkitError } from '../errors.js';
import { applyMergePatch } from '../store/merge-patch.js';
import type { ApiObject, Backend } from './backends.js';
import { serverSideApply } from './server-side-apply.js';
import type { ApiResource } from './resources.js';
import { ApiError, badRequest } from './status.js';
import { strategicMergePatch } from './strategic-merge-patch.js';

/** The patch media types podkit accepts. */
export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'] as const;
/** One of {@link PATCH_TYPES}. */
export type PatchType = (typeof PATCH_TYPES)[number];

/** What a patch is applied to. */
export interface PatchTarget {
  readonly resource: ApiResource;
  readonly backend: Backend;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly subresource: 'status' | undefined;
  readonly fieldManager: string | undefined;
  readonly force: boolean;
  readonly requireNamespace: (namespace: string) => void;
  /** Checks and completes an object decoded from an apply body (kind, apiVersion, namespace). */
  readonly asObject: (value: unknown) => ApiObject;
  /** Applies the request's `fieldValidation` to the object about to be written. */
  readonly checkFields: (obj: unknown) => void;
}

function decodeJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(`error decoding patch: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A patch of any type applied to a plain value (the object, or a Scale). Pure but for parsing. */
export function patchValue(current: unknown, type: PatchType, body: Buffer): unknown {
  switch (type) {
    case 'application/merge-patch+json': {
      const p = decodeJson(body);
      if (typeof p !== 'object' || p === null || Array.isArray(p)) throw badRequest('a merge patch must be a JSON object');
      return applyMergePatch(current, p);
    }
    case 'application/strategic-merge-patch+json': {
      const p = decodeJson(body);
      if (typeof p !== 'object' || p === null || Array.isArray(p)) throw badRequest('a strategic merge patch must be a JSON object');
      return strategicMergePatch(current, p);
    }
    case 'application/json-patch+json': {
      const ops = decodeJson(body);
      if (!Array.isArray(ops)) throw badRequest('a JSON patch must be a JSON array of operations');
      try {
        return jsonPatch.applyPatch(structuredClone(current) as object, ops as Operation[], true, true).newDocument;
      } catch (e) {
        const error = e as { name?: string; message?: string };
        const text = (error.message ?? String(e)).split('\n')[0] ?? '';
        if (error.name === 'TEST_OPERATION_FAILED') throw new ApiError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value failed: ${text}`);
        throw badRequest(`the server rejected our request due to an error in our request: ${text}`);
      }
    }
    case 'application/apply-patch+yaml':
      throw badRequest('apply patches are applied by server-side apply');
  }
}

/** Applies a PATCH request; returns the written object (and whether it was created, by apply). */
export function applyPatch(target: PatchTarget, type: PatchType, body: Buffer): { readonly object: ApiObject; readonly created: boolean } {
  const { backend, namespace, name } = target;
  if (type === 'application/apply-patch+yaml') {
    let applied: unknown;
    try {
      applied = parseYaml(body.toString('utf8'), { maxAliasCount: 100 });
    } catch (e) {
      throw badRequest(`error decoding YAML: ${e instanceof Error ? e.message : String(e)}`);
    }
    const obj = target.asObject(applied);
    target.checkFields(obj);
    return serverSideApply(target, obj);
  }
  if (type === 'application/strategic-merge-patch+json' && target.resource.source === 'store' && !['', 'apps', 'batch', 'coordination.k8s.io'].includes(target.resource.group)) {
    throw new ApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  }
  const current = backend.get(namespace, name);
  const patched = patchValue(current, type, body);
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) throw badRequest('the patched object is not an object');
  const next = patched as ApiObject;
  checkIdentity(target, current, next);
  target.checkFields(next);
  const rv = next.metadata?.resourceVersion;
  // A patch is unconditional unless it names a resourceVersion itself.
  const sentRv = type === 'application/json-patch+json' ? rv !== current.metadata.resourceVersion : rv !== undefined && rv !== current.metadata.resourceVersion;
  const write: ApiObject = { ...next, metadata: { ...next.metadata, resourceVersion: sentRv ? (rv ?? '') : (current.metadata.resourceVersion ?? '') } };
  const object = target.subresource === 'status' ? backend.updateStatus(write) : backend.update(write);
  return { object, created: false };
}

function checkIdentity(target: PatchTarget, current: ApiObject, next: ApiObject): void {
  if (typeof next.metadata !== 'object' || next.metadata === null) throw badRequest('metadata: expected an object');
  const changed = (a: unknown, b: unknown): boolean => a !== b;
  if (changed(next.kind, current.kind) || changed(next.apiVersion, current.apiVersion)) throw badRequest('a patch cannot change apiVersion or kind');
  for (const field of ['name', 'namespace', 'uid'] as const) {
    if (changed(next.metadata[field], current.metadata[field])) {
      throw new PodkitError('invalid_object', `${target.resource.kind} ${JSON.stringify(target.name)} is invalid: metadata.${field}: Invalid value: ${JSON.stringify(next.metadata[field] ?? '')}: field is immutable`, {
        details: { issues: [{ path: `metadata.${field}`, type: 'Invalid value', message: `Invalid value: ${JSON.stringify(next.metadata[field] ?? '')}: field is immutable`, detail: 'field is immutable' }] },
      });
    }
  }
}
