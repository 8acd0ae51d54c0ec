// persistentVolumeClaimRetentionPolicy (StatefulSetAutoDeletePVC, GA 1.32): owner references on a
// StatefulSet's claims (upstream stateful_set_utils.go getPersistentVolumeClaimRetentionPolicy,
// claimOwnerMatchesSetAndPod, updateClaimOwnerRefForSetAndPod, hasOwnerRef, setOwnerRef,
// removeOwnerRef, hasStaleOwnerRef; stateful_pod_control.go ClaimsMatchRetentionPolicy,
// UpdatePodClaimForRetentionPolicy, PodClaimIsStale; §P.8).
import type { OwnerReference, Pod } from '../../model/index.js';
import type { PersistentVolumeClaim, StatefulSet } from '../../model/stateful-set.js';
import { claimsForOrdinal, podInOrdinalRange } from './identity.js';

type Owner = { readonly metadata: { readonly uid?: string | undefined; readonly name?: string | undefined } };

const hasOwnerRef = (claim: PersistentVolumeClaim, owner: Owner): boolean =>
  owner.metadata.uid !== undefined && (claim.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid);

function setOwnerRef(refs: OwnerReference[], owner: Owner, apiVersion: string, kind: string): OwnerReference[] {
  if (refs.some((r) => r.uid === owner.metadata.uid)) return refs;
  return [...refs, { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '' }];
}

const removeOwnerRef = (refs: OwnerReference[], owner: Owner): OwnerReference[] => refs.filter((r) => r.uid !== owner.metadata.uid);

/** The policy with its defaults (`Retain` / `Retain`). */
function policyOf(sts: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = sts.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

/**
 * The owner references a claim of `pod` should have (`updateClaimOwnerRefForSetAndPod`):
 * `whenDeleted: Delete` → a reference to the set (while the pod is in range, with `whenScaled:
 * Delete`); `whenScaled: Delete` → a reference to the pod once it is scaled down (its ordinal left
 * the range), so deleting the pod deletes the claim. Other references are kept.
 */
export function claimOwnersFor(claim: PersistentVolumeClaim, sts: StatefulSet, pod: Pod): OwnerReference[] {
  const { whenDeleted, whenScaled } = policyOf(sts);
  const scaledDown = !podInOrdinalRange(pod, sts);
  let refs = [...(claim.metadata.ownerReferences ?? [])];
  const wantSet = whenDeleted === 'Delete' && !(whenScaled === 'Delete' && scaledDown);
  const wantPod = whenScaled === 'Delete' && scaledDown;
  refs = wantSet ? setOwnerRef(refs, sts, 'apps/v1', 'StatefulSet') : removeOwnerRef(refs, sts);
  refs = wantPod ? setOwnerRef(refs, pod, 'v1', 'Pod') : removeOwnerRef(refs, pod);
  return refs;
}

/** `claimOwnerMatchesSetAndPod`: the claim's references to the set and the pod are as the policy wants. */
export function claimOwnerMatches(claim: PersistentVolumeClaim, sts: StatefulSet, pod: Pod): boolean {
  const want = claimOwnersFor(claim, sts, pod);
  const has = (o: Owner): boolean => want.some((r) => r.uid === o.metadata.uid);
  return hasOwnerRef(claim, sts) === has(sts) && hasOwnerRef(claim, pod) === has(pod);
}

/**
 * `ClaimsMatchRetentionPolicy` + `UpdatePodClaimForRetentionPolicy`: the existing claims of `pod`
 * whose owner references must change, with the references they should have. Missing claims are
 * skipped (they are created first).
 */
export function claimsToReown(sts: StatefulSet, pod: Pod, ordinal: number, claims: ReadonlyMap<string, PersistentVolumeClaim>): PersistentVolumeClaim[] {
  const out: PersistentVolumeClaim[] = [];
  for (const want of claimsForOrdinal(sts, ordinal)) {
    const claim = claims.get(want.metadata.name ?? '');
    if (claim === undefined || claimOwnerMatches(claim, sts, pod)) continue;
    const refs = claimOwnersFor(claim, sts, pod);
    const { ownerReferences: _old, ...meta } = claim.metadata;
    out.push({ ...claim, metadata: refs.length === 0 ? meta : { ...meta, ownerReferences: refs } });
  }
  return out;
}

/**
 * `PodClaimIsStale` for a pod about to be created: with `whenScaled: Delete`, a claim of its
 * ordinal that still references a pod of the same name (an earlier, scaled-down pod, whose
 * deletion will delete the claim) is stale, and the pod waits for the claim to go.
 */
export function podClaimIsStale(sts: StatefulSet, podName: string, ordinal: number, claims: ReadonlyMap<string, PersistentVolumeClaim>): boolean {
  if (policyOf(sts).whenScaled === 'Retain') return false;
  for (const want of claimsForOrdinal(sts, ordinal)) {
    const claim = claims.get(want.metadata.name ?? '');
    if (claim === undefined) continue;
    if ((claim.metadata.ownerReferences ?? []).some((r) => r.apiVersion === 'v1' && r.kind === 'Pod' && r.name === podName)) return true;
  }
  return false;
}
