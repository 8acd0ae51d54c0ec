import { parseDuration } from '../../clock/duration.js';
import type { HttpProbeRequest, HttpProbeResult, TcpProbeRequest } from '../../runtime/container-runtime.js';
import type { Listener, SandboxNet } from './fake-network.js';
import type { FakeSandbox } from './fake-sandbox.js';
import type { FakeState } from './fake-state.js';
import type { FakeFault } from './types.js';

type ProbeFault = Extract<FakeFault, { type: 'probe' }>;

interface Route {
  readonly sandbox: FakeSandbox;
  readonly ip: string;
  readonly net: SandboxNet;
  readonly listener: Listener | undefined;
  readonly ready: boolean;
}

function route(state: FakeState, sandboxId: string, host: string | undefined, port: number): Route | string {
  const sb = state.sandbox(sandboxId);
  const ip = host ?? sb.ip ?? '';
  const target = state.netFor(sb, ip);
  if (target === undefined) return `dial tcp ${ip}:${port}: connect: no route to host`;
  return { sandbox: target.sandbox ?? sb, ip, net: target.net, ready: target.ready, listener: target.ready ? target.net.get(port) : undefined };
}

/** The injected probe fault for this request, if any (matched by pod, the listening container, port). */
function probeFault(state: FakeState, r: Route, kind: 'http' | 'tcp', port: number): ProbeFault | undefined {
  if (state.faults.size === 0) return undefined;
  const target = {
    pod: r.sandbox.pod,
    ...(r.listener === undefined ? {} : { container: r.listener.containerName, image: r.listener.image }),
  };
  return state.faults.take(['probe'], target, (f) => f.kind === kind && (f.port === undefined || f.port === port));
}

/** Waits a fault's delay; true if that reaches the timeout. */
async function delayed(state: FakeState, fault: ProbeFault | undefined, timeoutMs: number): Promise<boolean> {
  if (fault?.delayMs === undefined) return false;
  const ms = parseDuration(fault.delayMs, 'fault.delayMs');
  if (ms >= timeoutMs) {
    if (timeoutMs > 0) await state.delay(timeoutMs);
    return true;
  }
  if (ms > 0) await state.delay(ms);
  return false;
}

const PROBE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'User-Agent': 'kube-probe/1.34' });
const TIMEOUT = 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';

/** An HTTP GET into a pod (probes, hooks): a program's handler answers, or the fault says. */
export async function httpGet(state: FakeState, req: HttpProbeRequest): Promise<HttpProbeResult> {
  const r = route(state, req.sandboxId, req.host, req.port);
  if (typeof r === 'string') return { ok: false, error: r };
  const fault = probeFault(state, r, 'http', req.port);
  if (fault?.delayMs !== undefined && (await delayed(state, fault, req.timeoutMs))) return { ok: false, error: TIMEOUT };
  if (fault !== undefined && fault.kind === 'http' && fault.result !== undefined) {
    return typeof fault.result === 'number' ? { ok: true, statusCode: fault.result } : fault.result;
  }
  // Look again after a delay: the program may have stopped listening meanwhile.
  const listener = r.ready ? r.net.get(req.port) : undefined;
  if (listener === undefined || listener.proc.exited) return { ok: false, error: `dial tcp ${r.ip}:${req.port}: connect: connection refused` };
  if (listener.http === undefined) return { ok: false, error: 'net/http: HTTP/1.x transport connection broken: malformed HTTP response' };
  const headers = req.headers === undefined || req.headers.length === 0 ? PROBE_HEADERS : { ...PROBE_HEADERS, ...Object.fromEntries(req.headers.map((h) => [h.name, h.value])) };
  let answer = listener.http({ method: 'GET', path: req.path, host: r.ip, headers });
  if (answer instanceof Promise) {
    const clock = state.clock;
    answer = await new Promise((resolve) => {
      const timer = clock.setTimeout(() => resolve({ status: -1 }), req.timeoutMs);
      (answer as Promise<{ status: number; body?: string }>).then(
        (v) => (clock.clearTimeout(timer), resolve(v)),
        () => (clock.clearTimeout(timer), resolve({ status: -2 })),
      );
    });
  }
  if (answer.status === -1) return { ok: false, error: TIMEOUT };
  if (answer.status === -2) return { ok: false, error: 'EOF' };
  return answer.body === undefined ? { ok: true, statusCode: answer.status } : { ok: true, statusCode: answer.status, body: answer.body };
}

/** A TCP connect into a pod: true if a program listens on the port (or the fault says so). */
export async function tcpConnect(state: FakeState, req: TcpProbeRequest): Promise<boolean> {
  const r = route(state, req.sandboxId, req.host, req.port);
  if (typeof r === 'string') return false;
  const fault = probeFault(state, r, 'tcp', req.port);
  if (fault?.delayMs !== undefined && (await delayed(state, fault, req.timeoutMs))) return false;
  if (fault !== undefined && fault.kind === 'tcp' && fault.result !== undefined) return fault.result;
  const listener = r.ready ? r.net.get(req.port) : undefined;
  return listener !== undefined && !listener.proc.exited;
}
