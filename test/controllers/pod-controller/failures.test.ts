import { describe, expect, it } from 'vitest';
import { podStatusText } from 'podkit';
import { pod, recordStatuses, setup, sh } from './helpers.js';

describe('PodController runtime failures', () => {
  it('retries a failed sandbox creation with a growing delay (FailedCreatePodSandBox)', async () => {
    const s = setup();
    s.runtime.inject({ pod: 'web', fault: { type: 'sandboxFailure', message: 'network plugin not ready' }, times: 2 });
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await s.until(5);
    expect(s.runtime.calls.filter((c) => c.method === 'runPodSandbox').map((c) => (c.time - s.t0) / 1000)).toEqual([0, 1, 3]);
    const failed = s.events('FailedCreatePodSandBox')[0]!;
    expect([failed.type, failed.count, failed.message]).toEqual(['Warning', 2, 'Failed to create pod sandbox: network plugin not ready']);
    expect(podStatusText(s.ctrl.get('web')!)).toBe('Running');
    expect(s.errors).toEqual([]);
  });

  it('keeps a container whose creation failed waiting in CreateContainerError and retries it', async () => {
    const s = setup();
    s.runtime.inject({ container: 'app', fault: { type: 'createFailure', message: 'no space left on device' }, times: 1 });
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await s.until(1);
    const p = s.ctrl.get('web')!;
    expect(p.status?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason: 'CreateContainerError', message: 'no space left on device' });
    expect(s.events('Failed').map((e) => e.message)).toEqual(['Error: no space left on device']);
    await s.until(10);
    expect(podStatusText(s.ctrl.get('web')!)).toBe('Running');
  });

  it('records a container that could not start as StartError and restarts it with back-off', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [{ name: 'app', image: 'busybox:1.36', command: ['no-such-binary'] }]));
    await s.until(5);
    const c = s.ctrl.get('web')!.status!.containerStatuses![0]!;
    expect(c.restartCount).toBe(1);
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 127, reason: 'StartError' });
    expect(c.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(s.events('Failed')[0]!.message).toMatch(/^Error: .*exec: "no-such-binary": executable file not found in \$PATH/);
  });

  it('reports OOMKilled for a container over its memory limit', async () => {
    const s = setup();
    const seen = recordStatuses(s.ctrl, 'hog', s.clock, s.t0);
    s.ctrl.run(pod('hog', [sh('app', 'sleep 2; tail /dev/zero', { resources: { limits: { memory: '16Mi' } } })], { restartPolicy: 'Never' }));
    await s.until(5);
    const p = s.ctrl.get('hog')!;
    expect(p.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(p.status?.phase).toBe('Failed');
    expect(seen.map((x) => x.status)).toContain('OOMKilled');
  });

  it('restarts a container killed by an injected signal per restart policy', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600')]));
    await s.until(5);
    s.runtime.inject({ pod: 'web', fault: { type: 'signal', signal: 'SIGSEGV', afterMs: '1s' }, times: 1 });
    await s.until(7);
    const c = s.ctrl.get('web')!.status!.containerStatuses![0]!;
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 139, signal: 11, finishedAt: '2024-01-01T00:00:06Z' });
    expect(c).toMatchObject({ restartCount: 1, state: { running: { startedAt: '2024-01-01T00:00:06Z' } } });
  });
});
