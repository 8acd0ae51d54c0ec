import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { newPod } from 'podkit/testing';
import type { Pod, PodPhase } from 'podkit';
import { toTimestamp } from 'podkit/model';
import {
  compareActivePods,
  compareActivePodsWithRanks,
  podDeletionCost,
  podsToDelete,
  ranksByRelatedPodsOnSameNode,
  sortPodsForDeletion,
} from 'podkit/planners';

const NOW = Date.UTC(2024, 5, 15, 12, 0, 0);
const HOUR = 3_600_000;
const then1Month = Date.UTC(2024, 4, 15, 12, 0, 0);

/** Restates upstream's test helper: ready pods get a Ready condition and one container status. */
function pod(
  name: string,
  nodeName: string,
  phase: PodPhase,
  ready: boolean,
  restarts: number,
  readySince: number | undefined,
  created: number | undefined,
  annotations?: Record<string, string>,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(created === undefined ? {} : { creationTimestamp: toTimestamp(created) }),
      ...(annotations === undefined ? {} : { annotations }),
    },
    spec: { containers: [{ name: 'app' }], ...(nodeName === '' ? {} : { nodeName }) },
    status: {
      phase,
      ...(ready
        ? {
            conditions: [
              { type: 'Ready', status: 'True' as const, ...(readySince === undefined ? {} : { lastTransitionTime: toTimestamp(readySince) }) },
            ],
            containerStatuses: [{ name: 'app', ready: true, restartCount: restarts, image: '', imageID: '' }],
          }
        : {}),
    },
  };
}

// TestSortingActivePodsWithRanks (controller_utils_test.go)
const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0, undefined, undefined);
const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0, undefined, undefined);
const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0, undefined, undefined);
const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0, undefined, undefined);
const runningReadyNoLastTransitionTimePod = pod('ready-no-last-transition-time', 'node', 'Running', true, 0, undefined, undefined);
const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, NOW, NOW);
const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, then1Month, then1Month);
const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, NOW, NOW);
const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, NOW, then1Month);
const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, NOW, then1Month, {
  'controller.kubernetes.io/pod-deletion-cost': '10',
});
const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, NOW, then1Month, {
  'controller.kubernetes.io/pod-deletion-cost': '100',
});
const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, NOW - 5 * HOUR, NOW - 5 * HOUR);
const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, NOW - 8 * HOUR, NOW - 8 * HOUR);
const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, NOW - 2 * HOUR, then1Month);
const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, NOW - 5 * HOUR, then1Month);
const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, NOW - 8 * HOUR, then1Month);

describe('compareActivePodsWithRanks', () => {
  it.each([
    [unscheduledPod, unscheduledPod],
    [scheduledPendingPod, scheduledPendingPod],
    [unknownPhasePod, unknownPhasePod],
    [runningNotReadyPod, runningNotReadyPod],
    [runningReadyNowCreatedThen, runningReadyNowCreatedThen],
    [runningReadyNow, runningReadyNow],
    [runningReadyThen, runningReadyThen],
    [runningReadyNowHighRestarts, runningReadyNowHighRestarts],
    [unscheduled5Hours, unscheduled8Hours],
    [ready5Hours, ready10Hours],
  ].map(([a, b]) => [a!.metadata.name, b!.metadata.name, a!, b!] as const))('treats %s and %s as equivalent at equal ranks (§H.4, upstream equality cases)', (_a, _b, a, b) => {
    expect(compareActivePodsWithRanks(a, 1, b, 1, NOW)).toBe(0);
    expect(compareActivePodsWithRanks(b, 1, a, 1, NOW)).toBe(0);
  });

  const inequality: [string, Pod, number, Pod, number][] = [
    ['unscheduled < scheduled, whatever the ranks', unscheduledPod, 1, scheduledPendingPod, 2],
    ['unscheduled < scheduled, higher rank first', unscheduledPod, 2, scheduledPendingPod, 1],
    ['Pending < Unknown', scheduledPendingPod, 1, unknownPhasePod, 2],
    ['Unknown < Running', unknownPhasePod, 1, runningNotReadyPod, 2],
    ['not ready < ready', runningNotReadyPod, 1, runningReadyNoLastTransitionTimePod, 1],
    ['ready without time < ready now', runningReadyNoLastTransitionTimePod, 1, runningReadyNow, 1],
    ['higher rank before ready time', runningReadyNow, 2, runningReadyNoLastTransitionTimePod, 1],
    ['ready now < ready a month ago', runningReadyNow, 1, runningReadyThen, 1],
    ['higher rank before a month of readiness', runningReadyNow, 2, runningReadyThen, 1],
    ['more restarts first', runningReadyNowHighRestarts, 1, runningReadyNow, 1],
    ['higher rank before restarts', runningReadyNow, 2, runningReadyNowHighRestarts, 1],
    ['created now < created a month ago', runningReadyNow, 1, runningReadyNowCreatedThen, 1],
    ['higher rank before creation time', runningReadyNowCreatedThen, 2, runningReadyNow, 1],
    ['lower deletion cost before higher rank', lowPodDeletionCost, 2, highPodDeletionCost, 1],
    ['ready 2h < ready 5h (different log2 buckets)', ready2Hours, 1, ready5Hours, 1],
  ];
  it.each(inequality)('orders %s (§H.4, upstream inequality cases)', (_name, lesser, lr, greater, gr) => {
    expect(compareActivePodsWithRanks(lesser, lr, greater, gr, NOW)).toBeLessThan(0);
    expect(compareActivePodsWithRanks(greater, gr, lesser, lr, NOW)).toBeGreaterThan(0);
  });

  it('breaks ties inside one log2 bucket by UID (§H.4 rule 6)', () => {
    const a = { ...ready5Hours, metadata: { ...ready5Hours.metadata, uid: 'aaa' } };
    const b = { ...ready10Hours, metadata: { ...ready10Hours.metadata, uid: 'bbb' } };
    expect(compareActivePodsWithRanks(a, 1, b, 1, NOW)).toBeLessThan(0);
    expect(compareActivePodsWithRanks(b, 1, a, 1, NOW)).toBeGreaterThan(0);
  });

  it('compares plain times (newer first) without a reference time (§H.4)', () => {
    expect(compareActivePodsWithRanks(ready5Hours, 1, ready10Hours, 1)).toBeLessThan(0);
  });
});

describe('podDeletionCost', () => {
  it.each([
    ['10', 10],
    ['-5', -5],
    ['abc', 0],
    ['2147483648', 0],
    ['1.5', 0],
  ])('reads %j as %d (§H.4 rule 4: invalid counts as 0)', (text, cost) => {
    expect(podDeletionCost(pod('p', 'n', 'Running', true, 0, NOW, NOW, { 'controller.kubernetes.io/pod-deletion-cost': text }))).toBe(cost);
  });
});

/** A deterministic Fisher-Yates shuffle (an LCG seeded per run). */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('compareActivePods', () => {
  const then = then1Month;
  const running = (name: string, ready: boolean, readySince: number | undefined, restarts: number[], created?: number): Pod => ({
    ...pod(name, 'foo', 'Running', false, 0, undefined, created),
    status: {
      phase: 'Running',
      ...(ready ? { conditions: [{ type: 'Ready', status: 'True', ...(readySince === undefined ? {} : { lastTransitionTime: toTimestamp(readySince) }) }] } : {}),
      containerStatuses: restarts.map((r, i) => ({ name: `c${i}`, ready, restartCount: r, image: '', imageID: '' })),
    },
  });
  // TestSortingActivePods (controller_utils_test.go)
  const pods: Pod[] = [
    pod('unscheduled', '', 'Pending', false, 0, undefined, undefined),
    pod('scheduledButPending', 'bar', 'Pending', false, 0, undefined, undefined),
    pod('unknownPhase', 'foo', 'Unknown', false, 0, undefined, undefined),
    pod('runningButNotReady', 'foo', 'Running', false, 0, undefined, undefined),
    running('runningNoLastTransitionTime', true, undefined, [3, 0]),
    running('runningWithLastTransitionTime', true, NOW, [3, 0]),
    running('runningLongerTime', true, then, [3, 0]),
    running('lowerContainerRestartCount', true, then, [2, 1], NOW),
    running('oldest', true, then, [2, 1], then),
  ];

  it('sorts every shuffle into upstream order (TestSortingActivePods)', () => {
    const want = pods.map((p) => p.metadata.name);
    for (let seed = 1; seed <= 20; seed++) {
      const shuffled = shuffle(pods, seed);
      expect(shuffled.sort(compareActivePods).map((p) => p.metadata.name)).toEqual(want);
    }
  });

  it('ignores the pod-deletion-cost annotation (plain ActivePods)', () => {
    expect(compareActivePods(highPodDeletionCost, lowPodDeletionCost)).toBe(0);
  });
});

describe('sortPodsForDeletion', () => {
  const rsPod = (name: string, nodeName: string, phase: PodPhase, ready: boolean | undefined): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'app' }], ...(nodeName === '' ? {} : { nodeName }) },
    status: { phase, ...(ready === undefined ? {} : { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] }) },
  });
  // TestGetPodsToDelete (replica_set_test.go)
  const unscheduledPending = rsPod('unscheduled-pending-pod', '', 'Pending', undefined);
  const scheduledPending = rsPod('scheduled-pending-pod', 'fake-node', 'Pending', undefined);
  const notReady = rsPod('scheduled-running-not-ready-pod', 'fake-node', 'Running', false);
  const readyOn1 = rsPod('scheduled-running-ready-pod-on-node-1', 'fake-node-1', 'Running', true);
  const readyOn2 = rsPod('scheduled-running-ready-pod-on-node-2', 'fake-node-2', 'Running', true);

  it.each<[string, Pod[], Pod[] | undefined, number, Pod[]]>([
    ['len(pods) = 0', [], undefined, 0, []],
    ['diff = len(pods) keeps input order', [notReady, readyOn1], undefined, 2, [notReady, readyOn1]],
    ['diff < len(pods)', [readyOn1, notReady], undefined, 1, [notReady]],
    [
      'various phases, diff = len(pods): no sorting',
      [readyOn1, readyOn1, readyOn2, notReady, scheduledPending, unscheduledPending],
      undefined,
      6,
      [readyOn1, readyOn1, readyOn2, notReady, scheduledPending, unscheduledPending],
    ],
    ['scheduled vs unscheduled', [scheduledPending, unscheduledPending], undefined, 1, [unscheduledPending]],
    ['ready vs not-ready', [readyOn1, notReady, notReady], undefined, 2, [notReady, notReady]],
    ['colocated with another related ready pod goes first', [readyOn1, readyOn2], [readyOn1, readyOn2, readyOn2], 1, [readyOn2]],
    ['pending vs running', [scheduledPending, notReady], undefined, 1, [scheduledPending]],
    [
      'various phases, diff < len(pods)',
      [readyOn1, readyOn2, notReady, scheduledPending, unscheduledPending],
      undefined,
      3,
      [unscheduledPending, scheduledPending, notReady],
    ],
  ])('picks victims: %s (TestGetPodsToDelete, §H.3)', (_name, pods, related, diff, want) => {
    expect(podsToDelete(pods, related ?? pods, diff, NOW)).toEqual(want);
  });

  it('ranks by active related pods on the same node only (§H.4 rank)', () => {
    const terminating = { ...readyOn2, metadata: { ...readyOn2.metadata, name: 'gone', deletionTimestamp: toTimestamp(NOW) } };
    expect(ranksByRelatedPodsOnSameNode([readyOn1, readyOn2], [readyOn1, readyOn2, terminating])).toEqual([1, 1]);
  });

  it('accepts explicit ranks and does not modify its input', () => {
    const input = [readyOn1, readyOn2];
    expect(sortPodsForDeletion(input, { now: NOW, ranks: [1, 5] })).toEqual([readyOn2, readyOn1]);
    expect(input).toEqual([readyOn1, readyOn2]);
  });

  it('rejects a ranks array of the wrong length with invalid_argument', () => {
    expect(() => sortPodsForDeletion([readyOn1], { ranks: [] })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

describe('sortPodsForDeletion with a limit (partial selection)', () => {
  // Upstream's Less is not transitive when two different times fall in the same log2 bucket (the
  // UID decides them, while equal times fall through to later rules), so "the first k of a full
  // sort" is only defined when equal buckets mean equal times: the times below (minutes after
  // the start, `now` at 60) have ages of 60, 30, 15 and 5 minutes, four different buckets.
  it('returns exactly the first pods of the full order, ties kept in input order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            node: fc.constantFrom('', 'n1', 'n2'),
            phase: fc.constantFrom('Pending', 'Running', 'Unknown'),
            ready: fc.boolean(),
            readyAt: fc.constantFrom(0, 30, 45, 55),
            restarts: fc.integer({ min: 0, max: 2 }),
            created: fc.constantFrom(0, 30, 45, 55),
            cost: fc.constantFrom(undefined, '0', '5', '-3'),
            frozen: fc.boolean(),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 45 }),
        (specs, limit) => {
          const pods = specs.map((s, i) => {
            const t = (n: number): string => new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString().replace('.000Z', 'Z');
            const pod = newPod({
              name: `p${i}`,
              ...(s.cost === undefined ? {} : { annotations: { 'controller.kubernetes.io/pod-deletion-cost': s.cost } }),
              spec: s.node === '' ? {} : { nodeName: s.node },
            });
            const withStatus = {
              ...pod,
              metadata: { ...pod.metadata, uid: `uid-${i % 7}`, creationTimestamp: t(s.created) },
              status: {
                phase: s.phase as 'Pending',
                conditions: [{ type: 'Ready' as const, status: s.ready ? ('True' as const) : ('False' as const), lastTransitionTime: t(s.readyAt) }],
                containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: s.ready, restartCount: s.restarts, state: {} }],
              },
            } as Pod;
            return s.frozen ? deepFreezeForTest(withStatus) : withStatus;
          });
          const now = Date.UTC(2024, 0, 1, 1);
          const all = sortPodsForDeletion(pods, { now });
          const first = sortPodsForDeletion(pods, { now, limit });
          expect(first.map((p) => p.metadata.name)).toEqual(all.slice(0, limit).map((p) => p.metadata.name));
          // Asking again (keys now cached for frozen pods) gives the same answer.
          expect(sortPodsForDeletion(pods, { now, limit }).map((p) => p.metadata.name)).toEqual(first.map((p) => p.metadata.name));
        },
      ),
      { numRuns: 300 },
    );
  });
});

function deepFreezeForTest<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreezeForTest(x);
  }
  return v;
}
