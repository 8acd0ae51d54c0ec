// The Deployment fixture builder (docs/reference/kubernetes-rules.md §O).
import type { Deployment } from '../model/deployment.js';
import type { Container, Pod } from '../model/index.js';
import { rejectUnknownOptions } from './fixture-options.js';

/** Overrides for {@link newDeployment}; the same names as `newReplicaSet`'s. */
export interface NewDeploymentOptions {
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
  readonly metadata?: Partial<Deployment['metadata']>;
  /** Default 1. */
  readonly replicas?: number;
  /** Merged over the spec (after `replicas`, selector and template). */
  readonly spec?: Partial<Deployment['spec']>;
  readonly status?: Deployment['status'];
}

const ACCEPTED = ['name', 'namespace', 'uid', 'selectorLabels', 'containers', 'podSpec', 'metadata', 'replicas', 'spec', 'status'] as const;

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
  const name = options.name ?? 'deploy';
  const labels = options.selectorLabels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: options.namespace ?? 'default', uid: options.uid ?? `uid-${name}`, ...options.metadata },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { labels: { ...labels } },
        spec: {
          containers: options.containers ?? [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          ...options.podSpec,
        },
      },
      ...options.spec,
    },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}
