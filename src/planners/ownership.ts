import type { LabelSelector, OwnerReference, Pod } from '../model/index.js';
import { labelsMatchSelector, podFacts } from './pod-facts.js';

/** The controller reference of an object (`ownerReferences[]` with `controller: true`), if any. */
export function getControllerOf(obj: { readonly metadata: { readonly ownerReferences?: readonly OwnerReference[] | undefined } }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The controller that claims pods: its uid, selector and whether it is being deleted. */
export interface ClaimingController {
  readonly metadata: { readonly uid?: string | undefined; readonly deletionTimestamp?: string | undefined };
}

/** The result of {@link claimPods}. */
export interface ClaimResult {
  /** Pods the controller owns after the claim (owned and matching, plus the adopted). */
  readonly claimed: readonly Pod[];
  /** Orphans to adopt: patch in the controller's controllerRef. */
  readonly adopt: readonly Pod[];
  /** Owned pods whose labels no longer match: patch away the controllerRef. */
  readonly release: readonly Pod[];
}

/**
 * Splits pods the way upstream's `PodControllerRefManager.ClaimPods` does (§H.6):
 * - owned by this controller (controllerRef uid equal): kept if the selector matches, otherwise
 *   released (unless the controller is being deleted, then ignored);
 * - owned by another controller: ignored;
 * - orphans: adopted iff the selector matches, the pod is not being deleted and the controller is
 *   not being deleted.
 *
 * The plan assumes adoption succeeds; upstream also re-reads the controller before the first
 * adoption to confirm it is not being deleted: that fresh read is the shell's job. O(n).
 *
 * @example
 * ```ts
 * import { claimPods } from 'podkit/planners';
 * const { claimed, adopt, release } = claimPods(rs, rs.spec.selector, podsInNamespace);
 * ```
 */
export function claimPods(owner: ClaimingController, selector: LabelSelector | undefined, pods: readonly Pod[]): ClaimResult {
  const claimed: Pod[] = [];
  const adopt: Pod[] = [];
  const release: Pod[] = [];
  const ownerUid = owner.metadata.uid;
  const ownerDeleting = owner.metadata.deletionTimestamp !== undefined;
  for (const pod of pods) {
    const refUid = podFacts(pod).controllerUid;
    const matches = labelsMatchSelector(pod.metadata.labels, selector);
    if (refUid !== undefined) {
      if (refUid !== ownerUid) continue;
      if (matches) claimed.push(pod);
      else if (!ownerDeleting) release.push(pod);
      continue;
    }
    if (ownerDeleting || !matches || pod.metadata.deletionTimestamp !== undefined) continue;
    adopt.push(pod);
    claimed.push(pod);
  }
  return { claimed, adopt, release };
}
