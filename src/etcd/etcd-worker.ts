// The etcd side of podkit/etcd, in a worker thread: one etcd3 client, one prefix watch, and the
// answers to the store's synchronous requests. The main thread posts a request on `requests`
// and blocks on `signal` (Atomics.wait); this worker runs the etcd call, posts the answer on
// the same port and wakes it (Atomics.notify), and the main thread reads it with
// receiveMessageOnPort. Changes the watch sees are also pushed on `changes` asynchronously.
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { Etcd3, type IKeyValue, type IWatchResponse, type Watcher } from 'etcd3';
import type { JournalChange, JournalEntry, JournalWrite } from '../store/journal.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './etcd-protocol.js';

const data = workerData as WorkerData;
const requests = data.requests as MessagePort;
const changesPort = data.changes as MessagePort;
const signal = new Int32Array(data.signal);
const prefix = data.prefix;
const client = new Etcd3({ hosts: [...data.endpoints], dialTimeout: data.dialTimeoutMs, ...(data.auth === undefined ? {} : { auth: data.auth }) });

/** Changes the watch delivered that the main thread may not have applied yet, in revision order. */
let buffer: JournalChange[] = [];
/** The highest revision the watch has delivered (everything under the prefix up to it is in `buffer`). */
let seen = 0;
/** Everything up to this revision is in the main thread's store already (it was in a reply): not pushed again. */
let delivered = 0;
let watcher: Watcher | undefined;
let waiters: { revision: number; resolve: () => void; reject: (e: Error) => void }[] = [];
let closed = false;

const decoder = new TextDecoder();
const stripped = (key: Buffer): string => decoder.decode(key).slice(prefix.length);

function entryOf(kv: IKeyValue): JournalEntry {
  return { key: stripped(kv.key), value: decoder.decode(kv.value), modRevision: Number(kv.mod_revision) };
}

function reply(message: WorkerReply): void {
  requests.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function advance(revision: number): void {
  if (revision > seen) seen = revision;
  const ready = waiters.filter((w) => w.revision <= seen);
  if (ready.length === 0) return;
  waiters = waiters.filter((w) => w.revision > seen);
  for (const w of ready) w.resolve();
}

function waitSeen(revision: number): Promise<void> {
  if (revision <= seen) return Promise.resolve();
  return new Promise((resolve, reject) => waiters.push({ revision, resolve, reject }));
}

function push(batch: JournalChange[]): void {
  const fresh = batch.filter((c) => c.revision > delivered);
  if (fresh.length === 0) return;
  buffer.push(...fresh);
  changesPort.postMessage({ type: 'changes', changes: fresh });
}

/** Forgets the buffered changes up to `revision` (the main thread has applied them). */
function dropThrough(revision: number): void {
  if (buffer.length > 0 && (buffer[0]?.revision ?? 0) <= revision) buffer = buffer.filter((c) => c.revision > revision);
}

/** The main thread has everything up to `revision` (it was in a reply): not kept, not pushed again. */
function trim(revision: number): void {
  if (revision > delivered) delivered = revision;
  dropThrough(revision);
}

function onData(res: IWatchResponse): void {
  const batch: JournalChange[] = [];
  let top = 0;
  for (const ev of res.events) {
    const revision = Number(ev.kv.mod_revision);
    top = Math.max(top, revision);
    if (ev.type === 'Put') batch.push({ type: 'put', key: stripped(ev.kv.key), value: decoder.decode(ev.kv.value), revision });
    else batch.push({ type: 'delete', key: stripped(ev.kv.key), revision });
  }
  push(batch);
  advance(top);
}

async function list(): Promise<{ revision: number; entries: JournalEntry[] }> {
  const res = await client.getAll().prefix(prefix).exec();
  return { revision: Number(res.header.revision), entries: res.kvs.map(entryOf) };
}

async function watchFrom(revision: number): Promise<void> {
  const w = await client.watch().prefix(prefix).startRevision(String(revision + 1)).create();
  watcher = w;
  w.on('data', onData);
  w.on('connected', () => changesPort.postMessage({ type: 'health', healthy: true }));
  w.on('disconnected', (e: Error) => changesPort.postMessage({ type: 'health', healthy: false, message: e.message }));
  w.on('error', (e: Error) => {
    if (closed) return;
    // Compacted past the last revision seen (after a long disconnection): re-list and go on from there.
    void (async () => {
      await w.cancel().catch(() => undefined);
      for (let attempt = 0; !closed; attempt++) {
        try {
          const { revision: now, entries } = await list();
          push([{ type: 'reset', revision: now, entries }]);
          advance(now);
          await watchFrom(now);
          return;
        } catch (err) {
          changesPort.postMessage({ type: 'health', healthy: false, message: `${e.message}; re-list failed: ${(err as Error).message}` });
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
        }
      }
    })();
  });
}

/** A revision at least as new as every change under the prefix so far: a write of the fence key the watch will deliver. */
async function fence(): Promise<number> {
  const res = await client.put(`${prefix}.podkit/fence/${data.id}`).value('').exec();
  return Number(res.header.revision);
}

async function write(w: JournalWrite, after: number): Promise<{ ok: boolean; revision: number; changes: JournalChange[] }> {
  const key = prefix + w.key;
  const cmp = w.expected === 0 ? client.if(key, 'Create', '==', 0) : client.if(key, 'Mod', '==', w.expected);
  const res = await (w.type === 'put' ? cmp.then(client.put(key).value(w.value ?? '')) : cmp.then(client.delete().key(key))).commit();
  // The write itself is under the prefix, so the watch delivers it, and everything before it, in order.
  // A failed compare has nothing of its own to wait for: a fence write stands in.
  const revision = res.succeeded ? Number(res.header.revision) : await fence();
  dropThrough(after);
  // The write directly follows what the store has: nothing happened in between, no need to wait.
  if (res.succeeded && revision === after + 1) {
    trim(revision);
    return { ok: true, revision, changes: [] };
  }
  const upTo = res.succeeded ? revision - 1 : revision;
  await waitSeen(upTo);
  const changes = buffer.filter((c) => c.revision <= upTo);
  trim(revision);
  return { ok: res.succeeded, revision, changes };
}

async function handle(req: WorkerRequest): Promise<void> {
  try {
    switch (req.op) {
      case 'load': {
        const { revision, entries } = await list();
        seen = revision;
        delivered = revision;
        await watchFrom(revision);
        reply({ id: req.id, ok: true, result: { revision, entries } });
        return;
      }
      case 'write':
        reply({ id: req.id, ok: true, result: await write(req.write, req.after) });
        return;
      case 'ack':
        dropThrough(req.after);
        return;
      case 'close':
        closed = true;
        for (const w of waiters) w.reject(new Error('closed'));
        waiters = [];
        await watcher?.cancel().catch(() => undefined);
        client.close();
        reply({ id: req.id, ok: true, result: undefined });
        return;
    }
  } catch (e) {
    const err = e as Error;
    reply({ id: req.id, ok: false, error: { name: err.name, message: err.message } });
  }
}

requests.on('message', (req: WorkerRequest) => void handle(req));
parentPort?.postMessage({ type: 'ready' });
