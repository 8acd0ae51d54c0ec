// serveKubeApi: the Kubernetes REST API of a podkit cluster over HTTPS (a CA and serving
// certificate generated at start) with bearer-token authentication, so kubectl and
// @kubernetes/client-node work against it. A translation layer: each request becomes a store
// call (or a call on the server's Namespace/Event views) and its answer is encoded back.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Cluster } from '../controllers/cluster/cluster-api.js';
import { PodkitError } from '../errors.js';
import type { Pod } from '../model/index.js';
import type { StoreKind } from '../store/object-store.js';
import { readOnlyBackend, storeBackend, type ApiObject, type Backend } from './backends.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { EVENT_SELECTOR, EventsView } from './events-view.js';
import { ExecServer } from './exec.js';
import { sendError, sendJson } from './http.js';
import { kubeconfigText } from './kubeconfig.js';
import { NamespaceRegistry } from './namespaces.js';
import { openApiDocuments, openApiRoot } from './openapi.js';
import { apiResources, findResource, type ApiResource } from './resources.js';
import { handleResource, type RestContext, type ResourceTarget } from './rest.js';
import { ApiError, toStatus } from './status.js';
import { generateServingCertificate } from './tls.js';

/** Options of {@link serveKubeApi}. */
export interface ServeKubeApiOptions {
  /** The address to listen on. Default `127.0.0.1` (only this machine). */
  readonly host?: string;
  /** The port; `0` (the default) picks a free one. */
  readonly port?: number;
  /** The bearer token every request must carry (except /version and the health checks). Default: 32 random bytes, hex. */
  readonly token?: string;
  /**
   * TLS: the serving certificate and key (PEM), or `false` for plain HTTP (kubectl then sends no
   * token at all: use it only with clients that do, on a trusted host). Default: a CA and a
   * certificate for `host`, `localhost`, `127.0.0.1` and `::1` generated at start; the CA is in the
   * kubeconfig.
   */
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca?: string } | false;
  /** Largest accepted request body in bytes. Default 3 MiB (upstream's limit for an object). */
  readonly maxRequestBytes?: number;
  /** Wall-clock interval of watch bookmarks, in ms. Default 60 000. */
  readonly bookmarkIntervalMs?: number;
  /** A watcher with more unsent bytes than this is disconnected. Default 16 MiB. */
  readonly maxWatchBufferBytes?: number;
}

/** A running API server (see {@link serveKubeApi}). */
export interface KubeApiServer {
  /** `https://127.0.0.1:<port>` (or `http://` with `tls: false`). */
  readonly url: string;
  /** The bearer token clients must send. */
  readonly token: string;
  /** PEM of the CA clients should trust (absent with `tls: false` or a given certificate without `ca`). */
  readonly caPem: string | undefined;
  /** kubeconfig YAML with context `podkit` for this server. */
  kubeconfig(): string;
  /** Writes {@link KubeApiServer.kubeconfig} to a file (mode 0600). */
  writeKubeconfig(path: string): Promise<void>;
  /** Stops listening, ends open watches and connections. The cluster is left running. */
  close(): Promise<void>;
}

const UNAUTHENTICATED = /^\/(version|healthz|readyz|livez)(\/.*)?$/;

function sameToken(header: string | undefined, expected: Buffer): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (m === null) return false;
  const got = createHash('sha256').update(m[1] as string).digest();
  return timingSafeEqual(got, expected);
}

/** The resource a path names, with its namespace, name and subresource. */
function parseResourcePath(segments: readonly string[]): { target: ResourceTarget; watch: boolean } | undefined {
  let rest: string[];
  let group: string;
  let version: string;
  if (segments[0] === 'api' && segments.length >= 3) {
    group = '';
    version = segments[1] as string;
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 4) {
    group = segments[1] as string;
    version = segments[2] as string;
    rest = segments.slice(3);
  } else return undefined;
  let watch = false;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3 && group === '' && !['status', 'finalize'].includes(rest[2] as string)) {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 3 && group !== '') {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (plural === undefined || extra.length > 0) return undefined;
  const resource = findResource(group, version, plural);
  if (resource === undefined) return undefined;
  if (namespace !== undefined && !resource.namespaced) return undefined;
  return { target: { resource, namespace, name, subresource }, watch };
}

/**
 * Serves the Kubernetes API of `cluster` (see docs/guides/kubectl.md): discovery, CRUD, list
 * and watch with selectors, pagination and resourceVersion semantics, JSON merge / JSON /
 * strategic merge patches and server-side apply, server-side Tables (kubectl's columns from
 * podkit's printers), the status, scale, binding and eviction subresources, Namespaces and the
 * cluster's Events. HTTPS with a generated CA and a bearer token by default; listens on
 * 127.0.0.1 unless told otherwise.
 *
 * @example
 * ```ts
 * import { createCluster } from 'podkit';
 * import { serveKubeApi } from 'podkit/server';
 * const cluster = createCluster({ nodes: [{ name: 'node-1', runtime }] });
 * const api = await serveKubeApi(cluster);
 * await api.writeKubeconfig('./podkit.kubeconfig'); // kubectl --kubeconfig ./podkit.kubeconfig get pods
 * ```
 */
export async function serveKubeApi(cluster: Cluster, options: ServeKubeApiOptions = {}): Promise<KubeApiServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PodkitError('invalid_argument', `serveKubeApi: port: expected an integer from 0 to 65535, received ${String(port)}.`, { details: { field: 'port' } });
  const token = options.token ?? randomBytes(32).toString('hex');
  if (token === '' || /\s/.test(token)) throw new PodkitError('invalid_argument', 'serveKubeApi: token: expected a non-empty string without whitespace.', { details: { field: 'token' } });
  const expected = createHash('sha256').update(token).digest();
  let tls: { cert: string; key: string; ca: string | undefined } | undefined;
  if (options.tls === undefined) {
    const generated = await generateServingCertificate([host]);
    tls = { cert: generated.certPem, key: generated.keyPem, ca: generated.caPem };
  } else if (options.tls !== false) {
    tls = { cert: options.tls.cert, key: options.tls.key, ca: options.tls.ca };
  }

  const store = cluster.store;
  const now = (): number => cluster.clock.now();
  const namespacedStoreKinds = (): StoreKind[] => apiResources().filter((r) => r.source === 'store' && r.namespaced).map((r) => r.kind as StoreKind);
  const namespaceResource = apiResources().find((r) => r.kind === 'Namespace') as ApiResource;
  const namespaces = new NamespaceRegistry(store, now, namespaceResource, namespacedStoreKinds);
  const events = new EventsView(cluster.events(), cluster.events$);
  const backends = new Map<ApiResource, Backend>();
  const openWatches = new Set<ServerResponse>();
  const backend = (resource: ApiResource): Backend => {
    let b = backends.get(resource);
    if (b === undefined) {
      b = resource.source === 'namespaces' ? namespaces : resource.source === 'events' ? readOnlyBackend(resource, events.items, EVENT_SELECTOR) : storeBackend(store, resource);
      backends.set(resource, b);
    }
    return b;
  };
  const ctx: RestContext = {
    backend,
    now,
    requireNamespace: (ns) => namespaces.requireWritable(ns),
    maxBodyBytes: options.maxRequestBytes ?? 3 * 1024 * 1024,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    maxWatchBufferBytes: options.maxWatchBufferBytes ?? 16 * 1024 * 1024,
    defaultWatchTimeoutSeconds: 1800 + Math.floor(Math.random() * 1800),
    openWatches,
    scale: (resource, namespace, name, replicas, resourceVersion) => {
      const obj = backend(resource).get(namespace, name);
      if (resourceVersion !== undefined && resourceVersion !== obj.metadata.resourceVersion) {
        throw new PodkitError('conflict', `Operation cannot be fulfilled on ${resource.plural}.${resource.group} ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`);
      }
      return backend(resource).update({ ...obj, spec: { ...(obj.spec as object), replicas } } as ApiObject);
    },
    logs: (pod, options) => cluster.logStream(pod, options),
    bind: (namespace, name, nodeName) => {
      const pod = store.get('Pod', name, namespace);
      if (store.bind !== undefined) store.bind(pod, nodeName);
      else store.update({ ...pod, spec: { ...pod.spec, nodeName } } as Pod);
    },
  };

  let serverAddress = `${host}:${port}`;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void serve(req, res).catch((e: unknown) => sendError(res, e));
  };
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://podkit');
    const path = url.pathname;
    if (!UNAUTHENTICATED.test(path) && !sameToken(req.headers.authorization, expected)) {
      sendError(res, new ApiError(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    let segments: string[];
    try {
      segments = path.split('/').filter((s) => s !== '').map(decodeURIComponent);
    } catch {
      throw new ApiError(400, 'BadRequest', `malformed path ${JSON.stringify(path)}`);
    }
    if (/^\/(healthz|readyz|livez)(\/.*)?$/.test(path)) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    const method = req.method ?? 'GET';
    const getOnly = (body: unknown): void => {
      if (method !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      if (body === undefined) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
      sendJson(res, 200, body);
    };
    if (path === '/version') return getOnly(versionInfo());
    if (path === '/api') return getOnly(apiVersions(serverAddress));
    if (path === '/apis') return getOnly(apiGroupList());
    if (segments[0] === 'api' && segments.length === 2) return getOnly(apiResourceList('', segments[1] as string));
    if (segments[0] === 'apis' && segments.length === 2) return getOnly(apiGroup(segments[1] as string));
    if (segments[0] === 'apis' && segments.length === 3) return getOnly(apiResourceList(segments[1] as string, segments[2] as string));
    if (segments[0] === 'openapi' && segments[1] === 'v3') {
      const docs = openApiDocuments();
      return getOnly(segments.length === 2 ? openApiRoot(docs) : docs.get(segments.slice(2).join('/')));
    }
    const parsed = parseResourcePath(segments);
    if (parsed === undefined) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
    const query = url.searchParams;
    if (parsed.watch) query.set('watch', 'true');
    const { target } = parsed;
    try {
      await handleResource(ctx, req, res, target, query);
    } catch (e) {
      sendError(res, e, target.resource, target.name);
    }
  };

  const server: Server = tls === undefined ? createHttpServer(handler) : createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
  server.keepAliveTimeout = 30_000;
  const exec = new ExecServer(cluster);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (error: unknown): void => {
      const status = toStatus(error);
      const body = JSON.stringify(status);
      socket.end(`HTTP/1.1 ${status.code} ${status.reason ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    };
    socket.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://podkit');
    if (!sameToken(req.headers.authorization, expected)) return refuse(new ApiError(401, 'Unauthorized', 'Unauthorized'));
    const parsed = parseResourcePath(url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s)));
    if (parsed === undefined || parsed.target.resource.kind !== 'Pod' || parsed.target.subresource !== 'exec' || parsed.target.name === undefined) {
      return refuse(new ApiError(400, 'BadRequest', 'upgrade requests are served for pods/exec only'));
    }
    try {
      exec.upgrade(req, socket, head, { namespace: parsed.target.namespace ?? 'default', name: parsed.target.name }, url.searchParams);
    } catch (e) {
      refuse(e);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  serverAddress = `${urlHost}:${address.port}`;
  const url = `${tls === undefined ? 'http' : 'https'}://${serverAddress}`;
  const caPem = tls?.ca;
  const kubeconfig = (): string => kubeconfigText({ url, token, caPem });
  let closed: Promise<void> | undefined;
  return {
    url,
    token,
    caPem,
    kubeconfig,
    writeKubeconfig: async (file) => writeFile(file, kubeconfig(), { mode: 0o600 }),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const res of openWatches) res.end();
        openWatches.clear();
        namespaces.close();
        events.close();
        exec.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
