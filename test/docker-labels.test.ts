import { describe, expect, it } from 'vitest';
import { fromDockerLabels, reservedLabelKeys, toDockerLabels, userLabels } from 'podkit/docker';

describe('docker labels', () => {
  it('round-trips a container identity', () => {
    const id = { podUid: 'u1', namespace: 'default', podName: 'web', containerName: 'app', attempt: 2, role: 'container' } as const;
    expect(fromDockerLabels(toDockerLabels(id))).toEqual(id);
  });

  it('ignores objects podkit did not create', () => {
    expect(fromDockerLabels({ 'com.example': 'x' })).toBeUndefined();
  });

  it("keeps every caller key verbatim, in the adapter's namespace too; only the reserved keys are the adapter's", () => {
    const identity = toDockerLabels({ podUid: 'u1', namespace: 'default', podName: 'web', role: 'sandbox' });
    const caller = { 'io.podkit.node-name': 'n1', 'io.podkit.team': 'a', 'io.kubernetes.pod.uid': 'u1', app: 'web' };
    expect(userLabels({ ...identity, ...caller })).toEqual(caller);
    expect(userLabels({ ...toDockerLabels({ podUid: 'u', namespace: 'd', podName: 'p', role: 'volume' }, 'x.y'), 'x.y.extra': '1' }, 'x.y')).toEqual({ 'x.y.extra': '1' });
  });

  it('reserves exactly the keys it writes', () => {
    expect([...reservedLabelKeys()].sort()).toEqual(
      ['attempt', 'claim', 'container-name', 'managed', 'pod-name', 'pod-namespace', 'pod-uid', 'role', 'sandbox-id', 'volume-name', 'volumes'].map((k) => `io.podkit.${k}`),
    );
    expect(reservedLabelKeys('x.y')).toContain('x.y.managed');
  });
});
