/** The label namespace podkit puts on every Docker object it creates. */
export const DEFAULT_LABEL_NAMESPACE = 'io.podkit';

/** The identity of a pod-owned Docker object, as carried in its labels. */
export interface PodkitObjectIdentity {
  readonly podUid: string;
  readonly namespace: string;
  readonly podName: string;
  /** Absent on the sandbox (infra container) and on volumes. */
  readonly containerName?: string;
  /** The container's attempt, or the sandbox's attempt on a sandbox. */
  readonly attempt?: number;
  readonly role: 'sandbox' | 'container' | 'volume';
  /** The sandbox a container belongs to (absent on sandboxes and volumes). */
  readonly sandboxId?: string;
}

/**
 * The label keys the Docker adapter keeps for itself under a label namespace: exactly these keys,
 * not the whole namespace. Every other key (`io.podkit.node-name`, `io.kubernetes.pod.uid`, a
 * user's `io.podkit.team`) is the caller's and is kept and matched verbatim. Pure.
 */
export function podkitLabelKeys(ns: string = DEFAULT_LABEL_NAMESPACE) {
  return {
    managed: `${ns}.managed`,
    role: `${ns}.role`,
    podUid: `${ns}.pod-uid`,
    podNamespace: `${ns}.pod-namespace`,
    podName: `${ns}.pod-name`,
    containerName: `${ns}.container-name`,
    attempt: `${ns}.attempt`,
    sandboxId: `${ns}.sandbox-id`,
    /** On a sandbox: its volumes (JSON), so a fresh runtime object can mount them. */
    volumes: `${ns}.volumes`,
    /** On a volume: the pod volume's name. */
    volumeName: `${ns}.volume-name`,
    /** On a claim volume: `namespace/claim` of its PersistentVolumeClaim (no role, so pod GC never takes it). */
    claim: `${ns}.claim`,
  } as const;
}

/**
 * The Docker labels that identify a podkit object (pod uid, namespace, name, container, attempt,
 * role, sandbox), under a label namespace. Pure.
 *
 * @example
 * ```ts
 * import { toDockerLabels } from 'podkit/docker';
 * toDockerLabels({ podUid: 'u1', namespace: 'default', podName: 'web', role: 'sandbox' });
 * ```
 */
export function toDockerLabels(id: PodkitObjectIdentity, ns: string = DEFAULT_LABEL_NAMESPACE): Record<string, string> {
  const k = podkitLabelKeys(ns);
  const labels: Record<string, string> = {
    [k.managed]: 'true',
    [k.role]: id.role,
    [k.podUid]: id.podUid,
    [k.podNamespace]: id.namespace,
    [k.podName]: id.podName,
  };
  if (id.containerName !== undefined) labels[k.containerName] = id.containerName;
  if (id.attempt !== undefined) labels[k.attempt] = String(id.attempt);
  if (id.sandboxId !== undefined) labels[k.sandboxId] = id.sandboxId;
  return labels;
}

/**
 * Reads a podkit identity back from Docker labels; `undefined` if the object is not podkit's.
 * The inverse of {@link toDockerLabels}.
 *
 * @example
 * ```ts
 * import { fromDockerLabels } from 'podkit/docker';
 * fromDockerLabels({ 'io.podkit.managed': 'true' }); // undefined: role and pod are missing
 * ```
 */
export function fromDockerLabels(
  labels: Readonly<Record<string, string>>,
  ns: string = DEFAULT_LABEL_NAMESPACE,
): PodkitObjectIdentity | undefined {
  const k = podkitLabelKeys(ns);
  if (labels[k.managed] !== 'true') return undefined;
  const role = labels[k.role];
  const podUid = labels[k.podUid];
  const namespace = labels[k.podNamespace];
  const podName = labels[k.podName];
  if ((role !== 'sandbox' && role !== 'container' && role !== 'volume') || !podUid || !namespace || !podName) {
    return undefined;
  }
  const containerName = labels[k.containerName];
  const attemptText = labels[k.attempt];
  const attempt = attemptText === undefined ? undefined : Number.parseInt(attemptText, 10);
  const sandboxId = labels[k.sandboxId];
  return {
    role,
    podUid,
    namespace,
    podName,
    ...(containerName === undefined ? {} : { containerName }),
    ...(attempt === undefined || Number.isNaN(attempt) ? {} : { attempt }),
    ...(sandboxId === undefined ? {} : { sandboxId }),
  };
}

/**
 * The label keys the Docker adapter reserves under a label namespace (the values of
 * {@link podkitLabelKeys}). A caller label or list filter on one of them is rejected with
 * `invalid_argument`; every other key belongs to the caller. Pure.
 *
 * @example
 * ```ts
 * import { reservedLabelKeys } from 'podkit/docker';
 * reservedLabelKeys().includes('io.podkit.managed'); // true
 * reservedLabelKeys().includes('io.podkit.node-name'); // false: a caller's key, kept verbatim
 * ```
 */
export function reservedLabelKeys(ns: string = DEFAULT_LABEL_NAMESPACE): readonly string[] {
  return Object.values(podkitLabelKeys(ns));
}

const reservedSets = new Map<string, ReadonlySet<string>>();

/** The reserved keys of a namespace as a set (memoized: namespaces are few). */
function reservedSet(ns: string): ReadonlySet<string> {
  let set = reservedSets.get(ns);
  if (set === undefined) reservedSets.set(ns, (set = new Set(reservedLabelKeys(ns))));
  return set;
}

/**
 * The caller's own labels of a Docker object: every label except the adapter's reserved keys
 * ({@link reservedLabelKeys}), verbatim, whatever namespace they are in. Pure.
 *
 * @example
 * ```ts
 * import { userLabels } from 'podkit/docker';
 * userLabels({ 'io.podkit.managed': 'true', 'io.podkit.node-name': 'n1', app: 'web' });
 * // { 'io.podkit.node-name': 'n1', app: 'web' }
 * ```
 */
export function userLabels(labels: Readonly<Record<string, string>>, ns: string = DEFAULT_LABEL_NAMESPACE): Record<string, string> {
  const reserved = reservedSet(ns);
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels)) if (!reserved.has(key)) out[key] = labels[key] as string;
  return out;
}

/**
 * The first key of `labels` that the adapter reserves under `ns`, or `undefined`. Pure.
 * @internal
 */
export function reservedKeyIn(labels: Readonly<Record<string, string>> | undefined, ns: string): string | undefined {
  if (labels === undefined) return undefined;
  const reserved = reservedSet(ns);
  for (const key of Object.keys(labels)) if (reserved.has(key)) return key;
  return undefined;
}
