// pods/exec over WebSocket, as kubectl 1.32 speaks it (`v5.channel.k8s.io`, and v4 for older
// clients): every binary message starts with its channel byte — 0 stdin, 1 stdout, 2 stderr,
// 3 error (the final Status, with the exit code), 4 resize, 255 close (v5). The runtime port runs
// a command to completion (no stdin, no TTY), so stdout and stderr arrive when it exits.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Cluster } from '../controllers/cluster/cluster-api.js';
import { toStatus } from './status.js';

/** The channel protocols podkit accepts, most preferred first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;

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
    // stdin (channel 0), resize (4) and close (255) frames are read and ignored: commands run without input.
    ws.on('message', () => undefined);
    try {
      if (command.length === 0) throw new Error('you must specify at least 1 command');
      const result = await this.cluster.exec(target.name, container === '' ? undefined : container, command, { namespace: target.namespace });
      if (query.get('stdout') !== 'false' && result.stdout !== '') send(STDOUT, result.stdout);
      if (query.get('stderr') !== 'false' && result.stderr !== '') send(STDERR, result.stderr);
      send(ERROR, JSON.stringify(execStatus(command, result.exitCode)));
    } catch (e) {
      const status = toStatus(e);
      send(ERROR, JSON.stringify({ metadata: {}, status: 'Failure', message: status.message, reason: status.reason, code: status.code }));
    } finally {
      ws.close(1000);
    }
  }

  close(): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }
}
