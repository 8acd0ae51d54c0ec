// upstream ValidatePodUpdate (pkg/apis/core/validation): which fields of a pod's spec an update
// may change. Pure.
import { forbidden, invalid, type ValidationIssue } from '../model/field-error.js';
import type { Pod, PodSpec, Toleration } from '../model/index.js';
import { deepEqual } from './object-utils.js';

/** The Forbidden detail of upstream's ValidatePodUpdate for any other spec change. */
export const POD_UPDATE_FORBIDDEN_DETAIL =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const hasToleration = (list: readonly Toleration[], t: Toleration): boolean => list.some((o) => deepEqual(o, t));

/**
 * The problems of updating a pod's spec from `old` to `next`, as upstream's ValidatePodUpdate
 * reports them: container and init-container images may change; `activeDeadlineSeconds` may be
 * set or lowered, not raised or removed; tolerations may only be added; a negative
 * `terminationGracePeriodSeconds` may become 1; scheduling gates may only be removed. Anything
 * else is `spec: Forbidden`.
 */
export function validatePodUpdate(next: Pod, old: Pod): ValidationIssue[] {
  const a = old.spec;
  const b = next.spec;
  const out: ValidationIssue[] = [];
  const oldAds = a.activeDeadlineSeconds;
  const newAds = b.activeDeadlineSeconds;
  if (oldAds !== undefined && (newAds === undefined || newAds > oldAds)) {
    out.push(invalid('spec.activeDeadlineSeconds', newAds ?? null, 'must be less than or equal to previous value'));
  }
  for (const t of a.tolerations ?? []) {
    if (!hasToleration(b.tolerations ?? [], t)) {
      out.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  }
  const gates = (s: PodSpec): readonly { name: string }[] => (s as { schedulingGates?: { name: string }[] }).schedulingGates ?? [];
  if (gates(b).some((g) => !gates(a).some((o) => o.name === g.name))) out.push(forbidden('spec.schedulingGates', 'only deletion is allowed, but found new scheduling gate'));
  // Compare what remains once the mutable fields are taken from the old spec.
  const images = (list: PodSpec['containers'] | undefined, from: PodSpec['containers'] | undefined) =>
    list?.map((c, i) => (from?.[i] === undefined ? c : { ...c, image: from[i]?.image })) ?? list;
  const grace = a.terminationGracePeriodSeconds !== undefined && a.terminationGracePeriodSeconds < 0 && b.terminationGracePeriodSeconds === 1 ? a.terminationGracePeriodSeconds : b.terminationGracePeriodSeconds;
  const comparable = {
    ...b,
    containers: images(b.containers, a.containers),
    ...(b.initContainers === undefined ? {} : { initContainers: images(b.initContainers, a.initContainers) }),
    activeDeadlineSeconds: a.activeDeadlineSeconds,
    tolerations: a.tolerations,
    terminationGracePeriodSeconds: grace,
    schedulingGates: (a as { schedulingGates?: unknown }).schedulingGates,
  };
  const base = { ...a, schedulingGates: (a as { schedulingGates?: unknown }).schedulingGates };
  if (!deepEqual(comparable, base)) out.push(forbidden('spec', POD_UPDATE_FORBIDDEN_DETAIL));
  return out;
}
