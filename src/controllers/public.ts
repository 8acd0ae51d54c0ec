// The controllers area's public surface (explicit named exports only).
export { WorkQueue } from './work-queue.js';
export type { WorkQueueOptions } from './work-queue.js';
export {
  exponentialRateLimiter,
  bucketRateLimiter,
  maxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiter.js';
export type { RateLimiter } from './rate-limiter.js';
export { EventRecorder } from './event-recorder.js';
export type { EventInput } from './event-recorder.js';
export { createController, TerminalError, requestKey, ownerRequests } from './controller.js';
export type { Controller, ControllerOptions, ControllerEnvironment, ReconcileContext, Request, Result, WatchSpec } from './controller.js';
