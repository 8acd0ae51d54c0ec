// podkit/testing/vitest's public surface: what needs vitest (ESM only, like vitest itself).

// The runtime conformance suite: registers vitest tests for any ContainerRuntime adapter.
export { describeRuntimeConformance } from '../runtime-conformance.js';
export type { ConformanceContext, ConformanceOptions } from '../runtime-conformance.js';
