import { Observable, Subject } from 'rxjs';
import type { Clock } from '../clock/clock.js';
import type { KubeEvent, ObjectReference } from '../model/event.js';
import { toTimestamp } from '../model/time.js';

/** What {@link EventRecorder.record} takes: the object, `Normal`/`Warning`, a reason and a message. */
export interface EventInput {
  readonly involvedObject: ObjectReference;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/**
 * Records Kubernetes Events with the API's aggregation: a repeat of the same object, type, reason
 * and message updates `count` and `lastTimestamp` of the existing Event instead of adding one
 * (client-go's EventCorrelator, without its spam filter). Events are kept in memory, newest last;
 * `events$()` is a cold stream of every recorded or updated Event from subscription on.
 */
export class EventRecorder {
  readonly #clock: Clock;
  readonly #component: string;
  readonly #host: string | undefined;
  readonly #byKey = new Map<string, { event: KubeEvent; stamp: number }>();
  /** Keys in order of last update, with the stamp they had then; stale entries are skipped lazily. */
  readonly #order: { key: string; stamp: number }[] = [];
  #head = 0;
  #stamp = 0;
  readonly #subject = new Subject<KubeEvent>();
  readonly #limit: number;
  #seq = 0;

  /** `component` is the Event source (`kubelet`, `replicaset-controller`); `limit` caps memory (oldest dropped). */
  constructor(options: { clock: Clock; component: string; host?: string; limit?: number }) {
    this.#clock = options.clock;
    this.#component = options.component;
    this.#host = options.host;
    this.#limit = options.limit ?? 10_000;
  }

  /** Records (or aggregates) an Event and returns it. */
  record(input: EventInput): KubeEvent {
    const o = input.involvedObject;
    const key = `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}\u0000${o.uid ?? ''}\u0000${o.fieldPath ?? ''}\u0000${input.type}\u0000${input.reason}\u0000${input.message}`;
    const now = toTimestamp(this.#clock.now());
    const prev = this.#byKey.get(key)?.event;
    let event: KubeEvent;
    if (prev !== undefined) {
      event = { ...prev, count: prev.count + 1, lastTimestamp: now };
    } else {
      this.#seq += 1;
      event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${o.name}.${this.#seq.toString(16).padStart(8, '0')}`, ...(o.namespace === undefined ? {} : { namespace: o.namespace }) },
        involvedObject: o,
        type: input.type,
        reason: input.reason,
        message: input.message,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: this.#component, ...(this.#host === undefined ? {} : { host: this.#host }) },
      };
    }
    const stamp = ++this.#stamp;
    this.#byKey.set(key, { event, stamp });
    this.#order.push({ key, stamp });
    while (this.#byKey.size > this.#limit) this.#evictOldest();
    if (this.#order.length - this.#head > 2 * this.#byKey.size + 1024) this.#compact();
    this.#subject.next(event);
    return event;
  }

  /** Every Event recorded so far, in order of last update. */
  list(): KubeEvent[] {
    const out: KubeEvent[] = [];
    for (let i = this.#head; i < this.#order.length; i++) {
      const { key, stamp } = this.#order[i]!;
      const entry = this.#byKey.get(key);
      if (entry !== undefined && entry.stamp === stamp) out.push(entry.event);
    }
    return out;
  }

  /** Drops stale order entries (superseded updates, evicted keys), keeping live ones in order. */
  #compact(): void {
    const live: { key: string; stamp: number }[] = [];
    for (let i = this.#head; i < this.#order.length; i++) {
      const item = this.#order[i]!;
      if (this.#byKey.get(item.key)?.stamp === item.stamp) live.push(item);
    }
    this.#order.length = 0;
    this.#order.push(...live);
    this.#head = 0;
  }

  #evictOldest(): void {
    while (this.#head < this.#order.length) {
      const { key, stamp } = this.#order[this.#head]!;
      this.#head += 1;
      if (this.#byKey.get(key)?.stamp === stamp) {
        this.#byKey.delete(key);
        return;
      }
    }
  }

  /** A stream of Events as they are recorded or aggregated. */
  events$(): Observable<KubeEvent> {
    return this.#subject.asObservable();
  }

  /** Completes the stream. */
  close(): void {
    this.#subject.complete();
  }
}
