// A small versioned collection for the resources the server itself holds (Namespaces, Events):
// objects by key, a resourceVersion counter, a bounded history for resuming watches, and live
// watchers. Delivery is synchronous, in resourceVersion order.
import { Observable } from 'rxjs';
import { PodkitError } from '../errors.js';
import type { ObjectMeta } from '../model/index.js';
import type { WatchEvent, WatchEventType } from '../store/object-store.js';

/** An object of a local collection. */
export interface LocalObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
}

interface Recorded<T> {
  readonly rv: number;
  readonly type: WatchEventType;
  readonly object: T;
}

const keyOf = (meta: ObjectMeta): string => `${meta.namespace ?? ''}/${meta.name ?? ''}`;

/** Objects keyed by namespace/name with their own resourceVersions. */
export class LocalCollection<T extends LocalObject> {
  readonly #items = new Map<string, T>();
  readonly #history: Recorded<T>[] = [];
  readonly #watchers = new Set<(e: Recorded<T>) => void>();
  #rv = 0;

  constructor(readonly historySize = 5000) {}

  /** The latest resourceVersion. */
  get resourceVersion(): string {
    return String(this.#rv);
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#items.get(`${namespace ?? ''}/${name}`);
  }

  /** Every object (of one namespace when given), in key order. */
  list(namespace?: string): T[] {
    const out: T[] = [];
    for (const [key, obj] of this.#items) if (namespace === undefined || key.startsWith(`${namespace}/`)) out.push(obj);
    return out;
  }

  /** Stores an object (Added or Modified) with the next resourceVersion; returns it. */
  put(obj: T): T {
    const key = keyOf(obj.metadata);
    const type: WatchEventType = this.#items.has(key) ? 'Modified' : 'Added';
    const stored = Object.freeze({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.#rv) } }) as T;
    this.#items.set(key, stored);
    this.#record({ rv: this.#rv, type, object: stored });
    return stored;
  }

  /** Removes an object; returns its last state (with the deletion's resourceVersion). */
  remove(namespace: string | undefined, name: string): T | undefined {
    const key = `${namespace ?? ''}/${name}`;
    const obj = this.#items.get(key);
    if (obj === undefined) return undefined;
    this.#items.delete(key);
    const last = Object.freeze({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.#rv) } }) as T;
    this.#record({ rv: this.#rv, type: 'Deleted', object: last });
    return last;
  }

  #record(e: Recorded<T>): void {
    this.#history.push(e);
    if (this.#history.length > this.historySize) this.#history.splice(0, this.#history.length - this.historySize);
    for (const w of [...this.#watchers]) w(e);
  }

  /**
   * Changes after `resourceVersion` (replayed from the history, then live), or with none / "0"
   * an Added per current object first. Throws `expired` when the history no longer reaches back.
   */
  watch(options: { readonly resourceVersion?: string | undefined; readonly namespace?: string | undefined; readonly filter?: (obj: T) => boolean }): Observable<WatchEvent<T>> {
    const matches = (o: T): boolean => (options.namespace === undefined || o.metadata.namespace === options.namespace) && (options.filter?.(o) ?? true);
    const from = options.resourceVersion === undefined || options.resourceVersion === '' || options.resourceVersion === '0' ? undefined : Number(options.resourceVersion);
    if (from !== undefined) {
      const oldest = this.#history[0]?.rv ?? this.#rv + 1;
      if (!Number.isFinite(from) || (from < oldest - 1 && from < this.#rv)) {
        throw new PodkitError('expired', `too old resource version: ${options.resourceVersion} (${oldest - 1})`);
      }
    }
    return new Observable<WatchEvent<T>>((sub) => {
      if (from === undefined) {
        for (const o of this.#items.values()) if (matches(o)) sub.next({ type: 'Added', object: o });
      } else {
        for (const e of this.#history) if (e.rv > from && matches(e.object)) sub.next({ type: e.type, object: e.object });
      }
      const w = (e: Recorded<T>): void => {
        if (matches(e.object)) sub.next({ type: e.type, object: e.object });
      };
      this.#watchers.add(w);
      return () => this.#watchers.delete(w);
    });
  }
}
