// podkit/testing's public surface.
export { newPod } from './fixtures.js';
export type { NewPodOptions } from './fixtures.js';

// Virtual time.
export { VirtualClock } from './virtual-clock.js';
export type { VirtualClockOptions, RunUntilIdleOptions } from './virtual-clock.js';

// The fake container runtime.
export { FakeRuntime } from './fake-runtime/fake-runtime.js';
export type {
  FakeRuntimeOptions,
  FakeLatencies,
  FakeImage,
  FakeImageSpec,
  FakeFault,
  FakeFaultSpec,
  FaultHandle,
  FakeCall,
  FakeProgram,
  FakeProgramContext,
  DefineProgramOptions,
  FakeHttpHandler,
  FakeHttpRequest,
  FakeHttpResponse,
} from './fake-runtime/types.js';
