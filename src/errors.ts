/**
 * Every error code podkit raises. Codes are stable snake_case strings: match on `error.code`,
 * never on the message.
 */
export type PodkitErrorCode =
  | 'invalid_manifest'
  | 'invalid_object'
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'conflict'
  | 'expired'
  | 'image_pull_failed'
  | 'image_never_pull'
  | 'create_failed'
  | 'start_failed'
  | 'exec_failed'
  | 'unavailable'
  | 'unsupported'
  | 'timeout'
  | 'closed'
  | 'internal';

/** Options for {@link PodkitError}. */
export interface PodkitErrorOptions {
  /** Structured facts about the failure, for programs (never parse the message). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The underlying error, kept intact. */
  readonly cause?: unknown;
}

/**
 * The base class of every error podkit throws. `code` says what went wrong, `details` carries the
 * facts, `cause` the underlying error. Messages say what was expected, what was received, and how
 * to fix it.
 *
 * @example
 * ```ts
 * import { PodkitError } from 'podkit';
 * try { cluster.get('Pod', 'nope'); } catch (e) { if (e instanceof PodkitError && e.code === 'not_found') {} }
 * ```
 */
export class PodkitError extends Error {
  /** The error's code. */
  readonly code: PodkitErrorCode;
  /** Structured facts about the failure. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: PodkitErrorCode, message: string, options: PodkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PodkitError';
    this.code = code;
    this.details = options.details ?? {};
  }
}
