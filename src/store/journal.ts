// The durable-store port: a versioned key-value backend (etcd, or anything with a revision
// counter and compare-and-swap) under a MemoryStore. The MemoryStore stays the cache every
// read is served from (an informer cache that is also the watch cache); each write is sent
// through the journal and is acknowledged only when the journal has committed it, so a killed
// process loses no acknowledged write. Changes other processes commit arrive through the
// journal's push channel and are applied to the cache in revision order.
//
// The port is synchronous on purpose: the ObjectStore port (and every controller on it) is
// synchronous, and a backend that is asynchronous by nature (etcd over gRPC) can serve a
// synchronous call from a worker thread (`podkit/etcd` does). A synchronous backend (SQLite)
// implements it directly.
import type { KindDefinition } from './kinds.js';

/** One stored value: an object at a key, with the revision of its last write. */
export interface JournalEntry {
  /** The key under the journal's prefix, in kube-apiserver's layout: `pods/default/web`, `minions/node-1`. */
  readonly key: string;
  /** The object as JSON text, without `metadata.resourceVersion` (the revision stands for it). */
  readonly value: string;
  /** The revision of the entry's last write; it becomes the object's `metadata.resourceVersion`. */
  readonly modRevision: number;
}

/**
 * A committed change, in revision order. `reset` replaces everything (the backend compacted
 * past the last revision the store saw, so it re-listed: the store diffs the entries against its
 * cache and emits the differences as events).
 */
export type JournalChange =
  | { readonly type: 'put'; readonly key: string; readonly value: string; readonly revision: number }
  | { readonly type: 'delete'; readonly key: string; readonly revision: number }
  | { readonly type: 'reset'; readonly revision: number; readonly entries: readonly JournalEntry[] };

/** A conditional write: `expected` is the mod revision the key must have (`0`: the key must not exist). */
export interface JournalWrite {
  readonly type: 'put' | 'delete';
  readonly key: string;
  /** The JSON text to store (puts only). */
  readonly value?: string | undefined;
  readonly expected: number;
}

/** The outcome of {@link StoreJournal.write}. */
export interface JournalWriteResult {
  /** True iff the write committed; false when the key's revision was not `expected` (nothing was written). */
  readonly ok: boolean;
  /** The revision of the write when `ok`; the backend's current revision otherwise. */
  readonly revision: number;
  /**
   * Every change by others after the revision the store passed and before `revision` (up to and
   * including it when the write failed), in order: the store applies them, then its own write,
   * before it answers, so its cache is never behind its own writes and events stay in revision
   * order. (When `revision` directly follows the store's, there is nothing in between.)
   */
  readonly changes: readonly JournalChange[];
}

/**
 * A durable, versioned backend of a {@link MemoryStore} (its `journal` option). Errors thrown
 * by `write` (a lost connection, a lost quorum) reach the caller of the store operation as they
 * are; the store writes nothing to its cache then. Implementations: `podkit/etcd`'s
 * `createEtcdStore` (etcd v3), and `createMemoryJournal` in `podkit/testing` (several stores on
 * one shared in-memory backend, for tests of multi-process behaviour).
 */
export interface StoreJournal {
  /** Everything under the prefix at one revision: called once, when the store starts. */
  load(): { readonly revision: number; readonly entries: readonly JournalEntry[] };
  /**
   * Commits a write if the key is still at `expected`, and returns the changes after `after`
   * (the store's revision) before the write (or, when it fails, up to the current revision).
   */
  write(write: JournalWrite, after: number): JournalWriteResult;
  /**
   * Registers the listener of changes committed by others, pushed as they happen
   * (asynchronously). Batches may repeat revisions a `write` already returned: the store skips
   * revisions it has. Called once by the store.
   */
  onChanges(listener: (changes: readonly JournalChange[]) => void): void;
}

/** Built-in kinds whose kube-apiserver storage path differs from their resource name. */
const STORAGE_RESOURCE: Readonly<Record<string, string>> = { nodes: 'minions' };

/**
 * The storage prefix of a kind, as kube-apiserver lays out etcd: built-in resources by their
 * plural name (`pods`, `replicasets`, `jobs`; Nodes under `minions`), custom resources as
 * `<group>/<plural>`.
 */
export function storageResource(def: KindDefinition): string {
  const dot = def.resource.indexOf('.');
  const plural = dot < 0 ? def.resource : def.resource.slice(0, dot);
  const group = dot < 0 ? '' : def.resource.slice(dot + 1);
  const builtin = group === '' || group === 'apps' || group === 'batch' || group === 'coordination.k8s.io';
  if (builtin) return STORAGE_RESOURCE[plural] ?? plural;
  return `${group}/${plural}`;
}

/** The journal key of an object: `<storage resource>/<store key>` (`pods/default/web`). */
export function journalKey(def: KindDefinition, storeKey: string): string {
  return `${storageResource(def)}/${storeKey}`;
}
