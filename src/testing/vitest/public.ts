// podkit/testing/vitest's public surface (explicit named exports only). Importing this module
// registers the matchers with vitest's global `expect`.
import { expect } from 'vitest';
import { checkCondition, checkCrashLoop, checkEvent, checkPhase, checkRestarted, type EventMatch } from './matchers.js';

export type { EventMatch, EventSource, MatcherOutcome } from './matchers.js';

/** The matchers podkit adds to vitest's `expect`. */
export interface PodkitMatchers<R = unknown> {
  /** The Pod's `status.phase` is `phase`. The failure message shows the kubectl row and the last Events. */
  toBeInPhase(phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'): R;
  /** The object (Pod, ReplicaSet, Job, DaemonSet, custom) has condition `type`, with `status` when given. */
  toHaveCondition(type: string, status?: 'True' | 'False' | 'Unknown'): R;
  /** The Pod's containers restarted exactly `count` times in total (kubectl's RESTARTS). */
  toHaveRestarted(count: number): R;
  /** A container of the Pod waits in `CrashLoopBackOff`. */
  toBeInCrashLoop(): R;
  /** The cluster / test cluster / Event list has an Event matching every given field. */
  toHaveEvent(match: EventMatch): R;
}

declare module 'vitest' {
  // vitest declares `Assertion<T = any>`; merged declarations must repeat it exactly.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends PodkitMatchers<T> {}
  interface AsymmetricMatchersContaining extends PodkitMatchers {}
}

type Ctx = { readonly isNot: boolean };

const matchers = {
  toBeInPhase(this: Ctx, received: unknown, phase: string) {
    return checkPhase(received, phase, this.isNot);
  },
  toHaveCondition(this: Ctx, received: unknown, type: string, status?: string) {
    return checkCondition(received, type, status, this.isNot);
  },
  toHaveRestarted(this: Ctx, received: unknown, count: number) {
    return checkRestarted(received, count, this.isNot);
  },
  toBeInCrashLoop(this: Ctx, received: unknown) {
    return checkCrashLoop(received, this.isNot);
  },
  toHaveEvent(this: Ctx, received: unknown, match: EventMatch) {
    return checkEvent(received, match, this.isNot);
  },
};

/**
 * Registers podkit's matchers (`toBeInPhase`, `toHaveCondition`, `toHaveRestarted`,
 * `toBeInCrashLoop`, `toHaveEvent`) with vitest's `expect`. Importing `podkit/testing/vitest`
 * already does this; call it yourself for another `expect` instance. Idempotent.
 *
 * @example
 * ```ts
 * import { setupPodkitMatchers } from 'podkit/testing/vitest';
 * setupPodkitMatchers();
 * expect(t.get('Pod', 'web')).toBeInPhase('Running');
 * ```
 */
export function setupPodkitMatchers(target: { extend(m: typeof matchers): void } = expect): void {
  target.extend(matchers);
}

setupPodkitMatchers();

// The runtime conformance suite: registers vitest tests for any ContainerRuntime adapter.
export { describeRuntimeConformance } from '../runtime-conformance.js';
export type { ConformanceContext, ConformanceOptions } from '../runtime-conformance.js';
