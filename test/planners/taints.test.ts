import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from 'podkit';
import { addDefaultTolerations, defaultTolerations, findUntoleratedTaint, tolerates } from 'podkit/planners';
import { newPod } from 'podkit/testing';

describe('tolerates', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it.each<[string, Toleration, Taint, boolean]>([
    ['Equal with the same key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint, true],
    ['Equal is the default operator', { key: 'dedicated', value: 'gpu' }, taint, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu' }, taint, false],
    ['Equal with no value against a valued taint', { key: 'dedicated', operator: 'Equal' }, taint, false],
    ['Equal with no value against a taint without value', { key: 'k', operator: 'Equal' }, { key: 'k', effect: 'NoSchedule' }, true],
    ['Exists ignores the value', { key: 'dedicated', operator: 'Exists' }, taint, true],
    ['another key', { key: 'other', operator: 'Exists' }, taint, false],
    ['an empty effect matches every effect', { key: 'dedicated', operator: 'Exists' }, { ...taint, effect: 'NoExecute' }, true],
    ['a different effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint, false],
    ['an empty key with Exists tolerates everything', { operator: 'Exists' }, taint, true],
    ['an empty key with Exists and an effect only that effect', { operator: 'Exists', effect: 'NoExecute' }, taint, false],
  ])('%s (§J.1 toleration matching)', (_name, toleration, t, want) => {
    expect(tolerates(toleration, t)).toBe(want);
  });
});

describe('findUntoleratedTaint', () => {
  const taints: Taint[] = [
    { key: 'soft', effect: 'PreferNoSchedule' },
    { key: 'a', value: '1', effect: 'NoSchedule' },
    { key: 'b', effect: 'NoExecute' },
  ];
  it('returns the first untolerated taint passing the effect filter', () => {
    expect(findUntoleratedTaint(taints, [], ['NoSchedule', 'NoExecute'])).toEqual(taints[1]);
    expect(findUntoleratedTaint(taints, [{ key: 'a', operator: 'Exists' }], ['NoSchedule', 'NoExecute'])).toEqual(taints[2]);
  });

  it('considers every taint without a filter, and accepts a predicate', () => {
    expect(findUntoleratedTaint(taints, [])).toEqual(taints[0]);
    expect(findUntoleratedTaint(taints, [], (t) => t.key === 'b')).toEqual(taints[2]);
  });

  it('returns undefined when all are tolerated or there are no taints', () => {
    expect(findUntoleratedTaint(taints, [{ operator: 'Exists' }])).toBeUndefined();
    expect(findUntoleratedTaint(undefined, undefined)).toBeUndefined();
  });
});

describe('defaultTolerations', () => {
  it('is not-ready and unreachable NoExecute for 300 s (§L.5)', () => {
    expect(defaultTolerations()).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('adds only the missing ones and keeps the same object when nothing is missing', () => {
    const own: Toleration = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    const pod = newPod({ spec: { tolerations: [own] } });
    expect(addDefaultTolerations(pod).spec.tolerations).toEqual([own, defaultTolerations()[0]]);
    const tolerant = newPod({ spec: { tolerations: [{ operator: 'Exists' }] } });
    expect(addDefaultTolerations(tolerant)).toBe(tolerant);
    expect(pod.spec.tolerations).toEqual([own]);
  });
});
