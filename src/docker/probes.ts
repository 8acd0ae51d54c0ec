import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { HttpProbeResult } from '../runtime/container-runtime.js';

/** The body bytes an httpGet keeps (the kubelet reads at most 10 KiB). */
const BODY_LIMIT = 10 * 1024;

/** An HTTP GET from this process to an address, the way the kubelet's prober sends it. */
export interface HttpGetTarget {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly scheme: 'HTTP' | 'HTTPS';
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly timeoutMs: number;
}

/**
 * Sends one HTTP(S) GET (no redirects followed, TLS not verified, as the kubelet's prober) and
 * reports the status code and the first 10 KiB of the body, or the failure to connect / the timeout.
 */
export function httpGetFromHost(target: HttpGetTarget): Promise<HttpProbeResult> {
  return new Promise<HttpProbeResult>((resolve) => {
    const headers: Record<string, string> = { 'User-Agent': 'kube-probe/podkit', Accept: '*/*' };
    for (const h of target.headers ?? []) headers[h.name] = h.value;
    const client = target.scheme === 'HTTPS' ? https : http;
    const path = target.path.startsWith('/') ? target.path : `/${target.path}`;
    let settled = false;
    const settle = (result: HttpProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = client.request(
      { host: target.host, port: target.port, path, method: 'GET', headers, rejectUnauthorized: false, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < BODY_LIMIT) chunks.push(chunk.subarray(0, BODY_LIMIT - size));
          size += chunk.length;
        });
        const done = (): void => settle({ ok: true, statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        res.on('end', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      settle({ ok: false, error: `timeout after ${target.timeoutMs} ms (GET ${target.scheme.toLowerCase()}://${target.host}:${target.port}${path})` });
      req.destroy();
    }, target.timeoutMs);
    req.on('error', (error: Error) => settle({ ok: false, error: error.message }));
    req.end();
  });
}

/** Opens (and closes) a TCP connection; true if it connected within the timeout. */
export function tcpConnectFromHost(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
