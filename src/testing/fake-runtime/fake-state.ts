import { Subject } from 'rxjs';
import type { Clock } from '../../clock/clock.js';
import { parseDuration } from '../../clock/duration.js';
import type { RuntimeEvent } from '../../runtime/container-runtime.js';
import { RuntimeError } from '../../runtime/runtime-error.js';
import type { Connection } from './command.js';
import type { FakeContainer, RuntimeWorld } from './fake-container.js';
import { FakeDir } from './fake-fs.js';
import { FakeImages, normalizeImageRef } from './fake-images.js';
import { IpPool, SandboxNet } from './fake-network.js';
import type { FakeSandbox } from './fake-sandbox.js';
import { FaultTable, type FaultTarget } from './faults.js';
import { ProgramTable } from './programs/registry.js';
import type { FakeRuntimeOptions } from './types.js';

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0']);

/** Latencies in milliseconds. */
export interface Latency {
  readonly pull: number;
  readonly sandbox: number;
  readonly create: number;
  readonly start: number;
  readonly stop: number;
}

/** The shared state of a FakeRuntime: objects, indexes, registry, programs, faults, events. */
export class FakeState implements RuntimeWorld {
  readonly clock: Clock;
  readonly images: FakeImages;
  readonly programs = new ProgramTable(normalizeImageRef);
  readonly faults = new FaultTable(normalizeImageRef);
  readonly init: boolean;
  readonly maxLogLines: number;
  readonly nodeMemoryBytes: number;
  hostIp: string;
  readonly latency: Latency;
  readonly sandboxes = new Map<string, FakeSandbox>();
  readonly containers = new Map<string, FakeContainer>();
  readonly byIp = new Map<string, FakeSandbox>();
  readonly ips: IpPool;
  readonly hostNet = new SandboxNet();
  /** The node's filesystem, for hostPath volumes. */
  readonly hostRoot = new FakeDir();
  /** Claim storage (`persistentClaim` volumes) by `namespace/claim`: outlives every sandbox, until deleteClaimVolume. */
  readonly claimVolumes = new Map<string, FakeDir>();

  /** The directory of a claim, created empty on first use. */
  claimVolume(namespace: string, claim: string): FakeDir {
    const key = `${namespace}/${claim}`;
    let dir = this.claimVolumes.get(key);
    if (dir === undefined) this.claimVolumes.set(key, (dir = new FakeDir()));
    return dir;
  }
  events = new Subject<RuntimeEvent>();
  #seq = 0;

  constructor(options: FakeRuntimeOptions) {
    this.clock = options.clock;
    this.images = new FakeImages(options.images);
    this.init = options.init ?? false;
    this.maxLogLines = options.maxLogLines ?? 10_000;
    this.nodeMemoryBytes = options.nodeMemoryBytes ?? 16 * 1024 ** 3;
    this.hostIp = options.hostIp ?? '10.0.0.2';
    this.ips = new IpPool(options.podCIDR);
    const l = options.latencies ?? {};
    const ms = (d: string | number | undefined, field: string): number => (d === undefined ? 0 : Math.max(0, parseDuration(d, `latencies.${field}`)));
    this.latency = { pull: ms(l.pull, 'pull'), sandbox: ms(l.sandbox, 'sandbox'), create: ms(l.create, 'create'), start: ms(l.start, 'start'), stop: ms(l.stop, 'stop') };
  }

  /** A new id: `sandbox-1`, `container-2`, ... (one sequence for the runtime). */
  nextId(kind: 'sandbox' | 'container'): string {
    return `${kind}-${++this.#seq}`;
  }

  emit(event: RuntimeEvent): void {
    this.events.next(event);
  }

  /** Waits `ms` on the clock (callers skip it for 0, so instant calls set no timer). */
  delay(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }

  sandbox(id: string): FakeSandbox {
    const sb = this.sandboxes.get(id);
    if (sb === undefined) throw new RuntimeError('not_found', `pod sandbox "${id}" not found`, { details: { sandboxId: id } });
    return sb;
  }

  container(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (c === undefined) throw new RuntimeError('not_found', `container "${id}" not found`, { details: { containerId: id } });
    return c;
  }

  target(c: FakeContainer): FaultTarget {
    return { image: c.image.ref, pod: c.sandbox.pod, container: c.config.name };
  }

  /** The network a host name reaches from a sandbox, if any. */
  netFor(from: FakeSandbox, host: string): { readonly net: SandboxNet; readonly ready: boolean; readonly sandbox?: FakeSandbox } | undefined {
    if (LOCAL_NAMES.has(host) || host === from.ip || host === from.config.hostname || host === from.config.name) {
      return { net: from.net, ready: from.state === 'ready', sandbox: from };
    }
    if (host === this.hostIp) return { net: this.hostNet, ready: true };
    const sb = this.byIp.get(host);
    return sb === undefined ? undefined : { net: sb.net, ready: sb.state === 'ready', sandbox: sb };
  }

  connect(from: FakeSandbox, host: string, port: number): Connection {
    const target = this.netFor(from, host);
    if (target === undefined) return { kind: 'unreachable' };
    const listener = target.ready ? target.net.get(port) : undefined;
    return listener === undefined ? { kind: 'refused' } : { kind: 'open', http: listener.http };
  }
}
