import type { TimerHandle } from '../clock/clock.js';

/** A scheduled timer of the VirtualClock. It is its own handle; `fn === null` means cancelled or fired. */
export class VirtualTimer implements TimerHandle {
  /** For a low-priority timer with a delay: the plain timer that queues it when due. */
  carrier: VirtualTimer | undefined = undefined;

  constructor(
    readonly id: number,
    readonly due: number,
    public fn: (() => void) | null,
  ) {}
}

function before(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id);
}

/**
 * A binary min-heap of timers ordered by due time, then by id (insertion order). Cancelled
 * timers stay in the heap (lazy deletion) until popped or until {@link TimerHeap.compact}.
 */
export class TimerHeap {
  readonly #a: VirtualTimer[] = [];

  get size(): number {
    return this.#a.length;
  }

  peek(): VirtualTimer | undefined {
    return this.#a[0];
  }

  push(t: VirtualTimer): void {
    const a = this.#a;
    let i = a.length;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as VirtualTimer;
      if (!before(t, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = t;
  }

  pop(): VirtualTimer | undefined {
    const a = this.#a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) this.#siftDown(0, last);
    return top;
  }

  /** Drops every timer whose `fn` is null and restores the heap order: O(n). */
  compact(): void {
    const a = this.#a;
    let w = 0;
    for (let r = 0; r < a.length; r++) {
      const t = a[r] as VirtualTimer;
      if (t.fn !== null) a[w++] = t;
    }
    a.length = w;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.#siftDown(i, a[i] as VirtualTimer);
  }

  #siftDown(i: number, t: VirtualTimer): void {
    const a = this.#a;
    const n = a.length;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && before(a[r] as VirtualTimer, a[c] as VirtualTimer)) c = r;
      const child = a[c] as VirtualTimer;
      if (!before(child, t)) break;
      a[i] = child;
      i = c;
    }
    a[i] = t;
  }
}
