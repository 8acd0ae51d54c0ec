// StatefulSet pod identity and storage (upstream pkg/controller/statefulset stateful_set_utils.go:
// getParentNameAndOrdinal, getPodName, initIdentity/updateIdentity, identityMatches,
// updateStorage/storageMatches, getPersistentVolumeClaimName, newStatefulSetPod; §P.2).
import type { Pod, Volume } from '../../model/index.js';
import type { PersistentVolumeClaim, StatefulSet } from '../../model/stateful-set.js';
import { CONTROLLER_REVISION_HASH_LABEL } from '../daemon-set/daemon-pods.js';
import { expandTemplate } from '../template.js';

/** The pod label naming the StatefulSet pod (`apps.StatefulSetPodNameLabel`). */
export const STATEFUL_SET_POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** The pod label carrying the ordinal (`apps.PodIndexLabel`, gate PodIndexLabel, GA in 1.32). */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

const ORDINAL = /^(.*)-([0-9]+)$/;
const MAX_INT32 = 2147483647;

/**
 * The parent StatefulSet name and ordinal of a pod name (`getParentNameAndOrdinal`): the name
 * must end in `-<digits>` (an int32), otherwise the ordinal is -1 and the parent `''`.
 *
 * @example
 * ```ts
 * import { parseStatefulPodName } from 'podkit/planners';
 * parseStatefulPodName('web-2'); // { parent: 'web', ordinal: 2 }
 * ```
 */
export function parseStatefulPodName(name: string): { readonly parent: string; readonly ordinal: number } {
  const m = ORDINAL.exec(name);
  if (m === null) return { parent: '', ordinal: -1 };
  const ordinal = Number(m[2]);
  if (!Number.isSafeInteger(ordinal) || ordinal > MAX_INT32) return { parent: m[1] ?? '', ordinal: -1 };
  return { parent: m[1] ?? '', ordinal };
}

/** The ordinal of a pod (`getOrdinal`), -1 when its name has none. */
export function podOrdinal(pod: Pod): number {
  return parseStatefulPodName(pod.metadata.name ?? '').ordinal;
}

/** `getStartOrdinal`: `spec.ordinals.start`, default 0. */
export function startOrdinal(sts: StatefulSet): number {
  return sts.spec.ordinals?.start ?? 0;
}

/** `spec.replicas`, default 1. */
export function statefulSetReplicas(sts: StatefulSet): number {
  return sts.spec.replicas ?? 1;
}

/**
 * `getPodName`: `<statefulset>-<ordinal>`.
 *
 * @example
 * ```ts
 * import { statefulPodName } from 'podkit/planners';
 * statefulPodName(sts, 2); // 'web-2'
 * ```
 */
export function statefulPodName(sts: StatefulSet, ordinal: number): string {
  return `${sts.metadata.name ?? ''}-${ordinal}`;
}

/** `isMemberOf`: the pod's name parses to this StatefulSet's name. */
export function isMemberOf(sts: StatefulSet, pod: Pod): boolean {
  return parseStatefulPodName(pod.metadata.name ?? '').parent === sts.metadata.name;
}

/** `podInOrdinalRange`: start ≤ ordinal < start + replicas. */
export function podInOrdinalRange(pod: Pod, sts: StatefulSet): boolean {
  const ord = podOrdinal(pod);
  return ord >= startOrdinal(sts) && ord < startOrdinal(sts) + statefulSetReplicas(sts);
}

/**
 * `getPersistentVolumeClaimName`: `<template>-<statefulset>-<ordinal>`.
 *
 * @example
 * ```ts
 * import { claimName } from 'podkit/planners';
 * claimName(sts, 'www', 0); // 'www-web-0'
 * ```
 */
export function claimName(sts: StatefulSet, templateName: string, ordinal: number): string {
  return `${templateName}-${sts.metadata.name ?? ''}-${ordinal}`;
}

/** The pod's revision label (`getPodRevision`), `''` when absent. */
export function podRevision(pod: Pod): string {
  return pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
}

function claimVolumes(sts: StatefulSet, ordinal: number): Volume[] {
  return (sts.spec.volumeClaimTemplates ?? []).map((t) => ({
    name: t.metadata.name ?? '',
    persistentVolumeClaim: { claimName: claimName(sts, t.metadata.name ?? '', ordinal) },
  }));
}

/**
 * `updateStorage`: the pod's volumes with one `persistentVolumeClaim` volume per claim template
 * (named after the template, claim `<template>-<sts>-<ordinal>`), replacing any template volume of
 * the same name; the other volumes follow.
 */
export function withStorage(sts: StatefulSet, pod: Pod, ordinal: number): Pod {
  const claims = claimVolumes(sts, ordinal);
  if (claims.length === 0) return pod;
  const names = new Set(claims.map((c) => c.name));
  const rest = (pod.spec.volumes ?? []).filter((v) => !names.has(v.name));
  return { ...pod, spec: { ...pod.spec, volumes: [...claims, ...rest] } };
}

/**
 * `storageMatches`: every claim template has a volume of its name bound to the right claim.
 *
 * @example
 * ```ts
 * import { storageMatches } from 'podkit/planners';
 * storageMatches(sts, pod); // false when the pod lost its `www` claim volume
 * ```
 */
export function storageMatches(sts: StatefulSet, pod: Pod): boolean {
  const ordinal = podOrdinal(pod);
  if (ordinal < 0) return false;
  for (const t of sts.spec.volumeClaimTemplates ?? []) {
    const v = (pod.spec.volumes ?? []).find((x) => x.name === t.metadata.name);
    const ref = (v as { persistentVolumeClaim?: { claimName?: string } } | undefined)?.persistentVolumeClaim;
    if (ref?.claimName !== claimName(sts, t.metadata.name ?? '', ordinal)) return false;
  }
  return true;
}

/**
 * `identityMatches`: the pod's name parses to this set and its ordinal, it is in the set's
 * namespace, and carries the pod-name and pod-index labels.
 *
 * @example
 * ```ts
 * import { identityMatches } from 'podkit/planners';
 * identityMatches(sts, pod); // true for web-0 created by the controller
 * ```
 */
export function identityMatches(sts: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parseStatefulPodName(pod.metadata.name ?? '');
  const labels = pod.metadata.labels ?? {};
  return (
    ordinal >= 0 && parent === sts.metadata.name && pod.metadata.name === statefulPodName(sts, ordinal) &&
    (pod.metadata.namespace ?? 'default') === (sts.metadata.namespace ?? 'default') &&
    labels[STATEFUL_SET_POD_NAME_LABEL] === pod.metadata.name && labels[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** `updateIdentity`: name, namespace and the pod-name / pod-index labels (not hostname or subdomain). */
export function withIdentity(sts: StatefulSet, pod: Pod, ordinal: number): Pod {
  const name = statefulPodName(sts, ordinal);
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      name,
      namespace: sts.metadata.namespace ?? 'default',
      labels: { ...pod.metadata.labels, [STATEFUL_SET_POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
    },
  };
}

/**
 * A new pod of the set at `ordinal` from `template` (`newStatefulSetPod` + `setPodRevision`):
 * the template's pod (`GetPodFromTemplate`: labels, annotations, controllerRef, generateName
 * `<sts>-`), named `<sts>-<ordinal>`, with the identity labels, `hostname` = the pod name,
 * `subdomain` = `spec.serviceName`, the claim volumes, and the `controller-revision-hash` label.
 *
 * @example
 * ```ts
 * import { newStatefulSetPod } from 'podkit/planners';
 * const pod = newStatefulSetPod(sts, sts.spec.template, 0, 'web-6b8f7c9d4');
 * pod.metadata.name; // 'web-0'
 * ```
 */
export function newStatefulSetPod(sts: StatefulSet, template: StatefulSet['spec']['template'], ordinal: number, revision: string): Pod {
  let pod = withIdentity(sts, expandTemplate(template, sts), ordinal);
  const serviceName = sts.spec.serviceName ?? '';
  pod = { ...pod, spec: { ...pod.spec, hostname: pod.metadata.name ?? '', ...(serviceName === '' ? {} : { subdomain: serviceName }) } };
  pod = withStorage(sts, pod, ordinal);
  return { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, [CONTROLLER_REVISION_HASH_LABEL]: revision } } };
}

/**
 * The claims a pod at `ordinal` needs (`getPersistentVolumeClaims`): one per claim template, named
 * `<template>-<sts>-<ordinal>`, with the template's labels and annotations plus the set's selector
 * labels (`matchLabels`), in the set's namespace, status Pending.
 *
 * @example
 * ```ts
 * import { claimsForOrdinal } from 'podkit/planners';
 * claimsForOrdinal(sts, 0).map((c) => c.metadata.name); // ['www-web-0']
 * ```
 */
export function claimsForOrdinal(sts: StatefulSet, ordinal: number): PersistentVolumeClaim[] {
  const selectorLabels = sts.spec.selector.matchLabels ?? {};
  return (sts.spec.volumeClaimTemplates ?? []).map((t) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: claimName(sts, t.metadata.name ?? '', ordinal),
      namespace: sts.metadata.namespace ?? 'default',
      labels: { ...t.metadata.labels, ...selectorLabels },
      ...(t.metadata.annotations === undefined ? {} : { annotations: { ...t.metadata.annotations } }),
    },
    spec: structuredClone(t.spec),
    status: { phase: 'Pending' },
  }));
}
