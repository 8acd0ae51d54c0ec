import { PodkitError } from '../errors.js';

/** Exhaustiveness check for `switch` statements over discriminated unions: unreachable for well-typed input. */
export function assertNever(value: never, what: string): never {
  throw new PodkitError('invalid_argument', `Expected a known ${what}, received ${JSON.stringify(value)}.`, { details: { value } });
}
