import { RuntimeError, type RuntimeErrorCode } from '../runtime/runtime-error.js';

/** The parts of an error from the Docker client podkit reads. */
interface EngineErrorShape {
  readonly statusCode?: number;
  readonly code?: string;
  readonly message?: string;
  readonly json?: { readonly message?: string } | string | null;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT']);

/** The HTTP status of an engine error, if it has one. */
export function engineStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as EngineErrorShape).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message of an error (its JSON `message`), else the error's message. */
export function engineMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const e = error as EngineErrorShape;
  if (typeof e.json === 'object' && e.json !== null && typeof e.json.message === 'string') return e.json.message.trim();
  if (typeof e.json === 'string' && e.json.trim() !== '') return e.json.trim();
  // dockerode prefixes "(HTTP code 500) server error - "; the engine's text follows.
  return (e.message ?? String(error)).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** The {@link RuntimeErrorCode} of an engine error: HTTP status and socket errors. Pure. */
export function engineErrorCode(error: unknown, fallback: RuntimeErrorCode = 'internal'): RuntimeErrorCode {
  if (error instanceof RuntimeError) return error.code;
  const status = engineStatus(error);
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 400) return 'invalid_argument';
  const code = typeof error === 'object' && error !== null ? (error as EngineErrorShape).code : undefined;
  if (code !== undefined && CONNECTION_CODES.has(code)) return 'unavailable';
  return fallback;
}

/**
 * Wraps an engine error in a {@link RuntimeError}: `what` says which call failed, the engine's
 * message is kept in the text and the original error as `cause`. A RuntimeError passes through.
 */
export function toRuntimeError(
  error: unknown,
  what: string,
  fallback: RuntimeErrorCode = 'internal',
  details: Readonly<Record<string, unknown>> = {},
): RuntimeError {
  if (error instanceof RuntimeError) return error;
  const code = engineErrorCode(error, fallback);
  const message =
    code === 'unavailable'
      ? `${what}: the Docker engine did not answer (${engineMessage(error)}). Is dockerd running and DOCKER_HOST right?`
      : `${what}: ${engineMessage(error)}`;
  const status = engineStatus(error);
  return new RuntimeError(code, message, { cause: error, details: { ...details, ...(status === undefined ? {} : { status }) } });
}
