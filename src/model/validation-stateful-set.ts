// StatefulSet, ControllerRevision and PersistentVolumeClaim validation (pkg/apis/apps/validation
// ValidateStatefulSet, ValidateStatefulSetSpec, validateRollingUpdateStatefulSet,
// ValidatePersistentVolumeClaimRetentionPolicy, ValidateControllerRevision; pkg/apis/core/validation
// ValidatePersistentVolumeClaim(Spec)). docs/reference/kubernetes-rules.md §P.1.
import { forbidden, invalid, nonNegative, notSupported, required, type ValidationIssue } from './field-error.js';
import { deepEqual } from '../store/object-utils.js';
import { nameIsDNSSubdomain } from './names.js';
import { checkQuantity } from './validation-resources.js';
import { labelSelectorIsEmpty, labelSelectorMatches } from './selector-match.js';
import { validateLabelSelector, validateObjectMeta } from './validation-meta.js';
import { validatePodTemplateSpec } from './validation-pod.js';
import { intOrPercentValue, SELECTOR_MISMATCH, validatePositiveIntOrPercent } from './validation-workloads.js';
import type { ControllerRevision, PersistentVolumeClaim, PersistentVolumeClaimSpec, StatefulSet } from './stateful-set.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const RETENTION = ['Retain', 'Delete'];

/** `ValidatePersistentVolumeClaimSpec` (the part podkit models): access modes and the storage request. */
function validateClaimSpec(spec: PersistentVolumeClaimSpec, path: string, out: ValidationIssue[]): void {
  const modes = spec.accessModes ?? [];
  if (modes.length === 0) out.push(required(`${path}.accessModes`, 'at least 1 access mode is required'));
  for (const m of modes) if (!ACCESS_MODES.includes(m)) out.push(notSupported(`${path}.accessModes`, m, ACCESS_MODES));
  const storage = spec.resources?.requests?.['storage'];
  const sp = `${path}.resources[storage]`;
  if (storage === undefined) out.push(required(sp));
  else {
    const q = checkQuantity('storage', storage, sp, out);
    if (q !== undefined && q.nano <= 0n) out.push(invalid(sp, q.canonical, 'must be greater than zero'));
  }
  const mode = spec.volumeMode;
  if (mode !== undefined && mode !== 'Filesystem' && mode !== 'Block') out.push(notSupported(`${path}.volumeMode`, mode, ['Block', 'Filesystem']));
}

/**
 * Validates a StatefulSet on create (`ValidateStatefulSet` / `ValidateStatefulSetSpec`, §P.1):
 * the name (a DNS subdomain), podManagementPolicy `OrderedReady`|`Parallel`, the update strategy
 * (`RollingUpdate` with partition ≥ 0 and maxUnavailable a positive int or percent ≤ 100 %, not 0;
 * `OnDelete` without rollingUpdate), the claim retention policy (`Retain`|`Delete`), replicas,
 * minReadySeconds and ordinals.start ≥ 0, a non-empty valid selector matching the template, the
 * template (restartPolicy `Always`, no activeDeadlineSeconds) and each claim template.
 *
 * @example
 * ```ts
 * import { applyDefaults, validateObject } from 'podkit';
 * validateObject(applyDefaults(statefulSet)); // [] when valid
 * ```
 */
export function validateStatefulSet(sts: StatefulSet): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(sts.metadata, true, nameIsDNSSubdomain, out);
  const spec = sts.spec;
  const pmp = spec.podManagementPolicy ?? '';
  if (pmp === '') out.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') out.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const strategy = spec.updateStrategy;
  switch (strategy?.type ?? '') {
    case '':
      out.push(required('spec.updateStrategy'));
      break;
    case 'OnDelete':
      if (strategy?.rollingUpdate !== undefined) {
        out.push(invalid('spec.updateStrategy.rollingUpdate', strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
      }
      break;
    case 'RollingUpdate': {
      const ru = strategy?.rollingUpdate;
      if (ru === undefined) break;
      const rp = 'spec.updateStrategy.rollingUpdate';
      nonNegative(out, ru.partition, `${rp}.partition`);
      if (ru.maxUnavailable !== undefined) {
        validatePositiveIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`, out);
        if (intOrPercentValue(ru.maxUnavailable) === 0) out.push(invalid(`${rp}.maxUnavailable`, ru.maxUnavailable, 'cannot be 0'));
      }
      break;
    }
    default:
      out.push(invalid('spec.updateStrategy', strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const policy = spec.persistentVolumeClaimRetentionPolicy;
  for (const field of ['whenDeleted', 'whenScaled'] as const) {
    const v = policy?.[field];
    const p = `spec.persistentVolumeClaimRetentionPolicy.${field}`;
    if (v === undefined || v === '') out.push(required(p));
    else if (!RETENTION.includes(v)) out.push(notSupported(p, v, RETENTION));
  }
  nonNegative(out, spec.replicas, 'spec.replicas');
  nonNegative(out, spec.minReadySeconds, 'spec.minReadySeconds');
  nonNegative(out, spec.ordinals?.start, 'spec.ordinals.start');
  const selectorOk = validateLabelSelector(spec.selector, 'spec.selector', out);
  if (labelSelectorIsEmpty(spec.selector)) out.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for statefulset'));
  if (!selectorOk) {
    out.push(invalid('spec.selector', spec.selector, ''));
  } else {
    const t = spec.template;
    if (!labelSelectorIsEmpty(spec.selector) && !labelSelectorMatches(spec.selector, t.metadata?.labels)) {
      out.push(invalid('spec.template.metadata.labels', t.metadata?.labels ?? {}, SELECTOR_MISMATCH));
    }
  }
  const t = spec.template;
  // The controller adds one claim volume per claim template to every pod, so mounts may name them.
  const claimNames = (spec.volumeClaimTemplates ?? []).map((c) => c.metadata.name ?? '').filter((n) => n !== '' && !(t.spec.volumes ?? []).some((v) => v.name === n));
  const withClaims = claimNames.length === 0 ? t : { ...t, spec: { ...t.spec, volumes: [...(t.spec.volumes ?? []), ...claimNames.map((name) => ({ name, persistentVolumeClaim: { claimName: name } }))] } };
  validatePodTemplateSpec(withClaims, 'spec.template', out);
  const rp = t.spec.restartPolicy;
  if (rp !== 'Always') out.push(notSupported('spec.template.spec.restartPolicy', rp ?? '', ['Always']));
  if (t.spec.activeDeadlineSeconds !== undefined) {
    out.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  (spec.volumeClaimTemplates ?? []).forEach((c, i) => {
    const p = `spec.volumeClaimTemplates[${i}]`;
    if ((c.metadata.name ?? '') === '') out.push(required(`${p}.metadata.name`, 'name or generateName is required'));
    validateClaimSpec(c.spec, `${p}.spec`, out);
  });
  return out;
}

/** Validates a ControllerRevision on create (`ValidateControllerRevision`: name, revision ≥ 0). */
export function validateControllerRevision(cr: ControllerRevision): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(cr.metadata, true, nameIsDNSSubdomain, out);
  if (cr.data === undefined) out.push(required('data'));
  nonNegative(out, cr.revision, 'revision');
  return out;
}

/** Validates a PersistentVolumeClaim on create (`ValidatePersistentVolumeClaim`: name, access modes, storage request). */
export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain, out);
  validateClaimSpec(pvc.spec, 'spec', out);
  return out;
}

const UPDATABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const;

/**
 * `ValidateStatefulSetUpdate` (the spec part, §P.1): only `replicas`, `ordinals`, `template`,
 * `updateStrategy`, `revisionHistoryLimit`, `persistentVolumeClaimRetentionPolicy` and
 * `minReadySeconds` may change; any other spec change (selector, serviceName,
 * volumeClaimTemplates, podManagementPolicy) is one Forbidden issue on `spec`.
 *
 * @example
 * ```ts
 * validateStatefulSetUpdate(live.spec, { ...live.spec, serviceName: 'other' }); // one `spec: Forbidden: ...` issue
 * ```
 */
export function validateStatefulSetUpdate(oldSpec: StatefulSet['spec'], newSpec: StatefulSet['spec']): ValidationIssue[] {
  const strip = (s: StatefulSet['spec']): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...s };
    for (const k of UPDATABLE) delete copy[k];
    return copy;
  };
  if (deepEqual(strip(oldSpec), strip(newSpec))) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

