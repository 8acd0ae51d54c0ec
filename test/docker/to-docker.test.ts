// Pure mapping of podkit configs to Docker Engine API bodies: no engine needed.
// Internal module (not part of podkit/docker's API), imported by path.
import { describe, expect, it } from 'vitest';
import type { ContainerConfig, PodSandboxConfig } from 'podkit';
import {
  containerName,
  normalizeImageRef,
  sandboxName,
  toContainerCreateBody,
  toDockerSince,
  toSandboxCreateBody,
  toVolumeCreateBody,
  volumeName,
  type ContainerCreateContext,
  type ResolvedVolume,
} from '../../src/docker/to-docker.js';

const NS = 'io.podkit';

const newContainer = (over: Partial<ContainerConfig> = {}): ContainerConfig => ({
  name: 'app',
  attempt: 0,
  image: 'busybox:1.36',
  env: [],
  mounts: [],
  labels: {},
  ...over,
});

const volumes = new Map<string, ResolvedVolume>([
  ['data', { kind: 'volume', dockerName: 'podkit_u1_data', mountpoint: '/var/lib/docker/volumes/podkit_u1_data/_data' }],
  ['nopath', { kind: 'volume', dockerName: 'podkit_u1_nopath' }],
  ['host', { kind: 'bind', path: '/srv/host/' }],
]);

const ctx: ContainerCreateContext = { sandboxId: 'sb1', podUid: 'u1', namespace: 'default', podName: 'web', labelNamespace: NS, volumes };

const newSandbox = (over: Partial<PodSandboxConfig> = {}): PodSandboxConfig => ({
  podUid: 'u1',
  namespace: 'default',
  name: 'web',
  attempt: 0,
  hostNetwork: false,
  labels: { app: 'web' },
  volumes: [],
  portMappings: [],
  ...over,
});

const sandboxCtx = { image: 'pause:3.9', namePrefix: 'podkit', labelNamespace: NS, network: 'bridge' };

describe('toContainerCreateBody', () => {
  it.each([
    ['neither command nor args: the image entrypoint and cmd', {}, undefined, undefined],
    ['command only: replaces the entrypoint and drops the image cmd', { command: ['sh', '-c'] }, ['sh', '-c'], []],
    ['args only: replaces the cmd, keeps the entrypoint', { args: ['echo', 'hi'] }, undefined, ['echo', 'hi']],
    ['command and args: entrypoint and cmd', { command: ['sh', '-c'], args: ['echo hi'] }, ['sh', '-c'], ['echo hi']],
    ['empty command counts as unset', { command: [], args: ['x'] }, undefined, ['x']],
  ])('maps Kubernetes command/args semantics: %s', (_name, over, entrypoint, cmd) => {
    const body = toContainerCreateBody(newContainer(over), ctx);
    expect(body.Entrypoint).toEqual(entrypoint);
    expect(body.Cmd).toEqual(cmd);
  });

  it('joins the sandbox network and IPC namespaces and never lets the engine restart it', () => {
    const body = toContainerCreateBody(newContainer(), ctx);
    expect(body.HostConfig.NetworkMode).toBe('container:sb1');
    expect(body.HostConfig.IpcMode).toBe('container:sb1');
    expect(body.HostConfig.RestartPolicy).toEqual({ Name: 'no' });
  });

  it('passes env as NAME=value, workingDir and stopSignal', () => {
    const body = toContainerCreateBody(
      newContainer({ env: [{ name: 'A', value: '1' }, { name: 'B', value: 'x=y' }], workingDir: '/work', stopSignal: 'SIGUSR1' }),
      ctx,
    );
    expect(body.Env).toEqual(['A=1', 'B=x=y']);
    expect(body.WorkingDir).toBe('/work');
    expect(body.StopSignal).toBe('SIGUSR1');
  });

  it('sets the memory limit without swap and the CPU limit in nano-CPUs', () => {
    const body = toContainerCreateBody(newContainer({ resources: { memoryLimitBytes: 32 * 1024 * 1024, nanoCpus: 500_000_000 } }), ctx);
    expect(body.HostConfig.Memory).toBe(33554432);
    expect(body.HostConfig.MemorySwap).toBe(33554432);
    expect(body.HostConfig.NanoCpus).toBe(500_000_000);
    expect(toContainerCreateBody(newContainer(), ctx).HostConfig.Memory).toBeUndefined();
  });

  it('labels the container with its pod, name, attempt and sandbox, keeping the caller labels', () => {
    const body = toContainerCreateBody(newContainer({ attempt: 3, labels: { tier: 'front', [`${NS}.role`]: 'forged' } }), ctx);
    expect(body.Labels).toEqual({
      tier: 'front',
      [`${NS}.managed`]: 'true',
      [`${NS}.role`]: 'container',
      [`${NS}.pod-uid`]: 'u1',
      [`${NS}.pod-namespace`]: 'default',
      [`${NS}.pod-name`]: 'web',
      [`${NS}.container-name`]: 'app',
      [`${NS}.attempt`]: '3',
      [`${NS}.sandbox-id`]: 'sb1',
    });
  });

  it.each([
    ['an emptyDir volume by name', { volume: 'data', containerPath: '/data', readOnly: false }, 'podkit_u1_data:/data'],
    ['readOnly as :ro', { volume: 'data', containerPath: '/data', readOnly: true }, 'podkit_u1_data:/data:ro'],
    [
      'an emptyDir subPath as the volume data directory',
      { volume: 'data', containerPath: '/cfg', readOnly: false, subPath: 'a/b/' },
      '/var/lib/docker/volumes/podkit_u1_data/_data/a/b:/cfg',
    ],
    ['a hostPath as a bind mount', { volume: 'host', containerPath: '/h', readOnly: true }, '/srv/host/:/h:ro'],
    ['a hostPath subPath', { volume: 'host', containerPath: '/h', readOnly: false, subPath: 'x' }, '/srv/host/x:/h'],
    ['an empty subPath as none', { volume: 'data', containerPath: '/d', readOnly: false, subPath: '' }, 'podkit_u1_data:/d'],
  ])('mounts %s', (_name, mount, bind) => {
    expect(toContainerCreateBody(newContainer({ mounts: [mount] }), ctx).HostConfig.Binds).toEqual([bind]);
  });

  it.each([
    ['an unknown volume', { volume: 'nope', containerPath: '/x', readOnly: false }, 'invalid_argument', 'mounts[0].volume'],
    ['a relative containerPath', { volume: 'data', containerPath: 'x', readOnly: false }, 'invalid_argument', 'mounts[0].containerPath'],
    ['a subPath escaping with ..', { volume: 'data', containerPath: '/x', readOnly: false, subPath: '../etc' }, 'invalid_argument', 'mounts[0].subPath'],
    ['an absolute subPath', { volume: 'data', containerPath: '/x', readOnly: false, subPath: '/etc' }, 'invalid_argument', 'mounts[0].subPath'],
    ['a path with a colon', { volume: 'data', containerPath: '/x:y', readOnly: false }, 'invalid_argument', 'mounts[0]'],
    ['a subPath on a volume without an engine path', { volume: 'nopath', containerPath: '/x', readOnly: false, subPath: 's' }, 'unsupported', 'mounts[0].subPath'],
  ])('rejects %s naming the field', (_name, mount, code, field) => {
    expect(() => toContainerCreateBody(newContainer({ mounts: [mount] }), ctx)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ field }) }));
  });
});

describe('toSandboxCreateBody', () => {
  it('creates an infra container on the pod network with a shareable IPC namespace and the pod hostname', () => {
    const body = toSandboxCreateBody(newSandbox(), sandboxCtx);
    expect(body.Image).toBe('pause:3.9');
    expect(body.Hostname).toBe('web');
    expect(body.HostConfig.NetworkMode).toBe('bridge');
    expect(body.HostConfig.IpcMode).toBe('shareable');
    expect(body.Entrypoint).toBeUndefined();
    expect(body.Labels).toMatchObject({ app: 'web', [`${NS}.role`]: 'sandbox', [`${NS}.attempt`]: '0', [`${NS}.volumes`]: '[]' });
  });

  it('replaces the sandbox image entrypoint with the configured command', () => {
    const body = toSandboxCreateBody(newSandbox(), { ...sandboxCtx, command: ['sleep', '2147483647'] });
    expect(body.Entrypoint).toEqual(['sleep', '2147483647']);
    expect(body.Cmd).toEqual([]);
  });

  it('uses the host network (and no hostname, no port bindings) for hostNetwork pods', () => {
    const body = toSandboxCreateBody(
      newSandbox({ hostNetwork: true, portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }] }),
      sandboxCtx,
    );
    expect(body.HostConfig.NetworkMode).toBe('host');
    expect(body.Hostname).toBeUndefined();
    expect(body.HostConfig.PortBindings).toBeUndefined();
  });

  it('publishes host ports on the sandbox', () => {
    const body = toSandboxCreateBody(
      newSandbox({
        portMappings: [
          { containerPort: 80, hostPort: 8080, protocol: 'TCP' },
          { containerPort: 53, hostPort: 5353, protocol: 'UDP', hostIP: '127.0.0.1' },
        ],
      }),
      sandboxCtx,
    );
    expect(body.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {} });
    expect(body.HostConfig.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '', HostPort: '8080' }],
      '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
    });
  });

  it('holds every emptyDir volume for the life of the pod and records the volumes in a label', () => {
    const vols = [
      { name: 'cache', type: 'emptyDir' as const },
      { name: 'etc', type: 'hostPath' as const, path: '/etc' },
    ];
    const body = toSandboxCreateBody(newSandbox({ volumes: vols }), sandboxCtx);
    expect(body.HostConfig.Binds).toEqual(['podkit_u1_cache:/.podkit/volumes/cache']);
    expect(JSON.parse(body.Labels[`${NS}.volumes`] ?? '')).toEqual(vols);
  });

  it('truncates the hostname to 63 characters', () => {
    expect(toSandboxCreateBody(newSandbox({ hostname: 'h'.repeat(80) }), sandboxCtx).Hostname).toHaveLength(63);
  });
});

describe('toVolumeCreateBody', () => {
  const pod = { podUid: 'u1', namespace: 'default', podName: 'web' };
  it('creates a local volume labelled with the pod and the volume name', () => {
    expect(toVolumeCreateBody({ name: 'data', type: 'emptyDir' }, pod, sandboxCtx)).toEqual({
      Name: 'podkit_u1_data',
      Driver: 'local',
      DriverOpts: {},
      Labels: {
        [`${NS}.managed`]: 'true',
        [`${NS}.role`]: 'volume',
        [`${NS}.pod-uid`]: 'u1',
        [`${NS}.pod-namespace`]: 'default',
        [`${NS}.pod-name`]: 'web',
        [`${NS}.volume-name`]: 'data',
      },
    });
  });

  it('makes a medium Memory emptyDir a tmpfs sized by its limit', () => {
    expect(toVolumeCreateBody({ name: 'm', type: 'emptyDir', medium: 'Memory', sizeLimitBytes: 1048576 }, pod, sandboxCtx).DriverOpts).toEqual({
      type: 'tmpfs',
      device: 'tmpfs',
      o: 'size=1048576',
    });
  });
});

describe('names', () => {
  it('follows the dockershim scheme, with characters Docker refuses replaced', () => {
    expect(sandboxName('podkit', { name: 'web', namespace: 'default', podUid: 'u-1', attempt: 2 })).toBe('podkit_POD_web_default_u-1_2');
    expect(containerName('pk', { podName: 'web', namespace: 'ns', podUid: 'u1' }, { name: 'app', attempt: 1 })).toBe('pk_app_web_ns_u1_1');
    expect(volumeName('podkit', 'u:1', 'data')).toBe('podkit_u-1_data');
  });
});

describe('normalizeImageRef', () => {
  it.each([
    ['busybox', 'busybox:latest'],
    ['busybox:1.36', 'busybox:1.36'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
    ['app@sha256:abc', 'app@sha256:abc'],
  ])('%s → %s', (input, output) => {
    expect(normalizeImageRef(input)).toBe(output);
  });
});

describe('toDockerSince', () => {
  it('writes seconds.nanoseconds', () => {
    expect(toDockerSince(1_700_000_000_123)).toBe('1700000000.123000000');
    expect(toDockerSince(5_000)).toBe('5.000000000');
  });
});
