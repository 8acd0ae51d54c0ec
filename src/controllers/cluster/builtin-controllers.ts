import type { Controller } from '../controller.js';
import { createNodeLifecycleController, type NodeLifecycleControllerOptions } from './node-lifecycle-controller.js';
import { createPodGcController, type PodGcControllerOptions } from './pod-gc-controller.js';
import { createReplicaSetController, type ReplicaSetControllerOptions } from './replica-set-controller.js';
import { createSchedulerController, type SchedulerControllerOptions } from './scheduler-controller.js';
import { createJobController, type JobControllerOptions } from '../workloads/job-controller.js';
import { createDaemonSetController, type DaemonSetControllerOptions } from '../workloads/daemon-set-controller.js';
import { createDeploymentController, type DeploymentControllerOptions } from '../workloads/deployment-controller.js';
import { createStatefulSetController, type StatefulSetControllerOptions } from '../workloads/stateful-set-controller.js';
import { createCronJobController, type CronJobControllerOptions } from '../workloads/cron-job-controller.js';

/**
 * Which built-in controllers a cluster runs, and their options: `false` leaves one out (bring
 * your own with `cluster.addController`), `true` or omitted runs it with defaults.
 */
export interface BuiltinControllerOptions {
  readonly scheduler?: boolean | SchedulerControllerOptions;
  readonly nodeLifecycle?: boolean | NodeLifecycleControllerOptions;
  readonly replicaSet?: boolean | ReplicaSetControllerOptions;
  readonly job?: boolean | JobControllerOptions;
  readonly daemonSet?: boolean | DaemonSetControllerOptions;
  /** The Deployment controller (apps/v1 Deployments: rollouts through ReplicaSets). */
  readonly deployment?: boolean | DeploymentControllerOptions;
  /** The StatefulSet controller (§P). */
  readonly statefulSet?: boolean | StatefulSetControllerOptions;
  /** The CronJob controller (§Q). */
  readonly cronJob?: boolean | CronJobControllerOptions;
  /** The pod garbage collector (orphaned, terminated over the threshold, out-of-service and unscheduled terminating pods). */
  readonly podGc?: boolean | PodGcControllerOptions;
}

/** One built-in controller: its switch in {@link BuiltinControllerOptions} and its factory. */
interface BuiltinController<K extends keyof BuiltinControllerOptions> {
  readonly key: K;
  readonly create: (options: Exclude<NonNullable<BuiltinControllerOptions[K]>, boolean>) => Controller;
}

/**
 * The built-in controllers, in start order. Each is built with the public `createController` and
 * added with `cluster.addController`, exactly like a user's. To add one (Job, DaemonSet, ...):
 * add its switch to {@link BuiltinControllerOptions} and an entry here.
 */
const BUILTINS: readonly BuiltinController<keyof BuiltinControllerOptions>[] = [
  { key: 'scheduler', create: (o) => createSchedulerController(o as SchedulerControllerOptions) },
  { key: 'nodeLifecycle', create: (o) => createNodeLifecycleController(o as NodeLifecycleControllerOptions) },
  { key: 'replicaSet', create: (o) => createReplicaSetController(o as ReplicaSetControllerOptions) },
  { key: 'job', create: (o) => createJobController(o as JobControllerOptions) },
  { key: 'daemonSet', create: (o) => createDaemonSetController(o as DaemonSetControllerOptions) },
  { key: 'deployment', create: (o) => createDeploymentController(o as DeploymentControllerOptions) },
  { key: 'statefulSet', create: (o) => createStatefulSetController(o as StatefulSetControllerOptions) },
  { key: 'cronJob', create: (o) => createCronJobController(o as CronJobControllerOptions) },
  { key: 'podGc', create: (o) => createPodGcController(o as PodGcControllerOptions) },
];

/** The built-in controllers the options ask for, in start order. */
export function builtinControllers(options: BuiltinControllerOptions = {}): Controller[] {
  const out: Controller[] = [];
  for (const b of BUILTINS) {
    const setting = options[b.key];
    if (setting === false) continue;
    out.push(b.create(setting === undefined || setting === true ? {} : setting));
  }
  return out;
}

/** Options that leave every built-in controller out (a cluster that only serves its store, e.g. a standby). @internal */
export function noBuiltinControllers(): BuiltinControllerOptions {
  return Object.fromEntries(BUILTINS.map((b) => [b.key, false])) as BuiltinControllerOptions;
}
