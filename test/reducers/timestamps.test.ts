import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { derivePodConditions, podReducer } from 'podkit';
import { toTimestamp } from 'podkit/model';
import { podOf } from './helpers.js';

describe('condition timestamps (§C.7)', () => {
  const pod = podOf({ containers: [{ name: 'web' }] }, { phase: 'Pending', containerStatuses: [] });

  it('writes lastTransitionTime exactly as toTimestamp, whole seconds in UTC, for any time', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const ready = derivePodConditions(pod, ms).find((c) => c.type === 'Ready');
        expect(ready?.lastTransitionTime).toBe(toTimestamp(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts Date, RFC 3339 string and epoch ms alike', () => {
    const iso = '2024-02-29T23:59:59.999Z';
    const times = [new Date(iso), iso, Date.parse(iso)].map((t) => derivePodConditions(pod, t)[0]?.lastTransitionTime);
    expect(times).toEqual(['2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z', '2024-02-29T23:59:59Z']);
  });

  it('writes status times of the reducer as whole seconds', () => {
    const out = podReducer(podOf({ containers: [{ name: 'web' }], nodeName: 'n' }), { type: 'Admitted', at: '2024-05-01T10:00:00.750Z' });
    expect(out.status?.startTime).toBe('2024-05-01T10:00:00Z');
  });
});
