import type { Container, Pod } from '../model/index.js';
import { rejectUnknownOptions } from './fixture-options.js';

/**
 * Overrides for {@link newPod}, named as in every fixture builder (see the testing guide):
 * identity, `labels`, `annotations`, `containers`, `podSpec` (for a Pod, its own spec, so `spec` is the same
 * thing: both are merged, `spec` last), `metadata`, `status`. Unknown keys throw.
 */
export interface NewPodOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  /** The pod's labels. */
  readonly labels?: Record<string, string>;
  /** The pod's annotations. */
  readonly annotations?: Record<string, string>;
  /** The pod's containers; default one `app` container running `busybox:1.36`. */
  readonly containers?: Container[];
  /** Merged over the pod spec (the name every workload builder uses for its template's spec). */
  readonly podSpec?: Partial<Pod['spec']>;
  /** Merged over the pod spec, after `podSpec`. */
  readonly spec?: Partial<Pod['spec']>;
  readonly status?: Pod['status'];
  /** Merged over the default metadata, last. */
  readonly metadata?: Partial<Pod['metadata']>;
}

const NEW_POD_OPTIONS = ['name', 'namespace', 'uid', 'labels', 'annotations', 'containers', 'podSpec', 'spec', 'status', 'metadata'] as const;

/**
 * Builds a valid v1 Pod for tests: one container `app` running `busybox:1.36`, restartPolicy
 * `Always`, in namespace `default`. Anything can be overridden; an unknown option (a typo) throws
 * `invalid_argument` naming it and the accepted ones.
 *
 * @example
 * ```ts
 * import { newPod } from 'podkit/testing';
 * const pod = newPod({ name: 'web', spec: { restartPolicy: 'Never' } });
 * ```
 */
export function newPod(options: NewPodOptions = {}): Pod {
  rejectUnknownOptions('newPod', options, NEW_POD_OPTIONS);
  const name = options.name ?? 'pod';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: options.uid ?? `uid-${name}`,
      ...(options.labels === undefined ? {} : { labels: options.labels }),
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
      ...options.metadata,
    },
    spec: {
      containers: options.containers ?? [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      ...options.podSpec,
      ...options.spec,
    },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}
