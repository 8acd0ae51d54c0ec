import { PodkitError } from '../errors.js';

/** The codes a {@link ContainerRuntime} call can fail with. */
export type RuntimeErrorCode =
  | 'not_found'
  | 'conflict'
  | 'invalid_argument'
  | 'image_pull_failed'
  | 'image_never_pull'
  | 'create_failed'
  | 'start_failed'
  | 'exec_failed'
  | 'unsupported'
  | 'unavailable'
  | 'timeout'
  | 'internal';

/** Options for {@link RuntimeError}. */
export interface RuntimeErrorOptions {
  /** Whether trying the same call again later may succeed. Defaults by code (see {@link RuntimeError}). */
  readonly retryable?: boolean;
  /** Structured facts (ids, image names). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The adapter's underlying error (the engine's message), kept intact. */
  readonly cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<RuntimeErrorCode> = new Set([
  'unavailable',
  'timeout',
  'image_pull_failed',
  'conflict',
]);

/**
 * An error from a container runtime adapter. `code` is one of {@link RuntimeErrorCode};
 * `retryable` says whether the same call may succeed later (`unavailable`, `timeout`,
 * `image_pull_failed` and `conflict` are retryable unless the adapter says otherwise).
 *
 * @example
 * ```ts
 * import { RuntimeError } from 'podkit';
 * throw new RuntimeError('not_found', 'container "abc" not found');
 * ```
 */
export class RuntimeError extends PodkitError {
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;
  declare readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options: RuntimeErrorOptions = {}) {
    super(code, message, {
      ...(options.details === undefined ? {} : { details: options.details }),
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.name = 'RuntimeError';
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
  }
}

/** True if `e` is a {@link RuntimeError} with the given code. */
export function isRuntimeError(e: unknown, code?: RuntimeErrorCode): e is RuntimeError {
  return e instanceof RuntimeError && (code === undefined || e.code === code);
}
