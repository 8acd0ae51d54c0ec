import { parseDuration } from '../../clock/duration.js';
import type { Labels, ListFilter, PodSandboxConfig, PodSandboxStatus } from '../../runtime/container-runtime.js';
import { RuntimeError } from '../../runtime/runtime-error.js';
import { FakeDir, mkdirs, pathSegments } from './fake-fs.js';
import { SandboxNet } from './fake-network.js';
import { FakeSandbox } from './fake-sandbox.js';
import type { FakeState } from './fake-state.js';
import type { FakeFault } from './types.js';

const NO_VOLUMES: ReadonlyMap<string, FakeDir> = new Map();

/** The label pairs a filter requires (computed once per list call). */
export function wantedLabels(filter: Labels | undefined): readonly (readonly [string, string])[] {
  return filter === undefined ? [] : Object.entries(filter);
}

/** True if every wanted label is on the object. */
export function labelsMatch(labels: Labels, wanted: readonly (readonly [string, string])[]): boolean {
  for (const [k, v] of wanted) if (labels[k] !== v) return false;
  return true;
}

function invalid(field: string, expected: string, received: unknown): RuntimeError {
  return new RuntimeError('invalid_argument', `PodSandboxConfig.${field}: expected ${expected}, received ${JSON.stringify(received)}.`, { details: { field } });
}

function validate(config: PodSandboxConfig): void {
  for (const f of ['podUid', 'namespace', 'name'] as const) {
    if (typeof config[f] !== 'string' || config[f] === '') throw invalid(f, 'a non-empty string', config[f]);
  }
  const names = new Set<string>();
  config.volumes.forEach((v, i) => {
    if (typeof v.name !== 'string' || v.name === '') throw invalid(`volumes[${i}].name`, 'a non-empty string', v.name);
    if (names.has(v.name)) throw invalid(`volumes[${i}].name`, 'a unique volume name', v.name);
    if (v.type !== 'emptyDir' && v.type !== 'hostPath' && v.type !== 'persistentClaim') {
      throw invalid(`volumes[${i}].type`, '"emptyDir", "hostPath" or "persistentClaim"', (v as { type: unknown }).type);
    }
    names.add(v.name);
  });
}

/** Creates and starts a sandbox: IP, volumes, network namespace; arms sandboxDeath faults. */
export async function runPodSandbox(state: FakeState, config: PodSandboxConfig): Promise<string> {
  validate(config);
  const failure = state.faults.size === 0 ? undefined : state.faults.take(['sandboxFailure'], { pod: { name: config.name, namespace: config.namespace, uid: config.podUid } });
  if (state.latency.sandbox > 0) await state.delay(state.latency.sandbox);
  if (failure !== undefined) {
    throw new RuntimeError('create_failed', failure.message ?? `failed to create pod sandbox for ${config.namespace}/${config.name}: injected failure`);
  }
  const volumes = config.volumes.length === 0 ? NO_VOLUMES : new Map<string, FakeDir>();
  for (const v of config.volumes) {
    if (v.type === 'emptyDir') (volumes as Map<string, FakeDir>).set(v.name, new FakeDir());
    else if (v.type === 'persistentClaim') (volumes as Map<string, FakeDir>).set(v.name, state.claimVolume(v.namespace, v.claim));
    else {
      const dir = mkdirs(state.hostRoot, pathSegments(v.path));
      if (!(dir instanceof FakeDir)) throw invalid(`volumes[${v.name}].path`, 'a directory path on the node', v.path);
      (volumes as Map<string, FakeDir>).set(v.name, dir);
    }
  }
  const id = state.nextId('sandbox');
  const ip = config.hostNetwork ? state.hostIp : state.ips.allocate();
  if (ip === undefined) {
    // What a CNI plugin with host-local IPAM answers on a node whose range is used up.
    throw new RuntimeError(
      'create_failed',
      `failed to setup network for sandbox "${id}": plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${state.ips.describe()}`,
      { details: { podCIDR: state.ips.cidr } },
    );
  }
  const sb = new FakeSandbox(id, config, state.clock.now(), ip, volumes, config.hostNetwork ? state.hostNet : new SandboxNet());
  state.sandboxes.set(id, sb);
  if (!config.hostNetwork) state.byIp.set(ip, sb);
  if (state.faults.size > 0) for (const f of state.faults.takeAll(['sandboxDeath'], { pod: sb.pod })) armSandboxDeath(state, sb, f);
  return id;
}

/** Schedules a sandbox death fault. */
export function armSandboxDeath(state: FakeState, sb: FakeSandbox, fault: Extract<FakeFault, { type: 'sandboxDeath' }>): void {
  const ms = parseDuration(fault.afterMs ?? 0, 'fault.afterMs');
  const die = (): void => {
    if (sb.state !== 'ready' || !state.sandboxes.has(sb.id)) return;
    stopSandbox(state, sb);
    state.emit({ type: 'SandboxDied', sandboxId: sb.id, at: state.clock.now() });
  };
  if (ms <= 0) void Promise.resolve().then(die);
  else (sb.timers ??= []).push(state.clock.setTimeout(die, ms));
}

/** Kills every container of the sandbox and takes down its network. Idempotent. */
export function stopSandbox(state: FakeState, sb: FakeSandbox): void {
  for (const c of sb.containers) c.kill({ code: 137, signal: 9 });
  if (sb.state === 'notready') return;
  sb.state = 'notready';
  for (const t of sb.timers ?? []) state.clock.clearTimeout(t);
  sb.timers = undefined;
  if (!sb.config.hostNetwork) {
    if (sb.ip !== undefined) {
      state.byIp.delete(sb.ip);
      state.ips.release(sb.ip);
    }
    sb.net.clear();
  }
  sb.ip = undefined;
}

/** Removes a sandbox and its containers (killing them). Idempotent. */
export function removeSandbox(state: FakeState, sb: FakeSandbox): void {
  stopSandbox(state, sb);
  for (const c of [...sb.containers]) removeContainerObject(state, c.id);
  state.sandboxes.delete(sb.id);
}

/** Removes a container object (killing it first). Idempotent. */
export function removeContainerObject(state: FakeState, id: string): void {
  const c = state.containers.get(id);
  if (c === undefined) return;
  c.kill({ code: 137, signal: 9 });
  c.closeLogs();
  state.containers.delete(id);
  c.sandbox.removeContainer(c);
  state.emit({ type: 'ContainerRemoved', containerId: id, sandboxId: c.sandbox.id, at: state.clock.now() });
}

/** Sandboxes matching a filter. */
export function listSandboxes(state: FakeState, filter: ListFilter = {}): PodSandboxStatus[] {
  const out: PodSandboxStatus[] = [];
  const wanted = wantedLabels(filter.labels);
  for (const sb of state.sandboxes.values()) {
    if (filter.sandboxId !== undefined && sb.id !== filter.sandboxId) continue;
    if (labelsMatch(sb.config.labels, wanted)) out.push(sb.status());
  }
  return out;
}
