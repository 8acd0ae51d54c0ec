import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Clock } from '../clock/clock.js';
import { SystemClock } from '../clock/system-clock.js';
import { PodkitError } from '../errors.js';
import type { JournalChange, JournalWrite, JournalWriteResult, StoreJournal } from '../store/journal.js';
import { MemoryStore, type MemoryStoreOptions } from '../store/memory-store.js';
import { defaultTolerationSecondsAdmission } from '../store/admission.js';
import type { LoadResult, WorkerData, WorkerPush, WorkerReply, WorkerRequest } from './etcd-protocol.js';

/** Options of {@link createEtcdStore}. */
export interface EtcdStoreOptions extends Omit<MemoryStoreOptions, 'journal' | 'clock'> {
  // `admission` defaults to `[defaultTolerationSecondsAdmission]`, as a cluster's own store.
  /** etcd client URLs (`http://127.0.0.1:2379`), or one URL, or a comma-separated list. */
  readonly endpoints: string | readonly string[];
  /** The key prefix (default `/registry`, kube-apiserver's): objects live at `<prefix>/<resource>/<namespace>/<name>`. */
  readonly prefix?: string | undefined;
  /** The time source of creation and deletion timestamps (default a `SystemClock`). */
  readonly clock?: Pick<Clock, 'now'> | undefined;
  /** How long a write may take before it fails with `timeout` (default 10 000 ms; it may still commit, as an etcd timeout). */
  readonly requestTimeoutMs?: number | undefined;
  /** How long connecting may take (default 5 000 ms). */
  readonly dialTimeoutMs?: number | undefined;
  /** etcd credentials, when authentication is on. */
  readonly auth?: { readonly username: string; readonly password: string } | undefined;
}

/** The health of the connection to etcd, as {@link EtcdStore.onHealth} reports it. */
export interface EtcdHealth {
  /** True while the watch stream is connected. */
  readonly healthy: boolean;
  /** What went wrong, when not healthy. */
  readonly message?: string | undefined;
}

/**
 * A podkit store on etcd v3: a {@link MemoryStore} whose objects live in etcd (kube-apiserver's
 * layout, JSON values), so they survive the process and are shared by every process on the same
 * etcd. Reads are served from the in-memory cache (the watch cache); every write is an etcd
 * transaction comparing the key's mod revision with the cached one, acknowledged only once etcd
 * committed it; `resourceVersion` is the etcd revision. Changes of other processes arrive through
 * an etcd watch; a compaction past the last revision seen makes the cache re-list.
 *
 * Errors: besides the store's own, `unavailable` (etcd unreachable, no quorum; the API answers
 * 503 with a retry hint) and `timeout` (no answer within `requestTimeoutMs`: the write may
 * still have committed, as with etcd's own timeouts).
 */
export interface EtcdStore extends MemoryStore {
  /** The current connection health. */
  readonly health: EtcdHealth;
  /** Calls `listener` on every change of connection health; returns the unsubscribe function. */
  onHealth(listener: (health: EtcdHealth) => void): () => void;
  /** Closes the etcd connection and its worker thread. Writes after it throw `closed`. */
  close(): Promise<void>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_DIAL_TIMEOUT_MS = 5_000;
const LOAD_TIMEOUT_MS = 60_000;

/**
 * The worker: the module beside this one, in the same format. From TypeScript sources (tests,
 * tsx) a small bootstrap registers tsx in the worker first.
 */
function startWorker(data: WorkerData, transferList: MessagePort[]): Worker {
  const self = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  if (self.endsWith('.ts')) {
    const tsx = new URL('./dist/esm/api/index.mjs', pathToFileURL(createRequire(self).resolve('tsx/package.json'))).href;
    const worker = new URL('./etcd-worker.ts', self).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); })`;
    return new Worker(bootstrap, { eval: true, workerData: data, transferList });
  }
  return new Worker(new URL(self.endsWith('.cjs') ? './etcd-worker.cjs' : './etcd-worker.js', self), { workerData: data, transferList });
}

function normalizeEndpoints(endpoints: string | readonly string[]): string[] {
  const list = (typeof endpoints === 'string' ? endpoints.split(',') : [...endpoints]).map((e) => e.trim()).filter((e) => e !== '');
  if (list.length === 0) throw new PodkitError('invalid_argument', 'createEtcdStore: endpoints: expected at least one etcd URL such as "http://127.0.0.1:2379".', { details: { field: 'endpoints' } });
  for (const e of list) {
    if (!/^https?:\/\/[^/]+\/?$/.test(e)) {
      throw new PodkitError('invalid_argument', `createEtcdStore: endpoints: expected an etcd URL such as "http://127.0.0.1:2379", received ${JSON.stringify(e)}.`, { details: { field: 'endpoints' } });
    }
  }
  return list;
}

function normalizePrefix(prefix: string | undefined): string {
  const p = prefix ?? '/registry';
  if (typeof p !== 'string' || !p.startsWith('/')) {
    throw new PodkitError('invalid_argument', `createEtcdStore: prefix: expected a key prefix starting with "/", received ${JSON.stringify(p)}.`, { details: { field: 'prefix' } });
  }
  return p.endsWith('/') ? p : `${p}/`;
}

/** The journal of an etcd store: synchronous calls into the worker thread that owns the etcd client. */
class EtcdJournal implements StoreJournal {
  readonly #worker: Worker;
  readonly #requests: MessagePort;
  readonly #changes: MessagePort;
  readonly #signal: Int32Array;
  readonly #timeoutMs: number;
  #nextId = 0;
  #dead: string | undefined;
  #listener: ((changes: readonly JournalChange[]) => void) | undefined;
  #health: EtcdHealth = { healthy: true };
  readonly #healthListeners = new Set<(h: EtcdHealth) => void>();

  constructor(endpoints: string[], prefix: string, options: EtcdStoreOptions) {
    const requests = new MessageChannel();
    const changes = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const data: WorkerData = {
      id: randomUUID(),
      endpoints,
      prefix,
      dialTimeoutMs: options.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS,
      auth: options.auth,
      requests: requests.port2,
      changes: changes.port2,
      signal,
    };
    this.#worker = startWorker(data, [requests.port2, changes.port2]);
    this.#worker.unref();
    this.#worker.on('error', (e) => {
      this.#dead = e.message;
      this.#setHealth({ healthy: false, message: `etcd worker failed: ${e.message}` });
    });
    this.#worker.on('exit', (code) => {
      this.#dead ??= `exited with code ${code}`;
    });
    this.#requests = requests.port1;
    this.#changes = changes.port1;
    this.#signal = new Int32Array(signal);
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#changes.on('message', (m: WorkerPush) => this.#onPush(m));
    this.#changes.unref();
  }

  /** Resolves once the worker has started (its module loaded), rejects if it failed to start. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type?: string }): void => {
        if (m.type !== 'ready') return;
        cleanup();
        resolve();
      };
      const onError = (e: Error): void => {
        cleanup();
        const peer = /Cannot find (package|module) 'etcd3'/.test(e.message);
        reject(new PodkitError('unavailable', peer ? 'podkit/etcd needs the optional peer dependency etcd3: npm install etcd3' : `etcd worker failed to start: ${e.message}`));
      };
      const onExit = (code: number): void => {
        cleanup();
        reject(new PodkitError('unavailable', `etcd worker exited with code ${code} before it started`));
      };
      const cleanup = (): void => {
        this.#worker.off('message', onMessage);
        this.#worker.off('error', onError);
        this.#worker.off('exit', onExit);
      };
      this.#worker.on('message', onMessage);
      this.#worker.on('error', onError);
      this.#worker.on('exit', onExit);
    });
  }

  get health(): EtcdHealth {
    return this.#health;
  }

  onHealth(listener: (h: EtcdHealth) => void): () => void {
    this.#healthListeners.add(listener);
    return () => this.#healthListeners.delete(listener);
  }

  #setHealth(h: EtcdHealth): void {
    if (h.healthy === this.#health.healthy && h.message === this.#health.message) return;
    this.#health = h;
    for (const l of this.#healthListeners) l(h);
  }

  #onPush(m: WorkerPush): void {
    if (m.type === 'health') {
      this.#setHealth({ healthy: m.healthy, ...(m.message === undefined ? {} : { message: m.message }) });
      return;
    }
    const last = m.changes[m.changes.length - 1];
    this.#listener?.(m.changes);
    if (last !== undefined) this.#requests.postMessage({ id: ++this.#nextId, op: 'ack', after: last.revision } satisfies WorkerRequest);
  }

  /** A synchronous call: posts the request and blocks until the worker answers or the time is up. */
  #call(req: WorkerRequest, timeoutMs: number): unknown {
    if (this.#dead !== undefined) throw new PodkitError('closed', `etcd store is closed (${this.#dead}).`);
    Atomics.store(this.#signal, 0, 0);
    this.#requests.postMessage(req);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const got = receiveMessageOnPort(this.#requests);
      if (got !== undefined) {
        const reply = got.message as WorkerReply;
        if (reply.id !== req.id) continue; // the late answer of a call that timed out
        if (reply.ok) return reply.result;
        throw new PodkitError('unavailable', `etcd: ${reply.error.message}`, { details: { retryAfterSeconds: 1 } });
      }
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        throw new PodkitError('timeout', `etcd did not answer within ${timeoutMs} ms (the request may still have been committed).`, { details: { retryAfterSeconds: 1 } });
      }
      Atomics.wait(this.#signal, 0, 0, remaining);
      Atomics.store(this.#signal, 0, 0);
    }
  }

  load(): LoadResult {
    return this.#call({ id: ++this.#nextId, op: 'load' }, LOAD_TIMEOUT_MS) as LoadResult;
  }

  write(write: JournalWrite, after: number): JournalWriteResult {
    return this.#call({ id: ++this.#nextId, op: 'write', write, after }, this.#timeoutMs) as JournalWriteResult;
  }

  onChanges(listener: (changes: readonly JournalChange[]) => void): void {
    this.#listener = listener;
  }

  async close(): Promise<void> {
    if (this.#dead !== undefined) return;
    try {
      this.#call({ id: ++this.#nextId, op: 'close' }, 5_000);
    } catch {
      // closing anyway
    }
    this.#dead = 'closed';
    this.#changes.close();
    this.#requests.close();
    await this.#worker.terminate();
  }
}

/**
 * Opens a podkit store on etcd v3 ({@link EtcdStore}): connects, loads every object under the
 * prefix at one revision, and starts the watch. Give it to `createCluster({ store })` or
 * `podkit serve --store etcd://host:port`. Needs the optional peer `etcd3`.
 *
 * @example
 * ```ts
 * import { createCluster } from 'podkit';
 * import { createEtcdStore } from 'podkit/etcd';
 * const store = await createEtcdStore({ endpoints: 'http://127.0.0.1:2379' });
 * const cluster = createCluster({ store });
 * // ... objects survive the process; another process on the same etcd sees them
 * await cluster.close();
 * await store.close();
 * ```
 */
export async function createEtcdStore(options: EtcdStoreOptions): Promise<EtcdStore> {
  const endpoints = normalizeEndpoints(options.endpoints);
  const prefix = normalizePrefix(options.prefix);
  const journal = new EtcdJournal(endpoints, prefix, options);
  try {
    await journal.ready();
  } catch (e) {
    await journal.close();
    throw e;
  }
  const { endpoints: _e, prefix: _p, requestTimeoutMs: _t, dialTimeoutMs: _d, auth: _a, clock, ...storeOptions } = options;
  try {
    return new EtcdBackedStore({ admission: [defaultTolerationSecondsAdmission], ...storeOptions, clock: clock ?? new SystemClock(), journal });
  } catch (e) {
    await journal.close();
    throw e;
  }
}

class EtcdBackedStore extends MemoryStore implements EtcdStore {
  readonly #journal: EtcdJournal;

  constructor(options: MemoryStoreOptions & { readonly journal: EtcdJournal }) {
    super(options);
    this.#journal = options.journal;
  }

  get health(): EtcdHealth {
    return this.#journal.health;
  }

  onHealth(listener: (health: EtcdHealth) => void): () => void {
    return this.#journal.onHealth(listener);
  }

  close(): Promise<void> {
    return this.#journal.close();
  }
}
