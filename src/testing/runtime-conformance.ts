import { afterEach, beforeEach, describe } from 'vitest';
import { Harness, type ConformanceContext, type ConformanceOptions } from './conformance/harness.js';
import { execStdinCases } from './conformance/exec-stdin-cases.js';
import { ioCases, resourceCases } from './conformance/io-cases.js';
import { lifecycleCases } from './conformance/lifecycle-cases.js';

export type { ConformanceContext, ConformanceOptions } from './conformance/harness.js';

/**
 * Registers the ContainerRuntime conformance suite (vitest): every adapter must pass it, so the
 * FakeRuntime cannot drift from Docker. Call it at the top level of a test file.
 *
 * `createRuntime` runs before each test and returns a {@link ConformanceContext}: the runtime, an
 * image with busybox's programs, and `wait(ms)` to let the runtime's time pass (advance a
 * VirtualClock, or sleep for real). Each test creates its own labelled sandboxes, removes them
 * afterwards, then calls `cleanup()`. Assertions tolerate real timing: they poll with `wait` and
 * compare durations with generous bounds.
 *
 * Covers: ping; sandbox lifecycle and listing; image presence, `Never` and failing pulls;
 * container create/start/exit codes and reasons; unknown executables (StartError); stop with a
 * SIGTERM trap and kill after the grace period; idempotent stop/remove and `not_found`; listing
 * by sandbox and label; caller labels kept verbatim in any namespace and the adapter's reserved
 * keys rejected (`reservedLabelKeys`); events; logs (streams, tail, since, follow); exec (env, exit code,
 * timeout; stdin whole or streamed with end-of-file, a terminal with `tty`); an emptyDir shared by two containers; the shared network namespace (`wget` to
 * `localhost`, `httpGet` and `tcpConnect` from the node); OOM kills when `memoryLimits` is on.
 * It does not cover host ports, hostNetwork, hostPath volumes or restart by the runtime.
 *
 * Requires vitest (an optional peer dependency of `podkit/testing/vitest`, where this suite is exported).
 *
 * @example
 * ```ts
 * import { FakeRuntime, VirtualClock } from 'podkit/testing';
 * import { describeRuntimeConformance } from 'podkit/testing/vitest';
 * describeRuntimeConformance('FakeRuntime', () => {
 *   const clock = new VirtualClock();
 *   return { runtime: new FakeRuntime({ clock }), image: 'busybox:1.36',
 *     wait: (ms) => clock.advance(ms), cleanup: async () => {} };
 * });
 * ```
 */
export function describeRuntimeConformance(
  name: string,
  createRuntime: () => Promise<ConformanceContext> | ConformanceContext,
  options: ConformanceOptions = {},
): void {
  const timeout = options.testTimeoutMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  describe(`ContainerRuntime conformance: ${name}`, () => {
    let harness: Harness | undefined;
    const h = (): Harness => {
      if (harness === undefined) throw new Error('describeRuntimeConformance: no context (createRuntime failed?)');
      return harness;
    };
    beforeEach(async () => {
      harness = new Harness(await createRuntime(), pollMs);
    }, timeout);
    afterEach(async () => {
      const current = harness;
      harness = undefined;
      await current?.dispose();
    }, timeout);
    describe('sandboxes, images and container lifecycle', () => lifecycleCases(h, timeout));
    describe('logs, exec, volumes and network', () => ioCases(h, timeout));
    describe('exec stdin and tty', () => execStdinCases(h, timeout));
    if (options.memoryLimits ?? true) describe('resources', () => resourceCases(h, timeout));
  });
}
