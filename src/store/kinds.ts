import type { z } from 'zod';
import { PodkitError } from '../errors.js';
import { DaemonSetSchema, JobSchema, NodeSchema, PodSchema, ReplicaSetSchema } from '../model/index.js';
import type { ObjectMeta } from '../model/index.js';
import { DeploymentSchema } from '../model/deployment.js';
import { ControllerRevisionSchema, PersistentVolumeClaimSchema, StatefulSetSchema } from '../model/stateful-set.js';
import { CronJobSchema } from '../model/cron-job.js';
import { LeaseSchema } from '../model/lease.js';

/** The minimal shape of every stored object. */
export interface StoredObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly spec?: unknown;
  readonly status?: unknown;
}

/**
 * How the store handles one kind. Built-in kinds are registered by every store; a later
 * `defineKind` (CRDs) registers more through {@link KindRegistry.register}.
 */
export interface KindDefinition {
  readonly apiVersion: string;
  readonly kind: string;
  /** The resource name in error messages: `pods`, `replicasets.apps`, `jobs.batch`. */
  readonly resource: string;
  /** False for cluster-scoped kinds (Node): no namespace. */
  readonly namespaced: boolean;
  /** The schema every write is parsed with (unknown fields are dropped). */
  readonly schema: z.ZodType;
  /** True when `status` is a subresource (update ignores it, updateStatus only writes it). */
  readonly hasStatus: boolean;
  /** True for pods: delete is graceful (deletionTimestamp + grace period). */
  readonly gracefulDelete: boolean;
  /** Extra field-selector fields besides metadata.name/metadata.namespace: value getters. */
  readonly fields: Readonly<Record<string, (obj: StoredObject) => string>>;
}

const podFields: KindDefinition['fields'] = {
  'spec.nodeName': (o) => ((o.spec as { nodeName?: string } | undefined)?.nodeName ?? ''),
  'status.phase': (o) => ((o.status as { phase?: string } | undefined)?.phase ?? ''),
};

/** The kinds every store knows. */
export function builtinKinds(): KindDefinition[] {
  const base = { hasStatus: true, gracefulDelete: false, namespaced: true, fields: {} };
  return [
    { ...base, apiVersion: 'v1', kind: 'Pod', resource: 'pods', schema: PodSchema, gracefulDelete: true, fields: podFields },
    { ...base, apiVersion: 'v1', kind: 'Node', resource: 'nodes', schema: NodeSchema, namespaced: false },
    { ...base, apiVersion: 'apps/v1', kind: 'ReplicaSet', resource: 'replicasets.apps', schema: ReplicaSetSchema },
    { ...base, apiVersion: 'batch/v1', kind: 'Job', resource: 'jobs.batch', schema: JobSchema },
    { ...base, apiVersion: 'apps/v1', kind: 'DaemonSet', resource: 'daemonsets.apps', schema: DaemonSetSchema },
    { ...base, apiVersion: 'apps/v1', kind: 'Deployment', resource: 'deployments.apps', schema: DeploymentSchema },
    // StatefulSet, ControllerRevision (no status subresource), PersistentVolumeClaim
    { ...base, apiVersion: 'apps/v1', kind: 'StatefulSet', resource: 'statefulsets.apps', schema: StatefulSetSchema },
    { ...base, apiVersion: 'apps/v1', kind: 'ControllerRevision', resource: 'controllerrevisions.apps', schema: ControllerRevisionSchema, hasStatus: false },
    { ...base, apiVersion: 'v1', kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', schema: PersistentVolumeClaimSchema },
    // CronJob (batch/v1)
    { ...base, apiVersion: 'batch/v1', kind: 'CronJob', resource: 'cronjobs.batch', schema: CronJobSchema },
    // Lease (coordination.k8s.io/v1, no status subresource)
    { ...base, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', resource: 'leases.coordination.k8s.io', schema: LeaseSchema, hasStatus: false },
  ];
}

/** Kinds added with `defineKind` after the built-ins: every store accepts them, even one created earlier. */
const globalKinds = new Map<string, KindDefinition>();

/**
 * Registers a kind for every store (the store half of `defineKind`). Throws `already_exists`
 * for a built-in kind name or one already registered. @internal
 */
export function registerGlobalKind(definition: KindDefinition): void {
  if (globalKinds.has(definition.kind) || builtinKinds().some((k) => k.kind === definition.kind)) {
    throw new PodkitError('already_exists', `Kind ${JSON.stringify(definition.kind)} is already registered.`);
  }
  globalKinds.set(definition.kind, definition);
}

/** The kinds a store accepts, by `kind`. */
export class KindRegistry {
  readonly #kinds = new Map<string, KindDefinition>();

  constructor(definitions: readonly KindDefinition[] = builtinKinds()) {
    for (const d of definitions) this.register(d);
  }

  /** Adds a kind; throws `already_exists` for a kind name already registered. */
  register(definition: KindDefinition): void {
    if (this.#kinds.has(definition.kind)) {
      throw new PodkitError('already_exists', `Kind ${JSON.stringify(definition.kind)} is already registered.`);
    }
    this.#kinds.set(definition.kind, definition);
  }

  /** The definition of a kind, or throws `invalid_argument` listing the known kinds. */
  require(kind: string): KindDefinition {
    const def = this.#kinds.get(kind) ?? globalKinds.get(kind);
    if (def === undefined) {
      throw new PodkitError(
        'invalid_argument',
        `Expected one of the kinds ${[...this.#kinds.keys()].join(', ')}, received ${JSON.stringify(kind)}.`,
        { details: { kind } },
      );
    }
    return def;
  }

  /** Every registered kind name. */
  kinds(): string[] {
    return [...new Set([...this.#kinds.keys(), ...globalKinds.keys()])];
  }
}
