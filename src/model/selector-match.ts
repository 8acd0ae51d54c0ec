import type { LabelSelector } from './selector.js';

/**
 * True iff `labels` satisfy `selector` (`metav1.LabelSelectorAsSelector(...).Matches`): a missing
 * selector matches nothing, an empty one everything; `matchLabels` and `matchExpressions` are
 * ANDed. Assumes a valid selector (use it after validation).
 */
export function labelSelectorMatches(
  selector: LabelSelector | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector === undefined) return false;
  const l = labels ?? {};
  const ml = selector.matchLabels;
  if (ml !== undefined) {
    for (const key in ml) {
      if (!Object.prototype.hasOwnProperty.call(l, key) || l[key] !== ml[key]) return false;
    }
  }
  for (const req of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key);
    const value = l[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || !(req.values ?? []).includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && (req.values ?? []).includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** True iff the selector has no requirement at all (`len(matchLabels)+len(matchExpressions) == 0`). */
export function labelSelectorIsEmpty(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions?.length ?? 0) === 0;
}
