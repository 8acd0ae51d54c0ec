// Pure mapping of Docker inspect payloads and events to podkit's runtime types: no engine needed.
// Internal module (not part of podkit/docker's API), imported by path.
import { describe, expect, it } from 'vitest';
import { toDockerLabels } from 'podkit/docker';
import type { DockerContainerInspect } from '../../src/docker/engine-types.js';
import { parseDockerTime, sandboxVolumes, toContainerStatus, toRuntimeEvent, toSandboxStatus } from '../../src/docker/from-docker.js';

const NS = 'io.podkit';
const ZERO = '0001-01-01T00:00:00Z';
const CREATED = '2024-05-01T10:00:00.123456789Z';
const STARTED = '2024-05-01T10:00:01.5Z';
const FINISHED = '2024-05-01T10:00:09.25Z';

const containerLabels = { app: 'web', ...toDockerLabels({ role: 'container', podUid: 'u1', namespace: 'default', podName: 'web', containerName: 'app', attempt: 2, sandboxId: 'sb1' }, NS) };

const inspect = (state: Partial<DockerContainerInspect['State']>, over: Partial<DockerContainerInspect> = {}): DockerContainerInspect => ({
  Id: 'c1',
  Name: '/podkit_app_web_default_u1_2',
  Created: CREATED,
  Image: 'sha256:img',
  State: { Status: 'running', Running: false, OOMKilled: false, ExitCode: 0, Error: '', StartedAt: ZERO, FinishedAt: ZERO, ...state },
  Config: { Image: 'busybox:1.36', Labels: containerLabels },
  ...over,
});

describe('parseDockerTime', () => {
  it('reads nanosecond RFC 3339 to milliseconds and treats the zero time as absent', () => {
    expect(parseDockerTime(CREATED)).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(parseDockerTime(ZERO)).toBeUndefined();
    expect(parseDockerTime('')).toBeUndefined();
    expect(parseDockerTime('garbage')).toBeUndefined();
  });
});

describe('toContainerStatus', () => {
  it('reports a running container with its identity, image and start time', () => {
    const s = toContainerStatus(inspect({ Status: 'running', Running: true, StartedAt: STARTED }), NS);
    expect(s).toEqual({
      id: 'c1',
      sandboxId: 'sb1',
      name: 'app',
      attempt: 2,
      image: 'busybox:1.36',
      imageId: 'sha256:img',
      state: 'running',
      createdAt: Date.UTC(2024, 4, 1, 10, 0, 0, 123),
      startedAt: Date.UTC(2024, 4, 1, 10, 0, 1, 500),
      oomKilled: false,
      labels: { app: 'web' },
    });
  });

  it.each<[string, { ExitCode: number; OOMKilled?: boolean }, string, number | undefined]>([
    ['exit 0 is Completed', { ExitCode: 0 }, 'Completed', undefined],
    ['a non-zero exit is Error', { ExitCode: 3 }, 'Error', undefined],
    ['OOMKilled wins over the exit code', { ExitCode: 137, OOMKilled: true }, 'OOMKilled', 9],
    ['OOMKilled even with exit 0 (the app handled it)', { ExitCode: 0, OOMKilled: true }, 'OOMKilled', undefined],
    ['128+15 is SIGTERM', { ExitCode: 143 }, 'Error', 15],
  ])('maps an exited container (dockershim): %s', (_name, state, reason, signal) => {
    const s = toContainerStatus(inspect({ Status: 'exited', StartedAt: STARTED, FinishedAt: FINISHED, ...state }), NS);
    expect(s.state).toBe('exited');
    expect(s.reason).toBe(reason);
    expect(s.signal).toBe(signal);
    expect(s.exitCode).toBe(state.ExitCode);
    expect(s.finishedAt).toBe(Date.UTC(2024, 4, 1, 10, 0, 9, 250));
    expect(s.oomKilled).toBe(state.OOMKilled ?? false);
  });

  it('reports a container that could not start as exited with StartError, the engine message, and created times', () => {
    const error = 'exec: "/nope": stat /nope: no such file or directory';
    const s = toContainerStatus(inspect({ Status: 'created', ExitCode: 127, Error: error }), NS);
    expect(s).toMatchObject({ state: 'exited', reason: 'StartError', exitCode: 127, message: error });
    expect(s.startedAt).toBe(s.createdAt);
    expect(s.finishedAt).toBe(s.createdAt);
  });

  it('never reports a finish before the start (the engine stamps StartedAt late for instant exits)', () => {
    const s = toContainerStatus(inspect({ Status: 'exited', StartedAt: '2024-05-01T10:00:01.005Z', FinishedAt: '2024-05-01T10:00:01.003Z' }), NS);
    expect(s.startedAt).toBe(Date.UTC(2024, 4, 1, 10, 0, 1, 5));
    expect(s.finishedAt).toBe(s.startedAt);
  });

  it('reports a created, never started container as created without exit facts', () => {
    const s = toContainerStatus(inspect({ Status: 'created' }), NS);
    expect(s.state).toBe('created');
    expect(s.exitCode).toBeUndefined();
    expect(s.reason).toBeUndefined();
    expect(s.startedAt).toBeUndefined();
  });

  it('reports a container being removed without a finish time as unknown', () => {
    expect(toContainerStatus(inspect({ Status: 'removing' }), NS).state).toBe('unknown');
  });

  it('falls back to the Docker name for a container without podkit labels', () => {
    const s = toContainerStatus(inspect({ Status: 'created' }, { Config: { Image: 'x', Labels: null } }), NS);
    expect(s.name).toBe('podkit_app_web_default_u1_2');
    expect(s.labels).toEqual({});
  });
});

describe('toSandboxStatus', () => {
  const sandboxLabels = { app: 'web', ...toDockerLabels({ role: 'sandbox', podUid: 'u1', namespace: 'default', podName: 'web', attempt: 1 }, NS) };
  const sandbox = (running: boolean, networkMode = 'bridge'): DockerContainerInspect =>
    inspect(
      { Status: running ? 'running' : 'exited', Running: running },
      {
        Config: { Image: 'pause', Labels: sandboxLabels },
        HostConfig: { NetworkMode: networkMode },
        NetworkSettings: { IPAddress: '', Networks: { podnet: { IPAddress: '10.1.0.5' } } },
      },
    );

  it('is ready with the pod IP while the infra container runs', () => {
    expect(toSandboxStatus(sandbox(true), NS)).toEqual({
      id: 'c1',
      podUid: 'u1',
      namespace: 'default',
      name: 'web',
      attempt: 1,
      state: 'ready',
      ip: '10.1.0.5',
      hostNetwork: false,
      createdAt: Date.UTC(2024, 4, 1, 10, 0, 0, 123),
      labels: { app: 'web' },
    });
  });

  it('is notready without an IP once stopped', () => {
    const s = toSandboxStatus(sandbox(false), NS);
    expect(s.state).toBe('notready');
    expect(s.ip).toBeUndefined();
  });

  it('reports the host IP, when known, for host networking', () => {
    expect(toSandboxStatus(sandbox(true, 'host'), NS, '192.168.1.10')).toMatchObject({ hostNetwork: true, ip: '192.168.1.10' });
    expect(toSandboxStatus(sandbox(true, 'host'), NS).ip).toBeUndefined();
  });
});

describe('sandboxVolumes', () => {
  it('reads the volumes label back, and [] when absent or corrupt', () => {
    expect(sandboxVolumes({ [`${NS}.volumes`]: '[{"name":"d","type":"emptyDir"}]' }, NS)).toEqual([{ name: 'd', type: 'emptyDir' }]);
    expect(sandboxVolumes({}, NS)).toEqual([]);
    expect(sandboxVolumes({ [`${NS}.volumes`]: '{not json' }, NS)).toEqual([]);
  });
});

describe('toRuntimeEvent', () => {
  const event = (action: string, attributes: Record<string, string>) => ({
    Type: 'container',
    Action: action,
    Actor: { ID: 'c1', Attributes: attributes },
    time: 1_700_000_000,
    timeNano: 1_700_000_000_250_000_000,
  });
  const sandboxLabels = toDockerLabels({ role: 'sandbox', podUid: 'u1', namespace: 'default', podName: 'web' }, NS);

  it.each([
    ['start', {}, false, { type: 'ContainerStarted', containerId: 'c1', sandboxId: 'sb1', at: 1_700_000_000_250 }],
    ['die', { exitCode: '3' }, false, { type: 'ContainerExited', containerId: 'c1', sandboxId: 'sb1', exitCode: 3, oomKilled: false, at: 1_700_000_000_250 }],
    ['die', { exitCode: '137' }, true, { type: 'ContainerExited', containerId: 'c1', sandboxId: 'sb1', exitCode: 137, oomKilled: true, at: 1_700_000_000_250 }],
    ['destroy', {}, false, { type: 'ContainerRemoved', containerId: 'c1', sandboxId: 'sb1', at: 1_700_000_000_250 }],
  ])('maps a container %s event', (action, extra, oom, expected) => {
    expect(toRuntimeEvent(event(action, { ...containerLabels, ...extra }), NS, oom)).toEqual(expected);
  });

  it('maps a sandbox die to SandboxDied and ignores its other events', () => {
    expect(toRuntimeEvent(event('die', sandboxLabels), NS, false)).toEqual({ type: 'SandboxDied', sandboxId: 'c1', at: 1_700_000_000_250 });
    expect(toRuntimeEvent(event('start', sandboxLabels), NS, false)).toBeUndefined();
  });

  it('ignores objects of other label namespaces and uninteresting actions', () => {
    expect(toRuntimeEvent(event('die', { exitCode: '0' }), NS, false)).toBeUndefined();
    expect(toRuntimeEvent(event('die', containerLabels), 'other.ns', false)).toBeUndefined();
    expect(toRuntimeEvent(event('attach', containerLabels), NS, false)).toBeUndefined();
  });

  it('uses whole seconds when the engine gives no nanoseconds', () => {
    const { timeNano: _unused, ...legacy } = event('start', containerLabels);
    expect(toRuntimeEvent(legacy, NS, false)).toMatchObject({ at: 1_700_000_000_000 });
  });
});
