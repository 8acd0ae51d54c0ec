// planJob: one pure sync of the Job controller (upstream `syncJob`, k8s-semantics §I.3).
import type { Job, JobStatus, Pod } from '../../model/index.js';
import { isPodReady, objectKey } from '../../model/pod-utils.js';
import { toMillis, toTimestamp } from '../../model/time.js';
import { type ControllerExpectations, expectationsSatisfied, expectCreations, expectDeletions } from '../expectations.js';
import { claimPods } from '../ownership.js';
import { slowStartBatches } from '../slow-start.js';
import { updateBackoffRecord } from './backoff.js';
import { intervalsTotal } from './indexes.js';
import { ensureJobConditionStatus, newJobCondition } from './job-conditions.js';
import { JOB_TRACKING_FINALIZER, JobConditionReason, JobConditionType } from './job-constants.js';
import type { JobEvent, JobPlan, PlanJobContext } from './job-plan.js';
import { hasJobTrackingFinalizer, isJobPodFailed } from './job-pods.js';
import { externalManager, findJobCondition, isJobFinished, resolveJob, type ResolvedJob } from './job-spec.js';
import { computeDelayedDeletions, computeIndexes, type JobSyncState, newSyncState } from './job-sync-state.js';
import { trackJobStatus } from './job-tracking.js';
import { manageJob } from './manage-job.js';
import { matchPodFailurePolicy } from './pod-failure-policy.js';
import { matchSuccessPolicy } from './success-policy.js';
import { finishedJobPlan } from './ttl.js';

function emptyPlan(job: Job, key: string, action: 'skip', skipReason: string, ctx: PlanJobContext): JobPlan {
  return {
    key, action, skipReason, job, adopt: [], release: [], deletes: [], creates: [], createBatches: [],
    interimStatus: job.status ?? {}, writeInterimStatus: false, removeFinalizers: [], keepFinalizer: [],
    status: job.status ?? {}, writeStatus: false, backoff: ctx.backoff, events: [],
  };
}

/** Upstream `pastBackoffLimitOnFailure`: restarts of Running/Pending pods under restartPolicy OnFailure. */
function pastBackoffLimitOnFailure(rj: ResolvedJob, pods: readonly Pod[]): boolean {
  if (rj.job.spec.template.spec.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const c of p.status?.initContainerStatuses ?? []) restarts += c.restartCount;
    for (const c of p.status?.containerStatuses ?? []) restarts += c.restartCount;
  }
  return rj.backoffLimit === 0 ? restarts > 0 : restarts >= rj.backoffLimit;
}

/** Decides the terminal condition candidate (§I.3 steps 3a–3g); returns a deadline requeue, if any. */
function decideFinished(s: JobSyncState, startTime: string | undefined): number | undefined {
  const rj = s.rj;
  const conditions = rj.job.status?.conditions ?? [];
  const failure = (reason: string, message: string) => newJobCondition(JobConditionType.FailureTarget, 'True', reason, message, s.nowText);
  let requeue: number | undefined;
  s.finishedCondition = conditions.find((c) => c.type === JobConditionType.SuccessCriteriaMet && c.status === 'True');
  if (s.finishedCondition === undefined) {
    const target = findJobCondition(rj.job.status, JobConditionType.FailureTarget);
    if (target?.status === 'True') {
      s.finishedCondition = newJobCondition(JobConditionType.Failed, 'True', target.reason ?? '', target.message ?? '', s.nowText);
    } else if (rj.job.spec.podFailurePolicy !== undefined) {
      for (const p of s.pods) {
        if (!isJobPodFailed(p, rj.onlyReplaceFailedPods)) continue;
        const message = matchPodFailurePolicy(rj.job.spec.podFailurePolicy, p).message;
        if (message !== undefined) {
          s.finishedCondition = failure(JobConditionReason.PodFailurePolicy, message);
          break;
        }
      }
    }
  }
  if (s.finishedCondition === undefined) {
    const ads = rj.job.spec.activeDeadlineSeconds;
    const elapsed = startTime === undefined ? undefined : s.now - toMillis(startTime);
    if (s.failed > rj.backoffLimit || pastBackoffLimitOnFailure(rj, s.pods)) {
      s.finishedCondition = failure(JobConditionReason.BackoffLimitExceeded, 'Job has reached the specified backoff limit');
    } else if (ads !== undefined && elapsed !== undefined && !rj.suspended && elapsed >= ads * 1000) {
      s.finishedCondition = failure(JobConditionReason.DeadlineExceeded, 'Job was active longer than specified deadline');
    } else if (ads !== undefined && !rj.suspended) {
      requeue = ads * 1000 - (elapsed ?? 0);
    }
  }
  if (rj.indexed) {
    computeIndexes(s);
    const failed = s.failedIndexes;
    if (failed !== undefined && s.finishedCondition === undefined) {
      const maxFailed = rj.job.spec.maxFailedIndexes;
      if (maxFailed !== undefined && intervalsTotal(failed) > maxFailed) {
        s.finishedCondition = failure(JobConditionReason.MaxFailedIndexesExceeded, 'Job has exceeded the specified maximal number of failed indexes');
      } else if (intervalsTotal(failed) > 0 && intervalsTotal(failed) + intervalsTotal(s.succeededIndexes) >= (rj.completions as number)) {
        s.finishedCondition = failure(JobConditionReason.FailedIndexes, 'Job has failed indexes');
      }
    }
    computeDelayedDeletions(s);
    if (s.finishedCondition === undefined) {
      const msg = matchSuccessPolicy(rj.job.spec.successPolicy, rj.completions as number, s.succeededIndexes);
      if (msg !== undefined) {
        s.finishedCondition = newJobCondition(JobConditionType.SuccessCriteriaMet, 'True', JobConditionReason.SuccessPolicy, msg, s.nowText);
      }
    }
  }
  return requeue;
}

function minDefined(...values: (number | undefined)[]): number | undefined {
  let m: number | undefined;
  for (const v of values) if (v !== undefined && (m === undefined || v < m)) m = v;
  return m;
}

/**
 * Plans one sync of a Job exactly as upstream `syncJob` (k8s-semantics §I.1–§I.10). `pods` are the
 * pods of the Job's namespace (others are ignored); they are claimed (adopt/release, §H.6).
 * In order: a Job managed by another controller is skipped; a finished Job only gets its TTL
 * handled (`ttlSecondsAfterFinished`: deleted once `finish + ttl <= now`) and its back-off record
 * dropped; otherwise the failure candidates are evaluated (existing SuccessCriteriaMet /
 * FailureTarget, podFailurePolicy FailJob, backoffLimit incl. OnFailure restarts,
 * activeDeadlineSeconds, backoffLimitPerIndex / maxFailedIndexes, successPolicy), a finishing Job
 * deletes its active pods, otherwise `manageJob` creates or deletes pods (suspend deletes all; the
 * global or per-index back-off delays creation), completion is checked, the `Suspended` condition
 * is set (resuming resets startTime), and finished pods are counted through
 * `uncountedTerminatedPods` and the tracking finalizer, with `FailureTarget` /
 * `SuccessCriteriaMet` first and `Failed` / `Complete` once nothing is uncounted or terminating.
 * Pure: executes nothing; see {@link JobPlan} for how a shell applies the result. Throws
 * `invalid_object` for a template restartPolicy other than Never/OnFailure.
 *
 * @example
 * ```ts
 * import { planJob } from 'podkit';
 * const plan = planJob(job, podsInNamespace, { now: clock.now(), backoff: records.get(key) });
 * for (const pod of plan.creates) await store.create(pod);
 * ```
 */
export function planJob(input: Job, pods: readonly Pod[], ctx: PlanJobContext): JobPlan {
  const now = toMillis(ctx.now);
  const nowText = toTimestamp(now);
  const key = objectKey(input);
  const manager = externalManager(input);
  if (manager !== undefined) return emptyPlan(input, key, 'skip', `Job is managed by ${manager}`, ctx);
  if (isJobFinished(input)) return finishedJobPlan(input, key, now);

  const rj = resolveJob(input);
  const job = rj.job;
  const namespace = job.metadata.namespace ?? 'default';
  const claim = claimPods(job, job.spec.selector, pods.filter((p) => (p.metadata.namespace ?? 'default') === namespace));
  const adopted = new Set(claim.adopt);
  const claimed = claim.claimed.map((p) =>
    adopted.has(p) && !hasJobTrackingFinalizer(p)
      ? { ...p, metadata: { ...p.metadata, finalizers: [...(p.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER] } }
      : p,
  );
  const satisfied = ctx.expectationsSatisfied ?? expectationsSatisfied(ctx.expectations, now);
  const s = newSyncState(rj, claimed, {
    now,
    nowText,
    expectedRmFinalizers: new Set(ctx.expectedFinalizerRemovals ?? []),
    backoff: (succeeded, failed) => updateBackoffRecord(ctx.backoff, { succeeded, failed }),
  });
  let startTime = job.status?.startTime;
  if (startTime === undefined && !rj.suspended) startTime = nowText;
  const deadlineRequeue = decideFinished(s, startTime);

  let conditions = [...(job.status?.conditions ?? [])];
  let active = s.activePods.length;
  let deletes: JobPlan['deletes'] = [];
  let creates: readonly Pod[] = [];
  let expectations: ControllerExpectations | undefined;
  let backoffRequeue: number | undefined;
  let suspendChanged = false;
  const events: JobEvent[] = [];
  if (s.finishedCondition !== undefined) {
    deletes = s.activePods.map((pod) => ({ pod, key: objectKey(pod), removeFinalizerFirst: false }));
    if (!satisfied) s.finishedCondition = undefined;
    s.terminating += s.activePods.length;
    s.ready -= s.activePods.filter(isPodReady).length;
    active = 0;
  } else {
    let manageCalled = false;
    if (satisfied && job.metadata.deletionTimestamp === undefined) {
      const m = manageJob(s);
      manageCalled = true;
      active = m.active;
      backoffRequeue = m.requeueAfterMs;
      creates = m.creates;
      deletes = m.deletes.map((pod) => ({ pod, key: objectKey(pod), removeFinalizerFirst: true }));
      if (m.deletes.length > 0 || rj.suspended) expectations = expectDeletions(deletes.map((d) => d.key), now);
      else if (m.creates.length > 0) expectations = expectCreations(m.creates.length, now);
    }
    const complete = rj.completions === undefined ? s.succeeded > 0 && active === 0 : s.succeeded >= rj.completions && active === 0;
    if (complete) {
      s.finishedCondition = newJobCondition(
        JobConditionType.SuccessCriteriaMet, 'True', JobConditionReason.CompletionsReached, 'Reached expected number of succeeded pods', nowText,
      );
    } else if (manageCalled) {
      const r = rj.suspended
        ? ensureJobConditionStatus(conditions, JobConditionType.Suspended, 'True', JobConditionReason.JobSuspended, 'Job suspended', nowText)
        : ensureJobConditionStatus(conditions, JobConditionType.Suspended, 'False', JobConditionReason.JobResumed, 'Job resumed', nowText);
      conditions = r.conditions;
      if (r.changed) {
        suspendChanged = true;
        events.push(rj.suspended ? { type: 'Normal', reason: 'Suspended', message: 'Job suspended' } : { type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
        if (!rj.suspended) startTime = nowText;
      }
    }
  }

  const old = job.status;
  const needsUpdate = suspendChanged || active !== (old?.active ?? 0) || s.ready !== old?.ready || s.terminating !== old?.terminating;
  const base: JobStatus = {
    ...old,
    conditions,
    ...(startTime === undefined ? {} : { startTime }),
    active,
    ready: s.ready,
    terminating: s.terminating,
    succeeded: old?.succeeded ?? 0,
    failed: old?.failed ?? 0,
  };
  const tr = trackJobStatus(s, base, needsUpdate);
  if (tr.finished !== undefined) {
    if (tr.finished.type === JobConditionType.Complete) {
      if (rj.completions !== undefined && (tr.status.succeeded ?? 0) > rj.completions) {
        events.push({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
      }
      events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    } else {
      events.push({ type: 'Warning', reason: tr.finished.reason ?? '', message: tr.finished.message ?? '' });
    }
  }
  const ttl = job.spec.ttlSecondsAfterFinished;
  const requeueAfterMs = minDefined(deadlineRequeue, backoffRequeue, tr.finished !== undefined && ttl !== undefined ? ttl * 1000 : undefined);
  return {
    key,
    action: 'sync',
    job,
    adopt: claim.adopt,
    release: claim.release,
    deletes,
    creates,
    createBatches: slowStartBatches(creates.length),
    ...(expectations === undefined ? {} : { expectations }),
    interimStatus: tr.interimStatus,
    writeInterimStatus: tr.writeInterim,
    removeFinalizers: tr.removeFinalizers,
    keepFinalizer: tr.keepFinalizer,
    status: tr.status,
    writeStatus: tr.writeStatus,
    ...(tr.finished === undefined ? {} : { finished: tr.finished }),
    backoff: tr.writeInterim ? s.newBackoff : ctx.backoff,
    ...(requeueAfterMs === undefined ? {} : { requeueAfterMs }),
    events,
  };
}
