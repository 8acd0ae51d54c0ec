import type { ExecInput } from './container-runtime.js';
import { RuntimeError } from './runtime-error.js';

/**
 * Checks an exec's `stdin` option at the adapter boundary: a string, a Uint8Array or an async
 * iterable; anything else is an `invalid_argument` RuntimeError naming the field `stdin`.
 */
export function checkExecInput(stdin: unknown): asserts stdin is ExecInput | undefined {
  if (stdin === undefined || typeof stdin === 'string' || stdin instanceof Uint8Array) return;
  if (typeof stdin === 'object' && stdin !== null && typeof (stdin as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') return;
  const received = stdin === null ? 'null' : Array.isArray(stdin) ? 'an array' : typeof stdin;
  throw new RuntimeError('invalid_argument', `Expected exec stdin to be a string, a Uint8Array or an async iterable of Uint8Array, received ${received}.`, {
    details: { field: 'stdin' },
  });
}
