import { describe, expect, it } from 'vitest';
import { pod, setup, sh } from './helpers.js';

const calls = (s: ReturnType<typeof setup>, method: string) =>
  s.runtime.calls.filter((c) => c.method === method).map((c) => [(c.time - s.t0) / 1000, ...c.args.slice(1)]);

describe('PodController lifecycle hooks', () => {
  it('waits for a postStart hook before starting the next container (§F.5)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('first', 'sleep 3600', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 5; echo warm > /tmp/warm'] } } } }), sh('second', 'sleep 3600')]));
    await s.until(4);
    expect(s.events('Started').map((e) => e.message)).toEqual(['Started container first']);
    await s.until(5);
    expect(s.events('Started').map((e) => [s.secs(e.lastTimestamp), e.message])).toEqual([
      [0, 'Started container first'],
      [5, 'Started container second'],
    ]);
    const first = s.ctrl.get('web')!.status!.containerStatuses!.find((c) => c.name === 'first')!;
    expect(s.runtime.readFile(first.containerID!.replace('fake://', ''), '/tmp/warm')).toBe('warm\n');
  });

  it('kills a container whose postStart hook fails and restarts it per policy (§F.5)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo nope; exit 1'] } } } })], { terminationGracePeriodSeconds: 2 }));
    await s.until(2);
    const p = s.ctrl.get('web')!;
    const warn = s.events('FailedPostStartHook')[0]!;
    expect(warn.type).toBe('Warning');
    expect(warn.message).toBe(
      `Exec lifecycle hook ([sh -c echo nope; exit 1]) for Container "app" in Pod "web_default(${p.metadata.uid})" failed - error: command "sh -c echo nope; exit 1" exited with a non-zero code, message: "nope"`,
    );
    expect(s.events('Killing').map((e) => [s.secs(e.firstTimestamp), e.message])).toEqual([[0, 'FailedPostStartHook']]);
    // Killed with the pod's 2 s grace (the shell ignores TERM), then restarted at once (first restart).
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: { exitCode: 137, finishedAt: '2024-01-01T00:00:02Z' } } });
  });

  it('runs preStop before the stop signal and takes its time out of the grace period (§F.2)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { lifecycle: { preStop: { exec: { command: ['sleep', '20'] } } } })]));
    await s.until(1);
    let removed = -1;
    void s.ctrl.delete('web').then(() => (removed = s.elapsed()));
    await s.until(60);
    expect(calls(s, 'exec')).toEqual([[1, ['sleep', '20'], {}]]);
    expect(calls(s, 'stopContainer')).toEqual([[21, 10]]);
    expect(removed).toBe(31);
  });

  it('gives the stop signal at least 2 s after a preStop hook that used up the grace period (§F.2)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { lifecycle: { preStop: { exec: { command: ['sleep', '60'] } } } })], { terminationGracePeriodSeconds: 10 }));
    await s.until(1);
    let removed = -1;
    void s.ctrl.delete('web').then(() => (removed = s.elapsed()));
    await s.until(60);
    expect(calls(s, 'stopContainer')).toEqual([[11, 2]]);
    expect(removed).toBe(13);
    const p = s.events('UnfinishedPreStopHook')[0]!;
    expect([p.type, s.secs(p.lastTimestamp)]).toEqual(['Warning', 11]);
  });

  it('records a failed preStop hook and stops the container anyway', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', "trap 'exit 0' TERM; sleep 3600 & wait", { lifecycle: { preStop: { exec: { command: ['false'] } } } })]));
    await s.until(1);
    await Promise.all([s.ctrl.delete('web'), s.until(5)]);
    expect(s.events('FailedPreStopHook').map((e) => e.type)).toEqual(['Warning']);
    expect(calls(s, 'stopContainer')).toEqual([[1, 30]]);
  });

  it('skips preStop when the grace period is 0 and still gives the container 2 s (§F.1, §F.2)', async () => {
    const s = setup();
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { lifecycle: { preStop: { exec: { command: ['sleep', '20'] } } } })]));
    await s.until(1);
    let removed = -1;
    void s.ctrl.delete('web', { gracePeriodSeconds: 0 }).then(() => (removed = s.elapsed()));
    await s.until(10);
    expect(calls(s, 'exec')).toEqual([]);
    expect(calls(s, 'stopContainer')).toEqual([[1, 2]]);
    expect(removed).toBe(3);
  });
});
