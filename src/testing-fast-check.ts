/**
 * `podkit/testing/fast-check` — the property-based tests of controllers, which need the optional
 * peer `fast-check`: `checkControllerInvariants`, the built-in invariants
 * (`atMostDesiredPlusSurge`, `readyCountsAreReal`, ...) and the random cluster actions
 * (`scaleAction`, `deleteNodeAction`, ...). ESM and CJS. Everything else of the testing toolkit
 * is in `podkit/testing`, which loads without any optional peer.
 * @packageDocumentation
 */
export * from './testing/fast-check/public.js';
