// The store area's public surface (explicit named exports only).
export type {
  ObjectStore,
  StoreKinds,
  StoreKind,
  ObjectOf,
  StoreObject,
  FieldSelector,
  ListOptions,
  WatchOptions,
  WatchEvent,
  WatchEventType,
  DeleteOptions,
  DeleteResult,
  PropagationPolicy,
} from './object-store.js';
export { MemoryStore } from './memory-store.js';
export type { MemoryStoreOptions } from './memory-store.js';
export { defaultTolerationSecondsAdmission } from './admission.js';
export type { StoreAdmission } from './admission.js';
export type { StoreValidator, StoreDefaulter } from './validate.js';
export { seededIdSource, randomIdSource } from './ids.js';
export type { IdSource } from './ids.js';
export { applyMergePatch } from './merge-patch.js';
export type { MergePatch, PatchOptions } from './merge-patch.js';
export type { StoreJournal, JournalEntry, JournalChange, JournalWrite, JournalWriteResult } from './journal.js';
