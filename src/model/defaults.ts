import { PodkitError } from '../errors.js';
import { getKindDefinition } from './kinds.js';
import type { KubeObject } from './workloads.js';

/**
 * Applies the API server's defaults to an object, exactly as `kubectl create` would see them
 * (k8s-semantics §M.1, §I.1, §J.4): namespace `default`; pod and template specs get restartPolicy
 * `Always`, terminationGracePeriodSeconds 30, dnsPolicy `ClusterFirst`, schedulerName
 * `default-scheduler`, container imagePullPolicy (`Always` for `:latest` or untagged images, else
 * `IfNotPresent`), terminationMessagePath/Policy, port protocol `TCP`, probe timings, httpGet
 * path/scheme, `emptyDir: {}` for a volume without a source; Pods also get enableServiceLinks,
 * requests from limits and hostPort from containerPort with hostNetwork; ReplicaSet replicas 1;
 * DaemonSet RollingUpdate {maxUnavailable 1, maxSurge 0} and revisionHistoryLimit 10; Job
 * completions/parallelism/backoffLimit/completionMode/suspend/podReplacementPolicy/manualSelector
 * and, once the Job has a uid, the generated selector and labels.
 *
 * Pure and idempotent; never mutates its input. An object that needs no default is returned as
 * is (same reference). Does not set status (phase, qosClass) and does not assign names or uids:
 * that is the store's job. Throws `invalid_argument` for an unregistered kind.
 *
 * @example
 * ```ts
 * import { applyDefaults } from 'podkit';
 * const pod = applyDefaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' },
 *   spec: { containers: [{ name: 'web', image: 'nginx' }] } });
 * pod.spec.containers[0]?.imagePullPolicy; // 'Always'
 * ```
 */
export function applyDefaults<T extends KubeObject>(obj: T): T {
  const def = getKindDefinition(obj.apiVersion, obj.kind);
  if (def === undefined) {
    throw new PodkitError('invalid_argument', `Cannot default ${obj.kind} in ${obj.apiVersion}: the kind is not registered.`, {
      details: { apiVersion: obj.apiVersion, kind: obj.kind },
    });
  }
  return def.applyDefaults(obj) as T;
}
