// Deployment helpers, restating upstream deployment_util_test.go (TestResolveFenceposts,
// TestNewRSNewReplicas, TestEqualIgnoreHash, TestFindNewReplicaSet, TestFindOldReplicaSets,
// TestMaxUnavailable, TestGetReplicaSetFraction).
import { describe, expect, it } from 'vitest';
import { deploymentMaxUnavailable, equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, newRSNewReplicas, replicaSetProportion, resolveFenceposts } from 'podkit/planners';
import type { IntOrString, PodTemplateSpec } from 'podkit';
import { deploy, rs } from './deploy-fixtures.js';

describe('resolveFenceposts: surge rounds up, unavailable down, both 0 → unavailable 1 (TestResolveFenceposts, §O.3)', () => {
  const cases: [IntOrString | undefined, IntOrString | undefined, number, number, number][] = [
    ['0', '0', 0, 0, 1],
    ['39%', '39%', 10, 4, 3],
    [undefined, '39%', 10, 0, 3],
    ['39%', undefined, 10, 4, 0],
    [undefined, undefined, 10, 0, 1],
    ['1%', '1%', 10, 1, 0],
    [0, 0, 5, 0, 1],
  ];
  for (const [surge, unavailable, desired, es, eu] of cases) {
    it(`maxSurge ${String(surge)}, maxUnavailable ${String(unavailable)} of ${desired} → ${es}, ${eu}`, () => {
      expect(resolveFenceposts(surge === '0' ? '0%' : surge, unavailable === '0' ? '0%' : unavailable, desired)).toEqual({ maxSurge: es, maxUnavailable: eu });
    });
  }
  it('a value that is neither an int nor a percent is invalid_object', () => {
    expect(() => resolveFenceposts('oops', '1', 10)).toThrow(/invalid value for IntOrString/);
    expect(() => resolveFenceposts('55%', 'urg', 10)).toThrow(/maxUnavailable/);
  });
});

describe('MaxUnavailable (TestMaxUnavailable, §O.3)', () => {
  it('is capped by replicas, is 0 for 0 replicas and for Recreate', () => {
    expect(deploymentMaxUnavailable(deploy({ replicas: 10, maxUnavailable: 20, maxSurge: 0 }))).toBe(10);
    expect(deploymentMaxUnavailable(deploy({ replicas: 0, maxUnavailable: 1, maxSurge: 0 }))).toBe(0);
    expect(deploymentMaxUnavailable(deploy({ replicas: 10, maxUnavailable: '25%', maxSurge: '25%' }))).toBe(2);
    expect(deploymentMaxUnavailable(deploy({ replicas: 10, strategy: 'Recreate' }))).toBe(0);
  });
});

describe('NewRSNewReplicas (TestNewRSNewReplicas, §O.3)', () => {
  const cases = [
    { name: 'can not scale up - to newRSReplicas', rolling: true, dep: 1, newRS: 5, surge: 1, expected: 5 },
    { name: 'scale up - to depReplicas', rolling: true, dep: 6, newRS: 2, surge: 10, expected: 6 },
    { name: 'recreate - to depReplicas', rolling: false, dep: 3, newRS: 1, surge: 1, expected: 3 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = deploy({ replicas: c.dep, maxSurge: c.surge, ...(c.rolling ? {} : { strategy: 'Recreate' as const }) });
      const rs5 = rs(d, { replicas: 5, image: 'app:v1' });
      const newRS = rs(d, { replicas: c.newRS, image: 'app:v2' });
      expect(newRSNewReplicas(d, [rs5], newRS)).toBe(c.expected);
    });
  }
});

describe('equalIgnoreHash, findNewReplicaSet, findOldReplicaSets (§O.2)', () => {
  const t = (labels: Record<string, string>, image = 'a'): PodTemplateSpec => ({ metadata: { labels }, spec: { containers: [{ name: 'c', image }] } });
  it('ignores only the pod-template-hash label (TestEqualIgnoreHash)', () => {
    expect(equalIgnoreHash(t({ app: 'x', 'pod-template-hash': '1' }), t({ app: 'x', 'pod-template-hash': '2' }))).toBe(true);
    expect(equalIgnoreHash(t({ app: 'x', 'pod-template-hash': '1' }), t({ app: 'x' }))).toBe(true);
    expect(equalIgnoreHash(t({ app: 'x', other: '1' }), t({ app: 'x', other: '2' }))).toBe(false);
    expect(equalIgnoreHash(t({ app: 'x' }, 'a'), t({ app: 'x' }, 'b'))).toBe(false);
  });
  it('compares like Go semantic equality: empty objects, maps and lists equal absent ones', () => {
    const withEmpty: PodTemplateSpec = { metadata: { labels: { app: 'x' }, annotations: {} }, spec: { containers: [{ name: 'c', image: 'a', resources: {}, env: [] }] } };
    expect(equalIgnoreHash(withEmpty, t({ app: 'x' }))).toBe(true);
    expect(equalIgnoreHash({ ...withEmpty, spec: { containers: [{ name: 'c', image: 'a', resources: { limits: { cpu: '1' } } }] } }, t({ app: 'x' }))).toBe(false);
  });
  it('picks the oldest of several ReplicaSets with the Deployment template (TestFindNewReplicaSet)', () => {
    const d = deploy({ replicas: 1 });
    const newer = { ...rs(d, { replicas: 1, image: 'app:v2', age: 20 }), metadata: { ...rs(d, { replicas: 1, image: 'app:v2', age: 20 }).metadata, name: 'foo-b' } };
    const older = { ...rs(d, { replicas: 1, image: 'app:v2', age: 10 }), metadata: { ...rs(d, { replicas: 1, image: 'app:v2', age: 10 }).metadata, name: 'foo-a2' } };
    const old = rs(d, { replicas: 1, image: 'app:v1' });
    expect(findNewReplicaSet(d, [newer, older, old])?.metadata.name).toBe('foo-a2');
    expect(findNewReplicaSet(d, [old])).toBeUndefined();
  });
  it('old ReplicaSets: all but the new one, and those with replicas (TestFindOldReplicaSets)', () => {
    const d = deploy({ replicas: 1 });
    const cur = rs(d, { replicas: 1, image: 'app:v2' });
    const a = rs(d, { replicas: 2, image: 'app:v1' });
    const b = rs(d, { replicas: 0, image: 'app:v0' });
    const { required, all } = findOldReplicaSets(d, [cur, a, b]);
    expect(all.map((x) => x.metadata.name)).toEqual(['foo-appv1', 'foo-appv0']);
    expect(required.map((x) => x.metadata.name)).toEqual(['foo-appv1']);
  });
});

describe('replicaSetProportion (TestGetReplicaSetFraction, §O.6)', () => {
  it('size × (replicas + surge) / max-replicas, rounded half away from zero, capped by what is left', () => {
    const d = deploy({ replicas: 10, maxSurge: 0 });
    const r = rs(d, { replicas: 3, image: 'app:v1', max: 5 });
    expect(replicaSetProportion(r, d, 5, 0)).toBe(3);
    expect(replicaSetProportion(r, d, 5, 4)).toBe(1);
    expect(replicaSetProportion(r, d, 5, 5)).toBe(0);
    const down = deploy({ replicas: 2, maxSurge: 0 });
    const r3 = rs(down, { replicas: 1, image: 'app:v1', max: 3 });
    expect(replicaSetProportion(r3, down, -1, 0)).toBe(0);
    const zero = deploy({ replicas: 0, maxSurge: 0 });
    expect(replicaSetProportion(rs(zero, { replicas: 4, image: 'app:v1', max: 6 }), zero, -6, 0)).toBe(-4);
  });
  it('without a max-replicas annotation falls back to the Deployment status.replicas', () => {
    const d = deploy({ replicas: 10, maxSurge: 0, status: { replicas: 5 } });
    expect(replicaSetProportion(rs(d, { replicas: 3, image: 'app:v1' }), d, 5, 0)).toBe(3);
  });
});
