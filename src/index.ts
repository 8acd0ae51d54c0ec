/**
 * podkit — embeddable Kubernetes pod and controller primitives.
 *
 * The public API of the `podkit` entry point, grouped by domain: what building and testing an
 * orchestrator needs. The zod schemas, well-known keys, reasons and low-level model helpers are in
 * `podkit/model` (src/model.ts); the planners' and the pod reducer's building blocks in
 * `podkit/planners` (src/planners.ts). Everything exported here is documented and pinned by
 * test/public-api.test.ts.
 * @packageDocumentation
 */

// Errors
export { PodkitError } from './errors.js';
export type { PodkitErrorCode, PodkitErrorOptions } from './errors.js';

// Each area keeps, in its public.ts, the curated list of what the root exports from it.
export * from './model/public.js';
export * from './clock/public.js';
export * from './runtime/public.js';
export * from './reducers/public.js';
export * from './planners/public.js';
export * from './store/public.js';
export * from './controllers/public.js';
