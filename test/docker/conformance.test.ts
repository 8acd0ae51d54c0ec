// The ContainerRuntime conformance suite (the one the FakeRuntime passes) on a real Docker engine.
import { reservedLabelKeys } from 'podkit/docker';
import { describeRuntimeConformance } from 'podkit/testing/vitest';
import { describeIfEngine, newTestRuntime, TEST_IMAGE } from './docker-env.js';

describeIfEngine('DockerRuntime', () => {
  describeRuntimeConformance(
    'DockerRuntime',
    async () => {
      // A fresh label namespace per test: clean-up removes exactly what the test created.
      const runtime = await newTestRuntime();
      return {
        runtime,
        image: TEST_IMAGE,
        reservedLabelKeys: reservedLabelKeys(runtime.options.labelNamespace),
        wait: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
        cleanup: async () => {
          await runtime.gc([]);
          await runtime.close();
        },
      };
    },
    { testTimeoutMs: 60_000, pollMs: 50 },
  );
});
