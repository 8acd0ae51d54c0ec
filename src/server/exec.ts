// pods/exec over WebSocket, as kubectl 1.32 speaks it (`v5.channel.k8s.io`, and v4 for older
// clients): every binary message starts with its channel byte — 0 stdin, 1 stdout, 2 stderr,
// 3 error (the final Status, with the exit code), 4 resize, 255 close (v5). With `stdin=true` the
// channel-0 frames are streamed to the command as they arrive; end-of-file is the v5 close signal
// for the stdin stream (`[255, 0]`) or, in v4 (which has no close signal), the socket's end.
// `tty=true` runs the command on a terminal (stderr joins stdout); resize frames are ignored (the
// runtime port has no terminal size). Stdout and stderr are relayed as the command writes them
// (the runtime's `onOutput`).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Cluster } from '../controllers/cluster/cluster-api.js';
import { toStatus } from './status.js';

/** The channel protocols podkit accepts, most preferred first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const CLOSE = 255;
/** Stdin bytes buffered before the socket is paused until the command reads them. */
const STDIN_HIGH_WATER = 1024 * 1024;

/**
 * A boolean query parameter as the API server's parameter codec reads one
 * (`Convert_Slice_string_To_bool`): `0` and `false` (any case) are false, any other value (even
 * empty) is true; an absent one is `absent` (false upstream).
 */
function flag(query: URLSearchParams, name: string, absent = false): boolean {
  const value = query.get(name);
  if (value === null) return absent;
  return value !== '0' && value.toLowerCase() !== 'false';
}

function bufferOf(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * The stdin stream of one exec: channel-0 payloads queued as they arrive, read by the runtime as an
 * async iterable; it ends at the close signal or the socket's end. Past a high-water mark the
 * socket is paused (back-pressure to the client) until the command reads.
 */
export class StdinStream implements AsyncIterable<Uint8Array> {
  #chunks: Buffer[] = [];
  #size = 0;
  #ended = false;
  #wake: (() => void) | undefined;

  constructor(private readonly onPressure: (paused: boolean) => void = () => undefined) {}

  push(chunk: Buffer): void {
    if (this.#ended || chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    if (this.#size > STDIN_HIGH_WATER) this.onPressure(true);
    this.#notify();
  }

  end(): void {
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: async (): Promise<IteratorResult<Uint8Array>> => {
        while (this.#chunks.length === 0 && !this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
        const chunk = this.#chunks.shift();
        if (chunk === undefined) return { done: true, value: undefined };
        this.#size -= chunk.length;
        if (this.#size <= STDIN_HIGH_WATER) this.onPressure(false);
        return { done: false, value: chunk };
      },
      return: async (): Promise<IteratorResult<Uint8Array>> => {
        this.#chunks = [];
        this.#size = 0;
        this.end();
        this.onPressure(false);
        return { done: true, value: undefined };
      },
    };
  }
}

function frame(channel: number, data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

/** The Status written on the error channel at the end (upstream remotecommand's). */
export function execStatus(command: readonly string[], exitCode: number): unknown {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** Handles the upgrade requests of pods/exec. */
export class ExecServer {
  readonly #wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => EXEC_PROTOCOLS.find((p) => protocols.has(p)) ?? false,
  });

  constructor(private readonly cluster: Cluster) {}

  /** Upgrades the connection and runs the command of the request's query. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, target: { readonly namespace: string; readonly name: string }, query: URLSearchParams): void {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!EXEC_PROTOCOLS.some((p) => offered.includes(p))) {
      const body = JSON.stringify(toStatus(new Error(`unable to upgrade connection: no supported subprotocol among ${JSON.stringify(offered)} (supported: ${EXEC_PROTOCOLS.join(', ')})`)));
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => void this.#run(ws, target, query));
  }

  async #run(ws: WebSocket, target: { readonly namespace: string; readonly name: string }, query: URLSearchParams): Promise<void> {
    const command = query.getAll('command');
    const container = query.get('container') ?? undefined;
    const send = (channel: number, data: string | Buffer): void => {
      if (ws.readyState === ws.OPEN) ws.send(frame(channel, data));
    };
    const tty = flag(query, 'tty');
    let paused = false;
    const stdin = flag(query, 'stdin')
      ? new StdinStream((pause) => {
          if (pause === paused || ws.readyState !== ws.OPEN) return;
          paused = pause;
          if (pause) ws.pause();
          else ws.resume();
        })
      : undefined;
    // Channel 0 is stdin; a v5 close signal names the stream it closes; resize (4) is ignored.
    ws.on('message', (data: RawData) => {
      const bytes = bufferOf(data);
      if (bytes.length === 0) return;
      if (bytes[0] === STDIN) stdin?.push(bytes.subarray(1));
      else if (bytes[0] === CLOSE && ws.protocol === 'v5.channel.k8s.io' && bytes[1] === STDIN) stdin?.end();
    });
    ws.on('close', () => stdin?.end());
    try {
      if (command.length === 0) throw new Error('you must specify at least 1 command');
      // Lenient where upstream is strict: an absent stdout or stderr is wanted (upstream: false).
      const wanted = { stdout: flag(query, 'stdout', true), stderr: flag(query, 'stderr', true) };
      // Output is relayed as the command writes it (so typed input gets its answer at once).
      const onOutput = (stream: 'stdout' | 'stderr', chunk: Uint8Array): void => {
        if (wanted[stream]) send(stream === 'stdout' ? STDOUT : STDERR, Buffer.from(chunk));
      };
      const options = { namespace: target.namespace, onOutput, ...(stdin === undefined ? {} : { stdin }), ...(tty ? { tty } : {}) };
      const result = await this.cluster.exec(target.name, container === '' ? undefined : container, command, options);
      send(ERROR, JSON.stringify(execStatus(command, result.exitCode)));
    } catch (e) {
      const status = toStatus(e);
      send(ERROR, JSON.stringify({ metadata: {}, status: 'Failure', message: status.message, reason: status.reason, code: status.code }));
    } finally {
      // A paused socket could not read the client's close frame.
      if (paused && ws.readyState === ws.OPEN) ws.resume();
      ws.close(1000);
    }
  }

  close(): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }
}
