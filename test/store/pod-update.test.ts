// upstream ValidatePodUpdate (pkg/apis/core/validation/validation_test.go TestValidatePodUpdate), restated.
import { describe, expect, it } from 'vitest';
import type { Pod } from 'podkit';
import { validatePodUpdate } from '../../src/store/pod-update.js';

const base: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'a', image: 'x:1' }], tolerations: [{ key: 'k', operator: 'Exists' }], activeDeadlineSeconds: 30, restartPolicy: 'Always' },
};
const withSpec = (spec: Partial<Pod['spec']>): Pod => ({ ...base, spec: { ...base.spec, ...spec } });
const types = (next: Pod) => validatePodUpdate(next, base).map((i) => `${i.path}: ${i.type}`);

describe('validatePodUpdate (ValidatePodUpdate)', () => {
  it('allows changing container images, lowering activeDeadlineSeconds and adding tolerations', () => {
    expect(types(withSpec({ containers: [{ name: 'a', image: 'x:2' }], activeDeadlineSeconds: 10, tolerations: [...(base.spec.tolerations ?? []), { key: 'new', operator: 'Exists' }] }))).toEqual([]);
  });

  it('forbids any other spec change, with the upstream message', () => {
    const issues = validatePodUpdate(withSpec({ restartPolicy: 'Never' }), base);
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([expect.stringMatching(/^spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\]\.image`/)]);
    expect(types(withSpec({ containers: [{ name: 'a', image: 'x:1', command: ['sh'] }] }))).toEqual(['spec: Forbidden']);
    expect(types(withSpec({ nodeName: 'other' }))).toEqual(['spec: Forbidden']);
  });

  it('forbids raising or removing activeDeadlineSeconds and removing a toleration', () => {
    expect(types(withSpec({ activeDeadlineSeconds: 60 }))).toEqual(['spec.activeDeadlineSeconds: Invalid value']);
    expect(types({ ...base, spec: { ...base.spec, activeDeadlineSeconds: undefined } as Pod['spec'] })).toEqual(['spec.activeDeadlineSeconds: Invalid value']);
    expect(types(withSpec({ tolerations: [] }))).toEqual(['spec.tolerations: Forbidden']);
  });
});
