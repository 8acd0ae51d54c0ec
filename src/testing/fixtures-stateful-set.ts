// The StatefulSet fixture builder (docs/reference/kubernetes-rules.md §P).
import type { PersistentVolumeClaimTemplate, StatefulSet } from '../model/stateful-set.js';
import { rejectUnknownOptions } from './fixture-options.js';
import { WORKLOAD_OPTIONS, workloadMeta, workloadTemplate, type NewWorkloadOptions } from './fixtures-workloads.js';

/** Overrides for {@link newStatefulSet}; the same names as `newReplicaSet`'s, plus StatefulSet ones. */
export interface NewStatefulSetOptions extends Omit<NewWorkloadOptions, 'metadata'> {
  /** Merged over the default metadata. */
  readonly metadata?: Partial<StatefulSet['metadata']>;
  /** Default 1. */
  readonly replicas?: number;
  /** `spec.serviceName`; default `<name>` (the governing headless Service's name). */
  readonly serviceName?: string;
  /** `OrderedReady` (the API default) or `Parallel`; left unset when omitted. */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /** `spec.volumeClaimTemplates`. */
  readonly volumeClaimTemplates?: PersistentVolumeClaimTemplate[];
  /** Merged over the spec (after everything above). */
  readonly spec?: Partial<StatefulSet['spec']>;
  readonly status?: StatefulSet['status'];
}

const ACCEPTED = [...WORKLOAD_OPTIONS, 'replicas', 'serviceName', 'podManagementPolicy', 'volumeClaimTemplates', 'spec', 'status'] as const;

/**
 * Builds a valid apps/v1 StatefulSet for tests: 1 replica of one busybox container, selecting and
 * labelling its pods `app: <name>`, serviceName `<name>`, in namespace `default`, without the API
 * defaults (podManagementPolicy, updateStrategy, ...; `applyDefaults` or the store adds them).
 * Unknown options throw `invalid_argument`.
 *
 * @example
 * ```ts
 * import { newStatefulSet } from 'podkit/testing';
 * const sts = newStatefulSet({ name: 'web', replicas: 3, podManagementPolicy: 'Parallel' });
 * ```
 */
export function newStatefulSet(options: NewStatefulSetOptions = {}): StatefulSet {
  rejectUnknownOptions('newStatefulSet', options, ACCEPTED);
  const metadata = workloadMeta(options, 'sts');
  const name = metadata.name ?? 'sts';
  const labels = options.selectorLabels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { ...labels } },
      serviceName: options.serviceName ?? name,
      template: workloadTemplate(options, labels, 'Always'),
      ...(options.podManagementPolicy === undefined ? {} : { podManagementPolicy: options.podManagementPolicy }),
      ...(options.volumeClaimTemplates === undefined ? {} : { volumeClaimTemplates: options.volumeClaimTemplates }),
      ...options.spec,
    },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}
