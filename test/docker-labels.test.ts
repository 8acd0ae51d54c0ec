import { describe, expect, it } from 'vitest';
import { fromDockerLabels, toDockerLabels } from 'podkit/docker';

describe('docker labels', () => {
  it('round-trips a container identity', () => {
    const id = { podUid: 'u1', namespace: 'default', podName: 'web', containerName: 'app', attempt: 2, role: 'container' } as const;
    expect(fromDockerLabels(toDockerLabels(id))).toEqual(id);
  });

  it('ignores objects podkit did not create', () => {
    expect(fromDockerLabels({ 'com.example': 'x' })).toBeUndefined();
  });
});
