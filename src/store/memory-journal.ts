import { PodkitError } from '../errors.js';
import type { JournalChange, JournalEntry, JournalWrite, JournalWriteResult, StoreJournal } from './journal.js';

/** Options of {@link createMemoryJournal}. */
export interface MemoryJournalOptions {
  /**
   * When changes are pushed to the other stores: `'microtask'` (default, like a watch stream:
   * soon, asynchronously) or `'manual'` (only when {@link MemoryJournal.deliver} is called, for
   * tests that need a store to be behind).
   */
  readonly delivery?: 'microtask' | 'manual' | undefined;
}

/**
 * A shared in-memory backend standing for etcd in tests: every {@link MemoryJournal.connect}
 * gives one store (one "process") its journal; all of them share one revision counter and
 * compare-and-swap writes, and each sees the others' writes pushed as they commit. Faults:
 * {@link MemoryJournal.fail} makes writes throw, {@link MemoryJournal.compact} drops history
 * (a store behind it re-lists).
 */
export interface MemoryJournal {
  /** A journal for one more store on this backend (pass it as `new MemoryStore({ journal })`). */
  connect(): StoreJournal;
  /** The current revision. */
  readonly revision: number;
  /** The stored entries, by key (a copy). */
  entries(): readonly JournalEntry[];
  /** Pushes pending changes to every connected store now (with `delivery: 'manual'`, the only way). */
  deliver(): void;
  /** Drops the change history up to `revision`: stores behind it get a `reset` (a re-list). */
  compact(revision: number): void;
  /** Makes every write throw this error until `fail(undefined)` (a lost connection, a lost quorum). */
  fail(error: Error | undefined): void;
}

interface Subscriber {
  listener: ((changes: readonly JournalChange[]) => void) | undefined;
  /** The revision this subscriber has been given everything up to. */
  delivered: number;
}

/**
 * Creates a shared in-memory backend for several stores (see {@link MemoryJournal}).
 *
 * @example
 * ```ts
 * import { MemoryStore, SystemClock } from 'podkit';
 * import { createMemoryJournal } from 'podkit/testing';
 * const backend = createMemoryJournal();
 * const a = new MemoryStore({ clock: new SystemClock(), journal: backend.connect() });
 * const b = new MemoryStore({ clock: new SystemClock(), journal: backend.connect() });
 * a.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
 * await Promise.resolve(); // b sees the pod once the change is pushed
 * ```
 */
export function createMemoryJournal(options: MemoryJournalOptions = {}): MemoryJournal {
  const delivery = options.delivery ?? 'microtask';
  const data = new Map<string, JournalEntry>();
  let log: JournalChange[] = [];
  let compacted = 0;
  let revision = 0;
  let failure: Error | undefined;
  const subscribers: Subscriber[] = [];
  let scheduled = false;

  const snapshot = (): JournalEntry[] => [...data.values()];
  const changesAfter = (after: number, upTo: number): JournalChange[] => {
    if (after < compacted) return [{ type: 'reset', revision: upTo, entries: snapshot() }];
    return log.filter((c) => c.revision > after && c.revision <= upTo);
  };
  const deliver = (): void => {
    scheduled = false;
    for (const s of subscribers) {
      if (s.listener === undefined || s.delivered >= revision) continue;
      const batch = changesAfter(s.delivered, revision);
      s.delivered = revision;
      s.listener(batch);
    }
  };
  const schedule = (): void => {
    if (delivery === 'manual' || scheduled) return;
    scheduled = true;
    queueMicrotask(deliver);
  };

  return {
    connect(): StoreJournal {
      const sub: Subscriber = { listener: undefined, delivered: revision };
      subscribers.push(sub);
      return {
        load: () => {
          sub.delivered = revision;
          return { revision, entries: snapshot() };
        },
        write(write: JournalWrite, after: number): JournalWriteResult {
          if (failure !== undefined) throw failure;
          const current = data.get(write.key);
          const ok = (current?.modRevision ?? 0) === write.expected;
          if (ok) {
            revision++;
            if (write.type === 'put') {
              const value = write.value;
              if (value === undefined) throw new PodkitError('invalid_argument', 'journal put without a value');
              data.set(write.key, { key: write.key, value, modRevision: revision });
              log.push({ type: 'put', key: write.key, value, revision });
            } else {
              data.delete(write.key);
              log.push({ type: 'delete', key: write.key, revision });
            }
            schedule();
          }
          const changes = changesAfter(after, ok ? revision - 1 : revision);
          sub.delivered = Math.max(sub.delivered, revision);
          return { ok, revision, changes };
        },
        onChanges(listener): void {
          sub.listener = listener;
        },
      };
    },
    get revision() {
      return revision;
    },
    entries: snapshot,
    deliver,
    compact(rev: number): void {
      compacted = Math.max(compacted, Math.min(rev, revision));
      log = log.filter((c) => c.revision > compacted);
    },
    fail(error: Error | undefined): void {
      failure = error;
    },
  };
}
