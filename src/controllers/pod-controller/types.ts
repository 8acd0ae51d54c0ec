/** The PodController's options and the option types of its methods. */
import type { Clock } from '../../clock/clock.js';
import type { Duration } from '../../clock/duration.js';
import type { Pod, ResourceList } from '../../model/index.js';
import type { ContainerRuntime, ExecInput, ExecOptions } from '../../runtime/container-runtime.js';
import type { ObjectStore } from '../../store/object-store.js';
import type { EventRecorder } from '../event-recorder.js';

/**
 * Options of {@link PodController}.
 *
 * @example
 * ```ts
 * import { PodController, type PodControllerOptions } from 'podkit';
 * const options: PodControllerOptions = { runtime, clock, nodeName: 'node-2', podCIDR: '10.244.1.0/24', hostIP: '10.0.0.3' };
 * const kubelet = new PodController(options);
 * ```
 */
export interface PodControllerOptions {
  /** The container runtime the pods run on (`FakeRuntime`, `createDockerRuntime`, ...). */
  readonly runtime: ContainerRuntime;
  /** The node's name: `spec.nodeName` of its pods, the `host` of its events. */
  readonly nodeName: string;
  /** The time source; defaults to the system clock. Use a `VirtualClock` in tests. */
  readonly clock?: Clock;
  /**
   * Source of pod uids for `run()` (standalone mode); default: a deterministic UUID-shaped counter
   * on a virtual clock, random UUIDs on a `SystemClock` (uids must not repeat across processes
   * that share a container engine).
   */
  readonly ids?: { uid(): string };
  /**
   * Store mode: watch this store for pods with `spec.nodeName=<nodeName>`, run them, write their
   * status with `updateStatus` and finish their deletion. Without it the controller is standalone
   * (`run` / `delete`).
   */
  readonly store?: ObjectStore;
  /** How often the runtime is relisted to repair missed events; default `'10s'`, `false` to disable. */
  readonly relistInterval?: Duration | false;
  /**
   * The node's IP (`status.hostIP`); default `10.0.0.2` (the FakeRuntime's default). When given
   * (and an IPv4 address), it is also handed to the runtime (`updateRuntimeConfig({ nodeIP })`)
   * as the IP of `hostNetwork` pods.
   */
  readonly hostIP?: string;
  /**
   * The node's pod range (the Node's `spec.podCIDR`, e.g. `10.244.1.0/24`), which pod IPs come
   * from. The controller hands it to the runtime (CRI `UpdateRuntimeConfig`, as the kubelet does
   * once the node has a podCIDR) before it creates any sandbox, and again after each
   * {@link PodController.start}; a runtime without `updateRuntimeConfig` (Docker, whose bridge
   * assigns IPs itself) is not told and its IPs are reported as they come. `createCluster` sets
   * it from the node IPAM. Default: none (the runtime's own range). Throws `invalid_argument`
   * (field `podCIDR`) for anything but an IPv4 CIDR.
   */
  readonly podCIDR?: string;
  /** The node's capacity (and allocatable); default `{ cpu: '4', memory: '16Gi', pods: '110' }`. */
  readonly capacity?: ResourceList;
  /** Where Events go; default a new recorder (component `kubelet`, host = nodeName). Share one with a cluster. */
  readonly recorder?: EventRecorder;
  /** Called with unexpected errors of a pod sync or a store write (runtime errors are retried, not reported). */
  readonly onError?: (error: unknown, pod: Pod | undefined) => void;
}

/** Options of {@link PodController.delete}. */
export interface PodDeleteOptions {
  /** Default `default`. */
  readonly namespace?: string;
  /** Overrides `spec.terminationGracePeriodSeconds`; `0` kills at once (the kubelet still gives 2 s). */
  readonly gracePeriodSeconds?: number;
}

/** Options of {@link PodController.exec}. */
export interface PodExecOptions {
  /** Default `default`. */
  readonly namespace?: string;
  /** Give up after this many milliseconds (the result then has `timedOut`). */
  readonly timeoutMs?: number;
  /** The command's stdin, whole or streamed; its end is end-of-file. See `ExecInput`. */
  readonly stdin?: ExecInput;
  /** Run on a terminal: stderr joins stdout. See `ExecOptions.tty`. */
  readonly tty?: boolean;
  /** Receives the output as the command writes it. See `ExecOptions.onOutput`. */
  readonly onOutput?: NonNullable<ExecOptions['onOutput']>;
}
