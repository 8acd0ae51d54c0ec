/**
 * Runs the handlers probes and lifecycle hooks share — `exec` in the container, `httpGet` and
 * `tcpSocket` against the pod IP, `sleep` on the clock — through the runtime, with the kubelet's
 * success rules and failure texts (`prober/prober.go`, `lifecycle/handlers.go`).
 */
import type { Clock } from '../../clock/clock.js';
import type { Container, IntOrString, LifecycleHandler, Probe } from '../../model/index.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';

/** Where an action runs. */
export interface ActionTarget {
  readonly runtime: ContainerRuntime;
  readonly clock: Clock;
  readonly sandboxId: string;
  readonly containerId: string;
  readonly container: Container;
  readonly podIP?: string | undefined;
}

/** The outcome of an action: success, or failure with the text the kubelet reports. */
export interface ActionResult {
  readonly ok: boolean;
  /** Exec output (stdout then stderr, trailing whitespace trimmed) or the failure text; `''` on success without output. */
  readonly output: string;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A port number from an `IntOrString` (a number, digits, or a named port of the container). */
export function resolvePort(port: IntOrString, container: Container): number | string {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  return named === undefined ? `unable to find port ${JSON.stringify(port)} in container ${JSON.stringify(container.name)}` : named.containerPort;
}

async function runExec(t: ActionTarget, command: readonly string[], timeoutMs: number | undefined): Promise<ActionResult> {
  try {
    const r = await t.runtime.exec(t.containerId, command, timeoutMs === undefined ? {} : { timeoutMs });
    if (r.timedOut) return { ok: false, output: `command ${JSON.stringify(command.join(' '))} timed out` };
    return { ok: r.exitCode === 0, output: (r.stdout + r.stderr).trimEnd() };
  } catch (e) {
    return { ok: false, output: errorText(e) };
  }
}

async function runHttpGet(t: ActionTarget, action: NonNullable<Probe['httpGet']>, timeoutMs: number): Promise<ActionResult> {
  const port = resolvePort(action.port, t.container);
  if (typeof port === 'string') return { ok: false, output: port };
  const path = action.path ?? '/';
  const scheme = action.scheme ?? 'HTTP';
  const host = action.host ?? t.podIP ?? '';
  try {
    const r = await t.runtime.httpGet({
      sandboxId: t.sandboxId,
      ...(action.host === undefined ? {} : { host: action.host }),
      port,
      path,
      scheme,
      ...(action.httpHeaders === undefined ? {} : { headers: action.httpHeaders }),
      timeoutMs,
    });
    if (!r.ok) return { ok: false, output: `Get ${JSON.stringify(`${scheme.toLowerCase()}://${host}:${port}${path}`)}: ${r.error}` };
    if (r.statusCode >= 200 && r.statusCode < 400) return { ok: true, output: '' };
    return { ok: false, output: `HTTP probe failed with statuscode: ${r.statusCode}` };
  } catch (e) {
    return { ok: false, output: errorText(e) };
  }
}

async function runTcp(t: ActionTarget, action: NonNullable<Probe['tcpSocket']>, timeoutMs: number): Promise<ActionResult> {
  const port = resolvePort(action.port, t.container);
  if (typeof port === 'string') return { ok: false, output: port };
  const host = action.host ?? t.podIP ?? '';
  try {
    const ok = await t.runtime.tcpConnect({ sandboxId: t.sandboxId, ...(action.host === undefined ? {} : { host: action.host }), port, timeoutMs });
    return ok ? { ok: true, output: '' } : { ok: false, output: `dial tcp ${host}:${port}: connect: connection refused` };
  } catch (e) {
    return { ok: false, output: errorText(e) };
  }
}

/**
 * Runs a probe's handler once: exec exits 0, HTTP status 200–399, TCP connects. A gRPC probe is
 * not supported by the runtime port and counts as a success (with output explaining so).
 */
export function runProbeAction(t: ActionTarget, probe: Probe, timeoutMs: number): Promise<ActionResult> {
  if (probe.exec !== undefined) return runExec(t, probe.exec.command ?? [], timeoutMs);
  if (probe.httpGet !== undefined) return runHttpGet(t, probe.httpGet, timeoutMs);
  if (probe.tcpSocket !== undefined) return runTcp(t, probe.tcpSocket, timeoutMs);
  return Promise.resolve({ ok: true, output: probe.grpc !== undefined ? 'gRPC probes are not run by podkit' : '' });
}

/** The kubelet's timeout for an HTTP lifecycle hook without a grace budget. */
const HOOK_HTTP_TIMEOUT_MS = 10_000;

/**
 * Runs a lifecycle hook handler (postStart, preStop) to completion: exec (no timeout of its own),
 * httpGet, tcpSocket, or sleep. The caller bounds preStop by the grace period.
 */
export function runHookAction(t: ActionTarget, handler: LifecycleHandler): Promise<ActionResult> {
  if (handler.exec !== undefined) return runExec(t, handler.exec.command ?? [], undefined);
  if (handler.httpGet !== undefined) return runHttpGet(t, handler.httpGet, HOOK_HTTP_TIMEOUT_MS);
  if (handler.tcpSocket !== undefined) return runTcp(t, handler.tcpSocket, HOOK_HTTP_TIMEOUT_MS);
  if (handler.sleep !== undefined) return t.clock.sleep(handler.sleep.seconds * 1000).then(() => ({ ok: true, output: '' }));
  return Promise.resolve({ ok: true, output: '' });
}

/** The kubelet's `FailedPostStartHook` / `FailedPreStopHook` message for an exec hook that failed. */
export function hookFailureMessage(handler: LifecycleHandler, container: string, podRef: string, result: ActionResult): string {
  if (handler.exec !== undefined) {
    const cmd = `[${(handler.exec.command ?? []).join(' ')}]`;
    return `Exec lifecycle hook (${cmd}) for Container ${JSON.stringify(container)} in Pod ${JSON.stringify(podRef)} failed - error: command ${JSON.stringify((handler.exec.command ?? []).join(' '))} exited with a non-zero code, message: ${JSON.stringify(result.output)}`;
  }
  const kind = handler.httpGet !== undefined ? 'HTTP' : 'TCP';
  return `${kind} lifecycle hook for Container ${JSON.stringify(container)} in Pod ${JSON.stringify(podRef)} failed - error: ${result.output}`;
}
