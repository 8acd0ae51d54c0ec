import { describe, expect, it } from 'vitest';
import { podStatusText, toPodRow } from 'podkit';
import { pod, setup, sh } from './helpers.js';

/** Maps runtime container ids to names through the pod's container statuses seen over time. */
function trackIds(s: ReturnType<typeof setup>, name: string): Map<string, string> {
  const ids = new Map<string, string>();
  s.ctrl.watch(name).subscribe((p) => {
    for (const c of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) {
      if (c.containerID !== undefined) ids.set(c.containerID.replace('fake://', ''), c.name);
    }
  });
  return ids;
}

const sidecarPod = () =>
  pod('web', [sh('app', "trap 'sleep 3; exit 0' TERM; sleep 3600 & wait")], {
    initContainers: [
      sh('proxy', "trap 'sleep 1; exit 0' TERM; sleep 5; touch /tmp/ready; sleep 3600 & wait", {
        restartPolicy: 'Always',
        startupProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 1, failureThreshold: 30 },
      }),
      sh('logger', "trap 'sleep 2; exit 0' TERM; sleep 3600 & wait", { restartPolicy: 'Always' }),
    ],
  });

describe('PodController sidecars', () => {
  it('starts sidecars in order, each only once the one before it has started (startup probe), then the regular containers (§D.1)', async () => {
    const s = setup();
    const ids = trackIds(s, 'web');
    s.ctrl.run(sidecarPod());
    await s.until(4);
    expect(podStatusText(s.ctrl.get('web')!)).toBe('Init:0/2');
    await s.until(10);
    const starts = s.runtime.calls.filter((c) => c.method === 'startContainer').map((c) => [(c.time - s.t0) / 1000, ids.get(c.args[0] as string)]);
    expect(starts).toEqual([
      [0, 'proxy'],
      [6, 'logger'],
      [6, 'app'],
    ]);
    expect(toPodRow(s.ctrl.get('web')!, s.clock.now())).toMatchObject({ ready: '3/3', status: 'Running' });
  });

  it('stops regular containers first, then sidecars in reverse order, each after the later ones exited (§F.3)', async () => {
    const s = setup();
    const ids = trackIds(s, 'web');
    s.ctrl.run(sidecarPod());
    await s.until(20);
    let removedAt = -1;
    void s.ctrl.delete('web').then(() => (removedAt = s.elapsed()));
    await s.until(60);
    const stops = s.runtime.calls.filter((c) => c.method === 'stopContainer').map((c) => [(c.time - s.t0) / 1000, ids.get(c.args[0] as string), c.args[1]]);
    expect(stops).toEqual([
      [20, 'app', 30],
      [23, 'logger', 27],
      [25, 'proxy', 25],
    ]);
    expect(removedAt).toBe(26);
    expect(s.events('Killing').map((e) => [s.secs(e.lastTimestamp), e.message])).toEqual([
      [20, 'Stopping container app'],
      [20, 'Stopping container logger'],
      [20, 'Stopping container proxy'],
    ]);
  });

  it('restarts an exited sidecar even under restartPolicy Never, and stops it once the regular containers are done (§D.1, §A.3)', async () => {
    const s = setup();
    s.ctrl.run(
      pod('job', [sh('main', 'sleep 30; exit 0')], {
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 2,
        initContainers: [sh('helper', 'sleep 8; exit 1', { restartPolicy: 'Always' })],
      }),
    );
    await s.until(29);
    const helper = s.ctrl.get('job')!.status!.initContainerStatuses![0]!;
    expect(helper.restartCount).toBe(2);
    expect(s.ctrl.get('job')!.status?.phase).toBe('Running');
    await s.until(30);
    // main exited 0 at 30 s; the helper (PID 1 ignoring TERM) is killed after the 2 s grace.
    expect(s.ctrl.get('job')!.status?.phase).toBe('Running');
    await s.until(32);
    const p = s.ctrl.get('job')!;
    expect(p.status?.phase).toBe('Succeeded');
    expect(p.status?.initContainerStatuses?.[0]?.state?.terminated?.exitCode).toBe(137);
  });
});
