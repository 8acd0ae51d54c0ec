import { describe, expect, it } from 'vitest';
import type { LabelSelector, Node, NodeSelectorTerm } from 'podkit';
import {
  labelSelectorToString,
  matchesNodeSelectorTerms,
  matchesSelector,
  parseLabelSelector,
  podMatchesNodeSelectorAndAffinity,
} from 'podkit/planners';
import { newPod } from 'podkit/testing';

describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'frontend' };
  it.each<[string, LabelSelector | undefined, boolean]>([
    ['an undefined selector matches nothing', undefined, false],
    ['an empty selector matches everything', {}, true],
    ['matchLabels equal', { matchLabels: { app: 'web' } }, true],
    ['matchLabels different value', { matchLabels: { app: 'db' } }, false],
    ['matchLabels missing key', { matchLabels: { env: 'prod' } }, false],
    ['In with the value', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }] }, true],
    ['In without the key', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, false],
    ['NotIn with another value', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['backend'] }] }, true],
    ['NotIn matches a missing key', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, true],
    ['NotIn with the value', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [
      'matchLabels and matchExpressions are ANDed',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
      false,
    ],
  ])('%s', (_name, selector, want) => {
    expect(matchesSelector(labels, selector)).toBe(want);
  });

  it('treats missing labels as empty', () => {
    expect(matchesSelector(undefined, {})).toBe(true);
    expect(matchesSelector(undefined, { matchLabels: { a: 'b' } })).toBe(false);
  });
});

describe('labelSelectorToString', () => {
  it.each<[LabelSelector | undefined, string]>([
    [undefined, '<none>'],
    [{}, '<none>'],
    [{ matchLabels: { tier: 'web', app: 'shop' } }, 'app=shop,tier=web'],
    [
      {
        matchLabels: { app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'dev'] },
          { key: 'zone', operator: 'NotIn', values: ['b'] },
          { key: 'gpu', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
      'app=shop,env in (dev,prod),gpu,!legacy,zone notin (b)',
    ],
  ])('prints %j as %s (metav1.FormatLabelSelector)', (selector, text) => {
    expect(labelSelectorToString(selector)).toBe(text);
  });
});

describe('parseLabelSelector', () => {
  it('parses equality, set-based and existence clauses', () => {
    expect(parseLabelSelector('app=web, tier!=db,env in (a, b),zone notin (c),gpu,!legacy')).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'env', operator: 'In', values: ['a', 'b'] },
        { key: 'zone', operator: 'NotIn', values: ['c'] },
        { key: 'gpu', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
  });

  it('treats == like = and the empty text as the empty selector', () => {
    expect(parseLabelSelector('app==web')).toEqual({ matchLabels: { app: 'web' } });
    expect(parseLabelSelector('')).toEqual({});
  });

  it('round-trips through labelSelectorToString', () => {
    const text = 'app=shop,env in (dev,prod),gpu,!legacy';
    expect(labelSelectorToString(parseLabelSelector(text))).toBe(text);
  });

  it.each(['app=web,,tier=x', 'env in (a,)', 'a=b=c', 'in ()'])('rejects %j with invalid_argument', (text) => {
    expect(() => parseLabelSelector(text)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

function node(name: string, labels: Record<string, string> = {}): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels } };
}

describe('matchesNodeSelectorTerms', () => {
  const n = node('node-1', { zone: 'a', cpus: '8', 'kubernetes.io/os': 'linux' });
  it.each<[string, NodeSelectorTerm[], boolean]>([
    ['no terms match nothing', [], false],
    ['an empty term matches nothing', [{}], false],
    ['In', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }], true],
    ['NotIn with the value', [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }], false],
    ['NotIn with a missing key', [{ matchExpressions: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }] }], true],
    ['Exists', [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }], true],
    ['DoesNotExist', [{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }], true],
    ['Gt true', [{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['4'] }] }], true],
    ['Gt false', [{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['8'] }] }], false],
    ['Lt true', [{ matchExpressions: [{ key: 'cpus', operator: 'Lt', values: ['9'] }] }], true],
    ['Gt on a non-integer label', [{ matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] }], false],
    ['Gt with two values', [{ matchExpressions: [{ key: 'cpus', operator: 'Gt', values: ['1', '2'] }] }], false],
    ['Lt on a missing label', [{ matchExpressions: [{ key: 'mem', operator: 'Lt', values: ['1'] }] }], false],
    ['matchFields metadata.name In', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }], true],
    ['matchFields metadata.name NotIn', [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] }], false],
    [
      'requirements in a term are ANDed',
      [
        {
          matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }],
          matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }],
        },
      ],
      false,
    ],
    [
      'terms are ORed',
      [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }],
      true,
    ],
  ])('%s', (_name, terms, want) => {
    expect(matchesNodeSelectorTerms(n, terms)).toBe(want);
  });
});

describe('podMatchesNodeSelectorAndAffinity', () => {
  const n = node('node-1', { disktype: 'ssd' });
  it('needs every nodeSelector pair', () => {
    expect(podMatchesNodeSelectorAndAffinity(newPod({ spec: { nodeSelector: { disktype: 'ssd' } } }), n)).toBe(true);
    expect(podMatchesNodeSelectorAndAffinity(newPod({ spec: { nodeSelector: { disktype: 'hdd' } } }), n)).toBe(false);
  });

  it('needs the required node affinity as well', () => {
    const pod = newPod({
      spec: {
        nodeSelector: { disktype: 'ssd' },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }],
            },
          },
        },
      },
    });
    expect(podMatchesNodeSelectorAndAffinity(pod, n)).toBe(false);
  });
});
