/**
 * `podkit/planners` — the pure building blocks behind the main planners and reducers of the root
 * `podkit` entry point: ports of upstream helper functions (label and node selectors, taints,
 * ownership, pod ranking, expectations, slow start, scheduler filters and scores, Job back-off
 * and indexes, DaemonSet hashes and limits, Deployment and StatefulSet internals, CronJob
 * schedule times, kubelet back-off, probes and termination), their timing and tuning constants,
 * and the printers' row helpers. All pure: time and ids are arguments.
 *
 * The main planners (`planReplicaSet`, `planJob`, `planDaemonSet`, `planDeployment`,
 * `planStatefulSet`, `planCronJob`, `planNodeLifecycle`, `planPodGc`, `schedulePod`), the pod
 * reducer and the printers are in the root `podkit` entry point.
 * @example
 * ```ts
 * import { matchesSelector, sortPodsForDeletion } from 'podkit/planners';
 * matchesSelector({ app: 'web' }, { matchLabels: { app: 'web' } }); // true
 * ```
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------
// Label and node selectors
export { matchesSelector, labelSelectorToString, parseLabelSelector } from './planners/selector.js';
export {
  matchesNodeSelectorTerms,
  matchesNodeSelectorRequirement,
  podMatchesNodeSelectorAndAffinity,
} from './planners/node-selector.js';

// Taints and tolerations
export {
  tolerates,
  tolerationsTolerateTaint,
  findUntoleratedTaint,
  defaultTolerations,
  addDefaultTolerations,
} from './planners/taints.js';
export type { TaintFilter } from './planners/taints.js';

// Templates and ownership
export { expandTemplate, controllerRefFor, podNamePrefix } from './planners/template.js';
export type { TemplateOwner, ExpandTemplateContext } from './planners/template.js';
export { claimPods, getControllerOf } from './planners/ownership.js';
export type { ClaimResult, ClaimingController } from './planners/ownership.js';

// Deletion ranking
export {
  compareActivePods,
  compareActivePodsWithRanks,
  sortPodsForDeletion,
  ranksByRelatedPodsOnSameNode,
  podDeletionCost,
} from './planners/rank-pods.js';
export type { SortPodsForDeletionOptions } from './planners/rank-pods.js';

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
} from './planners/expectations.js';
export { slowStartBatches, runSlowStart, SLOW_START_INITIAL_BATCH_SIZE } from './planners/slow-start.js';
export type { SlowStartResult } from './planners/slow-start.js';

// ReplicaSet
export { podsToDelete, REPLICA_SET_BURST_REPLICAS } from './planners/replica-set.js';
export { calculateReplicaSetStatus, isPodAvailable, desiredReplicas } from './planners/replica-set-status.js';
export type { ReplicaSetStatusOptions } from './planners/replica-set-status.js';

// Scheduler
export { podRequests, nodeAllocatable } from './planners/resources.js';
export type { Resources, Allocatable } from './planners/resources.js';
export { nodeUsage, indexPodsByNode } from './planners/node-usage.js';
export type { NodeUsage, HostPort } from './planners/node-usage.js';
export { filterNodes, unschedulableMessage } from './planners/scheduler-filters.js';
export type { FilterResult } from './planners/scheduler-filters.js';
export { scoreNodes, MAX_NODE_SCORE, SCORE_WEIGHTS } from './planners/scheduler-score.js';
export type { NodeScore } from './planners/scheduler-score.js';
export { requiredNodeNames } from './planners/schedule-pod.js';

// Node lifecycle and pod GC
export { nodeReadyStatus, NODE_MONITOR_GRACE_PERIOD_MS, NODE_STARTUP_GRACE_PERIOD_MS } from './planners/node-health.js';
export { evictionTime, taintEvictionCondition } from './planners/node-lifecycle.js';
export { NODE_MONITOR_PERIOD_MS } from './controllers/cluster/node-lifecycle-controller.js';
export { NODE_HEARTBEAT_INTERVAL_MS } from './controllers/cluster/node-agent.js';
export {
  podGcOrphanedCondition,
  podGcFailedStatus,
  TERMINATED_POD_GC_THRESHOLD,
  POD_GC_CHECK_PERIOD_MS,
  POD_GC_QUARANTINE_MS,
} from './planners/pod-gc.js';

// Job
export { jobStatusAfterFinalizerRemoval, jobTtlRemainingMs } from './planners/job/ttl.js';
export { formatCompletedIndexes, parseCompletedIndexes } from './planners/job/indexes.js';
export type { IndexInterval, OrderedIntervals } from './planners/job/indexes.js';
export { matchPodFailurePolicy } from './planners/job/pod-failure-policy.js';
export type { PodFailurePolicyMatch, PodFailurePolicyAction } from './planners/job/pod-failure-policy.js';
export { matchSuccessPolicy } from './planners/job/success-policy.js';
export {
  newBackoffRecord,
  updateBackoffRecord,
  remainingBackoffMs,
  remainingBackoffPerIndexMs,
  podFinishedTime,
  DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  MAX_JOB_POD_FAILURE_BACKOFF_MS,
} from './planners/job/backoff.js';
export { getCompletionIndex, podGenerateNameWithIndex } from './planners/job/job-pods.js';
export { isJobFinished } from './planners/job/job-spec.js';

// DaemonSet
export { DAEMON_SET_BURST_REPLICAS } from './planners/daemon-set/plan-daemon-set.js';
export { nodeShouldRunDaemonPod, daemonNodeChecker } from './planners/daemon-set/should-run.js';
export type { DaemonNodeFit } from './planners/daemon-set/should-run.js';
export { daemonPodTolerations, withDaemonPodTolerations } from './planners/daemon-set/tolerations.js';
export { computeTemplateHash, safeEncodeString } from './planners/daemon-set/hash.js';
export { scaledIntOrPercent, daemonSetUpdateLimits } from './planners/daemon-set/rolling-update.js';
export { isDaemonPodUpdated } from './planners/daemon-set/daemon-pods.js';
export { DAEMON_FAILED_POD_BACKOFF_INITIAL_MS, DAEMON_FAILED_POD_BACKOFF_MAX_MS } from './planners/daemon-set/failed-pod-backoff.js';

// Deployment
export { calculateDeploymentStatus, rolloutStatus as deploymentRolloutStatus, stuckDeploymentRequeueMs } from './planners/deployment/deployment-status.js';
export {
  resolveFenceposts,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  newRSNewReplicas,
  replicaSetProportion,
  maxSurgeOf as deploymentMaxSurge,
  maxUnavailableOf as deploymentMaxUnavailable,
} from './planners/deployment/deployment-util.js';

// StatefulSet
export {
  parseStatefulPodName,
  statefulPodName,
  claimName,
  newStatefulSetPod,
  claimsForOrdinal,
  identityMatches,
  storageMatches,
} from './planners/stateful-set/identity.js';
export {
  hashControllerRevision,
  controllerRevisionName,
  newStatefulSetRevision,
  planStatefulSetRevisions,
  revisionsToTruncate,
} from './planners/stateful-set/revisions.js';
export type { StatefulSetRevisionsPlan } from './planners/stateful-set/revisions.js';
export { statefulSetMaxUnavailable } from './planners/stateful-set/plan-stateful-set.js';
export { countStatefulSetReplicas } from './planners/stateful-set/status.js';
export type { StatefulSetReplicaCounts } from './planners/stateful-set/status.js';

// CronJob
export { cronJobFinishedCondition, cronJobActiveRef } from './planners/cron-job/plan-cron-job.js';
export {
  mostRecentScheduleTime,
  nextScheduleTimeDuration,
  cronJobSchedule,
  CRON_JOB_NEXT_SCHEDULE_DELTA_MS,
  CRON_JOB_MANY_MISSED_LIMIT,
} from './planners/cron-job/schedule-times.js';
export type { MostRecentScheduleTime, MissedSchedules, CronJobScheduleResult } from './planners/cron-job/schedule-times.js';
export { cronJobJobName, jobFromCronJobTemplate, formatRfc3339InZone } from './planners/cron-job/job-from-template.js';

// Printers' row helpers (the format*Table functions are in the root)
export { nodeRoles } from './planners/printers.js';
export { deploymentRowCells, deploymentReadyText } from './planners/deployment/printer.js';
export { cronJobRowCells } from './planners/cron-job/printer.js';
export { statefulSetRowCells } from './planners/stateful-set/printer.js';
export { goDuration } from './reducers/human-duration.js';

// ---------------------------------------------------------------------------------------------
// Kubelet building blocks behind the pod reducer (conditions, restarts, back-off, probes,
// termination)
export {
  generateContainersReadyCondition,
  generatePodReadyCondition,
  generatePodInitializedCondition,
} from './reducers/conditions.js';
export type { GeneratedCondition } from './reducers/conditions.js';
export { shouldRestartContainer } from './reducers/restart-policy.js';
export {
  stepBackOff,
  advanceBackOff,
  backOffDelay,
  isInBackOff,
  isInBackOffSinceUpdate,
  pruneBackOff,
  backOffKey,
  crashLoopBackOffMessage,
  crashLoopBackOffPolicy,
  imagePullBackOffPolicy,
} from './reducers/backoff.js';
export type { BackOffPolicy, BackOffEntry, BackOffStep } from './reducers/backoff.js';
export {
  probeDefaults,
  resolveProbe,
  initialProbeResult,
  proberContainerChanged,
  proberPodDeleting,
  nextProbeTime,
  isProbeDue,
  probeFailureMessages,
} from './reducers/probes.js';
export type { ResolvedProbe } from './reducers/probes.js';
export {
  deletionGracePeriodSeconds,
  killGracePeriodSeconds,
  containersToSignal,
  sigkillAt,
  activeDeadlineAt,
  isActiveDeadlineExceeded,
} from './reducers/termination.js';

// Leader election (client-go's tryAcquireOrRenew decisions over a Lease record)
export {
  DEFAULT_LEADER_ELECTION_TIMINGS,
  LEADER_ELECTION_JITTER_FACTOR,
  isObservedLeaseValid,
  leaderElectionTimingProblems,
  nextLeaderRecord,
  releasedLeaderRecord,
} from './planners/leader-election.js';
export type { LeaderElectionRecord, LeaderElectionTimings, ObservedLeaderRecord } from './planners/leader-election.js';
