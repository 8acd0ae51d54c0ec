import { Observable } from 'rxjs';
import { PodkitError } from '../errors.js';
import type { StoredObject } from './kinds.js';
import type { WatchEvent, WatchEventType } from './object-store.js';

/** One committed change, as the store records it. `prev` is the state before a Modified. */
export interface StoreEvent {
  readonly rv: number;
  readonly kind: string;
  readonly type: WatchEventType;
  readonly object: StoredObject;
  readonly prev?: StoredObject | undefined;
}

/** The default number of events kept for watch resumption. */
export const DEFAULT_HISTORY_SIZE = 10_000;

interface Watcher {
  readonly kind: string;
  readonly matches: (obj: StoredObject) => boolean;
  readonly startRv: number;
  readonly next: (event: WatchEvent<StoredObject>) => void;
  /** Registration order: delivery follows it across the general set and the node buckets. */
  readonly seq: number;
  /** For a pod watch limited to one `spec.nodeName`: that node (the watcher sits in its bucket). */
  readonly nodeName: string | undefined;
  active: boolean;
}

/** The node a pod is bound to (`''` when unbound): the key of the pod watchers' node buckets. */
function podNodeName(obj: StoredObject | undefined): string | undefined {
  return obj === undefined ? undefined : ((obj.spec as { nodeName?: string } | undefined)?.nodeName ?? '');
}

/**
 * The event side of a store: a bounded history (a ring buffer of the latest events, for resuming
 * watches) and the live watchers. Delivery is synchronous but never re-entrant: an event
 * recorded while another is being delivered (a watcher writing to the store) is queued and
 * delivered afterwards, so every watcher sees events in resourceVersion order.
 */
export class WatchHub {
  readonly #capacity: number;
  readonly #ring: (StoreEvent | undefined)[];
  #start = 0;
  #count = 0;
  readonly #watchers = new Map<string, Set<Watcher>>();
  /** Pod watchers limited to one node, by node name: an event visits only its node's bucket. */
  readonly #podWatchersByNode = new Map<string, Set<Watcher>>();
  #seq = 0;
  readonly #queue: StoreEvent[] = [];
  #draining = false;
  /** The resourceVersion of the newest event no longer in the history (resuming from before it is `expired`). */
  #evictedRv = 0;

  constructor(capacity: number = DEFAULT_HISTORY_SIZE) {
    this.#capacity = Math.max(0, Math.floor(capacity));
    this.#ring = new Array<StoreEvent | undefined>(this.#capacity);
  }

  /** Records a committed event and delivers it to the live watchers. */
  record(event: StoreEvent): void {
    if (this.#capacity > 0) {
      if (this.#count < this.#capacity) {
        this.#ring[(this.#start + this.#count) % this.#capacity] = event;
        this.#count++;
      } else {
        this.#evictedRv = (this.#ring[this.#start] as StoreEvent).rv;
        this.#ring[this.#start] = event;
        this.#start = (this.#start + 1) % this.#capacity;
      }
    } else {
      this.#evictedRv = event.rv;
    }
    this.#queue.push(event);
    if (this.#draining) return;
    this.#drain();
  }

  #drain(): void {
    this.#draining = true;
    try {
      for (let i = 0; i < this.#queue.length; i++) this.#deliver(this.#queue[i] as StoreEvent);
    } finally {
      this.#queue.length = 0;
      this.#draining = false;
    }
  }

  /**
   * Runs `fn` with delivery held: events it records are delivered after it returns (or at once
   * after the delivery already under way), so watchers see a batch only once it is all applied.
   */
  hold(fn: () => void): void {
    if (this.#draining) return fn();
    this.#draining = true;
    try {
      fn();
    } catch (e) {
      this.#draining = false;
      this.#drain();
      throw e;
    }
    this.#draining = false;
    this.#drain();
  }

  /** Starts an empty history at `rv` (a store loaded from a durable backend): resuming from before it is `expired`. */
  startAt(rv: number): void {
    this.#evictedRv = Math.max(this.#evictedRv, rv);
  }

  #deliver(event: StoreEvent): void {
    const general = this.#watchers.get(event.kind);
    let targets: Watcher[] = general === undefined ? [] : [...general];
    if (event.kind === 'Pod' && this.#podWatchersByNode.size > 0) {
      // Watchers of other nodes cannot match: visit only the node(s) the pod is and was on.
      const now = podNodeName(event.object);
      const before = podNodeName(event.prev);
      const extra = [...(this.#podWatchersByNode.get(now ?? '') ?? [])];
      if (before !== undefined && before !== now) extra.push(...(this.#podWatchersByNode.get(before) ?? []));
      if (extra.length > 0) targets = [...targets, ...extra].sort((a, b) => a.seq - b.seq);
    }
    for (const w of targets) {
      if (!w.active || event.rv <= w.startRv) continue;
      const out = project(event, w.matches);
      if (out !== undefined) w.next(out);
    }
  }

  /**
   * The recorded events newer than `rv`, oldest first; throws `expired` when events after `rv`
   * have already left the history. Events are in resourceVersion order; in memory each write has
   * its own resourceVersion, over a durable backend there may be gaps (revisions of other keys).
   */
  since(rv: number, currentRv: number): StoreEvent[] {
    if (rv >= currentRv) return [];
    if (rv < this.#evictedRv) {
      throw new PodkitError(
        'expired',
        `too old resource version: ${rv} (${this.#evictedRv}); restart the watch without a resourceVersion to re-list`,
        { details: { resourceVersion: String(rv), oldest: String(this.#evictedRv) } },
      );
    }
    // The first event newer than rv (binary search: the history is sorted by rv).
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#ring[(this.#start + mid) % this.#capacity] as StoreEvent).rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    const out: StoreEvent[] = [];
    for (let i = lo; i < this.#count; i++) out.push(this.#ring[(this.#start + i) % this.#capacity] as StoreEvent);
    return out;
  }

  /**
   * A cold Observable: on subscribe, `initial()` provides the events to replay first (synthetic
   * Added events or history) and the resourceVersion they bring the watcher to; live events
   * newer than that follow. `nodeName` (pod watches whose `matches` requires that
   * `spec.nodeName`) files the watcher under that node, so other nodes' pod events skip it.
   */
  observe(
    kind: string,
    matches: (obj: StoredObject) => boolean,
    initial: () => { events: readonly StoreEvent[]; rv: number },
    nodeName?: string,
  ): Observable<WatchEvent<StoredObject>> {
    return new Observable<WatchEvent<StoredObject>>((subscriber) => {
      let start: { events: readonly StoreEvent[]; rv: number };
      try {
        start = initial();
      } catch (e) {
        subscriber.error(e);
        return undefined;
      }
      // Live events that arrive while the initial events are replayed wait in `buffer`, so the
      // subscriber sees everything in resourceVersion order even if it writes from its handler.
      let buffer: WatchEvent<StoredObject>[] | undefined = [];
      const next = (e: WatchEvent<StoredObject>): void => {
        if (buffer !== undefined) buffer.push(e);
        else subscriber.next(e);
      };
      const bucket = kind === 'Pod' ? nodeName : undefined;
      const watcher: Watcher = { kind, matches, startRv: start.rv, next, seq: ++this.#seq, nodeName: bucket, active: true };
      const map = bucket === undefined ? this.#watchers : this.#podWatchersByNode;
      const mapKey = bucket ?? kind;
      let set = map.get(mapKey);
      if (set === undefined) map.set(mapKey, (set = new Set()));
      set.add(watcher);
      for (const e of start.events) {
        if (!watcher.active) break;
        const out = project(e, matches);
        if (out !== undefined) subscriber.next(out);
      }
      while (buffer.length > 0 && watcher.active) {
        const pending: WatchEvent<StoredObject>[] = buffer;
        buffer = [];
        for (const e of pending) if (watcher.active) subscriber.next(e);
      }
      buffer = undefined;
      return () => {
        watcher.active = false;
        set.delete(watcher);
        if (set.size === 0 && map.get(mapKey) === set) map.delete(mapKey);
      };
    });
  }
}

/** How a watcher with a selector sees an event: objects entering the selection are Added, leaving it Deleted. */
function project(event: StoreEvent, matches: (obj: StoredObject) => boolean): WatchEvent<StoredObject> | undefined {
  const now = matches(event.object);
  if (event.type !== 'Modified') return now ? { type: event.type, object: event.object } : undefined;
  const before = event.prev !== undefined && matches(event.prev);
  if (now) return { type: before ? 'Modified' : 'Added', object: event.object };
  return before ? { type: 'Deleted', object: event.object } : undefined;
}
