/**
 * The T1 comparator: a plain binary min-heap timer queue, the textbook one (an array of
 * `{ due, seq, fn }` entries ordered by due time, then insertion order), run synchronously.
 */
interface Entry {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
}

const before = (a: Entry, b: Entry): boolean => a.due < b.due || (a.due === b.due && a.seq < b.seq);

export class PlainTimerQueue {
  readonly #heap: Entry[] = [];
  #seq = 0;
  now = 0;

  push(delay: number, fn: () => void): void {
    const h = this.#heap;
    const e: Entry = { due: this.now + Math.max(0, delay), seq: this.#seq++, fn };
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = h[p] as Entry;
      if (!before(e, pe)) break;
      h[i] = pe;
      i = p;
    }
    h[i] = e;
  }

  /** Runs every timer due up to `end`, in order, moving `now`. */
  runUntil(end: number): void {
    const h = this.#heap;
    while (h.length > 0 && (h[0] as Entry).due <= end) {
      const top = h[0] as Entry;
      const last = h.pop() as Entry;
      if (h.length > 0) {
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= h.length) break;
          if (c + 1 < h.length && before(h[c + 1] as Entry, h[c] as Entry)) c++;
          if (!before(h[c] as Entry, last)) break;
          h[i] = h[c] as Entry;
          i = c;
        }
        h[i] = last;
      }
      this.now = top.due;
      top.fn();
    }
    this.now = Math.max(this.now, end);
  }
}
