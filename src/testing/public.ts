// podkit/testing's public surface.
export { newPod } from './fixtures.js';
export type { NewPodOptions } from './fixtures.js';
