// The StatefulSet fixture builder (docs/reference/kubernetes-rules.md §P).
import type { Container, Pod } from '../model/index.js';
import type { PersistentVolumeClaimTemplate, StatefulSet } from '../model/stateful-set.js';
import { rejectUnknownOptions } from './fixture-options.js';

/** Overrides for {@link newStatefulSet}; the same names as `newReplicaSet`'s, plus StatefulSet ones. */
export interface NewStatefulSetOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  /** Pod labels (template labels and `matchLabels`); default `{ app: <name> }`. */
  readonly selectorLabels?: Record<string, string>;
  /** The template's containers; default one `app` container running `busybox:1.36`. */
  readonly containers?: Container[];
  /** Merged over the template's pod spec. */
  readonly podSpec?: Partial<Pod['spec']>;
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

const ACCEPTED = [
  'name', 'namespace', 'uid', 'selectorLabels', 'containers', 'podSpec', 'metadata', 'replicas', 'serviceName',
  'podManagementPolicy', 'volumeClaimTemplates', 'spec', 'status',
] as const;

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
  const name = options.name ?? 'sts';
  const labels = options.selectorLabels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: options.namespace ?? 'default', uid: options.uid ?? `uid-${name}`, ...options.metadata },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { ...labels } },
      serviceName: options.serviceName ?? name,
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          containers: options.containers ?? [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          ...options.podSpec,
        },
      },
      ...(options.podManagementPolicy === undefined ? {} : { podManagementPolicy: options.podManagementPolicy }),
      ...(options.volumeClaimTemplates === undefined ? {} : { volumeClaimTemplates: options.volumeClaimTemplates }),
      ...options.spec,
    },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}
