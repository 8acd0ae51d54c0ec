// Daemon pods: which node a pod is for, their order on a node, whether they run the current
// template, and how new ones are built (upstream daemon_controller.go, daemonset_util.go, §J.3–J.5).
import type { DaemonSet, Pod } from '../../model/index.js';
import { isPodTerminal } from '../../model/pod-utils.js';
import { expandTemplate } from '../template.js';
import { withDaemonPodTolerations } from './tolerations.js';

/** The label holding the template hash of a daemon pod (`apps.DefaultDaemonSetUniqueLabelKey`). */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** The deprecated label holding the template generation of a daemon pod. */
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
/** The DaemonSet annotation the API server keeps the template generation in. */
export const DEPRECATED_TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';

/**
 * The node a daemon pod is for (upstream `GetTargetNodeName`): `spec.nodeName`, else the single
 * value of a required node-affinity `matchFields` term `metadata.name In [node]`; `undefined` when
 * neither is found (or the field has several values).
 */
export function daemonPodTargetNode(pod: Pod): string | undefined {
  const nodeName = pod.spec.nodeName ?? '';
  if (nodeName !== '') return nodeName;
  // Frozen (store) specs never change: look their affinity up once.
  const frozen = Object.isFrozen(pod.spec) && Object.isFrozen(pod.spec.affinity ?? pod.spec);
  if (frozen && targetCache.has(pod.spec)) return targetCache.get(pod.spec);
  const target = affinityTargetNode(pod);
  if (frozen) targetCache.set(pod.spec, target);
  return target;
}

const targetCache = new WeakMap<object, string | undefined>();

function affinityTargetNode(pod: Pod): string | undefined {
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const exp of term.matchFields ?? []) {
      if (exp.key === 'metadata.name' && exp.operator === 'In') return exp.values?.length === 1 ? exp.values[0] : undefined;
    }
  }
  return undefined;
}

/**
 * Upstream `getNodesToDaemonPods(…, includeDeletedTerminal=false)`: the claimed pods grouped by
 * target node, leaving out pods that are both terminal and being deleted, and pods without a
 * target node. Insertion order follows `pods`. O(n).
 */
export function nodeToDaemonPods(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    if (isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined) continue;
    const node = daemonPodTargetNode(pod);
    if (node === undefined) continue;
    const list = out.get(node);
    if (list === undefined) out.set(node, [pod]);
    else list.push(pod);
  }
  return out;
}

function createdMs(pod: Pod): number {
  const t = pod.metadata.creationTimestamp;
  return t === undefined || t === '' ? Number.NEGATIVE_INFINITY : Date.parse(t);
}

/**
 * Upstream `podByCreationTimestampAndPhase`: scheduled pods (with `nodeName`) first, then the older
 * creationTimestamp (a missing one is the zero time, oldest), then the name.
 */
export function compareDaemonPods(a: Pod, b: Pod): number {
  const sa = (a.spec.nodeName ?? '') !== '';
  const sb = (b.spec.nodeName ?? '') !== '';
  if (sa !== sb) return sa ? -1 : 1;
  const ta = createdMs(a);
  const tb = createdMs(b);
  if (ta === tb) {
    const na = a.metadata.name ?? '';
    const nb = b.metadata.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return ta < tb ? -1 : 1;
}

/**
 * The DaemonSet's template generation (upstream `GetTemplateGeneration`): the
 * `deprecated.daemonset.template.generation` annotation, or `metadata.generation` when the
 * annotation is absent (podkit's store does not maintain it); `undefined` when unparseable.
 */
export function templateGeneration(ds: DaemonSet): number | undefined {
  const text = ds.metadata.annotations?.[DEPRECATED_TEMPLATE_GENERATION_ANNOTATION];
  if (text === undefined) return ds.metadata.generation;
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Whether a daemon pod runs the current template (upstream `IsPodUpdated`): its
 * `controller-revision-hash` label equals `hash`, or its `pod-template-generation` label equals
 * the template generation.
 */
export function isDaemonPodUpdated(pod: Pod, hash: string, generation: number | undefined): boolean {
  const labels = pod.metadata.labels ?? {};
  const hashMatches = hash !== '' && labels[CONTROLLER_REVISION_HASH_LABEL] === hash;
  if (hashMatches) return true;
  return generation !== undefined && labels[POD_TEMPLATE_GENERATION_LABEL] === String(generation);
}

/**
 * A new daemon pod for a node (upstream `CreatePodTemplate` + `ReplaceDaemonSetPodNodeNameNodeAffinity`
 * + `GetPodFromTemplate`, §J.3): the template with the daemon tolerations, the labels
 * `controller-revision-hash=<hash>` and (when known) `pod-template-generation=<generation>`, its
 * required node affinity replaced by `matchFields metadata.name In [<node>]` (the scheduler binds
 * it), generateName `<ds>-` and the DaemonSet's controllerRef.
 */
export function newDaemonPod(ds: DaemonSet, nodeName: string, hash: string, generation: number | undefined): Pod {
  const t = ds.spec.template;
  const labels: Record<string, string> = { ...t.metadata?.labels };
  if (generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = String(generation);
  if (hash !== '') labels[CONTROLLER_REVISION_HASH_LABEL] = hash;
  const pod = expandTemplate({ metadata: { ...t.metadata, labels }, spec: t.spec }, ds, {
    namespace: ds.metadata.namespace ?? 'default',
  });
  const spec = withDaemonPodTolerations(pod.spec);
  const nodeAffinity = spec.affinity?.nodeAffinity;
  const required = { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] }] };
  return {
    ...pod,
    spec: { ...spec, affinity: { ...spec.affinity, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: required } } },
  };
}
