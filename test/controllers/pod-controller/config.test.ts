import { describe, expect, it } from 'vitest';
import type { Container, Pod } from 'podkit';
import { newPod } from 'podkit/testing';
import { expandVariables, resolveEnv } from '../../../src/controllers/pod-controller/env.js';
import { containerConfig, podSandboxConfig } from '../../../src/controllers/pod-controller/sandbox-config.js';

const vars = new Map([
  ['A', 'alpha'],
  ['B', 'beta'],
]);

describe('expandVariables (Kubernetes $(VAR) expansion)', () => {
  it.each([
    ['$(A)', 'alpha'],
    ['x-$(A)-$(B)-y', 'x-alpha-beta-y'],
    ['$(MISSING)', '$(MISSING)'],
    ['$$(A)', '$(A)'],
    ['$$', '$'],
    ['$(A', '$(A'],
    ['$A', '$A'],
    ['cost: 5$', 'cost: 5$'],
    ['no vars', 'no vars'],
  ])('expands %j to %j', (input, expected) => {
    expect(expandVariables(input, vars)).toBe(expected);
  });
});

describe('resolveEnv', () => {
  const pod: Pod = newPod({ name: 'web', uid: 'u-1', labels: { app: 'web' }, metadata: { annotations: { team: 'a' } } });
  const ctx = { pod, nodeName: 'node-1', podIP: '10.244.0.7', hostIP: '10.0.0.2', nodeAllocatable: { cpu: '4', memory: '16Gi' } };
  const resolve = (env: Container['env'], extra: Partial<Container> = {}) => resolveEnv({ name: 'app', image: 'busybox', env, ...extra }, ctx);

  it.each([
    ['metadata.name', 'web'],
    ['metadata.namespace', 'default'],
    ['metadata.uid', 'u-1'],
    ["metadata.labels['app']", 'web'],
    ["metadata.annotations['team']", 'a'],
    ['metadata.labels', 'app="web"'],
    ['spec.nodeName', 'node-1'],
    ['status.podIP', '10.244.0.7'],
    ['status.hostIP', '10.0.0.2'],
  ])('resolves fieldRef %s', (fieldPath, value) => {
    expect(resolve([{ name: 'V', valueFrom: { fieldRef: { fieldPath } } }])).toEqual([{ name: 'V', value }]);
  });

  it('rejects an unsupported fieldRef path with a CreateContainerConfigError', () => {
    expect(() => resolve([{ name: 'V', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }])).toThrow(expect.objectContaining({ message: 'unsupported fieldPath: spec.bogus', details: expect.objectContaining({ reason: 'CreateContainerConfigError' }) }));
  });

  it('resolves resourceFieldRef limits and requests with divisors, falling back to node allocatable for unset limits', () => {
    const resources = { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } };
    expect(
      resolve(
        [
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
          { name: 'CPU_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        ],
        { resources },
      ),
    ).toEqual([
      { name: 'CPU', value: '1' },
      { name: 'CPU_M', value: '250' },
      { name: 'MEM', value: '128' },
    ]);
    expect(resolve([{ name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }])).toEqual([{ name: 'CPU', value: '4' }]);
  });

  it('expands values over the variables defined before them, and skips optional missing keys', () => {
    expect(
      resolve([
        { name: 'LATER', value: '$(FIRST)' },
        { name: 'FIRST', value: 'one' },
        { name: 'AGAIN', value: '$(FIRST)-$(LATER)' },
        { name: 'OPT', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } },
      ]),
    ).toEqual([
      { name: 'LATER', value: '$(FIRST)' },
      { name: 'FIRST', value: 'one' },
      { name: 'AGAIN', value: 'one-$(FIRST)' },
    ]);
    expect(() => resolve([{ name: 'S', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }])).toThrow('secret "s" not found');
  });
});

describe('runtime configs from the pod spec', () => {
  it('builds the sandbox config: identity labels, volumes in bytes, published host ports', () => {
    const pod = newPod({
      name: 'web',
      uid: 'u-1',
      containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 443 }] }],
      spec: { volumes: [{ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }, { name: 'logs', hostPath: { path: '/var/log' } }, { name: 'cfg', configMap: { name: 'x' } } as never] },
    });
    expect(podSandboxConfig(pod, 'node-1', 2)).toEqual({
      podUid: 'u-1',
      namespace: 'default',
      name: 'web',
      attempt: 2,
      hostname: 'web',
      hostNetwork: false,
      labels: { 'io.kubernetes.pod.uid': 'u-1', 'io.kubernetes.pod.name': 'web', 'io.kubernetes.pod.namespace': 'default', 'io.podkit.node-name': 'node-1' },
      volumes: [
        { name: 'cache', type: 'emptyDir', medium: 'Memory', sizeLimitBytes: 1024 ** 3 },
        { name: 'logs', type: 'hostPath', path: '/var/log' },
        { name: 'cfg', type: 'emptyDir' },
      ],
      portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }],
    });
  });

  it('builds the container config: quantities as bytes and nano-CPUs, expanded command, mounts, stop signal', () => {
    const c: Container = {
      name: 'app',
      image: 'busybox:1.36',
      command: ['sh', '-c', 'echo $(GREETING)'],
      args: ['$(MISSING)'],
      resources: { limits: { cpu: '250m', memory: '64Mi' } },
      volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true, subPath: 'sub' }],
      lifecycle: { stopSignal: 'SIGQUIT' },
    };
    const config = containerConfig(c, 3, [{ name: 'GREETING', value: 'hi' }], { 'io.kubernetes.pod.uid': 'u-1' });
    expect(config).toEqual({
      name: 'app',
      attempt: 3,
      image: 'busybox:1.36',
      command: ['sh', '-c', 'echo hi'],
      args: ['$(MISSING)'],
      env: [{ name: 'GREETING', value: 'hi' }],
      mounts: [{ volume: 'data', containerPath: '/data', readOnly: true, subPath: 'sub' }],
      resources: { memoryLimitBytes: 64 * 1024 ** 2, nanoCpus: 250_000_000 },
      stopSignal: 'SIGQUIT',
      labels: { 'io.kubernetes.pod.uid': 'u-1', 'io.kubernetes.container.name': 'app' },
    });
  });
});
