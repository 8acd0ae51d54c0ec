/**
 * `podkit/testing/vitest` — the parts of podkit's testing toolkit that need vitest: the runtime
 * conformance suite `describeRuntimeConformance`. ESM only, like vitest itself.
 * @packageDocumentation
 */
export * from './testing/vitest/public.js';
