/**
 * `podkit/testing` — deterministic test doubles and tools: the VirtualClock, the FakeRuntime,
 * fixture builders. (The vitest-bound conformance suite is in `podkit/testing/vitest`.)
 * @packageDocumentation
 */
export * from './testing/public.js';
