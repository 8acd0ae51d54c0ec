// Per-pod facts the controller planners read on every sync, memoized for frozen (store) pods:
// a sync over n pods then costs n cache hits for the pods that did not change since the last one.
import type { LabelSelector, Pod } from '../model/index.js';
import { getPodCondition, isPodActive } from '../model/pod-utils.js';
import { labelSelectorMatches } from '../model/selector-match.js';

/** What the planners need to know of a pod, derived once per pod version. @internal */
export interface PodFacts {
  readonly namespace: string;
  readonly active: boolean;
  /** The controllerRef's uid, if the pod has a controller. */
  readonly controllerUid: string | undefined;
  readonly ready: boolean;
  /** The Ready condition's lastTransitionTime when ready. */
  readonly readySince: string | undefined;
}

const factsCache = new WeakMap<Pod, PodFacts>();

/**
 * True when the parts of a pod that planners derive facts from are frozen (every stored pod is
 * deep-frozen), so an answer computed for this object can be cached by identity. @internal
 */
export function isFrozenPodVersion(pod: Pod): boolean {
  const m = pod.metadata;
  const st = pod.status;
  return (
    Object.isFrozen(pod) && Object.isFrozen(m) && Object.isFrozen(m.ownerReferences ?? m) && Object.isFrozen(m.annotations ?? m) &&
    Object.isFrozen(pod.spec) &&
    (st === undefined || (Object.isFrozen(st) && Object.isFrozen(st.conditions ?? st) && Object.isFrozen(st.containerStatuses ?? st)))
  );
}

/** The pod's {@link PodFacts} (cached when the pod is frozen, as every stored pod is). @internal */
export function podFacts(pod: Pod): PodFacts {
  const hit = factsCache.get(pod);
  if (hit !== undefined) return hit;
  const ready = getPodCondition(pod, 'Ready');
  const isReady = ready?.status === 'True';
  const facts: PodFacts = {
    namespace: pod.metadata.namespace ?? 'default',
    active: isPodActive(pod),
    controllerUid: pod.metadata.ownerReferences?.find((r) => r.controller === true)?.uid,
    ready: isReady,
    readySince: isReady ? ready?.lastTransitionTime : undefined,
  };
  if (isFrozenPodVersion(pod)) factsCache.set(pod, facts);
  return facts;
}

/** Per selector (few), the answer per labels object (many). */
const selectorCache = new WeakMap<object, WeakMap<object, boolean>>();

/**
 * `labelSelectorMatches(selector, labels)`, cached per (labels, selector) pair when both are
 * frozen objects (stored pods share their labels object across versions). @internal
 */
export function labelsMatchSelector(labels: Readonly<Record<string, string>> | undefined, selector: LabelSelector | undefined): boolean {
  if (labels === undefined || selector === undefined || !Object.isFrozen(labels) || !Object.isFrozen(selector)) {
    return labelSelectorMatches(selector, labels);
  }
  let inner = selectorCache.get(selector);
  if (inner === undefined) {
    if (!deepFrozenSelector(selector)) return labelSelectorMatches(selector, labels);
    selectorCache.set(selector, (inner = new WeakMap()));
  }
  const hit = inner.get(labels);
  if (hit !== undefined) return hit;
  const result = labelSelectorMatches(selector, labels);
  inner.set(labels, result);
  return result;
}

function deepFrozenSelector(selector: LabelSelector): boolean {
  const ml = selector.matchLabels;
  const me = selector.matchExpressions;
  return (ml === undefined || Object.isFrozen(ml)) && (me === undefined || (Object.isFrozen(me) && me.every((r) => Object.isFrozen(r) && Object.isFrozen(r.values ?? r))));
}
