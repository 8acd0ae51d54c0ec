import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPodTable, parseManifests, podStatusText, toPodRow, type Pod } from 'podkit';
import { pod, recordStatuses, setup, sh } from './helpers.js';

const startTimes = (s: ReturnType<typeof setup>): number[] =>
  s.runtime.calls.filter((c) => c.method === 'startContainer').map((c) => (c.time - s.t0) / 1000);

describe('PodController acceptance scenarios', () => {
  it('runs the two-container simple-echo pod from examples/manifests to Running with READY 2/2', async () => {
    const s = setup();
    const [manifest] = parseManifests(readFileSync(new URL('../../../examples/manifests/simple-echo.yaml', import.meta.url), 'utf8'));
    s.ctrl.run(manifest as Pod);
    await s.until(1);
    const p = s.ctrl.get('simple-echo')!;
    expect(toPodRow(p, s.clock.now())).toEqual({ name: 'simple-echo', ready: '2/2', status: 'Running', restarts: '0', age: '1s' });
    expect(p.status?.phase).toBe('Running');
    expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(p.status?.containerStatuses?.map((c) => c.name)).toEqual(['echo', 'nginx']);
    expect(s.events('Started').map((e) => e.message)).toEqual(['Started container nginx', 'Started container echo']);
    expect(s.errors).toEqual([]);
  });

  it('restarts a crashing container at the upstream back-off times: at once, then +10 s, +20 s, +40 s, ... capped at 300 s (§D.2, §D.3)', async () => {
    const s = setup();
    s.ctrl.run(pod('crash', [sh('app', 'echo start; exit 1')]));
    const wall = performance.now();
    await s.until(3600);
    const wallMs = performance.now() - wall;
    expect(startTimes(s)).toEqual([0, 0, 10, 30, 70, 150, 310, 610, 910, 1210, 1510, 1810, 2110, 2410, 2710, 3010, 3310]);
    expect(wallMs).toBeLessThan(1000);
    const p = s.ctrl.get('crash')!;
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBe(16);
    expect(toPodRow(p, s.clock.now())).toMatchObject({ status: 'CrashLoopBackOff', restarts: '16 (4m50s ago)' });
    expect(p.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(`back-off 5m0s restarting failed container=app pod=crash_default(${p.metadata.uid})`);
    expect(p.status?.phase).toBe('Running');
  });

  it('shows STATUS Error at each exit and CrashLoopBackOff while backing off, alternating (§G.1)', async () => {
    const s = setup();
    const seen = recordStatuses(s.ctrl, 'crash', s.clock, s.t0);
    s.ctrl.run(pod('crash', [sh('app', 'echo start; exit 1')]));
    await s.until(200);
    const alternating = seen.map((x) => x.status).filter((x) => x === 'Error' || x === 'CrashLoopBackOff').filter((x, i, a) => i === 0 || a[i - 1] !== x);
    expect(alternating).toEqual(['Error', 'CrashLoopBackOff', 'Error', 'CrashLoopBackOff', 'Error', 'CrashLoopBackOff', 'Error', 'CrashLoopBackOff', 'Error', 'CrashLoopBackOff']);
    expect(seen.filter((x) => x.status === 'CrashLoopBackOff').map((x) => x.t)).toEqual([0, 10, 30, 70, 150]);
    const backOff = s.events('BackOff')[0]!;
    expect(backOff).toMatchObject({ type: 'Warning', count: 5, message: `Back-off restarting failed container app in pod crash_default(${s.ctrl.get('crash')!.metadata.uid})` });
    expect(s.secs(backOff.lastTimestamp)).toBe(150);
  });

  it('kills and restarts the classic liveness example about 30 + 15 s after start, with Unhealthy events (§E.3, §E.4)', async () => {
    const s = setup();
    s.ctrl.run(
      pod('liveness-exec', [
        {
          name: 'liveness',
          image: 'registry.k8s.io/busybox',
          args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ]),
    );
    await s.until(44);
    expect(s.events('Unhealthy')[0]).toMatchObject({ count: 2, message: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory" });
    expect(s.events('Killing')).toEqual([]);
    await s.until(45);
    const unhealthy = s.events('Unhealthy')[0]!;
    expect([s.secs(unhealthy.firstTimestamp), s.secs(unhealthy.lastTimestamp), unhealthy.count]).toEqual([35, 45, 3]);
    const killing = s.events('Killing')[0]!;
    expect([s.secs(killing.lastTimestamp), killing.message, killing.involvedObject.fieldPath]).toEqual([45, 'Container liveness failed liveness probe, will be restarted', 'spec.containers{liveness}']);
    // The shell is PID 1 and has no TERM handler: it ignores SIGTERM and is SIGKILLed after the 30 s grace period.
    await s.until(75);
    const p = s.ctrl.get('liveness-exec')!;
    const c = p.status!.containerStatuses![0]!;
    expect(c.restartCount).toBe(1);
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 137, finishedAt: '2024-01-01T00:01:15Z' });
    expect(toPodRow(p, s.clock.now())).toMatchObject({ ready: '1/1', status: 'Running', restarts: '1 (0s ago)' });
  });

  it('restarts the liveness example right at 45 s when the container dies on SIGTERM (docker --init)', async () => {
    const s = setup({ fake: { init: true } });
    s.ctrl.run(pod('live', [sh('app', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600', { livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 } })]));
    await s.until(45);
    expect(startTimes(s)).toEqual([0, 45]);
    expect(s.ctrl.get('live')!.status!.containerStatuses![0]!.lastState?.terminated?.exitCode).toBe(143);
  });

  it.each([
    { policy: 'Never', script: 'echo done', phase: 'Succeeded', reason: 'Completed', exitCode: 0, status: 'Completed' },
    { policy: 'Never', script: 'echo boom; exit 3', phase: 'Failed', reason: 'Error', exitCode: 3, status: 'Error' },
    { policy: 'OnFailure', script: 'echo done', phase: 'Succeeded', reason: 'Completed', exitCode: 0, status: 'Completed' },
  ] as const)('ends a restartPolicy $policy pod whose container exits $exitCode as $phase without restarting (§A.3, §D.1)', async ({ policy, script, phase, reason, exitCode, status }) => {
    const s = setup();
    s.ctrl.run(pod('job', [sh('app', script)], { restartPolicy: policy }));
    await s.until(60);
    const p = s.ctrl.get('job')!;
    expect(p.status?.phase).toBe(phase);
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 0, state: { terminated: { exitCode, reason } } });
    expect(podStatusText(p)).toBe(status);
    expect(startTimes(s)).toEqual([0]);
    expect(p.status?.conditions?.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
  });

  it('restarts an OnFailure pod only on a non-zero exit, then ends Succeeded (§D.1)', async () => {
    const s = setup();
    const script = 'if [ -f /data/failed-once ]; then echo ok; exit 0; fi; touch /data/failed-once; exit 1';
    s.ctrl.run(pod('retry', [sh('app', script, { volumeMounts: [{ name: 'data', mountPath: '/data' }] })], { restartPolicy: 'OnFailure', volumes: [{ name: 'data', emptyDir: {} }] }));
    await s.until(60);
    const p = s.ctrl.get('retry')!;
    expect(startTimes(s)).toEqual([0, 0]);
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 1 } }, state: { terminated: { exitCode: 0 } } });
  });

  it('keeps restarting an OnFailure pod that keeps failing (phase Running, §A.3)', async () => {
    const s = setup();
    s.ctrl.run(pod('fail', [sh('app', 'exit 2')], { restartPolicy: 'OnFailure' }));
    await s.until(60);
    expect(startTimes(s)).toEqual([0, 0, 10, 30]);
    expect(s.ctrl.get('fail')!.status?.phase).toBe('Running');
  });

  it('finishes deleting a pod whose container traps TERM early, and kills one that ignores it at the grace period (§F.2)', async () => {
    const s = setup();
    s.ctrl.run(pod('polite', [sh('app', "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done")]));
    s.ctrl.run(pod('stubborn', [sh('app', 'sleep 3600')]));
    await s.until(5);
    const done: Record<string, number> = {};
    const polite = s.ctrl.delete('polite').then((p) => ((done['polite'] = s.elapsed()), p));
    const stubborn = s.ctrl.delete('stubborn', { gracePeriodSeconds: 10 }).then((p) => ((done['stubborn'] = s.elapsed()), p));
    await s.until(5.5);
    expect(formatPodTable(s.ctrl.list(), s.clock.now())).toContain('Terminating');
    await s.until(30);
    expect(done).toEqual({ polite: 6, stubborn: 15 });
    expect((await polite).status).toMatchObject({ phase: 'Succeeded', containerStatuses: [{ state: { terminated: { exitCode: 0, reason: 'Completed' } } }] });
    expect((await stubborn).status).toMatchObject({ phase: 'Failed', containerStatuses: [{ state: { terminated: { exitCode: 137, reason: 'Error' } } }] });
    expect(s.ctrl.list()).toEqual([]);
    const byPod = (name: string) => s.events().filter((e) => e.involvedObject.name === name && (e.reason === 'Killing' || e.reason === 'ExceededGracePeriod'));
    expect(byPod('polite').map((e) => [e.reason, e.message, s.secs(e.lastTimestamp)])).toEqual([['Killing', 'Stopping container app', 5]]);
    expect(byPod('stubborn').map((e) => [e.reason, e.message, s.secs(e.lastTimestamp)])).toEqual([
      ['Killing', 'Stopping container app', 5],
      ['ExceededGracePeriod', 'Container runtime did not kill the pod within specified grace period.', 15],
    ]);
    expect(s.runtime.calls.filter((c) => c.method === 'removePodSandbox')).toHaveLength(2);
  });

  it('fails a restartPolicy Never pod whose init container fails (Init:Error), and crash-loops it under Always (Init:CrashLoopBackOff, §A.3, §D.1)', async () => {
    const s = setup();
    s.ctrl.run(pod('never', [sh('app', 'sleep 3600')], { restartPolicy: 'Never', initContainers: [sh('init', 'exit 1')] }));
    s.ctrl.run(pod('always', [sh('app', 'sleep 3600')], { initContainers: [sh('init', 'exit 1')] }));
    await s.until(60);
    expect(formatPodTable(s.ctrl.list(), s.clock.now())).toBe(
      ['NAME     READY   STATUS                  RESTARTS      AGE', 'never    0/1     Init:Error              0             60s', 'always   0/1     Init:CrashLoopBackOff   3 (30s ago)   60s', ''].join('\n'),
    );
    expect(s.ctrl.get('never')!.status?.phase).toBe('Failed');
    expect(s.ctrl.get('always')!.status?.phase).toBe('Pending');
    // The regular container never started in either pod.
    expect(s.events('Started').map((e) => e.message)).toEqual(['Started container init', 'Started container init']);
  });
});
