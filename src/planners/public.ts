// What the root `podkit` exports from the planners area: the main planners, their plan and
// context types, and the kubectl-style printers. Their building blocks (selectors, taints,
// ownership, ranking, expectations, scheduler filters, Job/DaemonSet/Deployment/StatefulSet/
// CronJob internals) are in src/planners.ts (`podkit/planners`).

// ReplicaSet
export type { ControllerExpectations } from './expectations.js';
export { planReplicaSet } from './replica-set.js';
export type { PlanReplicaSetContext, ReplicaSetPlan } from './replica-set.js';

// Scheduler
export type { PodsOnNodes } from './node-usage.js';
export { schedulePod } from './schedule-pod.js';
export type { ScheduleResult, SchedulePodOptions } from './schedule-pod.js';

// Node lifecycle
export { planNodeLifecycle } from './node-lifecycle.js';
export type { NodeLifecycleAction, NodeLifecycleInput, NodeLifecyclePlan } from './node-lifecycle.js';
export { planPodGc } from './pod-gc.js';
export type { PodGcAction, PodGcInput, PodGcPlan, PodGcReason } from './pod-gc.js';

// kubectl-style tables
export { formatReplicaSetTable, formatNodeTable, nodeStatusText } from './printers.js';

// ---------------------------------------------------------------------------------------------
// Job and DaemonSet planners (src/planners/job/, src/planners/daemon-set/)

// Job
export { planJob } from './job/plan-job.js';
export type { PlanJobContext, JobPlan, JobPodDeletion, JobEvent } from './job/job-plan.js';
export type { JobBackoffRecord, NewlyFinishedPods } from './job/backoff.js';
export { formatJobTable, jobStatusText } from './job/printer.js';

// DaemonSet
export { planDaemonSet } from './daemon-set/plan-daemon-set.js';
export type {
  PlanDaemonSetContext,
  DaemonSetPlan,
  DaemonPodCreation,
  DaemonPodDeletion,
  DaemonSetEvent,
} from './daemon-set/daemon-set-plan.js';
export type { DaemonSetBackoff, DaemonPodBackoffEntry } from './daemon-set/failed-pod-backoff.js';
export { formatDaemonSetTable } from './daemon-set/printer.js';

// Deployment (apps/v1)
export { formatDeploymentTable } from './deployment/printer.js';
export type { FormatDeploymentTableOptions } from './deployment/printer.js';

// CronJob (batch/v1)
export { formatCronJobTable } from './cron-job/printer.js';
export type { FormatCronJobTableOptions } from './cron-job/printer.js';
export { planCronJob } from './cron-job/plan-cron-job.js';
export type { PlanCronJobOptions } from './cron-job/plan-cron-job.js';
export type { CronJobPlan, CronJobEvent, CronJobDeletion, CronJobCreation } from './cron-job/cron-job-plan.js';

// StatefulSet (apps/v1)
export { planStatefulSet } from './stateful-set/plan-stateful-set.js';
export type { PlanStatefulSetContext, StatefulSetPlan, StatefulSetAction } from './stateful-set/plan-stateful-set.js';
export {
  formatStatefulSetTable,
  formatControllerRevisionTable,
  formatPersistentVolumeClaimTable,
} from './stateful-set/printer.js';
export type { FormatStatefulSetTableOptions } from './stateful-set/printer.js';
export { planDeployment } from './deployment/plan-deployment.js';
export type { PlanDeploymentContext, DeploymentPlan, DeploymentEvent } from './deployment/plan-deployment.js';
