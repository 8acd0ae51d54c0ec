import { Observable, Subject } from 'rxjs';
import type { Clock } from '../clock/clock.js';
import type { KubeEvent, ObjectReference } from '../model/event.js';
import { toTimestamp } from '../model/time.js';
import { RecencyMap } from './recency-map.js';

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
  readonly #log: RecencyMap<string, KubeEvent>;
  readonly #subject = new Subject<KubeEvent>();
  #seq = 0;

  /** `component` is the Event source (`kubelet`, `replicaset-controller`); `limit` caps memory (oldest dropped). */
  constructor(options: { clock: Clock; component: string; host?: string; limit?: number }) {
    this.#clock = options.clock;
    this.#component = options.component;
    this.#host = options.host;
    this.#log = new RecencyMap(options.limit ?? 10_000);
  }

  /** Records (or aggregates) an Event and returns it. */
  record(input: EventInput): KubeEvent {
    const o = input.involvedObject;
    const key = `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}\u0000${o.uid ?? ''}\u0000${o.fieldPath ?? ''}\u0000${input.type}\u0000${input.reason}\u0000${input.message}`;
    const now = toTimestamp(this.#clock.now());
    const prev = this.#log.get(key);
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
    this.#log.set(key, event);
    this.#subject.next(event);
    return event;
  }

  /** Every Event recorded so far, in order of last update. */
  list(): KubeEvent[] {
    return this.#log.values();
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
