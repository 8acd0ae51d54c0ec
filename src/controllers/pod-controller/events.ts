/**
 * The kubelet's Kubernetes Events for a pod, with its exact reasons and messages
 * (`pkg/kubelet/events`, `kuberuntime_container.go`, `images/image_manager.go`), recorded through
 * an {@link EventRecorder} so repeats aggregate into `count`.
 */
import type { KubeEvent, ObjectReference, Pod } from '../../model/index.js';
import { goDuration } from '../../reducers/human-duration.js';
import type { EventRecorder } from '../event-recorder.js';

/** `name_namespace(uid)`, the kubelet's `format.Pod`. */
export function podRef(pod: Pod): string {
  return `${pod.metadata.name ?? ''}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})`;
}

/** Event messages, verbatim from the kubelet. */
export const EventMessages = Object.freeze({
  scheduled: (pod: Pod, node: string) => `Successfully assigned ${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''} to ${node}`,
  pulling: (image: string) => `Pulling image ${JSON.stringify(image)}`,
  pulled: (image: string, ms: number, sizeBytes: number) =>
    `Successfully pulled image ${JSON.stringify(image)} in ${goDuration(ms)} (${goDuration(ms)} including waiting). Image size: ${sizeBytes} bytes.`,
  alreadyPresent: (image: string) => `Container image ${JSON.stringify(image)} already present on machine`,
  neverPull: (image: string) => `Container image ${JSON.stringify(image)} is not present with pull policy of Never`,
  pullFailed: (image: string, error: string) => `Failed to pull image ${JSON.stringify(image)}: ${error}`,
  pullBackOff: (image: string) => `Back-off pulling image ${JSON.stringify(image)}`,
  error: (reason: string) => `Error: ${reason}`,
  created: (container: string) => `Created container: ${container}`,
  started: (container: string) => `Started container ${container}`,
  stopping: (container: string) => `Stopping container ${container}`,
  restartBackOff: (container: string, pod: Pod) => `Back-off restarting failed container ${container} in pod ${podRef(pod)}`,
  exceededGracePeriod: () => 'Container runtime did not kill the pod within specified grace period.',
  preStopUnfinished: (container: string, pod: Pod, seconds: number) => `PreStop hook for container ${container} in pod ${podRef(pod)} did not complete in ${seconds} seconds`,
  sandboxFailed: (error: string) => `Failed to create pod sandbox: ${error}`,
  sandboxChanged: () => 'Pod sandbox changed, it will be killed and re-created.',
});

/** Records the kubelet's events about one pod, optionally about one of its containers. */
export class PodEventLog {
  /**
   * The pod's reference per pod metadata object (stable across status changes), built once. A
   * container's reference is built per event: caching it too kept ~400 bytes per live pod for
   * what only the (bounded) event log needs.
   */
  readonly #refs = new WeakMap<Pod['metadata'], ObjectReference>();

  constructor(
    private readonly recorder: EventRecorder,
    private readonly scheduler: EventRecorder,
  ) {}

  #ref(pod: Pod, container?: string): ObjectReference {
    const meta = pod.metadata;
    let ref = this.#refs.get(meta);
    if (ref === undefined) {
      ref = Object.freeze({ apiVersion: 'v1', kind: 'Pod', namespace: meta.namespace ?? 'default', name: meta.name ?? '', ...(meta.uid === undefined ? {} : { uid: meta.uid }) });
      this.#refs.set(meta, ref);
    }
    if (container === undefined) return ref;
    const init = pod.spec.initContainers?.some((c) => c.name === container) === true;
    // Object.assign, not a spread plus a new key (which over-allocates the property store in V8).
    return Object.freeze(Object.assign({}, ref, { fieldPath: `spec.${init ? 'initContainers' : 'containers'}{${container}}` }));
  }

  /** A `Normal` event about the pod (or one of its containers). */
  normal(pod: Pod, reason: string, message: string, container?: string): KubeEvent | undefined {
    return this.recorder.record({ involvedObject: this.#ref(pod, container), type: 'Normal', reason, message });
  }

  /** A `Warning` event about the pod (or one of its containers). */
  warning(pod: Pod, reason: string, message: string, container?: string): KubeEvent | undefined {
    return this.recorder.record({ involvedObject: this.#ref(pod, container), type: 'Warning', reason, message });
  }

  /** The scheduler's `Scheduled` event (standalone mode plays the scheduler). */
  scheduled(pod: Pod, node: string): KubeEvent | undefined {
    return this.scheduler.record({ involvedObject: this.#ref(pod), type: 'Normal', reason: 'Scheduled', message: EventMessages.scheduled(pod, node) });
  }
}

/** Events of several recorders as one list, oldest `lastTimestamp` first (stable within a second). */
export function mergeEvents(lists: readonly (readonly KubeEvent[])[]): KubeEvent[] {
  const all = lists.flat();
  return all
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.lastTimestamp < b.e.lastTimestamp ? -1 : a.e.lastTimestamp > b.e.lastTimestamp ? 1 : a.i - b.i))
    .map((x) => x.e);
}
