// successPolicy matching for Indexed Jobs (upstream success_policy.go, §I.8).
import type { SuccessPolicy } from '../../model/index.js';
import { type IndexInterval, intervalsTotal, type OrderedIntervals, parseIndexIntervals } from './indexes.js';

/** Upstream `matchSucceededIndexesRule`: |S ∩ R| = |R|, or ≥ succeededCount when that is set. Linear. */
function matchSucceededIndexesRule(rule: OrderedIntervals, succeeded: OrderedIntervals, succeededCount: number | undefined): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < rule.length && s < succeeded.length) {
    const ri = rule[r] as IndexInterval;
    const si = succeeded[s] as IndexInterval;
    const overlap = Math.min(ri.last, si.last) - Math.max(ri.first, si.first) + 1;
    if (overlap > 0) contains += overlap;
    if (si.last < ri.last) s++;
    else if (si.last > ri.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === intervalsTotal(rule) || (succeededCount !== undefined && contains >= succeededCount);
}

/**
 * Checks an Indexed Job's success policy against its succeeded indexes (upstream
 * `matchSuccessPolicy`, §I.8). Rules are tried in order; the first match returns the condition
 * message `Matched rules at index <i>`:
 * - a rule with `succeededIndexes` R (parsed like `completedIndexes`, clipped to `completions`;
 *   an empty or unparseable R is skipped) matches when every index of R succeeded, or when
 *   `succeededCount` is set and at least that many of R succeeded;
 * - a rule with only `succeededCount` matches when at least that many indexes succeeded.
 * Returns `undefined` without a policy, without succeeded indexes, or without a match.
 *
 * @example
 * ```ts
 * import { matchSuccessPolicy } from 'podkit/planners';
 * matchSuccessPolicy({ rules: [{ succeededIndexes: '0-2' }] }, 5, '0-3'); // 'Matched rules at index 0'
 * ```
 */
export function matchSuccessPolicy(
  policy: SuccessPolicy | undefined,
  completions: number,
  succeededIndexes: OrderedIntervals | string,
): string | undefined {
  const succeeded = typeof succeededIndexes === 'string' ? parseIndexIntervals(succeededIndexes, completions) : succeededIndexes;
  if (policy === undefined || succeeded.length === 0) return undefined;
  for (let index = 0; index < policy.rules.length; index++) {
    const rule = policy.rules[index];
    if (rule === undefined) continue;
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexIntervals(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && intervalsTotal(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}
