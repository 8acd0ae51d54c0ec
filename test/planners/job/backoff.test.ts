// Restated from upstream backoff_utils_test.go: TestNewBackoffRecord, TestGetFinishedTime,
// TestGetRemainingBackoffTime, TestGetRemainingBackoffTimePerIndex (§I.5).
import { describe, expect, it } from 'vitest';
import { JOB_INDEX_FAILURE_COUNT_ANNOTATION, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION } from 'podkit/model';
import {
  newBackoffRecord,
  podFinishedTime,
  remainingBackoffMs,
  remainingBackoffPerIndexMs,
  updateBackoffRecord,
} from 'podkit/planners';
import type { JobBackoffRecord, Pod } from 'podkit';

const T = Date.UTC(2009, 10, 10, 23, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

function finishedPod(phase: 'Succeeded' | 'Failed', finishedAt: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {},
    spec: { containers: [{ name: 'c' }] },
    status: { phase, containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: '', imageID: '', state: { terminated: { exitCode: 0, finishedAt: iso(finishedAt) } } }] },
  };
}

describe('updateBackoffRecord (TestNewBackoffRecord, §I.5)', () => {
  const rows: [string, JobBackoffRecord | undefined, number[], number[], JobBackoffRecord][] = [
    ['Empty backoff store and one new failure', undefined, [], [T], { failuresAfterLastSuccess: 1, lastFailureTime: T }],
    ['Empty backoff store and two new failures', undefined, [], [T, T - 1], { failuresAfterLastSuccess: 2, lastFailureTime: T }],
    ['Empty backoff store, two failures followed by success', undefined, [T], [T - 2, T - 1], { failuresAfterLastSuccess: 0 }],
    ['Empty backoff store, two failures, one success and two more failures', undefined, [T - 2], [T, T - 4, T - 3, T - 1], { failuresAfterLastSuccess: 2, lastFailureTime: T }],
    ['Backoff store having failure count 2 and one new failure', { failuresAfterLastSuccess: 2 }, [], [T], { failuresAfterLastSuccess: 3, lastFailureTime: T }],
    ['Empty backoff store with success and failure at same timestamp', undefined, [T], [T], { failuresAfterLastSuccess: 0 }],
    ['Empty backoff store with no success/failure', undefined, [], [], { failuresAfterLastSuccess: 0 }],
    ['Empty backoff store with one success', undefined, [T], [], { failuresAfterLastSuccess: 0 }],
  ];
  it.each(rows)('%s', (_name, prev, succeeded, failed, want) => {
    const got = updateBackoffRecord(prev, {
      succeeded: succeeded.map((t) => finishedPod('Succeeded', t)),
      failed: failed.map((t) => finishedPod('Failed', t)),
    });
    expect(got).toEqual(want);
  });

  it('starts from an empty record', () => {
    expect(newBackoffRecord()).toEqual({ failuresAfterLastSuccess: 0 });
  });
});

describe('podFinishedTime (TestGetFinishedTime, §I.5)', () => {
  const base = (status: Pod['status'], meta: Pod['metadata'] = {}, spec?: Pod['spec']): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta,
    spec: spec ?? { containers: [{ name: 'c' }] },
    status,
  });
  const term = (name: string, at?: number) => ({
    name,
    ready: false,
    restartCount: 0,
    image: '',
    imageID: '',
    state: { terminated: { exitCode: 0, ...(at === undefined ? {} : { finishedAt: iso(at) }) } },
  });
  const running = (name: string) => ({ name, ready: true, restartCount: 0, image: '', imageID: '', state: { running: {} } });

  it('takes the latest finishedAt when all containers terminated', () => {
    expect(podFinishedTime(base({ containerStatuses: [term('a', T - 1000), term('b', T), term('c', T - 2000)] }))).toBe(T);
  });
  it('falls back to deletionTimestamp when one container still runs', () => {
    expect(podFinishedTime(base({ containerStatuses: [term('a', T - 1000), running('b'), term('c', T - 2000)] }, { deletionTimestamp: iso(T) }))).toBe(T);
  });
  it('decrements the deletionTimestamp by the grace period', () => {
    expect(podFinishedTime(base({ containerStatuses: [running('a')] }, { deletionTimestamp: iso(T), deletionGracePeriodSeconds: 30 }))).toBe(T - 30_000);
  });
  it('falls back to the Ready=False lastTransitionTime when a terminated state has no time', () => {
    const p = base({ containerStatuses: [term('a')], conditions: [{ type: 'Ready', status: 'False', reason: 'PodFailed', lastTransitionTime: iso(T) }] });
    expect(podFinishedTime(p)).toBe(T);
  });
  it('skips a Ready=True condition', () => {
    const p = base({ containerStatuses: [term('a')], conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(T - 30_000) }] }, { deletionTimestamp: iso(T) });
    expect(podFinishedTime(p)).toBe(T);
  });
  it('falls back to the creationTimestamp', () => {
    expect(podFinishedTime(base({ containerStatuses: [term('a')] }, { creationTimestamp: iso(T) }))).toBe(T);
  });
  it('includes sidecars (restartable init containers), which finish after the regular containers', () => {
    const spec = { initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }, { name: 'setup' }], containers: [{ name: 'a' }] };
    const p = base({ containerStatuses: [term('a', T - 1000)], initContainerStatuses: [term('sidecar', T), term('setup', T - 5000)] }, {}, spec);
    expect(podFinishedTime(p)).toBe(T);
  });
  it('ignores plain init containers', () => {
    const spec = { initContainers: [{ name: 'setup' }], containers: [{ name: 'a' }] };
    const p = base({ containerStatuses: [term('a', T - 1000)], initContainerStatuses: [term('setup', T)] }, {}, spec);
    expect(podFinishedTime(p)).toBe(T - 1000);
  });
});

describe('remainingBackoffMs (TestGetRemainingBackoffTime, §I.5)', () => {
  const rows: [string, JobBackoffRecord, number, number][] = [
    ['no failures', { failuresAfterLastSuccess: 0 }, T, 0],
    ['one failure; current time and failure time are same', { failuresAfterLastSuccess: 1, lastFailureTime: T }, T, 5_000],
    ['one failure; current time == 1 second + failure time', { failuresAfterLastSuccess: 1, lastFailureTime: T }, T + 1000, 4_000],
    ['one failure; current time == expected backoff time', { failuresAfterLastSuccess: 1, lastFailureTime: T }, T + 5000, 0],
    ['one failure; current time == expected backoff time + 1 Second', { failuresAfterLastSuccess: 1, lastFailureTime: T }, T + 6000, 0],
    ['three failures; current time and failure time are same', { failuresAfterLastSuccess: 3, lastFailureTime: T }, T, 20_000],
    ['eight failures; backoff not exceeding maxBackoff', { failuresAfterLastSuccess: 8, lastFailureTime: T }, T, 640_000],
    ['nine failures; backoff exceeding maxBackoff', { failuresAfterLastSuccess: 9, lastFailureTime: T }, T, 700_000],
  ];
  it.each(rows)('%s (5 s base, 700 s cap)', (_name, record, now, want) => {
    expect(remainingBackoffMs(record, now, 5_000, 700_000)).toBe(want);
  });

  it('defaults to 10 s doubling up to 10 minutes', () => {
    expect(remainingBackoffMs({ failuresAfterLastSuccess: 1, lastFailureTime: T }, T)).toBe(10_000);
    expect(remainingBackoffMs({ failuresAfterLastSuccess: 6, lastFailureTime: T }, T)).toBe(320_000);
    expect(remainingBackoffMs({ failuresAfterLastSuccess: 7, lastFailureTime: T }, T)).toBe(600_000);
    expect(remainingBackoffMs({ failuresAfterLastSuccess: 50, lastFailureTime: T }, T + 1000)).toBe(599_000);
    expect(remainingBackoffMs(undefined, T)).toBe(0);
  });
});

describe('remainingBackoffPerIndexMs (TestGetRemainingBackoffTimePerIndex, §I.5)', () => {
  const failed = (count: string, ignored?: string): Pod => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      deletionTimestamp: iso(T),
      annotations: { [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: count, ...(ignored === undefined ? {} : { [JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION]: ignored }) },
    },
    spec: { containers: [{ name: 'c' }] },
    status: { phase: 'Failed' },
  });
  it('is 0 without a previous failure', () => {
    expect(remainingBackoffPerIndexMs(undefined, T)).toBe(0);
  });
  it('counts the annotation plus one failure (two previous failures: 10 s × 4)', () => {
    expect(remainingBackoffPerIndexMs(failed('2'), T)).toBe(40_000);
  });
  it('adds the ignored failures to the count', () => {
    expect(remainingBackoffPerIndexMs(failed('1', '1'), T)).toBe(40_000);
  });
  it('subtracts the time since the failure', () => {
    expect(remainingBackoffPerIndexMs(failed('0'), T + 4_000)).toBe(6_000);
  });
});
