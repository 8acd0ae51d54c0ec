// Fixture builders share one option naming scheme and reject unknown options at run time
// (issue 20: `newPod({ podSpec })` used to be dropped silently and the test timed out later).
import { describe, expect, it } from 'vitest';
import { newCronJob, newDaemonSet, newDeployment, newJob, newNode, newPod, newReplicaSet, newStatefulSet, rejectUnknownOptions } from 'podkit/testing';

/** Matches a PodkitError('invalid_argument') with this message (and these details, if given). */
function invalid(message: string, details?: Record<string, unknown>): unknown {
  return expect.objectContaining({ name: 'PodkitError', code: 'invalid_argument', message, ...(details === undefined ? {} : { details }) });
}

describe('rejectUnknownOptions', () => {
  const accepted = ['name', 'replicas'] as const;

  it('accepts known keys (with undefined values too) and an empty object', () => {
    expect(() => rejectUnknownOptions('newThing', {}, accepted)).not.toThrow();
    expect(() => rejectUnknownOptions('newThing', { name: 'a', replicas: undefined }, accepted)).not.toThrow();
  });

  it('throws invalid_argument naming the builder, the unknown key and the accepted ones', () => {
    expect(() => rejectUnknownOptions('newThing', { name: 'a', nmae: 'b' }, accepted)).toThrow(
      invalid('newThing: unknown option "nmae"; accepted options: name, replicas.', { builder: 'newThing', unknown: ['nmae'], accepted: ['name', 'replicas'] }),
    );
  });

  it('names every unknown key, even one whose value is undefined', () => {
    expect(() => rejectUnknownOptions('newThing', { a: 1, b: undefined }, accepted)).toThrow(invalid('newThing: unknown options "a", "b"; accepted options: name, replicas.'));
  });

  it('rejects something that is not an options object', () => {
    expect(() => rejectUnknownOptions('newThing', null as unknown as object, accepted)).toThrow(invalid('newThing: expected an options object, received null.'));
    expect(() => rejectUnknownOptions('newThing', [] as object, accepted)).toThrow(invalid('newThing: expected an options object, received an array.'));
  });
});

describe('fixture builders reject unknown options', () => {
  it.each([
    ['newPod', () => newPod({ podSpek: {} } as never), 'newPod: unknown option "podSpek"; accepted options: name, namespace, uid, labels, annotations, containers, podSpec, spec, status, metadata.'],
    ['newReplicaSet', () => newReplicaSet({ replica: 3 } as never), 'newReplicaSet: unknown option "replica"; accepted options: name, namespace, uid, labels, selectorLabels, containers, podSpec, metadata, replicas, spec, status.'],
    ['newJob', () => newJob({ completion: 3 } as never), 'newJob: unknown option "completion"; accepted options: name, namespace, uid, labels, selectorLabels, containers, podSpec, metadata, completions, parallelism, backoffLimit, completionMode, spec, status.'],
    ['newDaemonSet', () => newDaemonSet({ template: {} } as never), 'newDaemonSet: unknown option "template"; accepted options: name, namespace, uid, labels, selectorLabels, containers, podSpec, metadata, spec, status.'],
    ['newNode', () => newNode({ taints: [] } as never), 'newNode: unknown option "taints"; accepted options: name, labels, ready, spec, status, metadata.'],
  ])('%s throws invalid_argument naming the key and the accepted ones', (_name, build, message) => {
    expect(build).toThrow(invalid(message));
  });
});

describe('one naming scheme across builders', () => {
  it('newPod takes podSpec like the workload builders (merged, then spec)', () => {
    const pod = newPod({ podSpec: { restartPolicy: 'Never', nodeName: 'n1' }, spec: { nodeName: 'n2' } });
    expect([pod.spec.restartPolicy, pod.spec.nodeName]).toEqual(['Never', 'n2']);
  });

  it('podSpec and containers mean the pod\'s for newPod and the template\'s for every workload', () => {
    const containers = [{ name: 'c', image: 'busybox:1.36' }];
    const podSpec = { restartPolicy: 'OnFailure' as const };
    expect(newPod({ containers, podSpec }).spec).toMatchObject({ containers, restartPolicy: 'OnFailure' });
    for (const w of [newReplicaSet({ containers, podSpec }), newJob({ containers, podSpec }), newDaemonSet({ containers, podSpec }), newDeployment({ containers, podSpec }), newStatefulSet({ containers, podSpec })]) {
      expect(w.spec.template.spec).toMatchObject({ containers, restartPolicy: 'OnFailure' });
    }
    expect(newCronJob({ containers, podSpec }).spec.jobTemplate.spec.template.spec).toMatchObject({ containers, restartPolicy: 'OnFailure' });
  });

  it('labels are the object\'s own labels everywhere; selectorLabels are a workload\'s pods\'', () => {
    expect(newPod({ labels: { a: '1' } }).metadata.labels).toEqual({ a: '1' });
    expect(newNode({ name: 'n', labels: { a: '1' } }).metadata.labels).toEqual({ 'kubernetes.io/hostname': 'n', a: '1' });
    const rs = newReplicaSet({ name: 'web', labels: { team: 'x' }, selectorLabels: { app: 'w' } });
    expect([rs.metadata.labels, rs.spec.template.metadata?.labels, rs.spec.selector.matchLabels]).toEqual([{ team: 'x' }, { app: 'w' }, { app: 'w' }]);
    expect(newJob({ labels: { team: 'x' } }).metadata.labels).toEqual({ team: 'x' });
    expect(newDaemonSet({ labels: { team: 'x' } }).metadata.labels).toEqual({ team: 'x' });
    for (const w of [newDeployment({ labels: { team: 'x' } }), newStatefulSet({ labels: { team: 'x' } }), newCronJob({ labels: { team: 'x' } })]) expect(w.metadata.labels).toEqual({ team: 'x' });
    expect(() => newDeployment({ replica: 3 } as never)).toThrow(/newDeployment: unknown option "replica"; accepted options: name, namespace, uid, labels, selectorLabels/);
  });
});
