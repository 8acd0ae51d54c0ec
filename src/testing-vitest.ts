/**
 * `podkit/testing/vitest` — the parts of podkit's testing toolkit that need vitest: its matchers
 * (`toBeInPhase`, `toHaveCondition`, `toHaveRestarted`, `toBeInCrashLoop`, `toHaveEvent`,
 * registered with vitest's `expect` on import) and the runtime conformance suite
 * `describeRuntimeConformance`. ESM only, like vitest itself.
 * @packageDocumentation
 */
export * from './testing/vitest/public.js';
