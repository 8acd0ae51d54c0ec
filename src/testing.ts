/**
 * `podkit/testing` — deterministic test doubles and tools: the VirtualClock, the FakeRuntime,
 * fixture builders and the runtime conformance suite.
 * @packageDocumentation
 */
export * from './testing/public.js';
