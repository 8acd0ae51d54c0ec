import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { describeRuntimeConformance } from 'podkit/testing/vitest';

const MISSING = 'registry.invalid/podkit/missing:none';

describeRuntimeConformance('FakeRuntime', () => {
  const clock = new VirtualClock();
  const runtime = new FakeRuntime({ clock });
  runtime.removeImage(MISSING);
  return { runtime, image: 'busybox:1.36', missingImage: MISSING, wait: (ms) => clock.advance(ms), cleanup: () => runtime.close() };
});

describeRuntimeConformance('FakeRuntime with a strict registry, latencies and an init process', () => {
  const clock = new VirtualClock();
  const runtime = new FakeRuntime({
    clock,
    images: ['busybox:1.36'],
    init: true,
    latencies: { pull: '2s', sandbox: '100ms', create: '50ms', start: '200ms', stop: '10ms' },
  });
  return { runtime, image: 'busybox:1.36', wait: (ms) => clock.advance(ms), cleanup: () => runtime.close() };
});
