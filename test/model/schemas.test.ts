import { describe, expect, it } from 'vitest';
import { isPodActive } from 'podkit';
import { PodSchema, JobSchema, toTimestamp, toMillis, isSidecar, objectKey } from 'podkit/model';
import { newPod } from 'podkit/testing';

describe('PodSchema', () => {
  it('accepts a minimal v1 Pod', () => {
    expect(PodSchema.safeParse(newPod()).success).toBe(true);
  });

  it('rejects a Pod without containers and names the path', () => {
    const result = PodSchema.safeParse({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec: {} });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['spec', 'containers']);
  });

  it('rejects an unknown restart policy', () => {
    const pod = newPod({ spec: { restartPolicy: 'Sometimes' as never } });
    expect(PodSchema.safeParse(pod).success).toBe(false);
  });
});

describe('JobSchema', () => {
  it('rejects a completionMode other than NonIndexed or Indexed', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { completionMode: 'Sequential', template: { spec: { containers: [{ name: 'c' }] } } },
    };
    expect(JobSchema.safeParse(job).success).toBe(false);
  });
});

describe('toTimestamp', () => {
  it.each([
    [0, '1970-01-01T00:00:00Z'],
    [1_500, '1970-01-01T00:00:01Z'],
    ['2024-05-01T10:00:00.999Z', '2024-05-01T10:00:00Z'],
    [new Date('2024-05-01T10:00:59Z'), '2024-05-01T10:00:59Z'],
  ])('formats %s as whole-second RFC 3339 (%s), as metav1.Time does (§C.7)', (input, expected) => {
    expect(toTimestamp(input)).toBe(expected);
  });

  it('rejects an unparseable time with invalid_argument', () => {
    expect(() => toMillis('yesterday')).toThrowError(/Expected a time/);
  });
});

describe('pod predicates', () => {
  it('treats terminal and terminating pods as inactive (§H.1)', () => {
    expect(isPodActive(newPod())).toBe(true);
    expect(isPodActive(newPod({ status: { phase: 'Succeeded' } }))).toBe(false);
    expect(isPodActive(newPod({ status: { phase: 'Failed' } }))).toBe(false);
    expect(isPodActive(newPod({ metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } }))).toBe(false);
  });

  it('recognises a sidecar as an init container with restartPolicy Always (§A.1)', () => {
    expect(isSidecar({ name: 's', restartPolicy: 'Always' })).toBe(true);
    expect(isSidecar({ name: 'i' })).toBe(false);
  });

  it('keys objects by namespace/name, defaulting the namespace', () => {
    expect(objectKey({ metadata: { name: 'web' } })).toBe('default/web');
    expect(objectKey({ metadata: { name: 'web', namespace: 'prod' } })).toBe('prod/web');
  });
});
