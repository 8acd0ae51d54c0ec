import { describe, expect, it } from 'vitest';
import { MemoryStore, applyDefaults, validateObject } from 'podkit';
import { newDaemonSet, newJob, newNode, newPod, newReplicaSet, VirtualClock } from 'podkit/testing';

describe('fixture builders', () => {
  it.each([
    ['newPod', () => newPod()],
    ['newReplicaSet', () => newReplicaSet()],
    ['newJob', () => newJob()],
    ['newDaemonSet', () => newDaemonSet()],
    ['newNode', () => newNode()],
  ])('%s builds an object the store accepts as is', (_name, build) => {
    const store = new MemoryStore({ clock: new VirtualClock() });
    const obj = build();
    const stored = store.create(obj);
    expect(stored.metadata.resourceVersion).toBeDefined();
    expect(stored.kind).toBe(obj.kind);
  });

  it('newReplicaSet selects and labels its pods app=<name> with the given replica count', () => {
    const rs = newReplicaSet({ name: 'web', replicas: 3 });
    expect(rs.spec.replicas).toBe(3);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web' });
    expect(rs.spec.template.metadata?.labels).toEqual({ app: 'web' });
    expect(rs.metadata).toMatchObject({ name: 'web', namespace: 'default', uid: 'uid-web' });
  });

  it('newReplicaSet applies overrides of containers, pod spec, metadata and spec', () => {
    const rs = newReplicaSet({
      name: 'api',
      containers: [{ name: 'srv', image: 'nginx:1.25' }],
      podSpec: { nodeSelector: { disk: 'ssd' } },
      metadata: { labels: { team: 'a' } },
      spec: { minReadySeconds: 5 },
    });
    expect(rs.spec.template.spec.containers.map((c) => c.image)).toEqual(['nginx:1.25']);
    expect(rs.spec.template.spec.nodeSelector).toEqual({ disk: 'ssd' });
    expect(rs.spec.template.spec.restartPolicy).toBe('Always');
    expect(rs.metadata.labels).toEqual({ team: 'a' });
    expect(rs.spec.minReadySeconds).toBe(5);
  });

  it('newJob defaults to 1 completion, parallelism 1, backoffLimit 6 and restartPolicy Never', () => {
    const job = newJob({ name: 'batch', completions: 5, parallelism: 2, completionMode: 'Indexed' });
    expect(job.spec).toMatchObject({ completions: 5, parallelism: 2, backoffLimit: 6, completionMode: 'Indexed' });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(newJob().spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6 });
    expect(newJob().spec.completionMode).toBeUndefined();
  });

  it('newDaemonSet selects app=<name> pods', () => {
    const ds = newDaemonSet({ name: 'agent' });
    expect(ds.spec.selector.matchLabels).toEqual({ app: 'agent' });
    expect(ds.spec.template.metadata?.labels).toEqual({ app: 'agent' });
  });

  it('newNode is cluster-scoped, Ready by default, and NotReady with ready: false', () => {
    const node = newNode({ name: 'n1', labels: { zone: 'a' } });
    expect(node.metadata.namespace).toBeUndefined();
    expect(node.metadata.labels).toEqual({ 'kubernetes.io/hostname': 'n1', zone: 'a' });
    expect(node.status?.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True' });
    expect(newNode({ ready: false }).status?.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'False' });
  });

  it('builds objects that pass the model validation once defaulted', () => {
    for (const obj of [newPod(), newReplicaSet(), newJob(), newDaemonSet(), newNode()]) expect(validateObject(applyDefaults(obj))).toEqual([]);
  });
});
