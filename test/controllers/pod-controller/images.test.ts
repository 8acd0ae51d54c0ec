import { describe, expect, it } from 'vitest';
import { podStatusText } from 'podkit';
import { pod, recordStatuses, setup, sh } from './helpers.js';

const pullTimes = (s: ReturnType<typeof setup>): number[] =>
  s.runtime.calls.filter((c) => c.method === 'ensureImage').map((c) => (c.time - s.t0) / 1000);

describe('PodController image pulls', () => {
  it('uses a present image under IfNotPresent without pulling ("already present on machine", §M.1)', async () => {
    const s = setup();
    s.runtime.addImage('busybox:1.36', { present: true });
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { imagePullPolicy: 'IfNotPresent' })]));
    await s.until(1);
    expect(pullTimes(s)).toEqual([]);
    expect(s.events('Pulled').map((e) => e.message)).toEqual(['Container image "busybox:1.36" already present on machine']);
    expect(s.events('Pulling')).toEqual([]);
    expect(s.ctrl.get('web')!.status?.phase).toBe('Running');
  });

  it('pulls an absent image under IfNotPresent, reporting the time the pull took', async () => {
    const s = setup({ fake: { latencies: { pull: '2s' }, images: [{ ref: 'busybox:1.36', sizeBytes: 4_261_574 }] } });
    s.ctrl.run(pod('web', [sh('app', 'sleep 3600', { imagePullPolicy: 'IfNotPresent' })]));
    await s.until(1);
    expect(podStatusText(s.ctrl.get('web')!)).toBe('ContainerCreating');
    await s.until(2);
    expect(s.events('Pulling').map((e) => [e.message, s.secs(e.lastTimestamp)])).toEqual([['Pulling image "busybox:1.36"', 0]]);
    expect(s.events('Pulled').map((e) => [e.message, s.secs(e.lastTimestamp)])).toEqual([
      ['Successfully pulled image "busybox:1.36" in 2s (2s including waiting). Image size: 4261574 bytes.', 2],
    ]);
    expect(s.ctrl.get('web')!.status?.phase).toBe('Running');
  });

  it('pulls again before every start under imagePullPolicy Always', async () => {
    const s = setup();
    s.runtime.addImage('busybox:1.36', { present: true });
    s.ctrl.run(pod('crash', [sh('app', 'exit 1', { imagePullPolicy: 'Always' })]));
    await s.until(30);
    expect(pullTimes(s)).toEqual([0, 0, 10, 30]);
    expect(s.events('Pulling')[0]?.count).toBe(4);
  });

  it('reports ErrImageNeverPull for an absent image under imagePullPolicy Never (§B.2)', async () => {
    const s = setup();
    s.ctrl.run(pod('never', [sh('app', 'sleep 3600', { imagePullPolicy: 'Never' })]));
    await s.until(1);
    const p = s.ctrl.get('never')!;
    expect(podStatusText(p)).toBe('ErrImageNeverPull');
    expect(p.status?.containerStatuses?.[0]?.state?.waiting).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "busybox:1.36" is not present with pull policy of Never' });
    expect(s.events().filter((e) => e.type === 'Warning').map((e) => [e.reason, e.message])).toEqual([
      ['ErrImageNeverPull', 'Container image "busybox:1.36" is not present with pull policy of Never'],
      ['Failed', 'Error: ErrImageNeverPull'],
    ]);
    expect(pullTimes(s)).toEqual([]);
  });

  it('shows ErrImagePull after a failed pull, then ImagePullBackOff, retrying after 10 s, 20 s, 40 s ... (§B.2)', async () => {
    const s = setup({ fake: { images: ['busybox:1.36'] } });
    const seen = recordStatuses(s.ctrl, 'bad', s.clock, s.t0);
    s.ctrl.run(pod('bad', [sh('app', 'sleep 3600', { image: 'nope:1' })]));
    await s.until(200);
    expect(pullTimes(s)).toEqual([0, 10, 30, 70, 150]);
    const changes = seen.filter((x) => x.status === 'ErrImagePull' || x.status === 'ImagePullBackOff').map((x) => [x.t, x.status]);
    expect(changes).toEqual([
      [0, 'ErrImagePull'],
      [1, 'ImagePullBackOff'],
      [10, 'ErrImagePull'],
      [11, 'ImagePullBackOff'],
      [30, 'ErrImagePull'],
      [31, 'ImagePullBackOff'],
      [70, 'ErrImagePull'],
      [71, 'ImagePullBackOff'],
      [150, 'ErrImagePull'],
      [151, 'ImagePullBackOff'],
    ]);
    const text = s.events().map((e) => [e.type, e.reason, e.message, e.count]);
    expect(text).toContainEqual(['Warning', 'Failed', 'Error: ErrImagePull', 5]);
    expect(text).toContainEqual(['Normal', 'BackOff', 'Back-off pulling image "nope:1"', 5]);
    expect(text).toContainEqual(['Warning', 'Failed', 'Error: ImagePullBackOff', 5]);
    expect(text.find((t) => typeof t[2] === 'string' && t[2].startsWith('Failed to pull image "nope:1": '))?.[3]).toBe(5);
    expect(s.ctrl.get('bad')!.status?.containerStatuses?.[0]?.state?.waiting?.message).toMatch(/^Back-off pulling image "nope:1": /);
  });

  it('starts the container once the image can be pulled again', async () => {
    const s = setup({ fake: { images: ['busybox:1.36'] } });
    s.ctrl.run(pod('late', [sh('app', 'sleep 3600', { image: 'late:1' })]));
    await s.until(15);
    s.runtime.addImage('late:1');
    await s.until(29);
    expect(podStatusText(s.ctrl.get('late')!)).toBe('ImagePullBackOff');
    await s.until(30);
    expect(podStatusText(s.ctrl.get('late')!)).toBe('Running');
    expect(pullTimes(s)).toEqual([0, 10, 30]);
  });
});
