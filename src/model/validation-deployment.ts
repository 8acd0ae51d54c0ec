// Deployment validation (pkg/apis/apps/validation `ValidateDeployment`, `ValidateDeploymentSpec`,
// `ValidateDeploymentStrategy`, `ValidateRollingUpdateDeployment`; the template checks are
// `ValidatePodTemplateSpecForReplicaSet`). docs/reference/kubernetes-rules.md §O.1.
import type { Deployment } from './deployment.js';
import { forbidden, invalid, nonNegative, notSupported, required, type ValidationIssue } from './field-error.js';
import type { IntOrString } from './meta.js';
import { isValidPercent } from './names.js';
import { validateReplicaSet } from './validation-workloads.js';

function percentOf(v: IntOrString): number | undefined {
  return typeof v === 'string' && isValidPercent(v).length === 0 ? Number.parseInt(v.slice(0, -1), 10) : undefined;
}

/** upstream `getIntOrPercentValue`. */
function intOrPercentValue(v: IntOrString | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const p = percentOf(v);
  if (p !== undefined) return p;
  const n = Number.parseInt(v, 10);
  return Number.isNaN(n) ? 0 : n;
}

/** upstream `ValidatePositiveIntOrPercent`. */
function positiveIntOrPercent(v: IntOrString | undefined, path: string, out: ValidationIssue[]): void {
  if (v === undefined) return;
  if (typeof v === 'string') for (const m of isValidPercent(v)) out.push(invalid(path, v, m));
  else nonNegative(out, v, path);
}

/**
 * Validates a Deployment on create, with upstream's messages and field paths: metadata (DNS
 * subdomain name), `spec.replicas` ≥ 0, a non-empty valid selector matching the template labels,
 * the pod template (restartPolicy `Always`, no activeDeadlineSeconds), the strategy
 * (`Recreate` forbids `rollingUpdate`; `RollingUpdate` needs int-or-percent `maxSurge` and
 * `maxUnavailable`, not both 0, maxUnavailable ≤ 100%), `minReadySeconds` and
 * `revisionHistoryLimit` ≥ 0, and `progressDeadlineSeconds` ≥ 0 and > `minReadySeconds`.
 * Expects defaulted input (as the API server validates after defaulting).
 *
 * @example
 * ```ts
 * import { validateObject, applyDefaults } from 'podkit';
 * validateObject(applyDefaults(deployment)); // [] when valid
 * ```
 */
export function validateDeployment(d: Deployment): ValidationIssue[] {
  const spec = d.spec;
  // Metadata, replicas, selector and the template are checked as for a ReplicaSet (upstream
  // shares `ValidatePodTemplateSpecForReplicaSet`, and the empty-selector message says
  // "deployment" for both).
  const out = validateReplicaSet({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: d.metadata,
    spec: { selector: spec.selector, template: spec.template, ...(spec.replicas === undefined ? {} : { replicas: spec.replicas }), ...(spec.minReadySeconds === undefined ? {} : { minReadySeconds: spec.minReadySeconds }) },
  });
  const strategy = spec.strategy;
  const sp = 'spec.strategy';
  if (strategy?.type === 'Recreate') {
    if (strategy.rollingUpdate !== undefined) out.push(forbidden(`${sp}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"));
  } else if (strategy?.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (ru === undefined) out.push(required(`${sp}.rollingUpdate`, 'this should be defaulted and never be nil'));
    else {
      const rp2 = `${sp}.rollingUpdate`;
      positiveIntOrPercent(ru.maxUnavailable, `${rp2}.maxUnavailable`, out);
      positiveIntOrPercent(ru.maxSurge, `${rp2}.maxSurge`, out);
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        out.push(invalid(`${rp2}.maxUnavailable`, ru.maxUnavailable ?? null, 'may not be 0 when `maxSurge` is 0'));
      }
      const p = ru.maxUnavailable === undefined ? undefined : percentOf(ru.maxUnavailable);
      if (p !== undefined && p > 100) out.push(invalid(`${rp2}.maxUnavailable`, ru.maxUnavailable, 'must not be greater than 100%'));
    }
  } else {
    out.push(notSupported(sp, strategy ?? {}, ['Recreate', 'RollingUpdate']));
  }
  nonNegative(out, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  const pds = spec.progressDeadlineSeconds;
  if (pds !== undefined) {
    nonNegative(out, pds, 'spec.progressDeadlineSeconds');
    if (pds <= (spec.minReadySeconds ?? 0)) out.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return out;
}
