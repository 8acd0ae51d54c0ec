// The Job spec as the controller reads it: defaulted (batch/v1 SetDefaults_Job, §I.1) and checked
// for what the controller relies on (§I.1 validation of restartPolicy and Indexed completions).
import { PodkitError } from '../../errors.js';
import type { Job, JobStatus, WorkloadCondition } from '../../model/index.js';
import { defaultJob } from '../../model/defaults-workloads.js';
import { JOB_CONTROLLER_NAME, JobConditionType } from './job-constants.js';

/** A Job whose defaults are applied, with the fields the planner reads resolved. */
export interface ResolvedJob {
  readonly job: Job;
  readonly parallelism: number;
  /** `undefined` for a work-queue Job. */
  readonly completions: number | undefined;
  readonly backoffLimit: number;
  readonly indexed: boolean;
  readonly suspended: boolean;
  /** `backoffLimitPerIndex` when the Job is Indexed and sets it. */
  readonly backoffLimitPerIndex: number | undefined;
  /** True when only Failed pods are replaced (`podReplacementPolicy: Failed` or a podFailurePolicy). */
  readonly onlyReplaceFailedPods: boolean;
}

function invalid(field: string, message: string, value: unknown): PodkitError {
  return new PodkitError('invalid_object', `Job.batch is invalid: ${field}: ${message}`, { details: { field, value } });
}

/**
 * Defaults the Job and resolves the spec fields the controller uses. Throws `invalid_object`
 * (naming the field) for what upstream validation rejects and the controller cannot work with:
 * a template `restartPolicy` other than `Never` / `OnFailure`, `OnFailure` with a
 * podFailurePolicy, and an Indexed Job without `completions`.
 */
export function resolveJob(input: Job): ResolvedJob {
  const job = defaultJob(input);
  const spec = job.spec;
  const rp = spec.template.spec.restartPolicy;
  if (rp === 'Always' || rp === undefined) {
    throw invalid('spec.template.spec.restartPolicy', 'Required value: valid values: "OnFailure", "Never"', rp);
  }
  if (rp !== 'OnFailure' && rp !== 'Never') {
    throw invalid('spec.template.spec.restartPolicy', `Unsupported value: "${String(rp)}": supported values: "OnFailure", "Never"`, rp);
  }
  if (rp === 'OnFailure' && spec.podFailurePolicy !== undefined) {
    throw invalid(
      'spec.template.spec.restartPolicy',
      'Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
      rp,
    );
  }
  const indexed = spec.completionMode === 'Indexed';
  if (indexed && spec.completions === undefined) {
    throw invalid('spec.completions', 'Required value: when completion mode is Indexed', undefined);
  }
  return {
    job,
    parallelism: spec.parallelism ?? 1,
    completions: spec.completions,
    backoffLimit: spec.backoffLimit ?? 6,
    indexed,
    suspended: spec.suspend === true,
    backoffLimitPerIndex: indexed ? spec.backoffLimitPerIndex : undefined,
    onlyReplaceFailedPods: spec.podReplacementPolicy === 'Failed' || spec.podFailurePolicy !== undefined,
  };
}

/** The condition of the given type, if present. */
export function findJobCondition(status: JobStatus | undefined, type: string): WorkloadCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** True iff the Job has a `Complete` or `Failed` condition with status True (upstream `IsJobFinished`). */
export function isJobFinished(job: Pick<Job, 'status'>): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === JobConditionType.Complete || c.type === JobConditionType.Failed) && c.status === 'True',
  );
}

/** The external controller named by `spec.managedBy`, if it is not the built-in Job controller. */
export function externalManager(job: Job): string | undefined {
  const m = job.spec.managedBy;
  return m !== undefined && m !== JOB_CONTROLLER_NAME ? m : undefined;
}
