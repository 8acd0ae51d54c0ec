import type { Command, CommandContext } from '../command.js';
import { FakeDir, FakeFile, pathSegments } from '../fake-fs.js';
import type { FakeHttpHandler, FakeHttpResponse } from '../types.js';
import { sleepSeconds } from './basic.js';

/** Reason phrases for the status line wget prints. */
export const HTTP_REASONS: Readonly<Record<number, string>> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The IP a hostname means inside the pod (for messages). */
function shownIp(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}

/** An HTTP handler serving the files under `home` of the container's filesystem, read per request. */
export function staticFiles(ctx: CommandContext, home: string): FakeHttpHandler {
  const resolved = new Map<string, string[]>();
  const fs = ctx.host.fs;
  return (req) => {
    let segs = resolved.get(req.path);
    if (segs === undefined) {
      segs = pathSegments(`${home}/${decodeURIComponent(req.path.split('?')[0] ?? '/')}`, ctx.cwd);
      if (resolved.size >= 1_000) resolved.clear();
      resolved.set(req.path, segs);
    }
    let node = fs.statSegments(segs);
    if (node instanceof FakeDir) node = node.entries.get('index.html');
    if (node instanceof FakeFile) return { status: 200, body: node.content };
    return NOT_FOUND;
  };
}

const NOT_FOUND: FakeHttpResponse = {
  status: 404,
  body: '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n',
};

/** `httpd [-f] -p [IP:]PORT [-h DIR]`: serves files. Without `-f` it "daemonizes": serves on and returns 0. */
const httpd: Command = async (ctx, argv) => {
  let port = 80;
  let home = '.';
  let foreground = false;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (!a.startsWith('-')) continue;
    if (a.includes('f')) foreground = true;
    if (a.endsWith('p')) port = Number((argv[++k] ?? '80').split(':').at(-1));
    else if (a.endsWith('h')) home = argv[++k] ?? '.';
  }
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    ctx.io.err.write(`httpd: invalid port\n`);
    return 1;
  }
  if (!ctx.host.listen(ctx.proc, port, staticFiles(ctx, home))) {
    ctx.io.err.write('httpd: bind: Address already in use\n');
    return 1;
  }
  if (!foreground) return 0;
  await ctx.proc.sleep(Number.POSITIVE_INFINITY);
  return 0;
};

/** Sends a GET through the pod network; the response, or the wget error text. */
export async function fetchInPod(ctx: CommandContext, url: string, timeoutMs: number): Promise<FakeHttpResponse | string> {
  const m = /^(?:https?:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (m === null) return `bad address '${url}'`;
  const host = m[1] as string;
  const port = m[2] === undefined ? (url.startsWith('https') ? 443 : 80) : Number(m[2]);
  const conn = ctx.host.connect(host, port);
  if (conn.kind === 'unreachable') return `bad address '${host}'`;
  if (conn.kind === 'refused') return `can't connect to remote host (${shownIp(host)}): Connection refused`;
  if (conn.http === undefined) return 'error getting response: Connection reset by peer';
  const answer = conn.http({ method: 'GET', path: m[3] ?? '/', host, headers: { 'User-Agent': 'Wget' } });
  if (!(answer instanceof Promise)) return answer;
  const clock = ctx.host.clock;
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve('download timed out'), timeoutMs);
    answer.then(
      (r) => (clock.clearTimeout(timer), resolve(r)),
      (e: unknown) => (clock.clearTimeout(timer), resolve(`error getting response: ${String(e)}`)),
    );
  });
}

/** `wget [-q] [-O FILE|-] [-T SEC] [--spider] URL` (busybox flavour). */
const wget: Command = async (ctx, argv) => {
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  let timeoutMs = 900_000;
  let url: string | undefined;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (a === '-q') quiet = true;
    else if (a === '-O') output = argv[++k];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-T') timeoutMs = (sleepSeconds(argv[++k] ?? '') ?? 900) * 1000;
    else if (a === '--spider' || a === '-s') spider = true;
    else if (a === '-qO') (quiet = true), (output = argv[++k]);
    else if (!a.startsWith('-')) url = a;
  }
  if (url === undefined) {
    ctx.io.err.write('wget: missing URL\n');
    return 1;
  }
  if (!quiet) ctx.io.err.write(`Connecting to ${url.replace(/^https?:\/\//, '').split('/')[0]}\n`);
  const res = await fetchInPod(ctx, url, timeoutMs);
  if (typeof res === 'string') {
    ctx.io.err.write(`wget: ${res}\n`);
    return 1;
  }
  if (res.status < 200 || res.status >= 300) {
    ctx.io.err.write(`wget: server returned error: HTTP/1.1 ${res.status} ${HTTP_REASONS[res.status] ?? ''}\n`);
    return 1;
  }
  if (spider) return 0;
  const body = res.body ?? '';
  const file = output ?? (url.split('?')[0]?.split('/').slice(3).at(-1) || 'index.html');
  if (file === '-') {
    if (!quiet) ctx.io.err.write('writing to stdout\n');
    ctx.io.out.write(body);
    return 0;
  }
  if (!quiet) ctx.io.err.write(`saving to '${file}'\n`);
  const error = ctx.host.fs.writeFile(file, body, false, ctx.cwd);
  if (error !== undefined) {
    ctx.io.err.write(`wget: can't open '${file}': ${error}\n`);
    return 1;
  }
  return 0;
};

/** `nc -z [-w N] HOST PORT` checks a port; `nc -l [-k] -p PORT` (or `-lp PORT`, `-l PORT`) listens until killed. */
const nc: Command = async (ctx, argv) => {
  const flags = argv.slice(1).filter((a) => a.startsWith('-')).join('');
  const operands: string[] = [];
  let port: number | undefined;
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (a.startsWith('-') && a.endsWith('p')) port = Number(argv[++k]);
    else if (a === '-w') k++;
    else if (!a.startsWith('-')) operands.push(a);
  }
  if (flags.includes('l')) {
    const p = port ?? Number(operands.at(-1));
    if (!Number.isInteger(p) || !ctx.host.listen(ctx.proc, p, undefined)) {
      ctx.io.err.write(`nc: bind: Address already in use\n`);
      return 1;
    }
    await ctx.proc.sleep(Number.POSITIVE_INFINITY);
    return 0;
  }
  const [host, p] = operands;
  if (host === undefined || p === undefined) {
    ctx.io.err.write('nc: usage: nc [-z] HOST PORT\n');
    return 1;
  }
  const conn = ctx.host.connect(host, Number(p));
  if (conn.kind === 'open') return 0;
  ctx.io.err.write(conn.kind === 'refused' ? `nc: can't connect to remote host (${shownIp(host)}): Connection refused\n` : `nc: bad address '${host}'\n`);
  return 1;
};

/** Network programs: httpd, wget, nc. */
export const NET_PROGRAMS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['httpd', httpd],
  ['wget', wget],
  ['nc', nc],
]);
