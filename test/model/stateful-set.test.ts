// StatefulSet, ControllerRevision and PersistentVolumeClaim: schemas, API defaults and validation
// (SetDefaults_StatefulSet, ValidateStatefulSetSpec; docs/reference/kubernetes-rules.md §P.1).
import { describe, expect, it } from 'vitest';
import { applyDefaults, formatValidationIssue, parseManifests, validateObject, type KubeObject, type PersistentVolumeClaim, type StatefulSet } from 'podkit';
import { getKindDefinition, listKinds } from 'podkit/model';
import { newStatefulSet } from 'podkit/testing';

const issuesOf = (o: KubeObject): string[] => validateObject(applyDefaults(o)).map(formatValidationIssue);
const sts = (spec: Partial<StatefulSet['spec']> = {}, name = 'web'): StatefulSet => newStatefulSet({ name, spec });

describe('StatefulSet defaults (§P.1)', () => {
  it('defaults replicas 1, OrderedReady, RollingUpdate partition 0, revisionHistoryLimit 10, retention Retain/Retain', () => {
    const { uid: _uid, ...metadata } = sts().metadata;
    const d = applyDefaults({ ...sts({ replicas: undefined }), metadata: { ...metadata, namespace: undefined } } as StatefulSet);
    expect(d.metadata.namespace).toBe('default');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.podManagementPolicy).toBe('OrderedReady');
    expect(d.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(d.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });

  it('gives an OnDelete strategy no rollingUpdate and keeps explicit values', () => {
    const d = applyDefaults(sts({ updateStrategy: { type: 'OnDelete' }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' } }));
    expect(d.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(d.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Delete', whenScaled: 'Retain' });
  });

  it('does not default maxUnavailable (the MaxUnavailableStatefulSet gate is off in 1.32, §P.6)', () => {
    const d = applyDefaults(sts({ updateStrategy: { type: 'RollingUpdate' } }));
    expect(d.spec.updateStrategy?.rollingUpdate).toEqual({ partition: 0 });
  });

  it('is idempotent and returns the same object when nothing is missing', () => {
    const once = applyDefaults(sts());
    expect(applyDefaults(once)).toBe(once);
  });

  it('defaults a claim template to volumeMode Filesystem and a PVC to phase Pending', () => {
    const d = applyDefaults(sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }));
    expect(d.spec.volumeClaimTemplates?.[0]?.spec.volumeMode).toBe('Filesystem');
    const claim: PersistentVolumeClaim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const pvc = applyDefaults(claim);
    expect(pvc.status?.phase).toBe('Pending');
    expect(pvc.metadata.namespace).toBe('default');
  });
});

describe('StatefulSet validation (§P.1)', () => {
  const rules: Array<[string, StatefulSet, string]> = [
    ['podManagementPolicy is OrderedReady or Parallel', sts({ podManagementPolicy: 'Burst' }), `spec.podManagementPolicy: Invalid value: "Burst": must be 'OrderedReady' or 'Parallel'`],
    ['the update strategy is RollingUpdate or OnDelete', sts({ updateStrategy: { type: 'Recreate' } }), `spec.updateStrategy: Invalid value: {"type":"Recreate"}: must be 'RollingUpdate' or 'OnDelete'`],
    [
      'OnDelete takes no rollingUpdate',
      sts({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } }),
      `spec.updateStrategy.rollingUpdate: Invalid value: {"partition":1}: only allowed for updateStrategy 'RollingUpdate'`,
    ],
    ['partition is not negative', sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } }), 'spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'],
    ['maxUnavailable cannot be 0', sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 0 } } }), 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'],
    ['maxUnavailable is at most 100%', sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: '150%' } } }), 'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%'],
    [
      'the retention policy is Retain or Delete',
      sts({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep', whenScaled: 'Retain' } }),
      'spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"',
    ],
    ['replicas are not negative', sts({ replicas: -1 }), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['ordinals.start is not negative', sts({ ordinals: { start: -2 } }), 'spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0'],
    ['minReadySeconds are not negative', sts({ minReadySeconds: -1 }), 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0'],
    ['the selector is not empty', sts({ selector: {} }), 'spec.selector: Invalid value: {}: empty selector is invalid for statefulset'],
    ['the selector matches the template labels', sts({ selector: { matchLabels: { app: 'other' } } }), 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`'],
    [
      'the template restarts Always',
      newStatefulSet({ name: 'web', podSpec: { restartPolicy: 'Never' } }),
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ],
    [
      'the template has no activeDeadlineSeconds',
      newStatefulSet({ name: 'web', podSpec: { activeDeadlineSeconds: 5 } }),
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported',
    ],
    [
      'a claim template needs an access mode',
      sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } }] }),
      'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
    ],
    [
      'a claim template requests storage',
      sts({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }] }),
      'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
    ],
  ];
  it.each(rules)('§P.1 %s', (_rule, obj, message) => {
    expect(issuesOf(obj)).toContain(message);
  });

  it('§P.1 lets containers mount a claim template by name (the controller adds the claim volume)', () => {
    const claim = { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const mounting = newStatefulSet({ name: 'web', volumeClaimTemplates: [claim], containers: [{ name: 'app', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] });
    expect(issuesOf(mounting)).toEqual([]);
    const without = newStatefulSet({ name: 'web', containers: [{ name: 'app', image: 'busybox:1.36', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] });
    expect(issuesOf(without)).toContain('spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"');
  });

  it('§P.1 accepts the fixture, a Parallel set and an OnDelete set', () => {
    expect(issuesOf(sts())).toEqual([]);
    expect(issuesOf(sts({ podManagementPolicy: 'Parallel' }))).toEqual([]);
    expect(issuesOf(sts({ updateStrategy: { type: 'OnDelete' } }))).toEqual([]);
  });
});

describe('StatefulSet, ControllerRevision and PersistentVolumeClaim kinds', () => {
  it('are registered and parse from manifests with defaults', () => {
    const kinds = listKinds().map((k) => `${k.apiVersion}/${k.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(['apps/v1/StatefulSet', 'apps/v1/ControllerRevision', 'v1/PersistentVolumeClaim']));
    expect(getKindDefinition('apps/v1', 'StatefulSet')?.namespaced).toBe(true);
    const [obj] = parseManifests(`
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: web
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: busybox:1.36 }] }
`);
    expect(obj?.kind).toBe('StatefulSet');
    expect((obj as StatefulSet).spec.podManagementPolicy).toBe('OrderedReady');
  });

  it('rejects an invalid StatefulSet manifest with the field path', () => {
    expect(() => parseManifests(`
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  replicas: -1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: busybox:1.36 }] }
`)).toThrow(/spec\.replicas/);
  });
});
