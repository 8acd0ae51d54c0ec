// Messages between podkit/etcd's main-thread journal and its worker thread. Internal.
import type { MessagePort } from 'node:worker_threads';
import type { JournalChange, JournalEntry, JournalWrite } from '../store/journal.js';

/** What the worker is started with. */
export interface WorkerData {
  readonly id: string;
  readonly endpoints: readonly string[];
  /** The key prefix, ending in `/` (`/registry/`). */
  readonly prefix: string;
  readonly dialTimeoutMs: number;
  readonly auth?: { readonly username: string; readonly password: string } | undefined;
  /** Synchronous requests and their replies. */
  readonly requests: MessagePort;
  /** Changes pushed by the worker, and health reports. */
  readonly changes: MessagePort;
  /** One Int32 the worker sets to 1 (and notifies) after posting a reply. */
  readonly signal: SharedArrayBuffer;
}

/** A request of the main thread. `ack` gets no reply. */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'load' }
  | { readonly id: number; readonly op: 'write'; readonly write: JournalWrite; readonly after: number }
  | { readonly id: number; readonly op: 'ack'; readonly after: number }
  | { readonly id: number; readonly op: 'close' };

/** A reply of the worker, by request id. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

/** What the worker pushes. */
export type WorkerPush =
  | { readonly type: 'changes'; readonly changes: readonly JournalChange[] }
  | { readonly type: 'health'; readonly healthy: boolean; readonly message?: string };

/** The load reply. */
export interface LoadResult {
  readonly revision: number;
  readonly entries: readonly JournalEntry[];
}
