// Watches over HTTP: newline-delimited `WatchEvent` JSON in a chunked response (ADDED, MODIFIED,
// DELETED, BOOKMARK, ERROR), from a resourceVersion or from the current state, with
// `timeoutSeconds`, bookmarks, `sendInitialEvents`, and Tables for `kubectl get -w`. A watcher
// whose connection cannot keep up (its unsent bytes pass a bound) is closed, as upstream closes
// unresponsive watchers; the client then resumes from its last resourceVersion (or relists on 410).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { throwError, type Observable, type Subscription } from 'rxjs';
import { PodkitError } from '../errors.js';
import type { WatchEvent } from '../store/object-store.js';
import type { ApiObject, Backend, Selection } from './backends.js';
import { sendError, TABLE_CONTENT_TYPE } from './http.js';
import { groupVersionOf, type ApiResource } from './resources.js';
import { toStatus } from './status.js';
import { tableRow, tableColumns } from './table.js';

/** Server-wide watch settings. */
export interface WatchContext {
  /** The cluster's time (Table ages). */
  readonly now: () => number;
  /** Wall-clock ms between bookmarks of a watch that allows them. */
  readonly bookmarkIntervalMs: number;
  /** A watcher with more unsent bytes than this is closed. */
  readonly maxWatchBufferBytes: number;
  /** Watches without `timeoutSeconds` end after this many wall-clock seconds (upstream: 30–60 min). */
  readonly defaultWatchTimeoutSeconds: number;
  /** Open watches, so `close()` can end them. */
  readonly openWatches: Set<ServerResponse>;
}

/** One watch request. */
export interface WatchRequest {
  readonly resource: ApiResource;
  readonly backend: Backend;
  readonly namespace: string | undefined;
  readonly selection: Selection;
  readonly resourceVersion: string | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly allowBookmarks: boolean;
  readonly sendInitialEvents: boolean;
  /** Set for Table output: what each row carries. */
  readonly table: 'None' | 'Metadata' | 'Object' | undefined;
}

const TYPES = { Added: 'ADDED', Modified: 'MODIFIED', Deleted: 'DELETED' } as const;

/**
 * Each stored object is frozen and every watcher of it writes the same line: encode it once per
 * event type (watch fan-out to many watchers then costs one JSON encoding per change, not one per
 * watcher).
 */
const encoded = new WeakMap<object, Partial<Record<string, string>>>();
function eventLine(type: string, object: ApiObject): string {
  let byType = encoded.get(object);
  if (byType === undefined) encoded.set(object, (byType = {}));
  return (byType[type] ??= `{"type":"${type}","object":${JSON.stringify(object)}}\n`);
}

/** Serves a watch until the client leaves, the timeout passes, or the server closes. */
export function serveWatch(ctx: WatchContext, req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
  const rv = w.resourceVersion === '' ? undefined : w.resourceVersion;
  if (rv !== undefined && !/^\d+$/.test(rv)) {
    sendError(res, new PodkitError('invalid_argument', `Invalid value: ${JSON.stringify(rv)}: resourceVersion must be a non-negative integer`));
    return;
  }
  // sendInitialEvents (watch-list): the current state as ADDED events, then a bookmark.
  const fromRv = w.sendInitialEvents ? undefined : rv;
  let stream: Observable<WatchEvent<ApiObject>>;
  try {
    stream = w.backend.watch(w.namespace, { ...w.selection, ...(fromRv === undefined ? {} : { resourceVersion: fromRv }) });
  } catch (e) {
    // A too-old resourceVersion is an ERROR event in a 200 stream (the watch cache's errWatcher); anything else fails the request.
    if (!(e instanceof PodkitError && e.code === 'expired')) {
      sendError(res, e, w.resource);
      return;
    }
    stream = throwError(() => e);
  }
  const wantsInitial = w.sendInitialEvents || rv === undefined || rv === '0';
  let lastRv = rv ?? '0';
  let sub: Subscription | undefined;
  let firstTable = true;
  let closed = false;
  let timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  let bookmarkTimer: ReturnType<typeof setTimeout> | undefined;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    sub?.unsubscribe();
    clearTimeout(timeoutTimer);
    clearTimeout(bookmarkTimer);
    ctx.openWatches.delete(res);
    if (!res.writableEnded) res.end();
  };
  const write = (type: string, object: unknown): void => {
    if (closed) return;
    res.write(`${JSON.stringify({ type, object })}\n`);
    if (res.writableLength > ctx.maxWatchBufferBytes) finish();
  };
  const encode = (obj: ApiObject): unknown => {
    if (w.table === undefined) return obj;
    const table = {
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { resourceVersion: obj.metadata.resourceVersion ?? '' },
      columnDefinitions: firstTable ? tableColumns(w.resource) : [],
      rows: [tableRow(w.resource, obj, ctx.now(), w.table)],
    };
    firstTable = false;
    return table;
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    write('BOOKMARK', { kind: w.resource.kind, apiVersion: groupVersionOf(w.resource), metadata: { resourceVersion: lastRv, ...(annotations === undefined ? {} : { annotations }) } });
  };
  res.writeHead(200, { 'Content-Type': w.table === undefined ? 'application/json' : TABLE_CONTENT_TYPE, 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  ctx.openWatches.add(res);
  req.on('close', finish);
  res.on('close', finish);
  let initial = wantsInitial;
  sub = stream.subscribe({
    next: (e: WatchEvent<ApiObject>) => {
      lastRv = e.object.metadata.resourceVersion ?? lastRv;
      if (closed) return;
      if (w.table === undefined && Object.isFrozen(e.object)) {
        res.write(eventLine(TYPES[e.type], e.object));
        if (res.writableLength > ctx.maxWatchBufferBytes) finish();
      } else write(TYPES[e.type], encode(e.object));
    },
    error: (e: unknown) => {
      const status = toStatus(e, w.resource);
      write('ERROR', status);
      finish();
    },
    complete: finish,
  });
  // The store delivers the initial state synchronously on subscribe.
  if (initial) {
    initial = false;
    if (w.sendInitialEvents && w.allowBookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
  }
  const timeout = w.timeoutSeconds !== undefined && w.timeoutSeconds > 0 ? w.timeoutSeconds : ctx.defaultWatchTimeoutSeconds;
  timeoutTimer = setTimeout(finish, timeout * 1000);
  timeoutTimer.unref();
  if (w.allowBookmarks) {
    const tick = (): void => {
      if (closed) return;
      bookmark();
      bookmarkTimer = setTimeout(tick, ctx.bookmarkIntervalMs);
      bookmarkTimer.unref();
    };
    bookmarkTimer = setTimeout(tick, ctx.bookmarkIntervalMs);
    bookmarkTimer.unref();
  }
}
