// Coalesces the wake-ups a burst of pod events causes (upstream Job controller
// `enqueueSyncJobBatched`); used by the ReplicaSet, Job and DaemonSet controllers.
import type { Clock, TimerHandle } from '../clock/clock.js';
import { requestKey, type Request } from './controller.js';

/**
 * Enqueues requests after `periodMs` on the controller's clock, once per key however many events
 * arrived meanwhile. The wake-up is a low-priority timer: on a VirtualClock it runs once nothing
 * else is due at that instant and the work started there has settled (with zero latencies a whole
 * burst of pod starts is one sync, not one per round of it); on the system clock, on a later
 * macrotask. Either way a burst of pod status updates costs one sync, not one per update.
 */
export class BatchedEnqueue {
  readonly #periodMs: number;
  readonly #pending = new Map<string, Request>();
  #clock: Clock | undefined;
  #enqueue: ((request: Request) => void) | undefined;
  #timer: TimerHandle | undefined;

  constructor(periodMs: number) {
    this.#periodMs = periodMs;
  }

  /** Starts delivering to `enqueue` on `clock`. */
  start(clock: Clock, enqueue: (request: Request) => void): void {
    this.stop();
    this.#clock = clock;
    this.#enqueue = enqueue;
  }

  /** Drops pending requests and the timer. */
  stop(): void {
    if (this.#timer !== undefined) this.#clock?.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    this.#clock = undefined;
    this.#enqueue = undefined;
  }

  /** Schedules the requests (de-duplicated by key). */
  add(requests: readonly Request[]): void {
    const clock = this.#clock;
    if (clock === undefined) return;
    for (const r of requests) this.#pending.set(requestKey(r), r);
    if (this.#timer !== undefined || this.#pending.size === 0) return;
    // Low priority: on a VirtualClock the wake-up waits until everything else due at that
    // instant has run and settled, so a burst spread over many rounds of one instant is one sync.
    this.#timer = clock.setTimeout(
      () => {
        this.#timer = undefined;
        const due = [...this.#pending.values()];
        this.#pending.clear();
        for (const r of due) this.#enqueue?.(r);
      },
      this.#periodMs,
      { lowPriority: true },
    );
  }
}
