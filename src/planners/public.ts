// The planners area's public surface (explicit named exports only).

// Label and node selectors
export { matchesSelector, labelSelectorToString, parseLabelSelector } from './selector.js';
export {
  matchesNodeSelectorTerms,
  matchesNodeSelectorRequirement,
  podMatchesNodeSelectorAndAffinity,
} from './node-selector.js';

// Taints and tolerations
export {
  tolerates,
  tolerationsTolerateTaint,
  findUntoleratedTaint,
  defaultTolerations,
  addDefaultTolerations,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  TAINT_NODE_UNSCHEDULABLE,
  TAINT_NODE_OUT_OF_SERVICE,
  DEFAULT_TOLERATION_SECONDS,
  DO_NOT_SCHEDULE_EFFECTS,
} from './taints.js';
export type { TaintFilter } from './taints.js';

// Templates and ownership
export { expandTemplate, controllerRefFor, podNamePrefix } from './template.js';
export type { TemplateOwner, ExpandTemplateContext } from './template.js';
export { claimPods, getControllerOf } from './ownership.js';
export type { ClaimResult, ClaimingController } from './ownership.js';

// Deletion ranking
export {
  compareActivePods,
  compareActivePodsWithRanks,
  sortPodsForDeletion,
  ranksByRelatedPodsOnSameNode,
  podDeletionCost,
  POD_DELETION_COST_ANNOTATION,
} from './rank-pods.js';
export type { SortPodsForDeletionOptions } from './rank-pods.js';

// Expectations and slow start
export {
  expectCreations,
  expectDeletions,
  creationObserved,
  deletionObserved,
  lowerExpectations,
  expectationsFulfilled,
  expectationsSatisfied,
  podEventObserved,
  EXPECTATIONS_TIMEOUT_MS,
} from './expectations.js';
export type { ControllerExpectations } from './expectations.js';
export { slowStartBatches, runSlowStart, SLOW_START_INITIAL_BATCH_SIZE } from './slow-start.js';
export type { SlowStartResult } from './slow-start.js';

// ReplicaSet
export { planReplicaSet, podsToDelete, REPLICA_SET_BURST_REPLICAS } from './replica-set.js';
export type { PlanReplicaSetContext, ReplicaSetPlan } from './replica-set.js';
export { calculateReplicaSetStatus, isPodAvailable, desiredReplicas, REPLICA_FAILURE } from './replica-set-status.js';
export type { ReplicaSetStatusOptions } from './replica-set-status.js';

// Scheduler
export { podRequests, nodeAllocatable, DEFAULT_MAX_PODS } from './resources.js';
export type { Resources, Allocatable } from './resources.js';
export { nodeUsage, indexPodsByNode } from './node-usage.js';
export type { NodeUsage, PodsOnNodes, HostPort } from './node-usage.js';
export { filterNodes, unschedulableMessage, SchedulingReasons } from './scheduler-filters.js';
export type { FilterResult } from './scheduler-filters.js';
export { scoreNodes, MAX_NODE_SCORE, SCORE_WEIGHTS } from './scheduler-score.js';
export type { NodeScore } from './scheduler-score.js';
export { schedulePod, requiredNodeNames, NO_NODES_AVAILABLE } from './schedule-pod.js';
export type { ScheduleResult, SchedulePodOptions } from './schedule-pod.js';

// Node lifecycle
export { nodeReadyStatus, NODE_MONITOR_GRACE_PERIOD_MS, NODE_STARTUP_GRACE_PERIOD_MS } from './node-health.js';
export { planNodeLifecycle, evictionTime, taintEvictionCondition } from './node-lifecycle.js';
export type { NodeLifecycleAction, NodeLifecycleInput, NodeLifecyclePlan } from './node-lifecycle.js';
export {
  planPodGc,
  podGcOrphanedCondition,
  podGcFailedStatus,
  TERMINATED_POD_GC_THRESHOLD,
  POD_GC_CHECK_PERIOD_MS,
  POD_GC_QUARANTINE_MS,
} from './pod-gc.js';
export type { PodGcAction, PodGcInput, PodGcPlan, PodGcReason } from './pod-gc.js';

// kubectl-style tables
export { formatReplicaSetTable, formatNodeTable, nodeRoles, nodeStatusText } from './printers.js';

// ---------------------------------------------------------------------------------------------
// Job and DaemonSet planners (src/planners/job/, src/planners/daemon-set/)

// Job
export { planJob } from './job/plan-job.js';
export type { PlanJobContext, JobPlan, JobPodDeletion, JobEvent } from './job/job-plan.js';
export { jobStatusAfterFinalizerRemoval, jobTtlRemainingMs } from './job/ttl.js';
export { formatCompletedIndexes, parseCompletedIndexes } from './job/indexes.js';
export type { IndexInterval, OrderedIntervals } from './job/indexes.js';
export { matchPodFailurePolicy } from './job/pod-failure-policy.js';
export type { PodFailurePolicyMatch, PodFailurePolicyAction } from './job/pod-failure-policy.js';
export { matchSuccessPolicy } from './job/success-policy.js';
export {
  newBackoffRecord,
  updateBackoffRecord,
  remainingBackoffMs,
  remainingBackoffPerIndexMs,
  podFinishedTime,
  DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  MAX_JOB_POD_FAILURE_BACKOFF_MS,
} from './job/backoff.js';
export type { JobBackoffRecord, NewlyFinishedPods } from './job/backoff.js';
export { getCompletionIndex, podGenerateNameWithIndex } from './job/job-pods.js';
export { isJobFinished } from './job/job-spec.js';
export {
  JOB_TRACKING_FINALIZER,
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_COMPLETION_INDEX_ENV,
  JobConditionType,
  JobConditionReason,
} from './job/job-constants.js';
export { formatJobTable, jobStatusText } from './job/printer.js';

// DaemonSet
export { planDaemonSet, DAEMON_SET_BURST_REPLICAS } from './daemon-set/plan-daemon-set.js';
export type {
  PlanDaemonSetContext,
  DaemonSetPlan,
  DaemonPodCreation,
  DaemonPodDeletion,
  DaemonSetEvent,
} from './daemon-set/daemon-set-plan.js';
export { nodeShouldRunDaemonPod, daemonNodeChecker } from './daemon-set/should-run.js';
export type { DaemonNodeFit } from './daemon-set/should-run.js';
export { daemonPodTolerations, withDaemonPodTolerations } from './daemon-set/tolerations.js';
export { computeTemplateHash, safeEncodeString } from './daemon-set/hash.js';
export { scaledIntOrPercent, daemonSetUpdateLimits } from './daemon-set/rolling-update.js';
export { isDaemonPodUpdated, CONTROLLER_REVISION_HASH_LABEL, POD_TEMPLATE_GENERATION_LABEL } from './daemon-set/daemon-pods.js';
export { DAEMON_FAILED_POD_BACKOFF_INITIAL_MS, DAEMON_FAILED_POD_BACKOFF_MAX_MS } from './daemon-set/failed-pod-backoff.js';
export type { DaemonSetBackoff, DaemonPodBackoffEntry } from './daemon-set/failed-pod-backoff.js';
export { formatDaemonSetTable } from './daemon-set/printer.js';

// Deployment (apps/v1)
export { formatDeploymentTable, deploymentRowCells, deploymentReadyText } from './deployment/printer.js';
export type { FormatDeploymentTableOptions } from './deployment/printer.js';

// CronJob (batch/v1)
export { formatCronJobTable, cronJobRowCells } from './cron-job/printer.js';
export type { FormatCronJobTableOptions } from './cron-job/printer.js';
export { planCronJob, cronJobFinishedCondition, cronJobActiveRef } from './cron-job/plan-cron-job.js';
export type { PlanCronJobOptions } from './cron-job/plan-cron-job.js';
export type { CronJobPlan, CronJobEvent, CronJobDeletion, CronJobCreation } from './cron-job/cron-job-plan.js';
export {
  mostRecentScheduleTime,
  nextScheduleTimeDuration,
  cronJobSchedule,
  CRON_JOB_NEXT_SCHEDULE_DELTA_MS,
  CRON_JOB_MANY_MISSED_LIMIT,
} from './cron-job/schedule-times.js';
export type { MostRecentScheduleTime, MissedSchedules, CronJobScheduleResult } from './cron-job/schedule-times.js';
export { cronJobJobName, jobFromCronJobTemplate, formatRfc3339InZone, CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION } from './cron-job/job-from-template.js';

// StatefulSet (apps/v1)
export {
  parseStatefulPodName,
  statefulPodName,
  claimName,
  newStatefulSetPod,
  claimsForOrdinal,
  identityMatches,
  storageMatches,
  STATEFUL_SET_POD_NAME_LABEL,
  POD_INDEX_LABEL,
} from './stateful-set/identity.js';
export {
  CONTROLLER_REVISION_HASH_KEY,
  hashControllerRevision,
  controllerRevisionName,
  newStatefulSetRevision,
  planStatefulSetRevisions,
  revisionsToTruncate,
} from './stateful-set/revisions.js';
export type { StatefulSetRevisionsPlan } from './stateful-set/revisions.js';
export { planStatefulSet, statefulSetMaxUnavailable } from './stateful-set/plan-stateful-set.js';
export type { PlanStatefulSetContext, StatefulSetPlan, StatefulSetAction } from './stateful-set/plan-stateful-set.js';
export { countStatefulSetReplicas } from './stateful-set/status.js';
export type { StatefulSetReplicaCounts } from './stateful-set/status.js';
export {
  formatStatefulSetTable,
  statefulSetRowCells,
  formatControllerRevisionTable,
  formatPersistentVolumeClaimTable,
} from './stateful-set/printer.js';
export type { FormatStatefulSetTableOptions } from './stateful-set/printer.js';
export { planDeployment } from './deployment/plan-deployment.js';
export type { PlanDeploymentContext, DeploymentPlan, DeploymentEvent } from './deployment/plan-deployment.js';
export { calculateDeploymentStatus, rolloutStatus as deploymentRolloutStatus, stuckDeploymentRequeueMs } from './deployment/deployment-status.js';
export {
  resolveFenceposts,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  newRSNewReplicas,
  replicaSetProportion,
  maxSurgeOf as deploymentMaxSurge,
  maxUnavailableOf as deploymentMaxUnavailable,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DeploymentConditionReason,
} from './deployment/deployment-util.js';
