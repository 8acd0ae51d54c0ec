import { describe, expect, it } from 'vitest';
import { newPod } from 'podkit/testing';
import { labelsMatchSelector, podFacts } from '../../src/planners/pod-facts.js';

function freeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    Object.freeze(v);
    for (const x of Object.values(v)) freeze(x);
  }
  return v;
}

describe('podFacts', () => {
  it('derives namespace, activity, controller uid and readiness', () => {
    const base = newPod({ name: 'a' });
    const pod = { ...base, metadata: { ...base.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }] } };
    const ready = { ...pod, status: { phase: 'Running' as const, conditions: [{ type: 'Ready' as const, status: 'True' as const, lastTransitionTime: '2024-01-01T00:00:00Z' }] } };
    expect(podFacts(ready)).toEqual({ namespace: 'default', active: true, controllerUid: 'u1', ready: true, readySince: '2024-01-01T00:00:00Z' });
    expect(podFacts({ ...ready, metadata: { ...ready.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }).active).toBe(false);
  });

  it('does not serve a cached answer for a mutable pod that changed', () => {
    const pod = newPod({ name: 'a' });
    const mutable = { ...pod, status: { phase: 'Running' as const, conditions: [{ type: 'Ready' as const, status: 'False' as const }] } };
    expect(podFacts(mutable).ready).toBe(false);
    (mutable.status.conditions[0] as { status: string }).status = 'True';
    expect(podFacts(mutable).ready).toBe(true);
  });

  it('caches frozen pods', () => {
    const pod = freeze(newPod({ name: 'a' }));
    expect(podFacts(pod)).toBe(podFacts(pod));
  });
});

describe('labelsMatchSelector', () => {
  it('matches like a label selector, cached or not', () => {
    const labels = freeze({ app: 'web', tier: 'front' });
    const sel = freeze({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['front'] }] });
    expect(labelsMatchSelector(labels, sel)).toBe(true);
    expect(labelsMatchSelector(labels, sel)).toBe(true);
    expect(labelsMatchSelector(labels, freeze({ matchLabels: { app: 'db' } }))).toBe(false);
    expect(labelsMatchSelector(labels, undefined)).toBe(false);
    const mutable: Record<string, string> = { app: 'web' };
    const mutableSel = { matchLabels: { app: 'web' } };
    expect(labelsMatchSelector(mutable, mutableSel)).toBe(true);
    mutable['app'] = 'db';
    expect(labelsMatchSelector(mutable, mutableSel)).toBe(false);
  });
});
