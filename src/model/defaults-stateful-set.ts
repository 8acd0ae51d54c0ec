// API-server defaulting of StatefulSets, ControllerRevisions and PersistentVolumeClaims
// (pkg/apis/apps/v1 defaults.go SetDefaults_StatefulSet, pkg/apis/core/v1 defaults.go
// SetDefaults_PersistentVolumeClaim(Spec); §P.1). Copy-on-write like defaults-workloads.ts.
import { defaultPodTemplate, mapSame } from './defaults-pod.js';
import type { ObjectMeta } from './meta.js';
import type { ControllerRevision, PersistentVolumeClaim, PersistentVolumeClaimTemplate, StatefulSet, StatefulSetSpec } from './stateful-set.js';

function withNamespace(meta: ObjectMeta): ObjectMeta {
  return meta.namespace !== undefined && meta.namespace !== '' ? meta : { ...meta, namespace: 'default' };
}

function defaultClaimTemplate(t: PersistentVolumeClaimTemplate): PersistentVolumeClaimTemplate {
  if (t.spec.volumeMode !== undefined) return t;
  return { ...t, spec: { ...t.spec, volumeMode: 'Filesystem' } };
}

/**
 * StatefulSet (`SetDefaults_StatefulSet`, §P.1): namespace `default`; `replicas` 1;
 * `podManagementPolicy` OrderedReady; `updateStrategy` RollingUpdate with `rollingUpdate.partition`
 * 0 (an OnDelete strategy gets no rollingUpdate); `revisionHistoryLimit` 10;
 * `persistentVolumeClaimRetentionPolicy` {whenDeleted: Retain, whenScaled: Retain} (filled in field
 * by field); claim templates get `volumeMode: Filesystem`; the template gets the pod-spec defaults.
 * `rollingUpdate.maxUnavailable` is not defaulted: upstream defaults it to 1 only with the
 * MaxUnavailableStatefulSet gate, which is off in Kubernetes 1.32 (§P.6).
 *
 * @example
 * ```ts
 * import { applyDefaults } from 'podkit';
 * const sts = applyDefaults(statefulSet); // sts.spec.podManagementPolicy === 'OrderedReady'
 * ```
 */
export function defaultStatefulSet(sts: StatefulSet): StatefulSet {
  const metadata = withNamespace(sts.metadata);
  const s = sts.spec;
  const template = defaultPodTemplate(s.template);
  const claims = s.volumeClaimTemplates === undefined ? undefined : mapSame(s.volumeClaimTemplates, defaultClaimTemplate);
  const strategy = s.updateStrategy;
  const type = strategy?.type ?? 'RollingUpdate';
  const strategyDone = strategy?.type !== undefined && (type !== 'RollingUpdate' || strategy.rollingUpdate?.partition !== undefined);
  const policy = s.persistentVolumeClaimRetentionPolicy;
  const policyDone = policy?.whenDeleted !== undefined && policy.whenScaled !== undefined;
  if (
    metadata === sts.metadata && template === s.template && claims === s.volumeClaimTemplates && strategyDone && policyDone &&
    s.replicas !== undefined && s.podManagementPolicy !== undefined && s.revisionHistoryLimit !== undefined
  ) {
    return sts;
  }
  const updateStrategy = strategyDone
    ? strategy
    : { ...strategy, type, ...(type === 'RollingUpdate' ? { rollingUpdate: { ...strategy?.rollingUpdate, partition: strategy?.rollingUpdate?.partition ?? 0 } } : {}) };
  const spec: StatefulSetSpec = {
    ...s,
    replicas: s.replicas ?? 1,
    template,
    ...(claims === undefined ? {} : { volumeClaimTemplates: claims }),
    podManagementPolicy: s.podManagementPolicy ?? 'OrderedReady',
    ...(updateStrategy === undefined ? {} : { updateStrategy }),
    revisionHistoryLimit: s.revisionHistoryLimit ?? 10,
    persistentVolumeClaimRetentionPolicy: policyDone
      ? policy
      : { ...policy, whenDeleted: policy?.whenDeleted ?? 'Retain', whenScaled: policy?.whenScaled ?? 'Retain' },
  };
  return { ...sts, metadata, spec };
}

/** ControllerRevision: namespace `default` (no other defaults upstream). */
export function defaultControllerRevision(cr: ControllerRevision): ControllerRevision {
  const metadata = withNamespace(cr.metadata);
  return metadata === cr.metadata ? cr : { ...cr, metadata };
}

/**
 * PersistentVolumeClaim (`SetDefaults_PersistentVolumeClaim(Spec)`): namespace `default`,
 * `spec.volumeMode` Filesystem, `status.phase` Pending.
 */
export function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): PersistentVolumeClaim {
  const metadata = withNamespace(pvc.metadata);
  if (metadata === pvc.metadata && pvc.spec.volumeMode !== undefined && pvc.status?.phase !== undefined) return pvc;
  return {
    ...pvc,
    metadata,
    spec: pvc.spec.volumeMode === undefined ? { ...pvc.spec, volumeMode: 'Filesystem' } : pvc.spec,
    status: { ...pvc.status, phase: pvc.status?.phase ?? 'Pending' },
  };
}
