// stateful_set_utils_test.go restated: identity and storage matching, readiness, claims and the
// retention-policy owner references (docs/reference/kubernetes-rules.md §P.2, §P.7, §P.8).
import { describe, expect, it } from 'vitest';
import type { PersistentVolumeClaim, Pod, StatefulSet } from 'podkit';
import { claimsForOrdinal, identityMatches, newStatefulSetPod, storageMatches } from 'podkit/planners';
import { isRunningAndReady, isHealthy } from '../../../src/planners/stateful-set/status.js';
import { claimOwnerMatches, claimOwnersFor } from '../../../src/planners/stateful-set/retention.js';
import { sts } from './sts-fixtures.js';

const CLAIM = { metadata: { name: 'datadir' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
const set = (over: Partial<StatefulSet['spec']> = {}): StatefulSet => sts({ replicas: 3, volumeClaimTemplates: [CLAIM], spec: over });
const podAt = (s: StatefulSet, ordinal: number, uid = `uid-${ordinal}`): Pod => {
  const p = newStatefulSetPod(s, s.spec.template, ordinal, 'web-rev');
  return { ...p, metadata: { ...p.metadata, uid } };
};

describe('identity and storage (§P.2, TestIdentityMatches / TestStorageMatches)', () => {
  const s = set();
  const pod = podAt(s, 1);
  const cases: Array<[string, Pod, boolean]> = [
    ['a new pod', pod, true],
    ['another name', { ...pod, metadata: { ...pod.metadata, name: 'foo-1' } }, false],
    ['another namespace', { ...pod, metadata: { ...pod.metadata, namespace: 'other' } }, false],
    ['no pod-name label', { ...pod, metadata: { ...pod.metadata, labels: { app: 'web' } } }, false],
    ['a wrong pod-index label', { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, 'apps.kubernetes.io/pod-index': '2' } } }, false],
  ];
  it.each(cases)('§P.2 identityMatches: %s → %s', (_name, p, want) => {
    expect(identityMatches(s, p)).toBe(want);
  });

  it('§P.2 storageMatches needs every claim volume bound to <template>-<sts>-<ordinal>', () => {
    expect(storageMatches(s, pod)).toBe(true);
    expect(storageMatches(s, { ...pod, spec: { ...pod.spec, volumes: [] } })).toBe(false);
    expect(storageMatches(s, { ...pod, spec: { ...pod.spec, volumes: [{ name: 'datadir', persistentVolumeClaim: { claimName: 'datadir-web-2' } }] } })).toBe(false);
    expect(storageMatches(s, { ...pod, metadata: { ...pod.metadata, name: 'web' } })).toBe(false);
  });

  it('§P.8 getPersistentVolumeClaims: name, namespace and the selector labels merged over the template labels', () => {
    const labelled = set({ volumeClaimTemplates: [{ ...CLAIM, metadata: { name: 'datadir', labels: { tier: 'x', app: 'overridden' } } }] });
    const [claim] = claimsForOrdinal(labelled, 2);
    expect(claim?.metadata).toMatchObject({ name: 'datadir-web-2', namespace: 'default', labels: { tier: 'x', app: 'web' } });
  });
});

describe('readiness (§P.7, TestIsRunningAndReady)', () => {
  const base = podAt(set(), 0);
  const withStatus = (status: Pod['status'], deleting = false): Pod => ({ ...base, metadata: { ...base.metadata, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) }, status });
  const ready = [{ type: 'Ready', status: 'True' as const }];
  it.each([
    ['no status', withStatus(undefined), false, false],
    ['Pending', withStatus({ phase: 'Pending' }), false, false],
    ['Running, not ready', withStatus({ phase: 'Running' }), false, false],
    ['Running and Ready', withStatus({ phase: 'Running', conditions: ready }), true, true],
    ['Running and Ready, terminating', withStatus({ phase: 'Running', conditions: ready }, true), true, false],
    ['Succeeded with a Ready condition', withStatus({ phase: 'Succeeded', conditions: ready }), false, false],
  ] as const)('§P.7 %s: running and ready %s, healthy %s', (_name, pod, rr, healthy) => {
    expect(isRunningAndReady(pod)).toBe(rr);
    expect(isHealthy(pod)).toBe(healthy);
  });
});

describe('retention owner references (§P.8, TestClaimOwnerMatchesSetAndPod / TestUpdateClaimOwnerRefForSetAndPod)', () => {
  const claimOf = (refs: PersistentVolumeClaim['metadata']['ownerReferences'] = []): PersistentVolumeClaim => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'datadir-web-1', namespace: 'default', ownerReferences: refs },
    spec: CLAIM.spec,
  });
  const kinds = (c: PersistentVolumeClaim, s: StatefulSet, p: Pod): string[] => claimOwnersFor(c, s, p).map((r) => r.kind).sort();
  it.each([
    ['Retain', 'Retain', false, []],
    ['Retain', 'Retain', true, []],
    ['Delete', 'Retain', false, ['StatefulSet']],
    ['Delete', 'Retain', true, ['StatefulSet']],
    ['Retain', 'Delete', false, []],
    ['Retain', 'Delete', true, ['Pod']],
    ['Delete', 'Delete', false, ['StatefulSet']],
    ['Delete', 'Delete', true, ['Pod']],
  ] as const)('§P.8 whenDeleted %s, whenScaled %s, scaled down %s → owners %j', (whenDeleted, whenScaled, scaledDown, want) => {
    const s = set({ replicas: scaledDown ? 1 : 3, persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled } });
    const p = podAt(s, 1);
    expect(kinds(claimOf(), s, p)).toEqual([...want]);
    // A claim that has exactly those owners matches; one owned by both never does (no policy wants both at once).
    const exact = claimOf(claimOwnersFor(claimOf(), s, p));
    expect(claimOwnerMatches(exact, s, p)).toBe(true);
    const both = claimOf([
      { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web' },
      { apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: 'uid-1' },
    ]);
    expect(claimOwnerMatches(both, s, p)).toBe(false);
  });

  it('§P.8 keeps foreign owner references', () => {
    const s = set({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } });
    const foreign = { apiVersion: 'example.com/v1', kind: 'Backup', name: 'b', uid: 'uid-b' };
    expect(claimOwnersFor(claimOf([foreign]), s, podAt(s, 1))).toEqual([foreign, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'uid-web' }]);
  });
});
