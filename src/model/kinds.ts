// The kind registry: apiVersion + kind → schema, defaults and validation. Manifests, applyDefaults
// and validateObject dispatch through it, so a later `defineKind` can add kinds with
// `registerKind` without touching them.
import type { z } from 'zod';
import { PodkitError } from '../errors.js';
import { defaultPod } from './defaults-pod.js';
import { defaultDaemonSet, defaultJob, defaultNode, defaultReplicaSet } from './defaults-workloads.js';
import type { ValidationIssue } from './field-error.js';
import { PodSchema } from './pod.js';
import { validateJob } from './validation-job.js';
import { validatePod } from './validation-pod.js';
import { validateDaemonSet, validateNode, validateReplicaSet } from './validation-workloads.js';
import { DaemonSetSchema, JobSchema, NodeSchema, ReplicaSetSchema, type KubeObject } from './workloads.js';
// Deployment (apps/v1)
import { DeploymentSchema } from './deployment.js';
import { defaultDeployment } from './defaults-deployment.js';
import { validateDeployment } from './validation-deployment.js';
// StatefulSet, ControllerRevision (apps/v1), PersistentVolumeClaim (v1)
import { ControllerRevisionSchema, PersistentVolumeClaimSchema, StatefulSetSchema } from './stateful-set.js';
import { defaultControllerRevision, defaultPersistentVolumeClaim, defaultStatefulSet } from './defaults-stateful-set.js';
import { validateControllerRevision, validatePersistentVolumeClaim, validateStatefulSet } from './validation-stateful-set.js';
// CronJob (batch/v1)
import { CronJobSchema } from './cron-job.js';
import { defaultCronJob } from './defaults-cron-job.js';
import { validateCronJob } from './validation-cron-job.js';
// Lease (coordination.k8s.io/v1)
import { LeaseSchema } from './lease.js';
import { defaultLease, validateLease } from './validation-lease.js';

/**
 * Everything podkit knows about one kind: its schema (the source of truth), the API server's
 * defaulting, and its create-time validation. Read-only; look one up with {@link getKindDefinition}.
 */
export interface KindDefinition<T extends KubeObject = KubeObject> {
  /** `v1`, `apps/v1`, `batch/v1`. */
  readonly apiVersion: string;
  /** `Pod`, `ReplicaSet`, ... */
  readonly kind: string;
  /** False for cluster-scoped kinds (Node): no namespace is defaulted or allowed. */
  readonly namespaced: boolean;
  /** The zod schema of the whole object. */
  readonly schema: z.ZodType<T>;
  /** The API server's defaulting (pure, idempotent, copy-on-write). */
  applyDefaults(obj: T): T;
  /** Create-time validation, as the API server's `Validate<Kind>`. */
  validate(obj: T): ValidationIssue[];
}

const registry = new Map<string, KindDefinition>();
const keyOf = (apiVersion: string, kind: string): string => `${apiVersion}/${kind}`;

/**
 * Adds a kind to the registry (the extension hook for custom kinds). Throws `invalid_argument`
 * if that apiVersion/kind is already registered. Not exported from `podkit` yet.
 */
export function registerKind<T extends KubeObject>(def: KindDefinition<T>): void {
  const key = keyOf(def.apiVersion, def.kind);
  if (registry.has(key)) {
    throw new PodkitError('invalid_argument', `Kind ${def.kind} in ${def.apiVersion} is already registered; register each apiVersion/kind once.`);
  }
  registry.set(key, def as unknown as KindDefinition);
}

/**
 * The definition registered for an apiVersion and kind, or `undefined`.
 *
 * @example
 * ```ts
 * import { getKindDefinition } from 'podkit/model';
 * getKindDefinition('apps/v1', 'ReplicaSet')?.namespaced; // true
 * ```
 */
export function getKindDefinition(apiVersion: string, kind: string): KindDefinition | undefined {
  return registry.get(keyOf(apiVersion, kind));
}

/** Every registered apiVersion/kind pair, in registration order. */
export function listKinds(): ReadonlyArray<{ readonly apiVersion: string; readonly kind: string }> {
  return [...registry.values()].map(({ apiVersion, kind }) => ({ apiVersion, kind }));
}

registerKind({ apiVersion: 'v1', kind: 'Pod', namespaced: true, schema: PodSchema, applyDefaults: defaultPod, validate: validatePod });
registerKind({ apiVersion: 'v1', kind: 'Node', namespaced: false, schema: NodeSchema, applyDefaults: defaultNode, validate: validateNode });
registerKind({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  namespaced: true,
  schema: ReplicaSetSchema,
  applyDefaults: defaultReplicaSet,
  validate: validateReplicaSet,
});
registerKind({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  namespaced: true,
  schema: DaemonSetSchema,
  applyDefaults: defaultDaemonSet,
  validate: validateDaemonSet,
});
registerKind({ apiVersion: 'batch/v1', kind: 'Job', namespaced: true, schema: JobSchema, applyDefaults: defaultJob, validate: validateJob });
// Deployment (apps/v1)
registerKind({ apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true, schema: DeploymentSchema, applyDefaults: defaultDeployment, validate: validateDeployment });
// StatefulSet, ControllerRevision (apps/v1), PersistentVolumeClaim (v1)
registerKind({ apiVersion: 'apps/v1', kind: 'StatefulSet', namespaced: true, schema: StatefulSetSchema, applyDefaults: defaultStatefulSet, validate: validateStatefulSet });
registerKind({ apiVersion: 'apps/v1', kind: 'ControllerRevision', namespaced: true, schema: ControllerRevisionSchema, applyDefaults: defaultControllerRevision, validate: validateControllerRevision });
registerKind({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespaced: true, schema: PersistentVolumeClaimSchema, applyDefaults: defaultPersistentVolumeClaim, validate: validatePersistentVolumeClaim });
// CronJob (batch/v1)
registerKind({ apiVersion: 'batch/v1', kind: 'CronJob', namespaced: true, schema: CronJobSchema, applyDefaults: defaultCronJob, validate: validateCronJob });
// Lease (coordination.k8s.io/v1)
registerKind({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespaced: true, schema: LeaseSchema, applyDefaults: defaultLease, validate: validateLease });
