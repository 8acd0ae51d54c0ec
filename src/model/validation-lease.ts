// Lease defaulting and validation (pkg/apis/coordination/validation ValidateLease,
// ValidateLeaseSpec, ValidateCoordinatedLeaseStrategy). Upstream has no Lease defaults beyond
// the namespace.
import { forbidden, invalid, notSupported, type ValidationIssue } from './field-error.js';
import { isQualifiedName, nameIsDNSSubdomain } from './names.js';
import { validateObjectMeta } from './validation-meta.js';
import type { Lease, LeaseSpec } from './lease.js';

/** The strategies with a Kubernetes-defined (unprefixed) name. */
const LEASE_STRATEGIES: readonly string[] = ['OldestEmulationVersion'];

/** Lease: namespace `default` and `spec: {}` when omitted (upstream always serialises spec). */
export function defaultLease(lease: Lease): Lease {
  const ns = lease.metadata.namespace;
  const metadata = ns !== undefined && ns !== '' ? lease.metadata : { ...lease.metadata, namespace: 'default' };
  if (metadata === lease.metadata && lease.spec !== undefined) return lease;
  return { ...lease, metadata, spec: lease.spec ?? {} };
}

/**
 * `ValidateCoordinatedLeaseStrategy`: an unprefixed strategy must be a Kubernetes-defined one, a
 * prefixed one a qualified name. `path` is the strategy field's path; upstream appends
 * `.strategy` to it once more (ValidateLeaseSpec passes `spec.strategy` and the function adds
 * `strategy`), so the issues name `spec.strategy.strategy` exactly as the API server's do.
 */
function validateStrategy(strategy: string, path: string, out: ValidationIssue[]): void {
  const p = `${path}.strategy`;
  if (!strategy.includes('/')) {
    if (!LEASE_STRATEGIES.includes(strategy)) out.push(notSupported(p, strategy, LEASE_STRATEGIES));
    return;
  }
  for (const m of isQualifiedName(strategy)) out.push(invalid(p, strategy, m));
}

/** `ValidateLeaseSpec`: leaseDurationSeconds > 0, leaseTransitions ≥ 0, strategy, preferredHolder only with a strategy. */
export function validateLeaseSpec(spec: LeaseSpec, path: string, out: ValidationIssue[]): void {
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    out.push(invalid(`${path}.leaseDurationSeconds`, spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    out.push(invalid(`${path}.leaseTransitions`, spec.leaseTransitions, 'must be greater than or equal to 0'));
  }
  if (spec.strategy !== undefined) validateStrategy(spec.strategy, `${path}.strategy`, out);
  if ((spec.preferredHolder ?? '') !== '' && (spec.strategy ?? '') === '') {
    out.push(forbidden(`${path}.preferredHolder`, 'may only be specified if `strategy` is defined'));
  }
}

/** Validates a Lease on create and update (`ValidateLease`: name a DNS subdomain, namespace, spec). */
export function validateLease(lease: Lease): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain, out);
  validateLeaseSpec(lease.spec ?? {}, 'spec', out);
  return out;
}
