import { PodkitError } from '../errors.js';
import type { Pod } from '../model/index.js';
import { getPodCondition, isPodActive } from '../model/pod-utils.js';
import { toMillis, type TimeInput } from '../model/time.js';
import { isFrozenPodVersion } from './pod-facts.js';

/** The annotation that orders pods of one ReplicaSet for deletion (int32, lower goes first). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The pod's `controller.kubernetes.io/pod-deletion-cost` (§H.4 rule 4): an int32, 0 when the
 * annotation is missing or invalid.
 */
export function podDeletionCost(pod: Pod): number {
  const text = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (text === undefined || !/^[+-]?\d+$/.test(text)) return 0;
  const n = Number(text);
  return n < INT32_MIN || n > INT32_MAX ? 0 : n;
}

/** Precomputed comparison keys of one pod. Times are epoch ms; `undefined` is the zero time. */
interface RankKey {
  readonly pod: Pod;
  readonly rank: number;
  readonly assigned: boolean;
  readonly phase: number;
  readonly ready: boolean;
  readonly readyTime: number | undefined;
  readonly restarts: number;
  readonly cost: number;
  readonly created: number | undefined;
  readonly uid: string;
}

function phaseOrdinal(pod: Pod): number {
  // Upstream's map lookup: Pending 0, Unknown 1, Running 2; anything else reads as 0.
  const phase = pod.status?.phase;
  return phase === 'Running' ? 2 : phase === 'Unknown' ? 1 : 0;
}

function optionalMillis(t: string | undefined): number | undefined {
  return t === undefined || t === '' ? undefined : toMillis(t);
}

/** Rank-0 keys of frozen (store) pods, which never change: computed once per pod version. */
const keyCache = new WeakMap<Pod, RankKey>();

function keyOf(pod: Pod, rank: number): RankKey {
  let base = keyCache.get(pod);
  if (base === undefined) {
    base = computeKey(pod);
    if (isFrozenPodVersion(pod)) keyCache.set(pod, base);
  }
  return rank === 0 ? base : { ...base, rank };
}

function computeKey(pod: Pod): RankKey {
  const rank = 0;
  const ready = getPodCondition(pod, 'Ready');
  const isReady = ready?.status === 'True';
  let restarts = 0;
  for (const c of pod.status?.containerStatuses ?? []) restarts = Math.max(restarts, c.restartCount);
  return {
    pod,
    rank,
    assigned: (pod.spec.nodeName ?? '') !== '',
    phase: phaseOrdinal(pod),
    ready: isReady,
    readyTime: isReady ? optionalMillis(ready?.lastTransitionTime) : undefined,
    restarts,
    cost: podDeletionCost(pod),
    created: optionalMillis(pod.metadata.creationTimestamp),
    uid: pod.metadata.uid ?? '',
  };
}

/** Upstream `afterOrZero`: a zero time counts as the newest. */
function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
  if (t1 === undefined || t2 === undefined) return t1 === undefined;
  return t1 > t2;
}

/** Upstream `logarithmicRankDiff`, on nanosecond durations like Go's `time.Duration`. */
function logRank(t: number, now: number): number {
  const ns = (now - t) * 1e6;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

function newerFirst(a: RankKey, b: RankKey, ta: number | undefined, tb: number | undefined, now: number | undefined): boolean {
  if (now === undefined || ta === undefined || tb === undefined) return afterOrZero(ta, tb);
  const diff = logRank(ta, now) - logRank(tb, now);
  if (diff === 0) return a.uid < b.uid;
  return diff < 0;
}

/** Upstream `ActivePodsWithRanks.Less` with PodDeletionCost and LogarithmicScaleDown on. */
function lessWithRanks(a: RankKey, b: RankKey, now: number | undefined): boolean {
  if (a.assigned !== b.assigned) return !a.assigned;
  if (a.phase !== b.phase) return a.phase < b.phase;
  if (a.ready !== b.ready) return !a.ready;
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.rank !== b.rank) return a.rank > b.rank;
  if (a.ready && b.ready && a.readyTime !== b.readyTime) return newerFirst(a, b, a.readyTime, b.readyTime, now);
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  if (a.created !== b.created) return newerFirst(a, b, a.created, b.created, now);
  return false;
}

/** Upstream `ActivePods.Less` (no ranks, no deletion cost, no logarithmic buckets). */
function lessActive(a: RankKey, b: RankKey): boolean {
  if (a.assigned !== b.assigned) return !a.assigned;
  if (a.phase !== b.phase) return a.phase < b.phase;
  if (a.ready !== b.ready) return !a.ready;
  if (a.ready && b.ready && a.readyTime !== b.readyTime) return afterOrZero(a.readyTime, b.readyTime);
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  if (a.created !== b.created) return afterOrZero(a.created, b.created);
  return false;
}

function toComparator(less: (a: RankKey, b: RankKey) => boolean): (a: RankKey, b: RankKey) => number {
  return (a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);
}

/**
 * The plain `ActivePods` order (upstream `controller.ActivePods`, used by the Job controller):
 * negative when `a` should be deleted before `b`. Unassigned before assigned; Pending < Unknown <
 * Running; not ready before ready; ready for less time first (a missing time is newest); more
 * container restarts first; newer creationTimestamp first (missing is newest).
 *
 * @example
 * ```ts
 * import { compareActivePods } from 'podkit/planners';
 * const mostDeletableFirst = [...pods].sort(compareActivePods);
 * ```
 */
export function compareActivePods(a: Pod, b: Pod): number {
  return toComparator(lessActive)(keyOf(a, 0), keyOf(b, 0));
}

/**
 * Compares two pods with their ranks by upstream `ActivePodsWithRanks.Less` (§H.4, gates
 * PodDeletionCost and LogarithmicScaleDown on): negative when `a` goes first (is more deletable).
 * Without `now` the time rules use the plain "newer or zero first" comparison.
 */
export function compareActivePodsWithRanks(a: Pod, rankA: number, b: Pod, rankB: number, now?: TimeInput): number {
  const n = now === undefined ? undefined : toMillis(now);
  return toComparator((x, y) => lessWithRanks(x, y, n))(keyOf(a, rankA), keyOf(b, rankB));
}

/**
 * Each pod's rank for deletion (upstream `getPodsRankedByRelatedPodsOnSameNode`): the number of
 * **active** pods in `relatedPods` on the same node (unassigned pods share the node `""`).
 * O(n + m).
 */
export function ranksByRelatedPodsOnSameNode(pods: readonly Pod[], relatedPods: readonly Pod[]): number[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!isPodActive(p)) continue;
    const node = p.spec.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  return pods.map((p) => onNode.get(p.spec.nodeName ?? '') ?? 0);
}

/** Options of {@link sortPodsForDeletion}. */
export interface SortPodsForDeletionOptions {
  /** The reference time of the logarithmic buckets (upstream `metav1.Now()`). */
  readonly now?: TimeInput;
  /** Pods whose co-location raises a pod's rank (default: the pods being sorted). */
  readonly relatedPods?: readonly Pod[];
  /** Explicit ranks, one per pod (overrides `relatedPods`), as upstream's tests pass them. */
  readonly ranks?: readonly number[];
  /**
   * Return only the first `limit` pods: the same pods in the same order as sorting all and
   * slicing, selected in O(n log limit) (a controller deleting a burst out of many pods).
   */
  readonly limit?: number;
}

/**
 * The pods ordered most-deletable first, exactly upstream's `ActivePodsWithRanks` order (§H.4):
 * unassigned first, Pending < Unknown < Running, not ready first, lower pod-deletion-cost first,
 * higher rank (more related active pods on the same node) first, ready for less time first and
 * more restarts first, newer first; times compared in log2 buckets of their age at `now`, with
 * the UID breaking ties inside a bucket. Returns a new array; the input is not modified.
 * O(n log n).
 *
 * @example
 * ```ts
 * import { sortPodsForDeletion } from 'podkit/planners';
 * const victims = sortPodsForDeletion(pods, { now: Date.UTC(2024, 0, 1) }).slice(0, 2);
 * ```
 */
export function sortPodsForDeletion(pods: readonly Pod[], options: SortPodsForDeletionOptions = {}): Pod[] {
  const ranks = options.ranks ?? ranksByRelatedPodsOnSameNode(pods, options.relatedPods ?? pods);
  if (ranks.length !== pods.length) {
    throw new PodkitError('invalid_argument', `sortPodsForDeletion: expected options.ranks to hold one rank per pod (${pods.length}), received ${ranks.length}.`);
  }
  const now = options.now === undefined ? undefined : toMillis(options.now);
  const keys = pods.map((p, i) => keyOf(p, ranks[i] as number));
  const compare = toComparator((a, b) => lessWithRanks(a, b, now));
  const limit = options.limit;
  if (limit !== undefined && limit < keys.length) return firstInOrder(keys, Math.max(0, Math.floor(limit)), compare).map((k) => k.pod);
  keys.sort(compare);
  return keys.map((k) => k.pod);
}

/**
 * The first `k` keys of a stable sort by `compare`, in order, in O(n log k): a max-heap of the
 * best `k` so far under `compare` with the input position breaking ties (which is what a stable
 * sort does).
 */
function firstInOrder(keys: readonly RankKey[], k: number, compare: (a: RankKey, b: RankKey) => number): RankKey[] {
  if (k === 0) return [];
  const heap: number[] = [];
  const worse = (i: number, j: number): boolean => {
    const c = compare(keys[i] as RankKey, keys[j] as RankKey);
    return c > 0 || (c === 0 && i > j);
  };
  const up = (at: number): void => {
    let c = at;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (!worse(heap[c] as number, heap[parent] as number)) break;
      [heap[c], heap[parent]] = [heap[parent] as number, heap[c] as number];
      c = parent;
    }
  };
  const down = (): void => {
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let top = c;
      if (l < heap.length && worse(heap[l] as number, heap[top] as number)) top = l;
      if (r < heap.length && worse(heap[r] as number, heap[top] as number)) top = r;
      if (top === c) return;
      [heap[c], heap[top]] = [heap[top] as number, heap[c] as number];
      c = top;
    }
  };
  for (let i = 0; i < keys.length; i++) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (worse(heap[0] as number, i)) {
      heap[0] = i;
      down();
    }
  }
  heap.sort((i, j) => compare(keys[i] as RankKey, keys[j] as RankKey) || i - j);
  return heap.map((i) => keys[i] as RankKey);
}
