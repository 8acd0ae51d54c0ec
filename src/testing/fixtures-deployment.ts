// The Deployment fixture builder (docs/reference/kubernetes-rules.md §O).
import type { Deployment } from '../model/deployment.js';
import { rejectUnknownOptions } from './fixture-options.js';
import { WORKLOAD_OPTIONS, workloadMeta, workloadTemplate, type NewWorkloadOptions } from './fixtures-workloads.js';

/** Overrides for {@link newDeployment}; the same names as `newReplicaSet`'s. */
export interface NewDeploymentOptions extends Omit<NewWorkloadOptions, 'metadata'> {
  /** Merged over the default metadata. */
  readonly metadata?: Partial<Deployment['metadata']>;
  /** Default 1. */
  readonly replicas?: number;
  /** Merged over the spec (after `replicas`, selector and template). */
  readonly spec?: Partial<Deployment['spec']>;
  readonly status?: Deployment['status'];
}

const ACCEPTED = [...WORKLOAD_OPTIONS, 'replicas', 'spec', 'status'] as const;

/**
 * Builds a valid apps/v1 Deployment for tests: 1 replica of one busybox container, selecting
 * and labelling its pods `app: <name>`, in namespace `default`, without the API defaults
 * (strategy, revisionHistoryLimit, ...; `applyDefaults` or the store adds them). Unknown options
 * throw `invalid_argument`.
 *
 * @example
 * ```ts
 * import { newDeployment } from 'podkit/testing';
 * const d = newDeployment({ name: 'web', replicas: 10, spec: { strategy: { type: 'Recreate' } } });
 * ```
 */
export function newDeployment(options: NewDeploymentOptions = {}): Deployment {
  rejectUnknownOptions('newDeployment', options, ACCEPTED);
  const metadata = workloadMeta(options, 'deploy');
  const labels = options.selectorLabels ?? { app: metadata.name ?? 'deploy' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: { replicas: options.replicas ?? 1, selector: { matchLabels: { ...labels } }, template: workloadTemplate(options, labels, 'Always'), ...options.spec },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}
