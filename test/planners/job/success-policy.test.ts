// successPolicy matching (§I.8), restating success_policy_test.go TestMatchSuccessPolicy's cases.
import { describe, expect, it } from 'vitest';
import { matchSuccessPolicy } from 'podkit/planners';
import type { SuccessPolicy } from 'podkit';

const rows: [string, SuccessPolicy | undefined, number, string, string | undefined][] = [
  ['successPolicy is null', undefined, 10, '0-3', undefined],
  ['no succeeded indexes', { rules: [{ succeededCount: 0 }] }, 10, '', undefined],
  ['rules.succeededIndexes all succeeded', { rules: [{ succeededIndexes: '0-2' }] }, 5, '0-3', 'Matched rules at index 0'],
  ['rules.succeededIndexes not all succeeded', { rules: [{ succeededIndexes: '0-2' }] }, 5, '0,1,3', undefined],
  ['rules.succeededIndexes with succeededCount met', { rules: [{ succeededIndexes: '0-4', succeededCount: 2 }] }, 5, '1,3', 'Matched rules at index 0'],
  ['rules.succeededIndexes with succeededCount not met', { rules: [{ succeededIndexes: '0-2', succeededCount: 2 }] }, 5, '2-4', undefined],
  ['rules.succeededCount only, met', { rules: [{ succeededCount: 3 }] }, 10, '0,5,9', 'Matched rules at index 0'],
  ['rules.succeededCount only, not met', { rules: [{ succeededCount: 3 }] }, 10, '0,9', undefined],
  ['second rule matches', { rules: [{ succeededIndexes: '5-9' }, { succeededIndexes: '0,1' }] }, 10, '0-2', 'Matched rules at index 1'],
  ['invalid rules.succeededIndexes is skipped', { rules: [{ succeededIndexes: 'foo', succeededCount: 1 }] }, 10, '0-9', undefined],
  ['rules.succeededIndexes clipped to completions', { rules: [{ succeededIndexes: '3-10' }] }, 5, '3,4', 'Matched rules at index 0'],
  ['rules.succeededIndexes entirely beyond completions', { rules: [{ succeededIndexes: '7-9' }] }, 5, '0-4', undefined],
];

describe('matchSuccessPolicy (§I.8)', () => {
  it.each(rows)('%s', (_name, policy, completions, succeeded, want) => {
    expect(matchSuccessPolicy(policy, completions, succeeded)).toBe(want);
  });
});
