import { Observable, Subject } from 'rxjs';
import type { Clock } from '../clock/clock.js';
import type { KubeEvent, ObjectReference } from '../model/event.js';
import { toTimestamp } from '../model/time.js';
import { EventCorrelator, type EventCorrelationOptions } from './event-correlator.js';
import { RecencyMap } from './recency-map.js';

/** What {@link EventRecorder.record} takes: the object, `Normal`/`Warning`, a reason and a message. */
export interface EventInput {
  readonly involvedObject: ObjectReference;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** Options of an {@link EventRecorder}. */
export interface EventRecorderOptions {
  readonly clock: Clock;
  /** The Event source (`kubelet`, `replicaset-controller`). */
  readonly component: string;
  /** The source host (the node of a kubelet). */
  readonly host?: string;
  /** Events kept in memory (oldest dropped first); default 10 000. */
  readonly limit?: number;
  /**
   * client-go's EventCorrelator settings (aggregation of similar Events, the per source+object
   * spam filter), upstream's defaults when omitted; `false` keeps only the counting of exact
   * repeats (every Event is recorded).
   */
  readonly correlation?: EventCorrelationOptions | false;
}

/**
 * Records Kubernetes Events through client-go's EventCorrelator, as the kubelet and the
 * controller manager do (tools/record/events_cache.go):
 * - a repeat of the same object, type, reason and message updates `count` and `lastTimestamp`
 *   of the existing Event instead of adding one;
 * - from the 10th distinct message of one reason about one object within 10 minutes, the
 *   Events are combined into one whose message starts `(combined from similar events): `;
 * - a source may send 25 Events about one object, then one more per 5 minutes (a token
 *   bucket): Events over the budget are dropped (`record` returns `undefined`), but still
 *   counted, so the next recorded repeat shows the full `count`.
 *
 * Events are kept in memory, newest last; `events$()` is a cold stream of every recorded or
 * updated Event from subscription on.
 *
 * @example
 * ```ts
 * import { EventRecorder } from 'podkit';
 * import { VirtualClock } from 'podkit/testing';
 * const recorder = new EventRecorder({ clock: new VirtualClock(), component: 'my-controller' });
 * recorder.record({ involvedObject: { kind: 'Pod', namespace: 'default', name: 'web' }, type: 'Normal', reason: 'Synced', message: 'ok' });
 * ```
 */
export class EventRecorder {
  readonly #clock: Clock;
  readonly #component: string;
  readonly #host: string | undefined;
  readonly #log: RecencyMap<string, KubeEvent>;
  readonly #correlator: EventCorrelator | undefined;
  readonly #subject = new Subject<KubeEvent>();
  #seq = 0;

  constructor(options: EventRecorderOptions) {
    this.#clock = options.clock;
    this.#component = options.component;
    this.#host = options.host;
    this.#log = new RecencyMap(options.limit ?? 10_000);
    this.#correlator = options.correlation === false ? undefined : new EventCorrelator(options.correlation);
  }

  /**
   * Records (or aggregates) an Event and returns it as stored; `undefined` when the spam filter
   * dropped it (upstream's `Skip`).
   */
  record(input: EventInput): KubeEvent | undefined {
    const o = input.involvedObject;
    const nowMs = this.#clock.now();
    let key: string;
    let message = input.message;
    let count: number | undefined;
    let firstSeen: number | undefined;
    if (this.#correlator === undefined) {
      key = `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}\u0000${o.uid ?? ''}\u0000${o.fieldPath ?? ''}\u0000${input.type}\u0000${input.reason}\u0000${input.message}`;
    } else {
      const r = this.#correlator.correlate(
        {
          sourceComponent: this.#component,
          sourceHost: this.#host ?? '',
          kind: o.kind,
          namespace: o.namespace ?? '',
          name: o.name,
          uid: o.uid ?? '',
          apiVersion: o.apiVersion ?? '',
          fieldPath: o.fieldPath ?? '',
          type: input.type,
          reason: input.reason,
          message: input.message,
        },
        nowMs,
      );
      if (r.skip) return undefined;
      ({ key, message, count, firstSeen } = r);
    }
    const now = toTimestamp(nowMs);
    const prev = this.#log.get(key);
    let event: KubeEvent;
    if (prev !== undefined) {
      event = { ...prev, message, count: count ?? prev.count + 1, lastTimestamp: now };
    } else {
      this.#seq += 1;
      event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: `${o.name}.${this.#seq.toString(16).padStart(8, '0')}`, ...(o.namespace === undefined ? {} : { namespace: o.namespace }) },
        involvedObject: o,
        type: input.type,
        reason: input.reason,
        message,
        count: count ?? 1,
        firstTimestamp: firstSeen === undefined ? now : toTimestamp(firstSeen),
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
