import { describe, expect, it } from 'vitest';
import { getKindDefinition, listKinds, parseImageReference } from 'podkit/model';
import { pod } from './helpers.js';

describe('kind registry', () => {
  it('lists the built-in kinds in registration order', () => {
    expect(listKinds()).toEqual([
      { apiVersion: 'v1', kind: 'Pod' },
      { apiVersion: 'v1', kind: 'Node' },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
      { apiVersion: 'apps/v1', kind: 'DaemonSet' },
      { apiVersion: 'batch/v1', kind: 'Job' },
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'apps/v1', kind: 'StatefulSet' },
      { apiVersion: 'apps/v1', kind: 'ControllerRevision' },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
      { apiVersion: 'batch/v1', kind: 'CronJob' },
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' },
    ]);
  });

  it('looks a kind up by apiVersion and kind, and knows Nodes are cluster-scoped', () => {
    expect(getKindDefinition('v1', 'Pod')?.namespaced).toBe(true);
    expect(getKindDefinition('v1', 'Node')?.namespaced).toBe(false);
    expect(getKindDefinition('apps/v1', 'Job')).toBeUndefined();
  });

  it('bundles schema, defaults and validation', () => {
    const def = getKindDefinition('v1', 'Pod');
    expect(def?.schema.safeParse(pod()).success).toBe(true);
    const defaulted = def?.applyDefaults(pod());
    expect(defaulted === undefined ? undefined : def?.validate(defaulted)).toEqual([]);
  });
});

describe('parseImageReference', () => {
  it.each([
    ['busybox', { name: 'busybox', tag: 'latest' }],
    ['busybox:1.36', { name: 'busybox', tag: '1.36' }],
    ['registry:5000/img', { name: 'registry:5000/img', tag: 'latest' }],
    ['registry:5000/img:v2', { name: 'registry:5000/img', tag: 'v2' }],
    ['localhost/team/app:dev', { name: 'localhost/team/app', tag: 'dev' }],
    [`app@sha256:${'0'.repeat(64)}`, { name: 'app', digest: `sha256:${'0'.repeat(64)}` }],
    [`app:v1@sha256:${'0'.repeat(64)}`, { name: 'app', tag: 'v1', digest: `sha256:${'0'.repeat(64)}` }],
  ])('parses %s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  it.each(['', 'Busybox', 'app:', 'a'.repeat(64).replace(/a/g, 'f'), 'a//b', 'app:bad tag'])('rejects %j', (image) => {
    expect(parseImageReference(image)).toBeUndefined();
  });
});
