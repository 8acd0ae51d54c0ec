// The clock port, the system clock and durations.
export { SystemClock } from './system-clock.js';
export type { Clock, TimerHandle, TimerOptions } from './clock.js';
export { parseDuration, formatDuration } from './duration.js';
export type { Duration } from './duration.js';
