// HTTP plumbing of the API server: bounded request bodies (JSON or YAML), JSON answers, Status
// errors, and content negotiation for server-side Tables.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { decodeKubeProtobuf, PROTOBUF_MEDIA_TYPE, ProtobufError } from './protobuf/decode.js';
import { ApiError, badRequest, toStatus, type KubeStatus } from './status.js';

/** Reads the whole body, refusing more than `limit` bytes with 413 RequestEntityTooLarge. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

/** The media type of a request body (`application/json`), without parameters. */
export const mediaType = (req: IncomingMessage): string => (req.headers['content-type'] ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? 'application/json';

/**
 * Parses a JSON, YAML or Kubernetes protobuf (`application/vnd.kubernetes.protobuf`) body into a
 * value in the JSON shape; 400 for bad syntax or malformed protobuf, 415 for other media types
 * (and for protobuf of a kind podkit does not decode). Protobuf fields podkit does not decode
 * become `Warning` headers on `res`.
 */
export function parseBody(body: Buffer, type: string, accepted: readonly string[], res?: ServerResponse): unknown {
  if (!accepted.includes(type)) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
  }
  if (type === PROTOBUF_MEDIA_TYPE) return parseProtobuf(body, res);
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request is empty');
  try {
    return type.endsWith('yaml') ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding ${type.endsWith('yaml') ? 'YAML' : 'JSON'}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseProtobuf(body: Buffer, res: ServerResponse | undefined): unknown {
  if (body.length === 0) throw badRequest('the body of the request is empty');
  try {
    const decoded = decodeKubeProtobuf(body);
    if (res !== undefined) addWarnings(res, decoded.warnings);
    return decoded.object;
  } catch (e) {
    if (!(e instanceof ProtobufError)) throw e;
    if (e.reason === 'unsupported_kind') throw new ApiError(415, 'UnsupportedMediaType', e.message);
    throw badRequest(e.message);
  }
}

/** Appends `Warning: 299` headers (kube-apiserver's warning format) to an answer not yet sent. */
export function addWarnings(res: ServerResponse, messages: readonly string[]): void {
  if (messages.length === 0 || res.headersSent) return;
  const existing = res.getHeader('Warning');
  const all = [...(Array.isArray(existing) ? existing : existing === undefined ? [] : [String(existing)]), ...messages.map((m) => `299 - ${JSON.stringify(m)}`)];
  res.setHeader('Warning', all);
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/** Writes the Status of an error. */
export function sendError(res: ServerResponse, error: unknown, context?: Parameters<typeof toStatus>[1], name?: string): KubeStatus {
  const status = toStatus(error, context, name);
  if (res.headersSent) {
    res.destroy();
    return status;
  }
  const headers: Record<string, string> = {};
  const retry = status.details?.retryAfterSeconds;
  if (retry !== undefined) headers['Retry-After'] = String(retry);
  const text = JSON.stringify(status);
  res.writeHead(status.code, { ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
  return status;
}

/** What the client asked for in `Accept`: a `meta.k8s.io` Table, or plain objects. */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  for (const part of accept.split(',')) {
    const params = part.split(';').map((p) => p.trim());
    if (params[0] !== 'application/json') continue;
    const get = (k: string) => params.find((p) => p.startsWith(`${k}=`))?.slice(k.length + 1);
    if (get('as') === 'Table' && get('g') === 'meta.k8s.io' && (get('v') === 'v1' || get('v') === 'v1beta1')) return true;
    if (get('as') === undefined) return false;
  }
  return false;
}

/** The Content-Type of a Table answer. */
export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** A query parameter as an integer (400 if malformed). */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(raw)}: must be an integer`);
  return Number(raw);
}

/** A query parameter as a boolean (`true`/`1`). */
export const boolParam = (query: URLSearchParams, name: string): boolean => query.get(name) === 'true' || query.get(name) === '1';
