import type { Container, Pod, PodCondition } from './index.js';

/** The condition of the given type, or `undefined`. */
export function getPodCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** True iff the pod's `Ready` condition is `True`. */
export function isPodReady(pod: Pod): boolean {
  return getPodCondition(pod, 'Ready')?.status === 'True';
}

/** True iff the phase is `Succeeded` or `Failed` (a pod never leaves these phases). */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * True iff the pod counts as active for controllers (k8s-semantics §H.1): not terminal and not
 * being deleted.
 */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

/** True iff the container is a sidecar: an init container with `restartPolicy: Always` (§A.1). */
export function isSidecar(container: Container): boolean {
  return container.restartPolicy === 'Always';
}

/** `namespace/name`, the key controllers and stores use for an object. */
export function objectKey(obj: { readonly metadata: { readonly name?: string | undefined; readonly namespace?: string | undefined } }): string {
  return `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name ?? ''}`;
}
