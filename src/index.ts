/**
 * podkit — embeddable Kubernetes pod and controller primitives.
 *
 * The public API of the `podkit` entry point, grouped by domain. Everything exported here is
 * documented and pinned by test/public-api.test.ts.
 * @packageDocumentation
 */

// Errors
export { PodkitError } from './errors.js';
export type { PodkitErrorCode, PodkitErrorOptions } from './errors.js';

// Each area keeps a curated list of named exports in its public.ts.
export * from './model/public.js';
export * from './clock/public.js';
export * from './runtime/public.js';
export * from './reducers/public.js';
export * from './planners/public.js';
export * from './store/public.js';
export * from './controllers/public.js';
