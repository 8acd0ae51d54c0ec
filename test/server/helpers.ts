// A podkit cluster on the FakeRuntime and the system clock, served by serveKubeApi, and a small
// HTTP client for the tests (plain HTTP with a token, or HTTPS trusting the server's CA).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createCluster, SystemClock, type Cluster } from 'podkit';
import { serveKubeApi, type KubeApiServer, type ServeKubeApiOptions } from 'podkit/server';
import { FakeRuntime } from 'podkit/testing';

/** An HTTP answer: status, headers and body text (and JSON when it parses). */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  readonly json: any;
}

/** Sends one request to the server. */
export function call(api: KubeApiServer, method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; token?: string | null; contentType?: string } = {}): Promise<Answer> {
  const url = new URL(path, api.url);
  const body = options.body === undefined ? undefined : typeof options.body === 'string' || Buffer.isBuffer(options.body) ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? api.token : options.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (body !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, ...(url.protocol === 'https:' ? { ca: api.caPem } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Opens a watch and collects its events until `stop()`; `events` fills as lines arrive. */
export function openWatch(api: KubeApiServer, path: string, headers: Record<string, string> = {}): { events: any[]; status: Promise<number>; ended: Promise<void>; stop: () => void } {
  const url = new URL(path, api.url);
  const events: any[] = [];
  let stop = (): void => undefined;
  let resolveStatus: (n: number) => void = () => undefined;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const ended = new Promise<void>((resolveEnded) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { headers: { Accept: 'application/json', Authorization: `Bearer ${api.token}`, ...headers }, ...(url.protocol === 'https:' ? { ca: api.caPem } : {}) }, (res) => {
      resolveStatus(res.statusCode ?? 0);
      let buffer = '';
      res.on('data', (c: Buffer) => {
        buffer += c.toString('utf8');
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim() !== '') events.push(JSON.parse(line));
          nl = buffer.indexOf('\n');
        }
      });
      res.on('end', () => {
        if (buffer.trim() !== '') events.push(JSON.parse(buffer));
        resolveEnded();
      });
      res.on('error', () => resolveEnded());
    });
    req.on('error', () => resolveEnded());
    req.end();
    stop = () => req.destroy();
  });
  return { events, status, ended, stop: () => stop() };
}

/** Polls until `check` returns something other than undefined (or fails after `timeoutMs`). */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A cluster of `nodes` fake nodes on the system clock, served with `options` (plain HTTP unless `tls` is given). */
export async function startApi(options: ServeKubeApiOptions & { nodes?: number } = {}): Promise<{ cluster: Cluster; api: KubeApiServer; close: () => Promise<void> }> {
  const clock = new SystemClock();
  const { nodes = 1, ...serve } = options;
  const cluster = createCluster({ clock, nodes: Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}`, runtime: new FakeRuntime({ clock }) })) });
  const api = await serveKubeApi(cluster, { tls: false, ...serve });
  return {
    cluster,
    api,
    close: async () => {
      await api.close();
      await cluster.close();
    },
  };
}

/** A pod manifest. */
export const podManifest = (name: string, extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): any => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi; sleep 3600'] }], ...extra },
});
