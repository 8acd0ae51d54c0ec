import { afterEach, describe, expect, it } from 'vitest';
import 'podkit/testing/vitest';
import { setupPodkitMatchers } from 'podkit/testing/vitest';
import type { KubeEvent, Pod } from 'podkit';
import { createTestCluster, newPod, type TestCluster } from 'podkit/testing';

let t: TestCluster | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected the assertion to fail');
}

function withStatus(status: Pod['status']): Pod {
  return newPod({ name: 'web', status });
}

const crashLooping = withStatus({
  phase: 'Running',
  containerStatuses: [
    { name: 'app', image: 'busybox:1.36', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } } },
  ],
});

const event = (reason: string, message: string, type: 'Normal' | 'Warning' = 'Normal'): KubeEvent => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: `web.${reason}`, namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
  type,
  reason,
  message,
  count: 1,
  firstTimestamp: '2024-01-01T00:00:00Z',
  lastTimestamp: '2024-01-01T00:00:00Z',
  source: { component: 'kubelet' },
});

describe('podkit vitest matchers', () => {
  it('toBeInPhase passes on the phase and fails with the kubectl row', () => {
    expect(crashLooping).toBeInPhase('Running');
    expect(crashLooping).not.toBeInPhase('Pending');
    const msg = failure(() => expect(crashLooping).toBeInPhase('Succeeded'));
    expect(msg).toContain('to be in phase Succeeded, but it is Running');
    expect(msg).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(msg).toMatch(/web\s+0\/1\s+CrashLoopBackOff\s+3/);
  });

  it('toHaveRestarted compares the total restart count (kubectl RESTARTS)', () => {
    expect(crashLooping).toHaveRestarted(3);
    expect(failure(() => expect(crashLooping).toHaveRestarted(1))).toContain('to have restarted 1 time(s), but it restarted 3');
  });

  it('toBeInCrashLoop holds when a container waits in CrashLoopBackOff', () => {
    expect(crashLooping).toBeInCrashLoop();
    expect(newPod()).not.toBeInCrashLoop();
    expect(failure(() => expect(crashLooping).not.toBeInCrashLoop())).toContain('container(s) app are');
  });

  it('toHaveCondition checks type and, when given, status; the message lists the conditions', () => {
    const pod = withStatus({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }] });
    expect(pod).toHaveCondition('Ready');
    expect(pod).toHaveCondition('Ready', 'False');
    expect(pod).not.toHaveCondition('Ready', 'True');
    expect(failure(() => expect(pod).toHaveCondition('Ready', 'True'))).toContain('its conditions: Ready=False (ContainersNotReady)');
  });

  it('toHaveEvent matches reason, type and message (text or pattern) in an Event list', () => {
    const events = [event('Pulled', 'Successfully pulled image'), event('BackOff', 'Back-off restarting failed container app', 'Warning')];
    expect(events).toHaveEvent({ reason: 'BackOff' });
    expect(events).toHaveEvent({ reason: 'BackOff', type: 'Warning', message: /restarting failed/ });
    expect(events).not.toHaveEvent({ reason: 'BackOff', type: 'Normal' });
    const msg = failure(() => expect(events).toHaveEvent({ reason: 'Killing' }));
    expect(msg).toContain('among 2 Events');
    expect(msg).toMatch(/Warning\s+BackOff\s+pod\/web/);
  });

  it('matchers reject a received value that is not a Pod with a clear message', () => {
    expect(failure(() => expect({ kind: 'Node' }).toBeInPhase('Running'))).toContain('expected a Pod object');
  });

  it('setupPodkitMatchers registers the matchers on a given expect and is idempotent', () => {
    const registered: string[] = [];
    setupPodkitMatchers({ extend: (m) => registered.push(...Object.keys(m)) });
    expect(registered.sort()).toEqual(['toBeInCrashLoop', 'toBeInPhase', 'toHaveCondition', 'toHaveEvent', 'toHaveRestarted']);
    setupPodkitMatchers();
    expect(crashLooping).toBeInPhase('Running');
  });

  it('on a test cluster: a crash-looping pod, its BackOff event, and the last events in messages', async () => {
    t = createTestCluster();
    t.apply(newPod({ name: 'crash', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'exit 1'] }] }));
    await t.runUntil((c) => (c.tryGet('Pod', 'crash')?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2, { timeout: '5m' });
    await t.runUntil((c) => c.get('Pod', 'crash').status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff', { timeout: '5m' });
    const pod = t.get('Pod', 'crash');
    expect(pod).toBeInPhase('Running');
    expect(pod).toBeInCrashLoop();
    expect(t).toHaveEvent({ reason: 'BackOff', kind: 'Pod', name: 'crash' });
    const msg = failure(() => expect(pod).toBeInPhase('Succeeded'));
    expect(msg).toContain('Last events about pod crash');
    expect(msg).toMatch(/BackOff/);
  });
});
