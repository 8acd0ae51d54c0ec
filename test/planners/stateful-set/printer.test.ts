// `kubectl get statefulsets|controllerrevisions|pvc` text (upstream printStatefulSet,
// printControllerRevision, printPersistentVolumeClaim; docs/reference/kubernetes-rules.md §P.9).
import { describe, expect, it } from 'vitest';
import { formatControllerRevisionTable, formatPersistentVolumeClaimTable, formatStatefulSetTable, type PersistentVolumeClaim } from 'podkit';
import { newStatefulSetRevision } from 'podkit/planners';
import { newStatefulSet } from 'podkit/testing';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const created = '2026-01-01T00:00:00Z';

describe('formatStatefulSetTable (§P.9)', () => {
  it('§P.9 prints NAME READY AGE with READY = readyReplicas/replicas', () => {
    const web = newStatefulSet({ name: 'web', replicas: 3, metadata: { creationTimestamp: created }, status: { replicas: 3, readyReplicas: 2 } });
    const db = newStatefulSet({ name: 'database', metadata: { creationTimestamp: created } });
    expect(formatStatefulSetTable([web, db], NOW)).toBe(['NAME       READY   AGE', 'web        2/3     60m', 'database   0/1     60m'].join('\n'));
  });

  it('§P.9 wide adds CONTAINERS IMAGES', () => {
    const web = newStatefulSet({
      name: 'web',
      metadata: { creationTimestamp: created },
      containers: [{ name: 'app', image: 'busybox:1.36' }, { name: 'side', image: 'nginx:1.27' }],
    });
    expect(formatStatefulSetTable([web], NOW, { wide: true })).toBe(['NAME   READY   AGE   CONTAINERS   IMAGES', 'web    0/1     60m   app,side     busybox:1.36,nginx:1.27'].join('\n'));
  });
});

describe('formatControllerRevisionTable and formatPersistentVolumeClaimTable (§P.9)', () => {
  it('§P.9 prints NAME CONTROLLER REVISION AGE', () => {
    const cr = newStatefulSetRevision(newStatefulSet({ name: 'web' }), 2, 0);
    const stamped = { ...cr, metadata: { ...cr.metadata, name: 'web-abc', creationTimestamp: created } };
    expect(formatControllerRevisionTable([stamped], NOW)).toBe(['NAME      CONTROLLER             REVISION   AGE', 'web-abc   statefulset.apps/web   2          60m'].join('\n'));
  });

  it('§P.9 prints a pending claim without capacity or access modes', () => {
    const pvc: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'www-web-0', creationTimestamp: created },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard' },
      status: { phase: 'Pending' },
    };
    expect(formatPersistentVolumeClaimTable([pvc], NOW)).toBe(
      [
        'NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'www-web-0   Pending                                      standard       <unset>                 60m',
      ].join('\n'),
    );
  });
});
