import { describe, expect, it } from 'vitest';
import type { PodTemplateSpec, ReplicaSet } from 'podkit';
import { claimPods, controllerRefFor, expandTemplate, podNamePrefix } from 'podkit/planners';
import { newPod } from 'podkit/testing';

const rs: ReplicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'web', namespace: 'shop', uid: 'rs-uid' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { note: 'x' }, finalizers: ['example.com/keep'] },
      spec: { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'A', value: '1' }] }] },
    },
  },
};

describe('expandTemplate', () => {
  it('copies labels, annotations, finalizers and the spec, and sets the controllerRef (§K.1, §K.2)', () => {
    const pod = expandTemplate(rs.spec.template, rs);
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        namespace: 'shop',
        generateName: 'web-',
        labels: { app: 'web' },
        annotations: { note: 'x' },
        finalizers: ['example.com/keep'],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }],
      },
      spec: rs.spec.template.spec,
    });
    expect(pod.metadata.name).toBeUndefined();
  });

  it('deep-copies: changing the pod never changes the template (cookie cutter)', () => {
    const template: PodTemplateSpec = structuredClone(rs.spec.template);
    const pod = expandTemplate(template, rs);
    pod.spec.containers[0]!.env![0]!.value = 'changed';
    pod.metadata.labels!['app'] = 'changed';
    expect(template).toEqual(rs.spec.template);
  });

  it('takes the namespace from the context, then the owner, then default', () => {
    expect(expandTemplate(rs.spec.template, rs, { namespace: 'other' }).metadata.namespace).toBe('other');
    expect(expandTemplate(rs.spec.template, { ...rs, metadata: { name: 'x', uid: 'u' } }).metadata.namespace).toBe('default');
  });
});

describe('podNamePrefix', () => {
  it('is <owner>- for a valid prefix (§K.3)', () => {
    expect(podNamePrefix('web')).toBe('web-');
  });

  it('drops the dash when the dashed prefix is not a valid name (§K.3)', () => {
    expect(podNamePrefix('Web_1')).toBe('Web_1');
    // The trailing dash is masked the API server's way, so even a 253-character owner keeps it.
    expect(podNamePrefix('a'.repeat(253))).toBe(`${'a'.repeat(253)}-`);
  });
});

describe('controllerRefFor', () => {
  it('is a blocking controller reference', () => {
    expect(controllerRefFor(rs)).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true });
  });
});

describe('claimPods', () => {
  const ref = controllerRefFor(rs);
  const owned = (name: string, labels: Record<string, string>) =>
    newPod({ name, namespace: 'shop', labels, metadata: { ownerReferences: [ref] } });
  const orphan = (name: string, labels: Record<string, string>, extra = {}) => newPod({ name, namespace: 'shop', labels, metadata: extra });
  const other = newPod({
    name: 'other',
    namespace: 'shop',
    labels: { app: 'web' },
    metadata: { ownerReferences: [{ ...ref, uid: 'another', name: 'AnotherRS' }] },
  });

  it('keeps owned matching pods, releases owned non-matching, adopts matching orphans, ignores others (§H.6)', () => {
    const keep = owned('keep', { app: 'web' });
    const release = owned('release', { app: 'db' });
    const adopt = orphan('adopt', { app: 'web' });
    const stranger = orphan('stranger', { app: 'db' });
    const result = claimPods(rs, rs.spec.selector, [keep, release, adopt, stranger, other]);
    expect(result.claimed).toEqual([keep, adopt]);
    expect(result.release).toEqual([release]);
    expect(result.adopt).toEqual([adopt]);
  });

  it('does not adopt an orphan that is being deleted (§H.6)', () => {
    const dying = orphan('dying', { app: 'web' }, { deletionTimestamp: '2024-01-01T00:00:00Z' });
    expect(claimPods(rs, rs.spec.selector, [dying])).toEqual({ claimed: [], adopt: [], release: [] });
  });

  it('neither adopts nor releases while the owner is being deleted (TestDoNotAdoptOrCreateIfBeingDeleted)', () => {
    const deleting = { ...rs, metadata: { ...rs.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } };
    const keep = owned('keep', { app: 'web' });
    const result = claimPods(deleting, rs.spec.selector, [keep, owned('release', { app: 'db' }), orphan('adopt', { app: 'web' })]);
    expect(result).toEqual({ claimed: [keep], adopt: [], release: [] });
  });
});
