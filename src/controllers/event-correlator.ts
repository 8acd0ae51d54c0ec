// client-go's EventCorrelator (tools/record/events_cache.go), which every kubelet and
// kube-controller-manager records Events through: similar Events are combined, repeats are
// counted, and each source may only send so many Events about one object. Time comes in as an
// argument; the caches are bounded LRUs like upstream's (4096 entries each).
import { RecencyMap } from './recency-map.js';

/**
 * The knobs of the Event correlation of an `EventRecorder` (client-go's `CorrelatorOptions`);
 * every one defaults to upstream's value.
 */
export interface EventCorrelationOptions {
  /** Events one source may send about one object at once (`BurstSize`, default 25). */
  readonly burst?: number;
  /** How fast that budget refills, in Events per second (`QPS`, default 1/300: one per 5 minutes). */
  readonly qps?: number;
  /** Distinct messages of one reason about one object within the interval before they are combined (`MaxEvents`, default 10). */
  readonly maxEvents?: number;
  /** The interval in seconds after which a reason's distinct messages are counted afresh (`MaxIntervalInSeconds`, default 600). */
  readonly maxIntervalSeconds?: number;
  /** Entries of each cache (`LRUCacheSize`, default 4096). */
  readonly cacheSize?: number;
}

/** The prefix of a combined Event's message (`EventAggregatorByReasonMessageFunc`). */
export const COMBINED_EVENT_PREFIX = '(combined from similar events): ';

/** The fields of an Event the correlator reads. @internal */
export interface CorrelatedEvent {
  readonly sourceComponent: string;
  readonly sourceHost: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly apiVersion: string;
  readonly fieldPath: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string;
}

/** What the correlator decided about one Event. @internal */
export interface CorrelationResult {
  /** The key of the Event it updates (repeats of a key update one Event). */
  readonly key: string;
  /** The message to record: the Event's own, or the combined one. */
  readonly message: string;
  /** True when the Event was combined with similar ones (its message carries {@link COMBINED_EVENT_PREFIX}). */
  readonly combined: boolean;
  /** The Event's count so far, skipped repeats included (upstream's eventLogger counts before the spam filter). */
  readonly count: number;
  /** When the first Event of this key was observed (ms). */
  readonly firstSeen: number;
  /** True when the spam filter drops it: nothing is recorded. */
  readonly skip: boolean;
}

const SEP = '\u0000';

interface AggregateRecord {
  /** Distinct messages seen, in order of first sight. */
  readonly messages: Set<string>;
  lastSeen: number;
}

interface Observation {
  readonly count: number;
  readonly firstSeen: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * The correlation of one recorder's Events, in upstream's order (`EventCorrelate`): aggregate
 * (the `maxEvents`-th distinct message of one source/object/type/reason within
 * `maxIntervalSeconds` turns the Event into a combined one, which later ones update), observe
 * (count repeats of the resulting key), then filter (a token bucket of `burst` per
 * source+object, refilled at `qps`; a drop still counts, so the next recorded Event shows it).
 * @internal
 */
export class EventCorrelator {
  readonly #burst: number;
  readonly #qps: number;
  readonly #maxEvents: number;
  readonly #intervalMs: number;
  readonly #aggregates: RecencyMap<string, AggregateRecord>;
  readonly #observations: RecencyMap<string, Observation>;
  readonly #buckets: RecencyMap<string, Bucket>;

  constructor(options: EventCorrelationOptions = {}) {
    this.#burst = options.burst ?? 25;
    this.#qps = options.qps ?? 1 / 300;
    this.#maxEvents = options.maxEvents ?? 10;
    this.#intervalMs = (options.maxIntervalSeconds ?? 600) * 1000;
    const size = options.cacheSize ?? 4096;
    this.#aggregates = new RecencyMap(size);
    this.#observations = new RecencyMap(size);
    this.#buckets = new RecencyMap(size);
  }

  correlate(e: CorrelatedEvent, now: number): CorrelationResult {
    const object = [e.sourceComponent, e.sourceHost, e.kind, e.namespace, e.name, e.uid, e.apiVersion].join(SEP);
    const aggregateKey = [object, e.type, e.reason].join(SEP);
    // EventAggregate: a record older than the interval starts afresh.
    let record = this.#aggregates.get(aggregateKey);
    if (record === undefined || now - record.lastSeen > this.#intervalMs) record = { messages: new Set(), lastSeen: now };
    record.messages.add(e.message);
    record.lastSeen = now;
    this.#aggregates.set(aggregateKey, record);
    let key: string;
    let message = e.message;
    const combined = record.messages.size >= this.#maxEvents;
    if (combined) {
      // Do not grow the set past the maximum (upstream pops any member; podkit the oldest, to stay deterministic).
      const oldest = record.messages.values().next().value;
      if (oldest !== undefined) record.messages.delete(oldest);
      key = `${aggregateKey}${SEP}*`;
      message = COMBINED_EVENT_PREFIX + e.message;
    } else {
      key = [object, e.fieldPath, e.type, e.reason, e.message].join(SEP);
    }
    // eventObserve: repeats of the key count up.
    const last = this.#observations.get(key);
    const observation = last === undefined ? { count: 1, firstSeen: now } : { count: last.count + 1, firstSeen: last.firstSeen };
    this.#observations.set(key, observation);
    // EventSourceObjectSpamFilter: TryAccept on the source+object's bucket.
    let bucket = this.#buckets.get(object);
    if (bucket === undefined) bucket = { tokens: this.#burst, last: now };
    else bucket.tokens = Math.min(this.#burst, bucket.tokens + (Math.max(0, now - bucket.last) / 1000) * this.#qps);
    bucket.last = now;
    const skip = bucket.tokens < 1;
    if (!skip) bucket.tokens -= 1;
    this.#buckets.set(object, bucket);
    return { key, message, combined, count: observation.count, firstSeen: observation.firstSeen, skip };
  }
}
