export * from './meta.js';
export * from './selector.js';
export * from './container.js';
export * from './pod.js';
export * from './workloads.js';
export * from './event.js';
