import { PodkitError } from '../errors.js';
import type { KindDefinition, StoredObject } from './kinds.js';
import type { FieldSelector } from './object-store.js';

/** One parsed field requirement: `field=value` or `field!=value`. */
export interface FieldRequirement {
  readonly field: string;
  readonly value: string;
  readonly negate: boolean;
}

const METADATA_FIELDS: Readonly<Record<string, (o: StoredObject) => string>> = {
  'metadata.name': (o) => o.metadata.name ?? '',
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

function unsupported(def: KindDefinition, field: string): PodkitError {
  const known = [...Object.keys(METADATA_FIELDS), ...Object.keys(def.fields)].map((f) => JSON.stringify(f)).join(', ');
  return new PodkitError('invalid_argument', `field label not supported: ${field} (${def.kind} supports ${known})`, {
    details: { kind: def.kind, field },
  });
}

/**
 * Parses a field selector (object or `a=b,c!=d` text) and checks every field is supported for
 * the kind. Throws `invalid_argument` otherwise.
 */
export function parseFieldSelector(def: KindDefinition, selector: FieldSelector): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  if (typeof selector === 'string') {
    for (const raw of selector.split(',')) {
      const clause = raw.trim();
      if (clause === '') continue;
      const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(clause);
      if (m === null) {
        throw new PodkitError('invalid_argument', `Expected a field selector such as "spec.nodeName=node-1", received ${JSON.stringify(selector)}.`);
      }
      reqs.push({ field: (m[1] as string).trim(), value: (m[3] as string).trim(), negate: m[2] === '!=' });
    }
  } else {
    for (const [field, value] of Object.entries(selector)) reqs.push({ field, value, negate: false });
  }
  for (const r of reqs) if (!Object.hasOwn(METADATA_FIELDS, r.field) && !Object.hasOwn(def.fields, r.field)) throw unsupported(def, r.field);
  return reqs;
}

/** The value of a field-selector field of an object. */
export function fieldValue(def: KindDefinition, obj: StoredObject, field: string): string {
  const get = Object.hasOwn(METADATA_FIELDS, field) ? METADATA_FIELDS[field] : Object.hasOwn(def.fields, field) ? def.fields[field] : undefined;
  return get === undefined ? '' : get(obj);
}

/** True iff the object satisfies every requirement. */
export function matchesFields(def: KindDefinition, obj: StoredObject, reqs: readonly FieldRequirement[]): boolean {
  return reqs.every((r) => (fieldValue(def, obj, r.field) === r.value) !== r.negate);
}
