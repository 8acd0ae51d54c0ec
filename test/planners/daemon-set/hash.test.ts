// Template hashes (§K.4): FNV-32a then SafeEncodeString.
import { describe, expect, it } from 'vitest';
import { computeTemplateHash, safeEncodeString } from 'podkit/planners';
import type { PodTemplateSpec } from 'podkit';

const template: PodTemplateSpec = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } };

describe('safeEncodeString (§K.3–§K.4)', () => {
  it('maps each character code modulo 27 into bcdfghjklmnpqrstvwxz2456789', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(safeEncodeString('')).toBe('');
  });
});

describe('computeTemplateHash (§K.4)', () => {
  it('is stable and uses only the safe alphabet', () => {
    const h = computeTemplateHash(template);
    expect(h).toBe(computeTemplateHash(structuredClone(template)));
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  });
  it('ignores key order', () => {
    const reordered: PodTemplateSpec = { spec: { containers: [{ image: 'x:1', name: 'c' }] }, metadata: { labels: { app: 'a' } } };
    expect(computeTemplateHash(reordered)).toBe(computeTemplateHash(template));
  });
  it('changes with the template and with the collision count', () => {
    const changed: PodTemplateSpec = { ...template, spec: { containers: [{ name: 'c', image: 'x:2' }] } };
    expect(computeTemplateHash(changed)).not.toBe(computeTemplateHash(template));
    expect(computeTemplateHash(template, 1)).not.toBe(computeTemplateHash(template));
    expect(computeTemplateHash(template, 1)).not.toBe(computeTemplateHash(template, 2));
  });
});
