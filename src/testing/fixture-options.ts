import { PodkitError } from '../errors.js';

/**
 * Rejects option keys a fixture builder does not know, so a misspelt or misremembered option
 * (`newPod({ podSpec })` where the builder takes `spec`) fails at once instead of being dropped
 * and surfacing later as a timeout. Keys whose value is `undefined` are checked too: an unknown
 * key is a mistake whatever its value.
 *
 * Throws `PodkitError('invalid_argument')` whose message names the builder, the unknown key(s)
 * and the accepted keys; `details` carries `{ builder, unknown, accepted }`.
 *
 * @example
 * ```ts
 * import { rejectUnknownOptions } from 'podkit/testing';
 * const accepted = ['name', 'namespace', 'replicas'] as const;
 * function newThing(options: { name?: string; namespace?: string; replicas?: number } = {}) {
 *   rejectUnknownOptions('newThing', options, accepted);
 *   return { name: options.name ?? 'thing' };
 * }
 * newThing({ name: 'a' }); // ok
 * // newThing({ nmae: 'a' } as never) throws:
 * // newThing: unknown option "nmae"; accepted options: name, namespace, replicas.
 * ```
 */
export function rejectUnknownOptions(builder: string, options: object, accepted: readonly string[]): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new PodkitError(
      'invalid_argument',
      `${builder}: expected an options object, received ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}.`,
      { details: { builder, accepted: [...accepted] } },
    );
  }
  const known = new Set(accepted);
  const unknown = Object.keys(options).filter((key) => !known.has(key));
  if (unknown.length === 0) return;
  const list = unknown.map((key) => JSON.stringify(key)).join(', ');
  throw new PodkitError(
    'invalid_argument',
    `${builder}: unknown option${unknown.length === 1 ? '' : 's'} ${list}; accepted options: ${accepted.join(', ')}.`,
    { details: { builder, unknown, accepted: [...accepted] } },
  );
}
