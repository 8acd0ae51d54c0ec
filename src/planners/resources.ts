import type { Container, Node, Pod, ResourceList } from '../model/index.js';
import { isSidecar } from '../model/pod-utils.js';
import { quantityToMilli, quantityToValue } from '../model/quantity.js';

/** CPU in millicores and memory in bytes: the two resources the scheduler checks. */
export interface Resources {
  readonly milliCpu: bigint;
  readonly memory: bigint;
}

/** The default node capacity for pods (the kubelet's `--max-pods`). */
export const DEFAULT_MAX_PODS = 110;
/** CPU request assumed for scoring a container that requests none (upstream `DefaultMilliCPURequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100n;
/** Memory request assumed for scoring a container that requests none (upstream `DefaultMemoryRequest`, 200 MiB). */
export const DEFAULT_MEMORY_REQUEST = 200n * 1024n * 1024n;

const ZERO: Resources = { milliCpu: 0n, memory: 0n };

function add(a: Resources, b: Resources): Resources {
  return { milliCpu: a.milliCpu + b.milliCpu, memory: a.memory + b.memory };
}

function max(a: Resources, b: Resources): Resources {
  return {
    milliCpu: a.milliCpu > b.milliCpu ? a.milliCpu : b.milliCpu,
    memory: a.memory > b.memory ? a.memory : b.memory,
  };
}

function containerRequests(c: Container, nonZero: boolean): Resources {
  // Requests default to limits when absent (§M.1), so read limits as a fallback.
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const cpu = req['cpu'] ?? lim['cpu'];
  const mem = req['memory'] ?? lim['memory'];
  return {
    milliCpu: cpu === undefined ? (nonZero ? DEFAULT_MILLI_CPU_REQUEST : 0n) : quantityToMilli(cpu),
    memory: mem === undefined ? (nonZero ? DEFAULT_MEMORY_REQUEST : 0n) : quantityToValue(mem),
  };
}

/**
 * The pod's effective CPU/memory request (upstream `resourcehelper.PodRequests`): the sum over
 * regular containers and sidecars, or the largest init-container step (an init container's
 * request plus the sidecars started before it) when that is larger. With `nonZero`, containers
 * without a request count as 100m CPU / 200Mi (the scoring default). Pod overhead is not modelled.
 * Results for frozen pods (store snapshots) are memoized by identity.
 */
export function podRequests(pod: Pick<Pod, 'spec'>, nonZero = false): Resources {
  // Frozen (store) pods never change, so their requests are memoized by identity.
  const frozen = Object.isFrozen(pod.spec);
  const cache = nonZero ? nonZeroCache : exactCache;
  const hit = frozen ? cache.get(pod.spec) : undefined;
  if (hit !== undefined) return hit;
  const computed = computePodRequests(pod, nonZero);
  if (frozen) cache.set(pod.spec, computed);
  return computed;
}

const exactCache = new WeakMap<object, Resources>();
const nonZeroCache = new WeakMap<object, Resources>();

function computePodRequests(pod: Pick<Pod, 'spec'>, nonZero: boolean): Resources {
  let sum = ZERO;
  pod.spec.containers.forEach((c) => {
    sum = add(sum, containerRequests(c, nonZero));
  });
  let sidecars = ZERO;
  let initMax = ZERO;
  (pod.spec.initContainers ?? []).forEach((c) => {
    const r = containerRequests(c, nonZero);
    if (isSidecar(c)) {
      sidecars = add(sidecars, r);
      initMax = max(initMax, sidecars);
    } else initMax = max(initMax, add(r, sidecars));
  });
  return max(add(sum, sidecars), initMax);
}

/** A node's allocatable resources; a missing resource is `undefined` (treated as unlimited). */
export interface Allocatable {
  readonly milliCpu: bigint | undefined;
  readonly memory: bigint | undefined;
  readonly pods: number;
}

/**
 * The node's `status.allocatable` (falling back to `capacity`). podkit deviation: a node that
 * does not state cpu or memory is treated as having unlimited amounts of it (upstream: zero), and
 * `pods` defaults to 110. Results for frozen statuses (store snapshots) are memoized by identity.
 */
export function nodeAllocatable(node: Node): Allocatable {
  // Frozen (store) statuses never change: parse their quantities once.
  const status = node.status;
  const frozen = status !== undefined && Object.isFrozen(status);
  const hit = frozen ? allocatableCache.get(status) : undefined;
  if (hit !== undefined) return hit;
  const computed = computeAllocatable(node);
  if (frozen) allocatableCache.set(status, computed);
  return computed;
}

const allocatableCache = new WeakMap<object, Allocatable>();

function computeAllocatable(node: Node): Allocatable {
  const list: ResourceList = node.status?.allocatable ?? node.status?.capacity ?? {};
  const cpu = list['cpu'];
  const mem = list['memory'];
  const pods = list['pods'];
  return {
    milliCpu: cpu === undefined ? undefined : quantityToMilli(cpu),
    memory: mem === undefined ? undefined : quantityToValue(mem),
    pods: pods === undefined ? DEFAULT_MAX_PODS : Number(quantityToValue(pods)),
  };
}

/** The summed requests of pods (exact or non-zero flavour). */
export function sumRequests(pods: readonly Pick<Pod, 'spec'>[], nonZero = false): Resources {
  let total = ZERO;
  for (const p of pods) total = add(total, podRequests(p, nonZero));
  return total;
}
