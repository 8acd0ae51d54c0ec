// Completed-index strings and index helpers (§I.7), restating indexed_job_utils_test.go
// (TestCalculateSucceededIndexes, TestPodGenerateNameWithIndex, TestFirstPendingIndexes) and
// orderedIntervals String / parse cases.
import { describe, expect, it } from 'vitest';
import { planJob } from 'podkit';
import { formatCompletedIndexes, getCompletionIndex, parseCompletedIndexes, podGenerateNameWithIndex } from 'podkit/planners';
import type { PodPhase } from 'podkit';
import { jobPod, newJob, T0 } from './job-fixtures.js';

describe('formatCompletedIndexes (§I.7)', () => {
  it.each([
    [[0, 2, 3, 4, 5], '0,2-5'],
    [[2, 3], '2,3'],
    [[1, 3, 4, 5], '1,3-5'],
    [[2, 3, 5, 6, 7], '2,3,5-7'],
    [[], ''],
    [[7], '7'],
    [[5, 1, 3, 4, 1], '1,3-5'],
  ])('formats %j as %j', (indexes, text) => {
    expect(formatCompletedIndexes(indexes)).toBe(text);
  });

  it('accepts any iterable, such as a Set', () => {
    expect(formatCompletedIndexes(new Set([4, 0, 1, 2]))).toBe('0-2,4');
  });

  it('rejects negative and fractional indexes', () => {
    expect(() => formatCompletedIndexes([1, -1])).toThrow(/integer indexes >= 0/);
    expect(() => formatCompletedIndexes([1.5])).toThrow(/received 1.5/);
  });

  it('is linear: 100 000 sorted indexes format quickly into one interval', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => i);
    expect(formatCompletedIndexes(many)).toBe('0-99999');
  });
});

describe('parseCompletedIndexes (§I.7)', () => {
  it.each([
    ['0,2-5', 10, [0, 2, 3, 4, 5]],
    ['prev interval out of range: 0-5,8-10', 8, [0, 1, 2, 3, 4, 5]],
    ['prev interval partially out of range: 0-5,8-10', 10, [0, 1, 2, 3, 4, 5, 8, 9]],
    ['corrupted interval: 0,1-foo,bar', 4, [0]],
    ['adjacent parts: 1,2,3-4', 10, [1, 2, 3, 4]],
    ['empty', 3, []],
  ])('%s (completions %i)', (label, completions, want) => {
    const text = label.includes(': ') ? label.slice(label.indexOf(': ') + 2) : label === 'empty' ? '' : label;
    expect(parseCompletedIndexes(text, completions)).toEqual(want);
  });

  it('round-trips with formatCompletedIndexes', () => {
    const text = '0,2-5,9,11,12,20-25';
    expect(formatCompletedIndexes(parseCompletedIndexes(text, 100))).toBe(text);
  });
});

describe('podGenerateNameWithIndex (TestPodGenerateNameWithIndex, §I.4)', () => {
  it.each([
    ['short job name', 'indexed-job', 1, 'indexed-job-1-'],
    ['job name exceeds MaxGeneneratedNameLength', 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo', 1, 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'],
    ['job name with index suffix exceeds MaxGeneratedNameLength', 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo', 1, 'hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-'],
  ])('%s', (_name, job, index, want) => {
    expect(podGenerateNameWithIndex(job, index)).toBe(want);
    expect(podGenerateNameWithIndex(job, index).length).toBeLessThanOrEqual(58);
  });
});

describe('getCompletionIndex (§I.7)', () => {
  const job = newJob({ indexed: true });
  it.each([
    ['3', 3],
    ['+4', 4],
    ['-2', -1],
    ['invalid', -1],
    ['', -1],
  ])('reads annotation %j as %i', (text, want) => {
    expect(getCompletionIndex(jobPod(job, 'p', { index: text }))).toBe(want);
  });
  it('is -1 without the annotation', () => {
    expect(getCompletionIndex(jobPod(job, 'p'))).toBe(-1);
  });
});

describe('succeeded indexes of a sync (TestCalculateSucceededIndexes, §I.7)', () => {
  const cases: [string, string | undefined, [string, PodPhase][], number, string][] = [
    ['one index', undefined, [['1', 'Succeeded']], 2, '1'],
    ['two separate', undefined, [['2', 'Failed'], ['5', 'Succeeded'], ['5', 'Succeeded'], ['10', 'Failed'], ['10', 'Succeeded']], 11, '5,10'],
    ['two intervals', undefined, [['0', 'Running'], ['1', 'Pending'], ['2', 'Succeeded'], ['3', 'Succeeded'], ['5', 'Succeeded'], ['6', 'Succeeded'], ['7', 'Succeeded']], 8, '2,3,5-7'],
    ['one index and one interval', undefined, [['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Succeeded'], ['3', 'Succeeded'], ['4', 'Succeeded'], ['5', 'Succeeded'], ['-', 'Succeeded'], ['-2', 'Succeeded']], 6, '0,2-5'],
    ['out of range', undefined, [['0', 'Succeeded'], ['1', 'Succeeded'], ['2', 'Succeeded'], ['3', 'Failed'], ['4', 'Succeeded'], ['5', 'Succeeded'], ['-', 'Succeeded'], ['-2', 'Succeeded']], 5, '0-2,4'],
    ['prev interval out of range', '0-5,8-10', [], 8, '0-5'],
    ['prev interval partially out of range', '0-5,8-10', [], 10, '0-5,8,9'],
    ['prev and new separate', '0,4,5,10-12', [['2', 'Succeeded'], ['7', 'Succeeded'], ['8', 'Succeeded']], 13, '0,2,4,5,7,8,10-12'],
    ['prev between new', '3,4,6', [['2', 'Succeeded'], ['7', 'Succeeded'], ['8', 'Succeeded']], 9, '2-4,6-8'],
    ['new between prev', '2,7,8', [['3', 'Succeeded'], ['4', 'Succeeded'], ['6', 'Succeeded']], 9, '2-4,6-8'],
    ['new within prev', '2-7', [['0', 'Succeeded'], ['3', 'Succeeded'], ['5', 'Succeeded'], ['9', 'Succeeded']], 10, '0,2-7,9'],
    ['corrupted interval', '0,1-foo,bar', [['3', 'Succeeded']], 4, '0,3'],
  ];
  it.each(cases)('%s', (_name, prev, pods, completions, want) => {
    const job = newJob({ indexed: true, completions, parallelism: 0, ...(prev === undefined ? {} : { status: { completedIndexes: prev } }) });
    const plan = planJob(job, pods.map(([ix, phase], i) => jobPod(job, `p${i}`, { phase, ...(ix === '-' ? {} : { index: ix }) })), { now: T0 });
    expect(plan.status.completedIndexes ?? '').toBe(want);
    expect(plan.status.succeeded).toBe(parseCompletedIndexes(want, completions).length);
  });
});

describe('first pending indexes of a sync (TestFirstPendingIndexes, §I.4)', () => {
  const created = (completions: number, parallelism: number, active: string[], completed?: string): number[] => {
    const job = newJob({ indexed: true, completions, parallelism, ...(completed === undefined ? {} : { status: { completedIndexes: completed } }) });
    const pods = active.map((ix, i) => jobPod(job, `a${i}`, { phase: 'Pending', index: ix }));
    return planJob(job, pods, { now: T0 }).creates.map(getCompletionIndex);
  };
  it('cnt greater than completions', () => expect(created(3, 5, [])).toEqual([0, 1, 2]));
  it('cnt less than completions', () => expect(created(5, 2, [])).toEqual([0, 1]));
  it('first pods active', () => expect(created(10, 5, ['0', '1'])).toEqual([2, 3, 4]));
  it('last pods active or succeeded', () => expect(created(6, 7, [], '4,5')).toEqual([0, 1, 2, 3]));
  it('mixed', () => expect(created(20, 8, ['3', '5', '8'], '2-4,9')).toEqual([0, 1, 6, 7, 10]));
});
