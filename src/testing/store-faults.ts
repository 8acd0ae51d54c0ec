import { Observable } from 'rxjs';
import { type MergePatch, type PatchOptions, patchThroughStore } from '../store/merge-patch.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import { PodkitError } from '../errors.js';
import type { LabelSelector } from '../model/index.js';
import { matchesSelector, parseLabelSelector } from '../planners/selector.js';
import type {
  DeleteOptions,
  DeleteResult,
  ListOptions,
  ObjectOf,
  ObjectStore,
  StoreKind,
  StoreObject,
  WatchEvent,
  WatchOptions,
} from '../store/object-store.js';

/** How many past changes per kind a faulty store remembers for {@link StoreFaults.serveStaleLists}. */
const STALE_HISTORY = 1_000;

/**
 * The control side of {@link withStoreFaults}: fault injection in the spirit of
 * controller-runtime's `interceptor.Funcs`. Every fault applies to one kind and to writes and
 * watches made through the wrapped store only (the inner store is not changed).
 */
export interface StoreFaults {
  /** The next `n` `update` / `updateStatus` calls of `kind` throw `conflict` and write nothing (an optimistic-concurrency race). */
  conflictNextUpdates(kind: string, n: number): void;
  /** The next `n` `create` calls of `kind` throw `error` (default a `PodkitError('unavailable')`) and write nothing. */
  failNextCreates(kind: string, n: number, error?: Error): void;
  /** Changes of `kind` reach watches `ms` later on the clock (order kept); `0` delivers at once again. Initial `Added` events are not delayed. */
  delayWatchEvents(kind: string, ms: number): void;
  /** The next `n` changes of `kind` are not delivered to any watch open when they happen (a lost watch event; a later change or relist heals it). */
  dropWatchEvents(kind: string, n: number): void;
  /**
   * `list(kind)` answers from the past: `versionsBehind` ignores that many of the latest changes
   * of the kind (a lagging informer cache); a snapshot array is returned as is (then filtered by
   * namespace and labels). Stays until {@link clear}. Built-in kinds are tracked from the wrapper's
   * creation, custom kinds from the first `serveStaleLists` call; older changes, and more than
   * the last 1 000 per kind, cannot be undone.
   */
  serveStaleLists(kind: string, staleness: number | readonly StoreObject[]): void;
  /** Removes every fault of `kind`, or of every kind. Delayed events already scheduled still arrive. */
  clear(kind?: string): void;
  /** How many faults fired so far, by type (`conflict`, `createFailed`, `dropped`, `delayed`, `staleList`). */
  readonly fired: Readonly<Record<'conflict' | 'createFailed' | 'dropped' | 'delayed' | 'staleList', number>>;
}

interface Change {
  readonly key: string;
  readonly before: StoreObject | undefined;
}

interface KindFaults {
  conflicts: number;
  createFailures: number;
  createError?: Error | undefined;
  delayMs: number;
  drops: number;
  stale?: number | readonly StoreObject[] | undefined;
}

const keyOf = (o: StoreObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
const rvOf = (o: StoreObject): number => Number(o.metadata.resourceVersion ?? '0');

/**
 * Wraps a store so tests can inject faults: update conflicts, failing creates, delayed or dropped
 * watch events, and stale lists. Returns the wrapped store (an `ObjectStore` to hand to
 * `createCluster({ store })`) and its control API. Use it to prove a controller converges
 * anyway: level-based reconciles survive every one of these.
 *
 * What it does not do: faults are per kind, not per object; `get` is never stale (a controller's
 * direct read); deletions and garbage collection are never faulted; stale lists do not apply
 * field selectors to restored versions.
 *
 * @example
 * ```ts
 * import { createCluster, MemoryStore } from 'podkit';
 * import { VirtualClock, withStoreFaults } from 'podkit/testing';
 * const clock = new VirtualClock();
 * const { store, faults } = withStoreFaults(new MemoryStore({ clock }), clock);
 * const cluster = createCluster({ clock, store });
 * faults.conflictNextUpdates('ReplicaSet', 3);
 * ```
 */
export function withStoreFaults(inner: ObjectStore, clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>): { store: ObjectStore; faults: StoreFaults } {
  const kinds = new Map<string, KindFaults>();
  const fired = { conflict: 0, createFailed: 0, dropped: 0, delayed: 0, staleList: 0 };
  const dropped = new Map<string, boolean>(); // change id → dropped?
  const history = new Map<string, { changes: Change[]; current: Map<string, StoreObject> }>();

  const faultsOf = (kind: string): KindFaults => {
    let f = kinds.get(kind);
    if (f === undefined) {
      f = { conflicts: 0, createFailures: 0, delayMs: 0, drops: 0 };
      kinds.set(kind, f);
    }
    return f;
  };
  const count = (n: number, what: string): number => {
    if (!Number.isInteger(n) || n < 0) throw new PodkitError('invalid_argument', `${what}: expected an integer >= 0, received ${String(n)}.`);
    return n;
  };

  // Remember the changes of a kind from first use, to undo them for stale lists.
  const track = (kind: string): void => {
    if (history.has(kind)) return;
    const h = { changes: [] as Change[], current: new Map<string, StoreObject>() };
    history.set(kind, h);
    inner.watch(kind as StoreKind).subscribe((ev) => {
      const key = keyOf(ev.object);
      const before = h.current.get(key);
      if (ev.type === 'Deleted') h.current.delete(key);
      else h.current.set(key, ev.object);
      h.changes.push({ key, before });
      if (h.changes.length > STALE_HISTORY) h.changes.shift();
    });
  };

  for (const kind of ['Pod', 'Node', 'ReplicaSet', 'Job', 'DaemonSet']) track(kind);

  const decideDrop = (kind: string, ev: WatchEvent): boolean => {
    const id = `${kind}/${ev.type}/${keyOf(ev.object)}/${ev.object.metadata.resourceVersion ?? ''}`;
    const known = dropped.get(id);
    if (known !== undefined) return known;
    const f = kinds.get(kind);
    const drop = f !== undefined && f.drops > 0;
    if (drop && f !== undefined) {
      f.drops -= 1;
      fired.dropped += 1;
    }
    dropped.set(id, drop);
    if (dropped.size > 10_000) dropped.delete(dropped.keys().next().value as string);
    return drop;
  };

  const matches = (o: StoreObject, options: ListOptions): boolean => {
    if (options.namespace !== undefined && o.metadata.namespace !== undefined && o.metadata.namespace !== options.namespace) return false;
    const sel = options.labelSelector;
    if (sel === undefined) return true;
    const selector: LabelSelector = typeof sel === 'string' ? parseLabelSelector(sel) : sel;
    return matchesSelector(o.metadata.labels, selector);
  };

  const staleList = (kind: string, options: ListOptions, stale: number | readonly StoreObject[]): StoreObject[] => {
    fired.staleList += 1;
    if (typeof stale !== 'number') return stale.filter((o) => matches(o, options));
    const h = history.get(kind);
    const live = inner.list(kind as StoreKind, options) as readonly StoreObject[];
    if (h === undefined || stale === 0) return [...live];
    const byKey = new Map(live.map((o) => [keyOf(o), o] as const));
    const undone = h.changes.slice(Math.max(0, h.changes.length - stale)).reverse();
    for (const c of undone) {
      if (c.before === undefined || !matches(c.before, options)) byKey.delete(c.key);
      else byKey.set(c.key, c.before);
    }
    return [...byKey.values()].sort((a, b) => rvOf(a) - rvOf(b) || keyOf(a).localeCompare(keyOf(b)));
  };

  const faults: StoreFaults = {
    conflictNextUpdates(kind, n) {
      faultsOf(kind).conflicts = count(n, 'conflictNextUpdates');
    },
    failNextCreates(kind, n, error) {
      const f = faultsOf(kind);
      f.createFailures = count(n, 'failNextCreates');
      f.createError = error;
    },
    delayWatchEvents(kind, ms) {
      faultsOf(kind).delayMs = count(ms, 'delayWatchEvents');
    },
    dropWatchEvents(kind, n) {
      faultsOf(kind).drops = count(n, 'dropWatchEvents');
    },
    serveStaleLists(kind, staleness) {
      if (typeof staleness === 'number') {
        count(staleness, 'serveStaleLists');
        track(kind);
      }
      faultsOf(kind).stale = staleness;
    },
    clear(kind) {
      if (kind === undefined) kinds.clear();
      else kinds.delete(kind);
    },
    get fired() {
      return { ...fired };
    },
  };

  const conflictIfDue = (obj: StoreObject, op: string): void => {
    const f = kinds.get(obj.kind);
    if (f === undefined || f.conflicts === 0) return;
    f.conflicts -= 1;
    fired.conflict += 1;
    throw new PodkitError(
      'conflict',
      `Operation cannot be fulfilled on ${obj.kind} ${JSON.stringify(obj.metadata.name ?? '')}: the object has been modified; please apply your changes to the latest version and try again (injected by withStoreFaults on ${op})`,
      { details: { kind: obj.kind, name: obj.metadata.name, injected: true } },
    );
  };

  const store: ObjectStore = {
    get resourceVersion() {
      return inner.resourceVersion;
    },
    create<T extends StoreObject>(obj: T): T {
      const f = kinds.get(obj.kind);
      if (f !== undefined && f.createFailures > 0) {
        f.createFailures -= 1;
        fired.createFailed += 1;
        throw (
          f.createError ??
          new PodkitError('unavailable', `create ${obj.kind} ${JSON.stringify(obj.metadata.name ?? obj.metadata.generateName ?? '')}: the server is currently unable to handle the request (injected by withStoreFaults)`, {
            details: { kind: obj.kind, injected: true },
          })
        );
      }
      return inner.create(obj);
    },
    get: (kind, name, namespace) => inner.get(kind, name, namespace),
    tryGet: (kind, name, namespace) => inner.tryGet(kind, name, namespace),
    list<K extends StoreKind>(kind: K, options: ListOptions = {}): readonly ObjectOf<K>[] {
      const stale = kinds.get(kind)?.stale;
      if (stale === undefined) return inner.list(kind, options);
      return staleList(kind, options, stale) as unknown as readonly ObjectOf<K>[];
    },
    update<T extends StoreObject>(obj: T): T {
      conflictIfDue(obj, 'update');
      return inner.update(obj);
    },
    updateStatus<T extends StoreObject>(obj: T): T {
      conflictIfDue(obj, 'updateStatus');
      return inner.updateStatus(obj);
    },
    // Through this wrapper's get and update, so injected conflicts apply to patches too.
    patch: <K extends StoreKind>(kind: K, name: string, patch: MergePatch, options?: PatchOptions): ObjectOf<K> => patchThroughStore(store, kind, name, patch, options),
    delete: <K extends StoreKind>(kind: K, name: string, options?: DeleteOptions): DeleteResult<ObjectOf<K>> => inner.delete(kind, name, options),
    watch<K extends StoreKind>(kind: K, options?: WatchOptions): Observable<WatchEvent<ObjectOf<K>>> {
      return new Observable<WatchEvent<ObjectOf<K>>>((subscriber) => {
        const startRv = Number(inner.resourceVersion);
        const timers = new Set<TimerHandle>();
        const queue: WatchEvent<ObjectOf<K>>[] = [];
        let lastDue = 0;
        const sub = inner.watch(kind, options).subscribe({
          next: (ev) => {
            const live = rvOf(ev.object) > startRv;
            if (live && decideDrop(kind, ev as WatchEvent)) return;
            const delay = live ? (kinds.get(kind)?.delayMs ?? 0) : 0;
            if (delay === 0 && queue.length === 0) {
              subscriber.next(ev);
              return;
            }
            fired.delayed += 1;
            queue.push(ev);
            const due = Math.max(clock.now() + delay, lastDue);
            lastDue = due;
            const handle = clock.setTimeout(() => {
              timers.delete(handle);
              const next = queue.shift();
              if (next !== undefined) subscriber.next(next);
            }, due - clock.now());
            timers.add(handle);
          },
          error: (e: unknown) => subscriber.error(e),
          complete: () => subscriber.complete(),
        });
        return () => {
          sub.unsubscribe();
          for (const t of timers) clock.clearTimeout(t);
        };
      });
    },
  };
  return { store, faults };
}
