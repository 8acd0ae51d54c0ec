import type { TimerHandle } from '../../clock/clock.js';
import type { PodSandboxConfig, PodSandboxStatus } from '../../runtime/container-runtime.js';
import type { FakeContainer } from './fake-container.js';
import type { FakeDir } from './fake-fs.js';
import type { SandboxNet } from './fake-network.js';

/** A fake pod sandbox: identity, IP, volumes, network namespace and containers. */
export class FakeSandbox {
  state: 'ready' | 'notready' = 'ready';
  /**
   * Its containers (an array: pods have few, and it is smaller than a Set). Replaced, not grown in
   * place: a pushed-to array reserves room for 17 elements, ~150 bytes per sandbox.
   */
  containers: readonly FakeContainer[] = [];
  timers: TimerHandle[] | undefined;

  constructor(
    readonly id: string,
    readonly config: PodSandboxConfig,
    readonly createdAt: number,
    public ip: string | undefined,
    readonly volumes: ReadonlyMap<string, FakeDir>,
    readonly net: SandboxNet,
  ) {}

  /** Adds a container to {@link containers}. */
  addContainer(c: FakeContainer): void {
    this.containers = [...this.containers, c];
  }

  /** Removes a container from {@link containers}. */
  removeContainer(c: FakeContainer): void {
    this.containers = this.containers.filter((x) => x !== c);
  }

  get pod(): { readonly name: string; readonly namespace: string; readonly uid: string } {
    return { name: this.config.name, namespace: this.config.namespace, uid: this.config.podUid };
  }

  status(): PodSandboxStatus {
    const c = this.config;
    const s: { -readonly [K in keyof PodSandboxStatus]: PodSandboxStatus[K] } = {
      id: this.id,
      podUid: c.podUid,
      namespace: c.namespace,
      name: c.name,
      attempt: c.attempt,
      state: this.state,
      hostNetwork: c.hostNetwork,
      createdAt: this.createdAt,
      labels: c.labels,
    };
    if (this.ip !== undefined) s.ip = this.ip;
    return s;
  }
}
