// The clock port and the system clock.
export { SystemClock } from './system-clock.js';
export type { Clock, TimerHandle } from './clock.js';

