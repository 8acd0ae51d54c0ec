// planJob features beyond the sync table: pod shape, back-off, limits, deadlines, policies,
// suspend/resume, two-phase terminal conditions, TTL, finalizer bookkeeping (§I.1–§I.10).
import { describe, expect, it } from 'vitest';
import { PodkitError, planJob } from 'podkit';
import { JOB_TRACKING_FINALIZER } from 'podkit/model';
import { jobStatusAfterFinalizerRemoval } from 'podkit/planners';
import type { Job, JobStatus, Pod } from 'podkit';
import { jobPod, newJob, pods, T0, ts } from './job-fixtures.js';

const cond = (s: JobStatus) => (s.conditions ?? []).map((c) => `${c.type}/${c.status}/${c.reason ?? ''}`);

/** Applies a plan's status as the shell would and returns the Job for the next sync. */
const next = (job: Job, status: JobStatus): Job => ({ ...job, status });

describe('created pods (§I.4, §K.1)', () => {
  it('copies the template with the tracking finalizer, the controllerRef and generateName <job>- (NonIndexed)', () => {
    const job = newJob({ parallelism: 1, completions: 1 });
    const [pod] = planJob(job, [], { now: T0 }).creates;
    expect(pod?.metadata.generateName).toBe('foobar-');
    expect(pod?.metadata.finalizers).toEqual([JOB_TRACKING_FINALIZER]);
    expect(pod?.metadata.labels).toEqual({ job: 'foobar' });
    expect(pod?.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'foobar', uid: 'job-uid', controller: true, blockOwnerDeletion: true },
    ]);
    expect(pod?.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).toBeUndefined();
    expect(pod?.spec.hostname).toBeUndefined();
  });

  it('adds the index annotation and label, JOB_COMPLETION_INDEX, hostname and generateName to Indexed pods', () => {
    const job = newJob({ parallelism: 1, completions: 5, indexed: true, status: { completedIndexes: '0-2' } });
    const [pod] = planJob(job, [], { now: T0 }).creates;
    expect(pod?.metadata.annotations).toEqual({ 'batch.kubernetes.io/job-completion-index': '3' });
    expect(pod?.metadata.labels).toEqual({ job: 'foobar', 'batch.kubernetes.io/job-completion-index': '3' });
    expect(pod?.metadata.generateName).toBe('foobar-3-');
    expect(pod?.spec.hostname).toBe('foobar-3');
    expect(pod?.spec.containers[0]?.env).toEqual([
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } },
    ]);
  });

  it('creates at most 500 pods per sync in slow-start batches', () => {
    const job = newJob({ parallelism: 600, completions: 1000 });
    const plan = planJob(job, [], { now: T0 });
    expect(plan.creates).toHaveLength(500);
    expect(plan.createBatches).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 245]);
    expect(plan.expectations?.add).toBe(500);
    expect(plan.status.active).toBe(500);
  });

  it('never deletes and creates in the same sync (Indexed duplicates)', () => {
    const job = newJob({ parallelism: 3, completions: 3, indexed: true });
    const plan = planJob(job, [jobPod(job, 'a', { index: 0 }), jobPod(job, 'b', { index: 0, phase: 'Pending' })], { now: T0 });
    expect(plan.deletes.map((d) => d.pod.metadata.name)).toEqual(['b']);
    expect(plan.creates).toHaveLength(0);
  });
});

describe('pod-failure back-off (§I.5)', () => {
  it('waits for the back-off after a new failure, reporting 0 active like upstream', () => {
    const job = newJob({ parallelism: 2, completions: 5 });
    const failed = jobPod(job, 'f', { phase: 'Failed', finishedAt: T0 - 2_000, exitCode: 1 });
    const plan = planJob(job, [jobPod(job, 'a'), failed], { now: T0 });
    expect(plan.creates).toHaveLength(0);
    expect(plan.requeueAfterMs).toBe(8_000);
    expect(plan.status.active).toBe(0);
    expect(plan.backoff).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: T0 - 2_000 });
    expect(plan.status.failed).toBe(1);
  });

  it('creates once the back-off of the kept record has elapsed', () => {
    const job = newJob({ parallelism: 1, completions: 1 });
    const record = { failuresAfterLastSuccess: 2, lastFailureTime: T0 - 20_000 };
    expect(planJob(job, [], { now: T0, backoff: record }).creates).toHaveLength(1);
    const early = planJob(job, [], { now: T0 - 5_000, backoff: record });
    expect(early.creates).toHaveLength(0);
    expect(early.requeueAfterMs).toBe(5_000);
  });

  it('resets the record with a newly succeeded pod', () => {
    const job = newJob({ parallelism: 2, completions: 5 });
    const succeeded = jobPod(job, 's', { phase: 'Succeeded', finishedAt: T0 - 1_000, exitCode: 0 });
    const plan = planJob(job, [succeeded], { now: T0, backoff: { failuresAfterLastSuccess: 3, lastFailureTime: T0 - 2_000 } });
    expect(plan.backoff).toEqual({ failuresAfterLastSuccess: 0 });
    expect(plan.creates).toHaveLength(2);
  });

  it('drops the record once the Job has finished (§I.3.1)', () => {
    const job = newJob({ status: { conditions: [{ type: 'Complete', status: 'True' }] } });
    const plan = planJob(job, [], { now: T0, backoff: { failuresAfterLastSuccess: 1, lastFailureTime: T0 } });
    expect(plan.action).toBe('finished');
    expect(plan.backoff).toBeUndefined();
  });
});

describe('backoffLimit and two-phase terminal conditions (§I.3.3d, §I.3.6)', () => {
  it('adds FailureTarget, deletes active pods keeping their finalizer, and adds Failed once they are gone', () => {
    const job = newJob({ parallelism: 2, completions: 5, backoffLimit: 1 });
    const running = jobPod(job, 'r', { ready: true });
    const failed = pods(job, 'f', 2, { phase: 'Failed' });
    const first = planJob(job, [running, ...failed], { now: T0 });
    expect(cond(first.status)).toEqual(['FailureTarget/True/BackoffLimitExceeded']);
    expect(first.deletes).toEqual([{ pod: running, key: 'default/r', removeFinalizerFirst: false }]);
    expect(first.status.terminating).toBe(1);
    expect(first.status.ready).toBe(0);
    expect(first.status.failed).toBe(3);
    expect(first.finished).toBeUndefined();
    expect(first.events).toEqual([]);

    const terminating = { ...running, metadata: { ...running.metadata, deletionTimestamp: ts(T0), finalizers: [] } };
    const stripped = failed.map((p) => ({ ...p, metadata: { ...p.metadata, finalizers: [] } }));
    const second = planJob(next(job, first.status), [terminating, ...stripped], { now: T0 + 1_000 });
    expect(cond(second.status)).toEqual(['FailureTarget/True/BackoffLimitExceeded']);

    const third = planJob(next(job, second.status), stripped, { now: T0 + 5_000 });
    expect(cond(third.status)).toEqual(['FailureTarget/True/BackoffLimitExceeded', 'Failed/True/BackoffLimitExceeded']);
    expect(third.finished?.message).toBe('Job has reached the specified backoff limit');
    expect(third.finished?.lastTransitionTime).toBe(ts(T0 + 5_000));
    expect(third.status.completionTime).toBeUndefined();
    expect(third.writeStatus).toBe(true);
    expect(third.events).toEqual([{ type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }]);
  });

  it.each([
    [2, 2, true],
    [2, 1, false],
    [0, 1, true],
    [0, 0, false],
  ])('OnFailure: backoffLimit %i with %i container restarts exceeded=%s (§I.3.3d)', (limit, restarts, exceeded) => {
    const job = newJob({ parallelism: 1, completions: 1, backoffLimit: limit, restartPolicy: 'OnFailure' });
    const plan = planJob(job, [jobPod(job, 'r', { restartCount: restarts })], { now: T0 });
    expect(cond(plan.status).includes('FailureTarget/True/BackoffLimitExceeded')).toBe(exceeded);
  });
});

describe('activeDeadlineSeconds (§I.3.3e)', () => {
  it('fails the Job with DeadlineExceeded and deletes its active pods', () => {
    const job = newJob({ parallelism: 1, completions: 1, spec: { activeDeadlineSeconds: 100 }, status: { startTime: ts(T0 - 100_000) } });
    const plan = planJob(job, [jobPod(job, 'r')], { now: T0 });
    expect(plan.status.conditions?.[0]).toMatchObject({ type: 'FailureTarget', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
    expect(plan.deletes).toHaveLength(1);
  });

  it('requeues at the deadline while it has not passed, and starts the clock on the first sync', () => {
    const job = newJob({ parallelism: 1, completions: 1, spec: { activeDeadlineSeconds: 100 } });
    const plan = planJob(job, [], { now: T0 });
    expect(plan.status.startTime).toBe(ts(T0));
    expect(plan.requeueAfterMs).toBe(100_000);
    const later = planJob({ ...job, status: { startTime: ts(T0 - 30_000) } }, [jobPod(job, 'r')], { now: T0 });
    expect(later.requeueAfterMs).toBe(70_000);
  });

  it('does not start or check the deadline while suspended', () => {
    const job = newJob({ parallelism: 1, completions: 1, spec: { activeDeadlineSeconds: 1, suspend: true } });
    const plan = planJob(job, [], { now: T0 });
    expect(plan.status.startTime).toBeUndefined();
    expect(plan.requeueAfterMs).toBeUndefined();
    expect(cond(plan.status)).toEqual(['Suspended/True/JobSuspended']);
  });
});

describe('podFailurePolicy (§I.6, §I.3.3c)', () => {
  const policy = {
    rules: [
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
    ],
  };
  it('a FailJob match sets FailureTarget with reason PodFailurePolicy and upstream message', () => {
    const job = newJob({ parallelism: 1, completions: 1, spec: { podFailurePolicy: policy } });
    const plan = planJob(job, [jobPod(job, 'p', { phase: 'Failed', exitCode: 42 })], { now: T0 });
    expect(plan.status.conditions?.slice(0, 1)).toMatchObject([
      { type: 'FailureTarget', reason: 'PodFailurePolicy', message: 'Container main for pod default/p failed with exit code 42 matching FailJob rule at index 0' },
    ]);
    expect(cond(plan.status)[1]).toBe('Failed/True/PodFailurePolicy');
  });

  it('an Ignore match is not counted as failed but its pod is replaced and its finalizer removed', () => {
    const job = newJob({ parallelism: 1, completions: 1, spec: { podFailurePolicy: policy } });
    const evicted = jobPod(job, 'e', { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] });
    const plan = planJob(job, [evicted], { now: T0 });
    expect(plan.status.failed).toBe(0);
    expect(plan.removeFinalizers).toEqual([evicted]);
    expect(plan.creates).toHaveLength(1);
  });

  it('with a podFailurePolicy, terminating pods are not replaced and not counted as failed (§I.2)', () => {
    const job = newJob({ parallelism: 1, completions: 1, spec: { podFailurePolicy: policy } });
    const plan = planJob(job, [jobPod(job, 't', { deleted: ts(T0 - 1_000) })], { now: T0 });
    expect(plan.creates).toHaveLength(0);
    expect(plan.status.failed).toBe(0);
    expect(plan.status.terminating).toBe(1);
  });

  it('by default (TerminatingOrFailed) a terminating pod counts as failed and is replaced without waiting for it (§I.2)', () => {
    const job = newJob({ parallelism: 1, completions: 1 });
    const plan = planJob(job, [jobPod(job, 't', { deleted: ts(T0 - 60_000) })], { now: T0 });
    expect(plan.status.failed).toBe(1);
    expect(plan.creates).toHaveLength(1);
    // Its finish time (deletionTimestamp − grace) starts the back-off: 10 s after a deletion 1 s ago.
    const recent = planJob(job, [jobPod(job, 't', { deleted: ts(T0 - 1_000) })], { now: T0 });
    expect(recent.creates).toHaveLength(0);
    expect(recent.requeueAfterMs).toBe(9_000);
  });
});

describe('backoffLimitPerIndex and maxFailedIndexes (§I.5, §I.7)', () => {
  const perIndex = (extra: Partial<Job['spec']> = {}, status?: JobStatus) =>
    newJob({ parallelism: 2, completions: 3, indexed: true, spec: { backoffLimitPerIndex: 1, ...extra }, ...(status === undefined ? {} : { status }) });

  it('keeps the failed pod (delayed deletion) and replaces it with an incremented failure count after the per-index back-off', () => {
    const job = perIndex();
    const failed = jobPod(job, 'f0', { phase: 'Failed', index: 0, failureCount: '0', finishedAt: T0 - 20_000, exitCode: 1 });
    const plan = planJob(job, [failed, jobPod(job, 'r1', { index: 1 })], { now: T0 });
    expect(plan.removeFinalizers).toEqual([]);
    expect(plan.creates.map((p) => p.metadata.annotations)).toEqual([
      { 'batch.kubernetes.io/job-completion-index': '0', 'batch.kubernetes.io/job-index-failure-count': '1' },
    ]);
    expect(plan.status.failedIndexes).toBe('');
  });

  it('waits for the per-index back-off of the index', () => {
    const job = perIndex();
    const failed = jobPod(job, 'f0', { phase: 'Failed', index: 0, failureCount: '1', finishedAt: T0 - 5_000, exitCode: 1 });
    const plan = planJob({ ...job, spec: { ...job.spec, backoffLimitPerIndex: 3 } }, [failed, jobPod(job, 'r1', { index: 1 })], { now: T0 });
    expect(plan.creates).toHaveLength(0);
    expect(plan.requeueAfterMs).toBe(15_000);
  });

  it('marks the index failed once its failure count reaches the limit, and fails the Job beyond maxFailedIndexes', () => {
    const job = perIndex({ maxFailedIndexes: 0 });
    const failed = jobPod(job, 'f0', { phase: 'Failed', index: 0, failureCount: '1' });
    const plan = planJob(job, [failed, jobPod(job, 'r1', { index: 1 })], { now: T0 });
    expect(plan.status.failedIndexes).toBe('0');
    expect(plan.status.conditions?.[0]).toMatchObject({
      type: 'FailureTarget',
      reason: 'MaxFailedIndexesExceeded',
      message: 'Job has exceeded the specified maximal number of failed indexes',
    });
  });

  it('fails with FailedIndexes when every index is succeeded or failed', () => {
    const job = perIndex({}, { completedIndexes: '1,2' });
    const plan = planJob(job, [jobPod(job, 'f0', { phase: 'Failed', index: 0, failureCount: '1' })], { now: T0 });
    expect(plan.status.conditions?.[0]).toMatchObject({ type: 'FailureTarget', reason: 'FailedIndexes', message: 'Job has failed indexes' });
  });
});

describe('successPolicy (§I.8)', () => {
  it('sets SuccessCriteriaMet, terminates the remaining pods and completes once they are gone', () => {
    const job = newJob({ parallelism: 2, completions: 5, indexed: true, spec: { successPolicy: { rules: [{ succeededIndexes: '0' }] } } });
    const done = jobPod(job, 's0', { phase: 'Succeeded', index: 0 });
    const running = jobPod(job, 'r1', { index: 1 });
    const first = planJob(job, [done, running], { now: T0 });
    expect(first.status.conditions).toMatchObject([{ type: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message: 'Matched rules at index 0' }]);
    expect(first.deletes.map((d) => d.key)).toEqual(['default/r1']);
    expect(first.status.failed ?? 0).toBe(0);

    const gone = { ...done, metadata: { ...done.metadata, finalizers: [] } };
    const second = planJob(next(job, first.status), [gone], { now: T0 + 1_000 });
    expect(cond(second.status)).toEqual(['SuccessCriteriaMet/True/SuccessPolicy', 'Complete/True/SuccessPolicy']);
    expect(second.status.completionTime).toBe(ts(T0 + 1_000));
    expect(second.events).toContainEqual({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
  });
});

describe('suspend and resume (§I.3.5)', () => {
  it('resuming replaces Suspended with False/JobResumed and resets startTime', () => {
    const job = newJob({
      parallelism: 1,
      completions: 1,
      status: { startTime: ts(T0 - 500_000), conditions: [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }] },
    });
    const plan = planJob(job, [], { now: T0 });
    expect(plan.status.startTime).toBe(ts(T0));
    expect(plan.status.conditions).toEqual([
      { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed', lastProbeTime: ts(T0), lastTransitionTime: ts(T0) },
    ]);
    expect(plan.events).toEqual([{ type: 'Normal', reason: 'Resumed', message: 'Job resumed' }]);
  });

  it('never appends a False Suspended condition to a Job that was not suspended', () => {
    const plan = planJob(newJob({ parallelism: 1, completions: 1 }), [], { now: T0 });
    expect(plan.status.conditions).toEqual([]);
  });

  it('suspending deletes active pods after removing their finalizer, and is not counted as failure', () => {
    const job = newJob({ parallelism: 2, completions: 4, spec: { suspend: true } });
    const plan = planJob(job, pods(job, 'a', 2), { now: T0 });
    expect(plan.deletes.every((d) => d.removeFinalizerFirst)).toBe(true);
    expect(plan.expectations?.del).toBe(2);
    expect(plan.status.failed).toBe(0);
  });
});

describe('ttlSecondsAfterFinished (§I.9)', () => {
  const finished = (ttl: number, finishedAgoMs: number) =>
    newJob({
      spec: { ttlSecondsAfterFinished: ttl },
      status: { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: ts(T0 - finishedAgoMs) }] },
    });
  it('deletes the Job (foreground) once finish + ttl <= now', () => {
    expect(planJob(finished(100, 100_000), [], { now: T0 }).deleteJob).toEqual({ propagationPolicy: 'Foreground' });
  });
  it('requeues until the TTL expires', () => {
    const plan = planJob(finished(100, 40_000), [], { now: T0 });
    expect(plan.deleteJob).toBeUndefined();
    expect(plan.requeueAfterMs).toBe(60_000);
  });
  it('requeues after the TTL when the Job finishes in this sync', () => {
    const job = newJob({ parallelism: 1, completions: 1, spec: { ttlSecondsAfterFinished: 30 } });
    const plan = planJob(job, [jobPod(job, 's', { phase: 'Succeeded' })], { now: T0 });
    expect(plan.finished?.type).toBe('Complete');
    expect(plan.requeueAfterMs).toBe(30_000);
  });
});

describe('finalizer bookkeeping (§I.2)', () => {
  it('writes the UIDs as uncounted first, then counts them once the finalizers are removed', () => {
    const job = newJob({ parallelism: 2, completions: 5 });
    const plan = planJob(job, [jobPod(job, 's', { phase: 'Succeeded' }), jobPod(job, 'f', { phase: 'Failed' })], { now: T0 });
    expect(plan.writeInterimStatus).toBe(true);
    expect(plan.interimStatus.uncountedTerminatedPods).toEqual({ succeeded: ['uid-s'], failed: ['uid-f'] });
    expect(plan.interimStatus.succeeded).toBe(0);
    expect(plan.removeFinalizers.map((p) => p.metadata.name)).toEqual(['s', 'f']);
    expect(plan.status.uncountedTerminatedPods).toEqual({});
    expect(plan.status.succeeded).toBe(1);
    expect(plan.status.failed).toBe(1);
    expect(plan.writeStatus).toBe(true);
  });

  it('counts only the pods whose finalizer was really removed after a partial failure', () => {
    const job = newJob({ parallelism: 2, completions: 5 });
    const plan = planJob(job, [jobPod(job, 's', { phase: 'Succeeded' }), jobPod(job, 'f', { phase: 'Failed' })], { now: T0 });
    const partial = jobStatusAfterFinalizerRemoval(plan, new Set(['uid-f']));
    expect(partial.succeeded).toBe(1);
    expect(partial.failed).toBe(0);
    expect(partial.uncountedTerminatedPods).toEqual({ failed: ['uid-f'] });
  });

  it('counts UIDs left uncounted by a previous sync whose pods lost the finalizer', () => {
    const job = newJob({ parallelism: 1, completions: 2, status: { succeeded: 0, uncountedTerminatedPods: { succeeded: ['uid-s'] } } });
    const plan = planJob(job, [jobPod(job, 's', { phase: 'Succeeded', finalizer: false })], { now: T0 });
    expect(plan.interimStatus.succeeded).toBe(1);
    expect(plan.status.succeeded).toBe(1);
    expect(plan.removeFinalizers).toEqual([]);
  });

  it('handles at most 500 uncounted pods per sync and does not finish before counting them all', () => {
    const job = newJob({ parallelism: 1, completions: 600 });
    const plan = planJob(job, pods(job, 's', 600, { phase: 'Succeeded' }), { now: T0 });
    expect(plan.removeFinalizers).toHaveLength(500);
    expect(plan.status.succeeded).toBe(500);
    expect(plan.finished).toBeUndefined();
  });

  it('treats pods with an expected finalizer removal as already counted', () => {
    const job = newJob({ parallelism: 1, completions: 2 });
    const plan = planJob(job, [jobPod(job, 's', { phase: 'Succeeded' })], { now: T0, expectedFinalizerRemovals: ['uid-s'] });
    expect(plan.removeFinalizers).toEqual([]);
    expect(plan.status.succeeded).toBe(0);
  });
});

describe('claiming, skipping and validation (§I.1, §H.6)', () => {
  it('adopts a matching orphan, counting it with the tracking finalizer', () => {
    const job = newJob({ parallelism: 1, completions: 2 });
    const orphan: Pod = { ...jobPod(job, 'o', { phase: 'Succeeded', finalizer: false }), metadata: { ...jobPod(job, 'o').metadata, ownerReferences: [], finalizers: [] } };
    const done = { ...orphan, status: { phase: 'Succeeded' as const } };
    const plan = planJob(job, [done], { now: T0 });
    expect(plan.adopt).toEqual([done]);
    expect(plan.status.succeeded).toBe(1);
  });

  it('skips a Job managed by another controller', () => {
    const plan = planJob(newJob({ spec: { managedBy: 'example.com/queue' } }), [], { now: T0 });
    expect(plan.action).toBe('skip');
    expect(plan.creates).toEqual([]);
  });

  it('rejects a template restartPolicy of Always naming the field', () => {
    const job = newJob();
    const bad = { ...job, spec: { ...job.spec, template: { ...job.spec.template, spec: { ...job.spec.template.spec, restartPolicy: 'Always' as const } } } };
    expect(() => planJob(bad, [], { now: T0 })).toThrow(PodkitError);
    expect(() => planJob(bad, [], { now: T0 })).toThrow('spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  });

  it('does not manage pods while expectations are unsatisfied', () => {
    const plan = planJob(newJob({ parallelism: 2, completions: 2 }), [], { now: T0, expectationsSatisfied: false });
    expect(plan.creates).toEqual([]);
    expect(plan.status.active).toBe(0);
  });
});
