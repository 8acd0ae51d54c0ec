import { Observable, Subject, type Subscription } from 'rxjs';
import type { Clock } from '../../clock/clock.js';
import type { KubeEvent } from '../../model/event.js';
import { toMillis } from '../../model/time.js';
import { humanDuration } from '../../reducers/human-duration.js';
import { EventRecorder } from '../event-recorder.js';
import { RecencyMap } from '../recency-map.js';

/** The most Events a cluster keeps (oldest dropped first). */
const EVENT_LIMIT = 10_000;

/**
 * The aggregation window of each component's recorder: the most recent distinct Events it can
 * still fold repeats into (client-go's EventCorrelator keeps an LRU of 4096 per recorder). Kept
 * small because a cluster has a recorder per node; the cluster's own list keeps {@link EVENT_LIMIT}.
 */
const COMPONENT_EVENT_LIMIT = 512;

/**
 * The Events of every component of a cluster: one {@link EventRecorder} per component (so each
 * Event names its source: `default-scheduler`, `replicaset-controller`, `kubelet` on `node-1`,
 * ...), merged into one list, in order of last update, and one stream.
 */
export class ClusterEvents {
  readonly #clock: Clock;
  readonly #recorders = new Map<string, EventRecorder>();
  readonly #subs: Subscription[] = [];
  readonly #log = new RecencyMap<string, KubeEvent>(EVENT_LIMIT);
  readonly #subject = new Subject<KubeEvent>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The recorder of a component (created on first use). */
  recorder(component: string, host?: string): EventRecorder {
    const id = host === undefined ? component : `${component}\u0000${host}`;
    let recorder = this.#recorders.get(id);
    if (recorder !== undefined) return recorder;
    recorder = new EventRecorder({ clock: this.#clock, component, limit: COMPONENT_EVENT_LIMIT, ...(host === undefined ? {} : { host }) });
    this.#recorders.set(id, recorder);
    this.#subs.push(
      recorder.events$().subscribe((event) => {
        const key = `${id}\u0000${event.metadata.name}`;
        this.#log.set(key, event);
        this.#subject.next(event);
      }),
    );
    return recorder;
  }

  /** Every Event so far, in order of last update. */
  list(): KubeEvent[] {
    return this.#log.values();
  }

  /** Events as they are recorded or aggregated (a repeat arrives again with a higher `count`). */
  stream(): Observable<KubeEvent> {
    return this.#subject.asObservable();
  }

  /** Completes the stream and closes every recorder. */
  close(): void {
    for (const s of this.#subs) s.unsubscribe();
    this.#subs.length = 0;
    for (const r of this.#recorders.values()) r.close();
    this.#subject.complete();
  }
}

/**
 * `kubectl get events` text: `LAST SEEN   TYPE   REASON   OBJECT   MESSAGE`, one line per Event
 * (aggregated repeats show `(xN over <age>)` after the last-seen age, like kubectl).
 */
export function formatEventTable(events: readonly KubeEvent[], now: number): string {
  const rows = events.map((e) => {
    const last = humanDuration(now - toMillis(e.lastTimestamp));
    const seen = e.count > 1 ? `${last} (x${e.count} over ${humanDuration(toMillis(e.lastTimestamp) - toMillis(e.firstTimestamp))})` : last;
    return [seen, e.type, e.reason, `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`, e.message];
  });
  const all = [['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], ...rows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('')).join('\n');
}
