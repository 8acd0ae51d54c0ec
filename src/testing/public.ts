// podkit/testing's public surface.
export { newPod } from './fixtures.js';
export type { NewPodOptions } from './fixtures.js';

// Virtual time.
export { VirtualClock } from './virtual-clock.js';
export type { VirtualClockOptions, RunUntilIdleOptions } from './virtual-clock.js';
