// ReplicaSet, DaemonSet and Node validation (pkg/apis/apps/validation ValidateReplicaSet,
// ValidateDaemonSet, ValidateRollingUpdateDaemonSet; pkg/apis/core/validation ValidateNode).
import { duplicate, forbidden, invalid, nonNegative, notSupported, required, type ValidationIssue } from './field-error.js';
import type { IntOrString } from './meta.js';
import { isQualifiedName, isValidLabelValue, isValidPercent, nameIsDNSSubdomain } from './names.js';
import { labelSelectorIsEmpty, labelSelectorMatches } from './selector-match.js';
import { validatePodTemplateSpec } from './validation-pod.js';
import { validateLabelSelector, validateObjectMeta } from './validation-meta.js';
import { checkQuantity } from './validation-resources.js';
import type { DaemonSet, Node, ReplicaSet } from './workloads.js';

/** The message every workload uses when the template does not carry the selected labels. */
export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

/** Validates a ReplicaSet on create (`ValidateReplicaSet`). */
export function validateReplicaSet(rs: ReplicaSet): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain, out);
  const spec = rs.spec;
  nonNegative(out, spec.replicas, 'spec.replicas');
  nonNegative(out, spec.minReadySeconds, 'spec.minReadySeconds');
  const selectorOk = validateLabelSelector(spec.selector, 'spec.selector', out);
  if (labelSelectorIsEmpty(spec.selector)) out.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for deployment'));
  if (!selectorOk) {
    out.push(invalid('spec.selector', spec.selector, 'invalid label selector'));
    return out;
  }
  const t = spec.template;
  if (!labelSelectorIsEmpty(spec.selector) && !labelSelectorMatches(spec.selector, t.metadata?.labels)) {
    out.push(invalid('spec.template.metadata.labels', t.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  validatePodTemplateSpec(t, 'spec.template', out);
  const rp = t.spec.restartPolicy;
  if (rp !== 'Always') out.push(notSupported('spec.template.spec.restartPolicy', rp ?? '', ['Always']));
  if (t.spec.activeDeadlineSeconds !== undefined) {
    out.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  return out;
}

function percentValue(v: IntOrString): number | undefined {
  return typeof v === 'string' && isValidPercent(v).length === 0 ? Number.parseInt(v.slice(0, -1), 10) : undefined;
}

/** `getIntOrPercentValue`: the percent number, the int, or 0 for an unparseable string. */
export function intOrPercentValue(v: IntOrString | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const p = percentValue(v);
  if (p !== undefined) return p;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? 0 : n;
}

/** `ValidatePositiveIntOrPercent` plus `IsNotMoreThan100Percent` (shared with StatefulSet validation). */
export function validatePositiveIntOrPercent(v: IntOrString | undefined, path: string, out: ValidationIssue[]): void {
  if (v === undefined) return;
  if (typeof v === 'string') for (const m of isValidPercent(v)) out.push(invalid(path, v, m));
  else nonNegative(out, v, path);
  const p = percentValue(v);
  if (p !== undefined && p > 100) out.push(invalid(path, v, 'must not be greater than 100%'));
}

/** Validates a DaemonSet on create (`ValidateDaemonSet`). */
export function validateDaemonSet(ds: DaemonSet): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain, out);
  const spec = ds.spec;
  const selectorOk = validateLabelSelector(spec.selector, 'spec.selector', out);
  const t = spec.template;
  if (selectorOk && !labelSelectorMatches(spec.selector, t.metadata?.labels)) {
    out.push(invalid('spec.template.metadata.labels', t.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  if (labelSelectorIsEmpty(spec.selector)) out.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for daemonset'));
  validatePodTemplateSpec(t, 'spec.template', out);
  const rp = t.spec.restartPolicy;
  if (rp !== 'Always') out.push(notSupported('spec.template.spec.restartPolicy', rp ?? '', ['Always']));
  if (t.spec.activeDeadlineSeconds !== undefined) {
    out.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in DaemonSet is not Supported'));
  }
  nonNegative(out, spec.minReadySeconds, 'spec.minReadySeconds');
  const strategy = spec.updateStrategy;
  const sp = 'spec.updateStrategy';
  if (strategy?.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (ru === undefined) out.push(required(`${sp}.rollingUpdate`));
    else {
      const rp2 = `${sp}.rollingUpdate`;
      validatePositiveIntOrPercent(ru.maxUnavailable, `${rp2}.maxUnavailable`, out);
      validatePositiveIntOrPercent(ru.maxSurge, `${rp2}.maxSurge`, out);
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) out.push(invalid(`${rp2}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
      else if (!hasUnavailable && !hasSurge) out.push(required(`${rp2}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
    }
  } else if (strategy?.type !== 'OnDelete') {
    out.push(notSupported(sp, strategy ?? {}, ['RollingUpdate', 'OnDelete']));
  }
  nonNegative(out, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  return out;
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Validates a Node on create (`ValidateNode`: name, taints, resource quantities). */
export function validateNode(node: Node): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(node.metadata, false, nameIsDNSSubdomain, out);
  const seen = new Set<string>();
  (node.spec?.taints ?? []).forEach((taint, i) => {
    const p = `spec.taints[${i}]`;
    for (const m of isQualifiedName(taint.key)) out.push(invalid(`${p}.key`, taint.key, m));
    const value = taint.value ?? '';
    const errs = isValidLabelValue(value);
    if (errs.length > 0) out.push(invalid(`${p}.value`, value, errs.join(';')));
    if (!TAINT_EFFECTS.includes(taint.effect)) out.push(notSupported(`${p}.effect`, taint.effect, TAINT_EFFECTS));
    const key = `${taint.effect}\u0000${taint.key}`;
    if (seen.has(key)) out.push(duplicate(p, taint, 'taints must be unique by key and effect pair'));
    seen.add(key);
  });
  for (const listName of ['capacity', 'allocatable'] as const) {
    const list = node.status?.[listName];
    for (const name in list ?? {}) checkQuantity(name, list?.[name] ?? '', `status.${listName}[${name}]`, out);
  }
  return out;
}
