/**
 * What a pod worker needs from its PodController: the runtime, the clock, event recording, the
 * id indexes that route runtime events, and the notifications the controller turns into watch
 * updates, store writes and finished deletions.
 */
import type { Clock } from '../../clock/clock.js';
import type { Pod, Quantity } from '../../model/index.js';
import type { ContainerRuntime } from '../../runtime/container-runtime.js';
import type { PodEventLog } from './events.js';
import type { PodWorker } from './pod-worker.js';

/** The controller side of a {@link PodWorker}. */
export interface WorkerHost {
  readonly runtime: ContainerRuntime;
  readonly clock: Clock;
  readonly nodeName: string;
  /** The node's IP (`status.hostIP`). */
  readonly hostIP: string;
  readonly events: PodEventLog;
  /** The node's allocatable CPU and memory (the value of an unset limit in `resourceFieldRef`). */
  readonly allocatable: { readonly cpu?: Quantity; readonly memory?: Quantity };
  /**
   * Resolves once the runtime has the node's network settings (`updateRuntimeConfig` with the
   * podCIDR and node IP), sending them if they have not been sent since the last start; rejects
   * with the runtime's error (the next sandbox attempt asks again).
   */
  runtimeConfigured(): Promise<void>;
  /** The pod's status (or metadata) changed. */
  podChanged(worker: PodWorker, previous: Pod): void;
  /** Routes runtime events about `id` to `worker` (or stops routing with `undefined`). */
  routeContainer(id: string, worker: PodWorker | undefined): void;
  routeSandbox(id: string, worker: PodWorker | undefined): void;
  /** A sync loop went idle (pending status writes can go out). */
  idle(worker: PodWorker): void;
  /** The pod finished terminating after a deletion: forget it (and finish the API deletion). */
  finished(worker: PodWorker): void;
  /** An unexpected error in a sync (runtime errors are retried by the worker itself). */
  error(error: unknown, worker: PodWorker): void;
}
