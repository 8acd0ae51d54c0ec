import type { Container, Pod } from '../model/index.js';

/** Overrides for {@link newPod}: any top-level part of the pod, merged shallowly over the defaults. */
export interface NewPodOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Record<string, string>;
  readonly containers?: Container[];
  readonly spec?: Partial<Pod['spec']>;
  readonly status?: Pod['status'];
  readonly metadata?: Partial<Pod['metadata']>;
}

/**
 * Builds a valid v1 Pod for tests: one container `app` running `busybox:1.36`, restartPolicy
 * `Always`, in namespace `default`. Anything can be overridden.
 *
 * @example
 * ```ts
 * import { newPod } from 'podkit/testing';
 * const pod = newPod({ name: 'web', spec: { restartPolicy: 'Never' } });
 * ```
 */
export function newPod(options: NewPodOptions = {}): Pod {
  const name = options.name ?? 'pod';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: options.uid ?? `uid-${name}`,
      ...(options.labels === undefined ? {} : { labels: options.labels }),
      ...options.metadata,
    },
    spec: {
      containers: options.containers ?? [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      ...options.spec,
    },
    ...(options.status === undefined ? {} : { status: options.status }),
  };
}
