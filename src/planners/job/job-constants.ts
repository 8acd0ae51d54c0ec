// Well-known names of the batch/v1 Job API and controller (k8s.io/api/batch/v1 types.go).

/** The finalizer every Job pod carries until the controller has counted it (§I.2). */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** The annotation (and, with PodIndexLabel, label) holding an Indexed Job pod's completion index. */
export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
/** The annotation counting the failed pods of an index before this one (backoffLimitPerIndex). */
export const JOB_INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
/** The annotation counting the failures of an index ignored by the pod failure policy. */
export const JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';
/** The env var Indexed Job containers receive with their completion index. */
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** The `spec.managedBy` value of the built-in Job controller. */
export const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';
/** Most pods created or deleted per sync (upstream `MaxPodCreateDeletePerSync`). */
export const JOB_MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** Most entries of `status.uncountedTerminatedPods` handled per sync (upstream `MaxUncountedPods`). */
export const JOB_MAX_UNCOUNTED_PODS = 500;
/** The longest generateName base before the API server's random suffix (63 − 5). */
export const MAX_GENERATED_NAME_LENGTH = 58;

/** Job condition types (§I.10). */
export const JobConditionType = Object.freeze({
  Suspended: 'Suspended',
  Complete: 'Complete',
  Failed: 'Failed',
  FailureTarget: 'FailureTarget',
  SuccessCriteriaMet: 'SuccessCriteriaMet',
} as const);

/** Job condition reasons set by the controller (§I.3). */
export const JobConditionReason = Object.freeze({
  PodFailurePolicy: 'PodFailurePolicy',
  BackoffLimitExceeded: 'BackoffLimitExceeded',
  DeadlineExceeded: 'DeadlineExceeded',
  MaxFailedIndexesExceeded: 'MaxFailedIndexesExceeded',
  FailedIndexes: 'FailedIndexes',
  SuccessPolicy: 'SuccessPolicy',
  CompletionsReached: 'CompletionsReached',
  JobSuspended: 'JobSuspended',
  JobResumed: 'JobResumed',
} as const);
