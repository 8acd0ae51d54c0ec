// pods/exec stdin over a raw WebSocket, frame by frame (§Z.1, §Z.2): channel-0 frames stream to the
// command; v5 ends stdin with the close signal [255, 0]; v4 has no close signal (only the socket's
// end); without stdin=true channel 0 is ignored; tty=true puts stderr on stdout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Cluster } from 'podkit';
import type { KubeApiServer } from 'podkit/server';
import { podManifest, startApi, until } from './helpers.js';

let cluster: Cluster;
let api: KubeApiServer;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ cluster, api, close } = await startApi());
  cluster.apply(podManifest('shell'));
  await until('shell running', () => (cluster.get('Pod', 'shell')?.status?.containerStatuses?.[0]?.state?.running !== undefined ? true : undefined), 20_000);
});
afterAll(async () => {
  await close?.();
});

/** One exec session: frames received by channel, a sender, and the end of the session. */
interface Session {
  readonly ws: WebSocket;
  readonly out: Record<number, string>;
  readonly done: Promise<void>;
  send(channel: number, data?: string | readonly number[]): void;
}

function openExec(params: Record<string, string | string[]>, protocol = 'v5.channel.k8s.io'): Promise<Session> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) query.append(k, one);
  const url = new URL(`/api/v1/namespaces/default/pods/shell/exec?${query.toString()}`, api.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url, [protocol], { headers: { Authorization: `Bearer ${api.token}` } });
  const out: Record<number, string> = {};
  ws.on('message', (data: Buffer) => {
    const channel = data[0] as number;
    out[channel] = (out[channel] ?? '') + data.subarray(1).toString('utf8');
  });
  const done = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    ws.on('open', () =>
      resolve({
        ws,
        out,
        done,
        send: (channel, data = '') => ws.send(Buffer.concat([Buffer.from([channel]), typeof data === 'string' ? Buffer.from(data) : Buffer.from(data)])),
      }),
    );
    ws.on('error', reject);
  });
}

const status = (s: Session): unknown => JSON.parse(s.out[3] ?? 'null');

describe('pods/exec stdin over v5.channel.k8s.io', () => {
  it('streams channel-0 frames to the command and ends its stdin at the close signal [255, 0] (§Z.1)', async () => {
    const s = await openExec({ command: 'cat', stdin: 'true', stdout: 'true', stderr: 'true' });
    expect(s.ws.protocol).toBe('v5.channel.k8s.io');
    s.send(0, 'h');
    s.send(0, 'i\n');
    s.send(255, [0]);
    await s.done;
    expect(s.out[1]).toBe('hi\n');
    expect(status(s)).toEqual({ metadata: {}, status: 'Success' });
  });

  it('counts lines split across frames (wc -l) and reports a non-zero exit after reading stdin (§Z.1)', async () => {
    const s = await openExec({ command: ['wc', '-l'], stdin: 'true', stdout: 'true' });
    s.send(0, 'a\nb');
    s.send(0, '\n');
    s.send(255, [0]);
    await s.done;
    expect(s.out[1]).toBe('2\n');
    const failing = await openExec({ command: ['sh', '-c', 'read x; echo "got $x"; exit 3'], stdin: 'true', stdout: 'true' });
    failing.send(0, 'line\n');
    await failing.done;
    expect(failing.out[1]).toBe('got line\n');
    expect(status(failing)).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } });
  });

  it('relays stdout and stderr frames while the command runs, so the client can answer a prompt (§Z.1)', async () => {
    const s = await openExec({ command: ['sh', '-c', 'echo "name?"; read n; echo "hello $n"; echo warn >&2'], stdin: 'true', stdout: 'true', stderr: 'true' });
    await until('the prompt', () => (s.out[1] === 'name?\n' ? true : undefined));
    expect(s.out[3]).toBeUndefined(); // still running, waiting for the answer
    s.send(0, 'podkit\n');
    await s.done;
    expect(s.out[1]).toBe('name?\nhello podkit\n');
    expect(s.out[2]).toBe('warn\n');
    const quiet = await openExec({ command: ['sh', '-c', 'echo out; echo err >&2'], stdout: 'true', stderr: 'false' });
    await quiet.done;
    expect(quiet.out).toMatchObject({ 1: 'out\n' });
    expect(quiet.out[2]).toBeUndefined();
  });

  it('ignores channel 0 without stdin=true: the command reads end-of-file at once (§Z.1)', async () => {
    for (const stdin of [undefined, 'false', 'FALSE', '0']) {
      const s = await openExec({ command: 'cat', stdout: 'true', ...(stdin === undefined ? {} : { stdin }) });
      s.send(0, 'ignored\n');
      await s.done;
      expect(s.out[1], `stdin=${stdin}`).toBeUndefined();
      expect(status(s)).toEqual({ metadata: {}, status: 'Success' });
    }
  });

  it('reads stdin=1 and stdin=True as true, as the API server\'s query codec does (§Z.1)', async () => {
    for (const stdin of ['1', 'True']) {
      const s = await openExec({ command: 'cat', stdin, stdout: 'true' });
      s.send(0, `${stdin}\n`);
      s.send(255, [0]);
      await s.done;
      expect(s.out[1]).toBe(`${stdin}\n`);
    }
  });

  it('runs on a terminal with tty=true: stderr arrives on stdout with CR LF line ends (§Z.2)', async () => {
    const s = await openExec({ command: ['sh', '-c', 'echo out; echo err >&2'], tty: 'true', stdout: 'true' });
    await s.done;
    expect(s.out[1]).toBe('out\r\nerr\r\n');
    expect(s.out[2]).toBeUndefined();
  });
});

describe('pods/exec stdin over v4.channel.k8s.io', () => {
  it('streams stdin, but has no close signal: [255, 0] is not end-of-file, only the socket end is (§Z.1)', async () => {
    const s = await openExec({ command: ['sh', '-c', 'read x; echo "got $x"'], stdin: 'true', stdout: 'true' }, 'v4.channel.k8s.io');
    expect(s.ws.protocol).toBe('v4.channel.k8s.io');
    s.send(0, 'v4\n');
    await s.done;
    expect(s.out[1]).toBe('got v4\n');

    const open = await openExec({ command: 'cat', stdin: 'true', stdout: 'true' }, 'v4.channel.k8s.io');
    open.send(0, 'x\n');
    open.send(255, [0]);
    await new Promise((r) => setTimeout(r, 300));
    expect(open.out[3]).toBeUndefined(); // cat still waits for more input
    open.ws.close();
    await open.done;
  });
});

describe('the exec stdin buffer (StdinStream)', () => {
  it('pauses the socket past 1 MiB buffered and resumes once the command has read it (§Z.1)', async () => {
    const { StdinStream } = await import('../../src/server/exec.js');
    const pressure: boolean[] = [];
    const s = new StdinStream((paused) => pressure.push(paused));
    s.push(Buffer.alloc(600 * 1024));
    expect(pressure).toEqual([]);
    s.push(Buffer.alloc(600 * 1024));
    expect(pressure).toEqual([true]);
    const it = s[Symbol.asyncIterator]();
    expect((await it.next()).value?.length).toBe(600 * 1024);
    expect(pressure.at(-1)).toBe(false);
    s.end();
    expect((await it.next()).value?.length).toBe(600 * 1024);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });
});
