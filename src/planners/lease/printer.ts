// `kubectl get leases` text (upstream pkg/printers/internalversion printLease): NAME, HOLDER
// (`spec.holderIdentity` as is, an empty cell when unset) and AGE.
import type { Lease } from '../../model/lease.js';
import type { TimeInput } from '../../model/time.js';
import { ageOf, formatTable } from '../printers.js';

/** The cells of one `kubectl get leases` row: NAME, HOLDER (`''` when `spec.holderIdentity` is unset), AGE. */
export function leaseRowCells(lease: Lease, now: TimeInput): string[] {
  return [lease.metadata.name ?? '', lease.spec?.holderIdentity ?? '', ageOf(lease.metadata.creationTimestamp, now)];
}

/**
 * `kubectl get leases` text: `NAME HOLDER AGE`, one row per Lease in the given order (an empty
 * list gives the header only; see the cluster's `formatTable` for `No resources found`).
 */
export function formatLeaseTable(leases: readonly Lease[], now: TimeInput): string {
  return formatTable([['NAME', 'HOLDER', 'AGE'], ...leases.map((l) => leaseRowCells(l, now))]);
}
