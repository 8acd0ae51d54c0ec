// metav1.Status: the one shape every API error takes. PodkitError codes map once to upstream's
// reasons and HTTP codes (apimachinery pkg/api/errors), with validation issues as causes.
import { PodkitError } from '../errors.js';
import type { ValidationIssue, ValidationIssueType } from '../model/field-error.js';
import type { ApiResource } from './resources.js';

/** One cause of an error: the field and what is wrong with it. */
export interface StatusCause {
  readonly reason?: string;
  readonly message: string;
  readonly field?: string;
}

/** A `meta/v1 Status` object. */
export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Success' | 'Failure';
  readonly message?: string;
  readonly reason?: string;
  readonly details?: {
    readonly name?: string;
    readonly group?: string;
    readonly kind?: string;
    readonly uid?: string;
    readonly causes?: readonly StatusCause[];
    readonly retryAfterSeconds?: number;
  };
  readonly code: number;
}

/** An error to answer with a Status: the HTTP code, upstream reason, message and details. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: KubeStatus['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** upstream `field.ErrorType` → `metav1.CauseType`. */
const CAUSE_TYPE: Readonly<Record<ValidationIssueType, string>> = {
  'Required value': 'FieldValueRequired',
  'Invalid value': 'FieldValueInvalid',
  'Duplicate value': 'FieldValueDuplicate',
  'Unsupported value': 'FieldValueNotSupported',
  'Not found': 'FieldValueNotFound',
  Forbidden: 'FieldValueForbidden',
  'Too long': 'FieldValueTooLong',
  'Too many': 'FieldValueTooMany',
};

/** The qualified kind in upstream messages: `Pod`, `ReplicaSet.apps`, `Job.batch`. */
export const qualifiedKind = (r: Pick<ApiResource, 'group' | 'kind'>): string => (r.group === '' ? r.kind : `${r.kind}.${r.group}`);
/** The qualified resource in upstream messages: `pods`, `replicasets.apps`. */
export const qualifiedResource = (r: Pick<ApiResource, 'group' | 'plural'>): string => (r.group === '' ? r.plural : `${r.plural}.${r.group}`);

function isIssues(v: unknown): v is readonly ValidationIssue[] {
  return Array.isArray(v) && v.every((i) => typeof i === 'object' && i !== null && typeof (i as ValidationIssue).path === 'string' && typeof (i as ValidationIssue).message === 'string');
}

/** `NotFound` as upstream words it: `pods "web" not found`. */
export function notFound(resource: Pick<ApiResource, 'group' | 'plural' | 'kind'>, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(resource)} ${JSON.stringify(name)} not found`, { name, ...(resource.group === '' ? {} : { group: resource.group }), kind: resource.plural });
}

/** `BadRequest` (400). */
export const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

/** `MethodNotAllowed` (405). */
export const methodNotAllowed = (message: string): ApiError => new ApiError(405, 'MethodNotAllowed', message);

/**
 * The Status of an error thrown while serving `resource` (when known): PodkitError codes to
 * upstream reasons (`not_found` → 404 NotFound, `already_exists` → 409 AlreadyExists, `conflict`
 * → 409 Conflict, `invalid_object` → 422 Invalid with one cause per field, `expired` → 410
 * Expired, `invalid_argument`/`invalid_manifest` → 400 BadRequest, `unsupported` → 405
 * MethodNotAllowed, `unavailable`/`timeout` → 503/504 with a retry hint); anything else is a 500.
 */
export function toStatus(error: unknown, resource?: Pick<ApiResource, 'group' | 'plural' | 'kind'>, name?: string): KubeStatus {
  if (error instanceof ApiError) return failure(error.code, error.reason, error.message, error.details);
  if (!(error instanceof PodkitError)) {
    return failure(500, 'InternalError', `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`);
  }
  const group = resource === undefined || resource.group === '' ? {} : { group: resource.group };
  const detailName = typeof error.details['name'] === 'string' && error.details['name'] !== '' ? error.details['name'] : name;
  const target = { ...(detailName === undefined ? {} : { name: detailName }), ...group, ...(resource === undefined ? {} : { kind: resource.plural }) };
  switch (error.code) {
    case 'not_found':
      return failure(404, 'NotFound', error.message, target);
    case 'already_exists':
      return failure(409, 'AlreadyExists', error.message, target);
    case 'conflict':
      return failure(409, 'Conflict', error.message, target);
    case 'expired':
      return failure(410, 'Expired', error.message);
    case 'invalid_object': {
      const issues = error.details['issues'];
      const causes: StatusCause[] = isIssues(issues) ? issues.map((i) => ({ reason: CAUSE_TYPE[i.type] ?? 'FieldValueInvalid', message: i.message, field: i.path })) : [];
      return failure(422, 'Invalid', error.message, { ...target, ...(resource === undefined ? {} : { kind: resource.kind }), causes });
    }
    case 'invalid_argument':
    case 'invalid_manifest':
      return failure(400, 'BadRequest', error.message);
    case 'unsupported':
      return failure(405, 'MethodNotAllowed', error.message);
    case 'unavailable':
      return failure(503, 'ServiceUnavailable', error.message, { retryAfterSeconds: 1 });
    case 'timeout':
      return failure(504, 'Timeout', error.message, { retryAfterSeconds: 1 });
    default:
      return failure(500, 'InternalError', `Internal error occurred: ${error.message}`);
  }
}

function failure(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details === undefined || Object.keys(details).length === 0 ? {} : { details }), code };
}

/** A `Success` Status (deletions that return no object). */
export function success(details: KubeStatus['details']): KubeStatus {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details === undefined ? {} : { details }), code: 200 };
}
