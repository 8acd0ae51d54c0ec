/** The label namespace podkit puts on every Docker object it creates. */
export const DEFAULT_LABEL_NAMESPACE = 'io.podkit';

/** The identity of a pod-owned Docker object, as carried in its labels. */
export interface PodkitObjectIdentity {
  readonly podUid: string;
  readonly namespace: string;
  readonly podName: string;
  /** Absent on the sandbox (infra container) and on volumes. */
  readonly containerName?: string;
  readonly attempt?: number;
  readonly role: 'sandbox' | 'container' | 'volume';
}

/**
 * The Docker labels that identify a podkit object (pod uid, namespace, name, container, attempt,
 * role), under a label namespace. Pure.
 *
 * @example
 * ```ts
 * import { toDockerLabels } from 'podkit/docker';
 * toDockerLabels({ podUid: 'u1', namespace: 'default', podName: 'web', role: 'sandbox' });
 * ```
 */
export function toDockerLabels(id: PodkitObjectIdentity, ns: string = DEFAULT_LABEL_NAMESPACE): Record<string, string> {
  const labels: Record<string, string> = {
    [`${ns}.managed`]: 'true',
    [`${ns}.role`]: id.role,
    [`${ns}.pod-uid`]: id.podUid,
    [`${ns}.pod-namespace`]: id.namespace,
    [`${ns}.pod-name`]: id.podName,
  };
  if (id.containerName !== undefined) labels[`${ns}.container-name`] = id.containerName;
  if (id.attempt !== undefined) labels[`${ns}.attempt`] = String(id.attempt);
  return labels;
}

/**
 * Reads a podkit identity back from Docker labels; `undefined` if the object is not podkit's.
 * The inverse of {@link toDockerLabels}.
 */
export function fromDockerLabels(
  labels: Readonly<Record<string, string>>,
  ns: string = DEFAULT_LABEL_NAMESPACE,
): PodkitObjectIdentity | undefined {
  if (labels[`${ns}.managed`] !== 'true') return undefined;
  const role = labels[`${ns}.role`];
  const podUid = labels[`${ns}.pod-uid`];
  const namespace = labels[`${ns}.pod-namespace`];
  const podName = labels[`${ns}.pod-name`];
  if ((role !== 'sandbox' && role !== 'container' && role !== 'volume') || !podUid || !namespace || !podName) {
    return undefined;
  }
  const containerName = labels[`${ns}.container-name`];
  const attemptText = labels[`${ns}.attempt`];
  const attempt = attemptText === undefined ? undefined : Number.parseInt(attemptText, 10);
  return {
    role,
    podUid,
    namespace,
    podName,
    ...(containerName === undefined ? {} : { containerName }),
    ...(attempt === undefined || Number.isNaN(attempt) ? {} : { attempt }),
  };
}
