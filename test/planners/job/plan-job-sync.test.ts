// Rows restated from upstream job_controller_test.go TestControllerSyncJob, with the current gates
// (JobPodReplacementPolicy, JobManagedBy, JobSuccessPolicy on: terminal conditions are delayed).
import { describe, expect, it } from 'vitest';
import { planJob } from 'podkit';
import { getCompletionIndex } from 'podkit/planners';
import type { Job, JobStatus, Pod, PodPhase } from 'podkit';
import { jobPod, newJob, T0, ts } from './job-fixtures.js';

interface Row {
  readonly parallelism: number;
  readonly completions: number | null;
  readonly backoffLimit?: number;
  readonly indexed?: boolean;
  readonly suspend?: boolean;
  readonly deleting?: boolean;
  readonly podReplacementPolicy?: 'Failed' | 'TerminatingOrFailed';
  readonly initialStatus?: JobStatus;
  readonly pendingPods?: number;
  readonly activePods?: number;
  readonly readyPods?: number;
  readonly succeededPods?: number;
  readonly failedPods?: number;
  readonly terminatingPods?: number;
  readonly podsWithIndexes?: readonly [string, PodPhase][];
  readonly expectationsSatisfied?: boolean;
  // expectations
  readonly creations?: number;
  readonly deletions?: number;
  readonly active?: number;
  readonly ready?: number;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly terminating?: number;
  readonly completedIndexes?: string;
  readonly createdIndexes?: number[];
  readonly podPatches?: number;
  readonly conditions?: readonly [string, string?, string?][];
}

function podsFor(job: Job, row: Row): Pod[] {
  const out: Pod[] = [];
  const add = (prefix: string, n: number, phase: PodPhase, extra: Parameters<typeof jobPod>[2] = {}) => {
    for (let i = 0; i < n; i++) out.push(jobPod(job, `${prefix}-${i}`, { phase, ...extra }));
  };
  add('pending', row.pendingPods ?? 0, 'Pending');
  const ready = row.readyPods ?? 0;
  for (let i = 0; i < (row.activePods ?? 0); i++) out.push(jobPod(job, `active-${i}`, { phase: 'Running', ready: i < ready }));
  add('succeeded', row.succeededPods ?? 0, 'Succeeded');
  add('failed', row.failedPods ?? 0, 'Failed');
  add('terminating', row.terminatingPods ?? 0, 'Running', { deleted: ts(T0 - 1000) });
  (row.podsWithIndexes ?? []).forEach(([index, phase], i) => {
    out.push(jobPod(job, `indexed-${i}`, { phase, ...(index === '-' ? {} : { index }) }));
  });
  return out;
}

function sync(row: Row) {
  const job = newJob({
    parallelism: row.parallelism,
    completions: row.completions,
    backoffLimit: row.backoffLimit ?? 0,
    indexed: row.indexed === true,
    spec: {
      ...(row.suspend === true ? { suspend: true } : {}),
      ...(row.podReplacementPolicy === undefined ? {} : { podReplacementPolicy: row.podReplacementPolicy }),
    },
    ...(row.initialStatus === undefined ? {} : { status: row.initialStatus }),
    ...(row.deleting === true ? { deletionTimestamp: ts(T0 - 1000) } : {}),
  });
  return planJob(job, podsFor(job, row), { now: T0, ...(row.expectationsSatisfied === undefined ? {} : { expectationsSatisfied: row.expectationsSatisfied }) });
}

const rows: Record<string, Row> = {
  'job start': { parallelism: 2, completions: 5, backoffLimit: 6, creations: 2, active: 2, ready: 0 },
  'WQ job start': { parallelism: 2, completions: null, backoffLimit: 6, creations: 2, active: 2 },
  'pending pods': { parallelism: 2, completions: 5, backoffLimit: 6, pendingPods: 2, active: 2 },
  'correct # of pods': { parallelism: 3, completions: 5, backoffLimit: 6, activePods: 3, readyPods: 2, active: 3, ready: 2 },
  'WQ job: correct # of pods': { parallelism: 2, completions: null, backoffLimit: 6, activePods: 2, active: 2 },
  'too few active pods': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 1, succeededPods: 1, creations: 1, active: 2, succeeded: 1, podPatches: 1 },
  'too few active pods with a dynamic job': { parallelism: 2, completions: null, backoffLimit: 6, activePods: 1, creations: 1, active: 2 },
  'too many active pods': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 3, deletions: 1, active: 2, podPatches: 1, terminating: 1 },
  'count ready pods when too many active pods': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 3, readyPods: 3, deletions: 1, active: 2, ready: 2, podPatches: 1, terminating: 1 },
  'failed + succeed pods: reset backoff delay': {
    parallelism: 2, completions: 5, backoffLimit: 6, activePods: 1, succeededPods: 1, failedPods: 1,
    creations: 1, active: 2, succeeded: 1, failed: 1, podPatches: 2,
  },
  'new failed pod': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 1, failedPods: 1, creations: 1, active: 2, failed: 1, podPatches: 1 },
  'no new pod; possible finalizer update of failed pod': {
    parallelism: 1, completions: 1, backoffLimit: 6, initialStatus: { active: 1, succeeded: 0, failed: 1 }, activePods: 1,
    creations: 0, active: 1, failed: 1, podPatches: 0,
  },
  'job finish': {
    parallelism: 2, completions: 5, backoffLimit: 6, succeededPods: 5, succeeded: 5, podPatches: 5,
    conditions: [['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'], ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods']],
  },
  'WQ job finishing': { parallelism: 2, completions: null, backoffLimit: 6, activePods: 1, succeededPods: 1, active: 1, succeeded: 1, podPatches: 1, creations: 0 },
  'WQ job all finished': { parallelism: 2, completions: null, backoffLimit: 6, succeededPods: 2, succeeded: 2, podPatches: 2, conditions: [['SuccessCriteriaMet'], ['Complete']] },
  'WQ job all finished despite one failure': {
    parallelism: 2, completions: null, backoffLimit: 6, succeededPods: 1, failedPods: 1, succeeded: 1, failed: 1, podPatches: 2,
    conditions: [['SuccessCriteriaMet'], ['Complete']],
  },
  'more active pods than parallelism': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 10, deletions: 8, active: 2, podPatches: 8, terminating: 8 },
  'more active pods than remaining completions': {
    parallelism: 3, completions: 4, backoffLimit: 6, activePods: 3, succeededPods: 2, deletions: 1, active: 2, succeeded: 2, podPatches: 3, terminating: 1,
  },
  'status change': { parallelism: 2, completions: 5, backoffLimit: 6, activePods: 2, succeededPods: 2, active: 2, succeeded: 2, podPatches: 2 },
  'deleting job': {
    parallelism: 2, completions: 5, backoffLimit: 6, deleting: true, pendingPods: 1, activePods: 1, succeededPods: 1,
    active: 2, succeeded: 1, podPatches: 3, creations: 0,
  },
  'too many job failures': {
    parallelism: 2, completions: 5, deleting: true, failedPods: 1, failed: 1, podPatches: 1,
    conditions: [['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'], ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']],
  },
  'job failures, unsatisfied expectations': {
    parallelism: 2, completions: 5, deleting: true, failedPods: 1, expectationsSatisfied: false, failed: 1, podPatches: 1, conditions: [],
  },
  'indexed job start': { parallelism: 2, completions: 5, backoffLimit: 6, indexed: true, creations: 2, active: 2, createdIndexes: [0, 1] },
  'indexed job with some pods deleted, podReplacementPolicy Failed': {
    parallelism: 2, completions: 5, backoffLimit: 6, indexed: true, podReplacementPolicy: 'Failed', terminatingPods: 1,
    creations: 1, active: 1, createdIndexes: [0], terminating: 1, podPatches: 0,
  },
  'indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed': {
    parallelism: 2, completions: 5, backoffLimit: 6, indexed: true, podReplacementPolicy: 'TerminatingOrFailed', terminatingPods: 1,
    creations: 2, active: 2, createdIndexes: [0, 1], terminating: 1, podPatches: 1, failed: 0,
  },
  'indexed job completed': {
    parallelism: 2, completions: 3, backoffLimit: 6, indexed: true,
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['1', 'Succeeded'], ['2', 'Succeeded']],
    succeeded: 3, failed: 1, completedIndexes: '0-2', podPatches: 4, conditions: [['SuccessCriteriaMet'], ['Complete']],
  },
  'count terminating pods when indexed job fails': {
    parallelism: 2, completions: 3, backoffLimit: 0, indexed: true,
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Failed'], ['2', 'Running']],
    succeeded: 1, failed: 2, completedIndexes: '0', podPatches: 3, deletions: 1, terminating: 1, ready: 0,
    conditions: [['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']],
  },
  'count ready pods when job fails': {
    parallelism: 2, completions: 3, backoffLimit: 0, activePods: 2, readyPods: 2, failedPods: 1,
    failed: 3, ready: 0, podPatches: 3, deletions: 2, terminating: 2,
    conditions: [['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']],
  },
  'indexed job repeated completed index': {
    parallelism: 2, completions: 3, backoffLimit: 6, indexed: true,
    podsWithIndexes: [['0', 'Succeeded'], ['1', 'Succeeded'], ['1', 'Succeeded']],
    creations: 1, active: 1, succeeded: 2, completedIndexes: '0,1', createdIndexes: [2], podPatches: 3,
  },
  'indexed job some running and completed pods': {
    parallelism: 8, completions: 20, backoffLimit: 6, indexed: true,
    podsWithIndexes: [['0', 'Running'], ['2', 'Succeeded'], ['3', 'Pending'], ['4', 'Succeeded'], ['5', 'Succeeded'], ['7', 'Succeeded'], ['8', 'Succeeded'], ['9', 'Succeeded']],
    creations: 6, active: 8, succeeded: 6, completedIndexes: '2,4,5,7-9', createdIndexes: [1, 6, 10, 11, 12, 13], podPatches: 6,
  },
  'indexed job some failed pods': {
    parallelism: 3, completions: 4, backoffLimit: 6, indexed: true,
    podsWithIndexes: [['0', 'Failed'], ['1', 'Pending'], ['2', 'Failed']],
    creations: 2, active: 3, failed: 2, createdIndexes: [0, 2], podPatches: 2,
  },
  'indexed job some pods without index': {
    parallelism: 2, completions: 5, backoffLimit: 6, indexed: true,
    podsWithIndexes: [['-', 'Running'], ['-', 'Succeeded'], ['-', 'Failed'], ['invalid', 'Running'], ['invalid', 'Succeeded'], ['invalid', 'Failed'], ['invalid', 'Pending'], ['0', 'Succeeded'], ['1', 'Running'], ['2', 'Running']],
    deletions: 3, active: 2, succeeded: 1, failed: 0, completedIndexes: '0', podPatches: 8, terminating: 3,
  },
  'indexed job repeated indexes': {
    parallelism: 5, completions: 5, backoffLimit: 6, indexed: true,
    podsWithIndexes: [['-', 'Succeeded'], ['-', 'Failed'], ['invalid', 'Running'], ['0', 'Succeeded'], ['1', 'Running'], ['2', 'Running'], ['2', 'Pending']],
    creations: 0, deletions: 2, active: 2, succeeded: 1, completedIndexes: '0', podPatches: 5, terminating: 2,
  },
  'indexed job with indexes outside of range': {
    parallelism: 2, completions: 5, backoffLimit: 6, indexed: true,
    podsWithIndexes: [['0', 'Succeeded'], ['5', 'Running'], ['6', 'Succeeded'], ['7', 'Pending'], ['8', 'Failed']],
    creations: 0, succeeded: 1, deletions: 2, completedIndexes: '0', active: 0, failed: 0, podPatches: 5, terminating: 2,
  },
  'suspending a job with satisfied expectations': {
    parallelism: 2, completions: 4, backoffLimit: 6, suspend: true, activePods: 2,
    creations: 0, deletions: 2, active: 0, terminating: 2, podPatches: 2, conditions: [['Suspended', 'JobSuspended', 'Job suspended']],
  },
  'suspending a job with unsatisfied expectations': {
    parallelism: 2, completions: 4, backoffLimit: 6, suspend: true, activePods: 3, expectationsSatisfied: false,
    creations: 0, deletions: 0, active: 3, conditions: [],
  },
  'resuming a suspended job': {
    parallelism: 2, completions: 4, backoffLimit: 6,
    initialStatus: { conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended', lastTransitionTime: ts(T0 - 60_000) }] },
    creations: 2, active: 2, conditions: [['Suspended', 'JobResumed', 'Job resumed']],
  },
  'suspending a deleted job': {
    parallelism: 2, completions: 4, backoffLimit: 6, suspend: true, deleting: true, activePods: 2,
    creations: 0, deletions: 0, active: 2, podPatches: 2, conditions: [],
  },
};

describe('planJob (TestControllerSyncJob rows, §I.3–§I.4)', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const plan = sync(row);
    expect(plan.action).toBe('sync');
    expect(plan.creates.length).toBe(row.creations ?? 0);
    expect(plan.deletes.length).toBe(row.deletions ?? 0);
    expect(plan.status.active ?? 0).toBe(row.active ?? 0);
    expect(plan.status.ready).toBe(row.ready ?? 0);
    expect(plan.status.succeeded ?? 0).toBe(row.succeeded ?? 0);
    expect(plan.status.failed ?? 0).toBe(row.failed ?? 0);
    expect(plan.status.terminating).toBe(row.terminating ?? 0);
    if (row.completedIndexes !== undefined) expect(plan.status.completedIndexes).toBe(row.completedIndexes);
    if (row.createdIndexes !== undefined) expect(plan.creates.map(getCompletionIndex).sort((a, b) => a - b)).toEqual(row.createdIndexes);
    const patches = plan.removeFinalizers.length + plan.deletes.filter((d) => d.removeFinalizerFirst).length;
    expect(patches).toBe(row.podPatches ?? 0);
    if (row.conditions !== undefined) {
      const got = plan.status.conditions ?? [];
      expect(got.map((c) => c.type)).toEqual(row.conditions.map((c) => c[0]));
      row.conditions.forEach(([, reason, message], i) => {
        if (reason !== undefined) expect(got[i]?.reason).toBe(reason);
        if (message !== undefined) expect(got[i]?.message).toBe(message);
      });
    }
  });
});
