// The controllers area's public surface (explicit named exports only).
export { WorkQueue } from './work-queue.js';
export type { WorkQueueOptions } from './work-queue.js';
export {
  exponentialRateLimiter,
  bucketRateLimiter,
  maxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiter.js';
export type { RateLimiter } from './rate-limiter.js';
export { EventRecorder } from './event-recorder.js';
export type { EventRecorderOptions } from './event-recorder.js';
export type { EventCorrelationOptions } from './event-correlator.js';
export type { EventInput } from './event-recorder.js';
export { createController, TerminalError, requestKey, ownerRequests } from './controller.js';
export type { Controller, ControllerOptions, ControllerEnvironment, ReconcileContext, Request, Result, WatchSpec } from './controller.js';

// Workload controllers (src/controllers/workloads/)
export { createJobController } from './workloads/job-controller.js';
export type { JobControllerOptions } from './workloads/job-controller.js';
export { createDaemonSetController } from './workloads/daemon-set-controller.js';
export type { DaemonSetControllerOptions } from './workloads/daemon-set-controller.js';
// Deployment (apps/v1)
export { createDeploymentController } from './workloads/deployment-controller.js';
export type { DeploymentControllerOptions } from './workloads/deployment-controller.js';
// CronJob (batch/v1)
export { createCronJobController } from './workloads/cron-job-controller.js';
export type { CronJobControllerOptions } from './workloads/cron-job-controller.js';
// StatefulSet (apps/v1)
export { createStatefulSetController } from './workloads/stateful-set-controller.js';
export type { StatefulSetControllerOptions } from './workloads/stateful-set-controller.js';

// The PodController (the kubelet of one node).
export { PodController } from './pod-controller/pod-controller.js';
export type { PodControllerOptions, PodDeleteOptions, PodExecOptions } from './pod-controller/types.js';

// The cluster: composition root, built-in controllers and node agents (src/controllers/cluster/).
export { createCluster } from './cluster/cluster.js';
export type { Cluster, ClusterOptions, ClusterRunUntilOptions } from './cluster/cluster.js';
export type { BuiltinControllerOptions } from './cluster/builtin-controllers.js';
export { applyObjects } from './cluster/apply.js';
export type { ApplyInput, ApplyOptions, ApplyWarning } from './cluster/apply.js';
export type { FormatTableOptions } from './cluster/cluster-tables.js';
export type { ClusterExecOptions, PodLogOptions } from './cluster/pod-io.js';
export { createSchedulerController } from './cluster/scheduler-controller.js';
export type { SchedulerControllerOptions } from './cluster/scheduler-controller.js';
export { createReplicaSetController } from './cluster/replica-set-controller.js';
export type { ReplicaSetControllerOptions } from './cluster/replica-set-controller.js';
export { createNodeLifecycleController } from './cluster/node-lifecycle-controller.js';
export type { NodeLifecycleControllerOptions } from './cluster/node-lifecycle-controller.js';
export { createPodGcController } from './cluster/pod-gc-controller.js';
export type { PodGcControllerOptions } from './cluster/pod-gc-controller.js';
export type { NodeOptions, NodeCapacity } from './cluster/node-agent.js';

// Helpers for controller authors (controller-runtime's controllerutil, apimachinery's conditions).
export { setOwner, createOrUpdate, setCondition } from './controller-helpers.js';
export type { OwnableObject, SetOwnerOptions, OperationResult, CreateOrUpdateResult, Condition } from './controller-helpers.js';
export { applyRecipe, patchObject, patchStatus } from './recipes.js';
export type { Recipe, RecipeResult, RecipeUpdateOptions, JsonPatchOperation } from './recipes.js';
export { defineKind } from './define-kind.js';
export type { CustomObject, CustomKind, DefineKindOptions } from './define-kind.js';
// Leader election on a coordination.k8s.io/v1 Lease (client-go's tools/leaderelection).
export { LeaderElector } from './leader-elector.js';
export type { LeaderElectorOptions } from './leader-elector.js';
