// The `fieldValidation` query parameter of writes (kube-apiserver's strict decoding): unknown
// fields are rejected (`Strict`, what kubectl sends), reported as `Warning` headers (`Warn`, the
// server's default) or dropped silently (`Ignore`). Fields Kubernetes defines that podkit does not
// model are kept and are not unknown.
import type { ServerResponse } from 'node:http';
import { FIELD_VALIDATION_VALUES, type FieldValidation } from '../model/decode.js';
import { getKindDefinition } from '../model/kinds.js';
import { scanFields } from '../model/unknown-fields.js';
import { groupVersionOf, type ApiResource } from './resources.js';
import { badRequest } from './status.js';

/** The `fieldValidation` of a request (default `Warn`, as the API server); 400 for another value. */
export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation') ?? '';
  if (v === '') return 'Warn';
  if (!(FIELD_VALIDATION_VALUES as readonly string[]).includes(v)) throw badRequest(`fieldValidation: Unsupported value: ${JSON.stringify(v)}: supported values: "Ignore", "Strict", "Warn"`);
  return v as FieldValidation;
}

/**
 * Checks an object about to be written for unknown fields: under `Strict` a 400 BadRequest in the
 * API server's words (`Pod in version "v1" cannot be handled as a Pod: strict decoding error:
 * unknown field "spec.x"`), under `Warn` one `Warning: 299` header per field.
 */
export function checkUnknownFields(resource: ApiResource, obj: unknown, mode: FieldValidation, res: ServerResponse): void {
  if (mode === 'Ignore' || resource.source !== 'store') return;
  const def = getKindDefinition(groupVersionOf(resource), resource.kind);
  if (def === undefined) return;
  const unknown = scanFields(obj, def.schema).unknown.filter((u) => u.path[0] !== 'status' || u.path.length > 1);
  if (unknown.length === 0) return;
  if (mode === 'Strict') {
    throw badRequest(`${resource.kind} in version "${resource.version}" cannot be handled as a ${resource.kind}: strict decoding error: ${unknown.map((u) => u.message).join(', ')}`);
  }
  const existing = res.getHeader('Warning');
  const warnings = [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)]), ...unknown.map((u) => `299 - ${JSON.stringify(u.message)}`)];
  res.setHeader('Warning', warnings);
}
