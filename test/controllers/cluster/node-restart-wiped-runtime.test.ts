// A node whose runtime lost everything while its kubelet was away (a rebooted machine, the
// FakeRuntime of a restarted process): the pods in the store still say Running. On start the
// kubelet must not trust that: a running container the runtime no longer has gets the
// vanished-running-container status (§B.3) and the pod is restarted per its policy.
import { describe, expect, it } from 'vitest';
import { createCluster, MemoryStore, type Pod } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';

function pod(name: string, restartPolicy: 'Always' | 'OnFailure' | 'Never'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy, containers: [{ name: 'app', image: 'busybox', command: ['sh', '-c', 'sleep 3600'] }] } };
}

async function restartedWithWipedRuntime(restartPolicy: 'Always' | 'OnFailure' | 'Never'): Promise<Pod> {
  const clock = new VirtualClock({ start: Date.UTC(2024, 0, 1) });
  const store = new MemoryStore({ clock });
  const first = createCluster({ clock, store, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
  first.apply(pod('web', restartPolicy));
  await first.runUntil((c) => c.get('Pod', 'web').status?.phase === 'Running', { timeout: '1m' });
  await first.close();
  const second = createCluster({ clock, store, nodes: [{ name: 'node-1', runtime: new FakeRuntime({ clock }) }] });
  await second.runUntil((c) => (c.get('Pod', 'web').status?.containerStatuses?.[0]?.restartCount ?? 0) > 0 || c.get('Pod', 'web').status?.phase === 'Failed', { timeout: '1m' });
  await second.runUntil(() => false, { timeout: '5s' }).catch(() => undefined);
  const out = second.get('Pod', 'web');
  await second.close();
  return out;
}

const LOST = { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running' };

describe('a node restarted with a runtime that lost its containers', () => {
  for (const policy of ['Always', 'OnFailure'] as const) {
    it(`restartPolicy ${policy}: the vanished running container is ContainerStatusUnknown (137) in lastState, restartCount + 1, and runs again (§B.3)`, async () => {
      const p = await restartedWithWipedRuntime(policy);
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, state: { running: {} }, lastState: { terminated: LOST } });
    });
  }

  it('restartPolicy Never: the pod fails with ContainerStatusUnknown instead of staying Running forever (§B.3; upstream re-runs it, §N.3)', async () => {
    const p = await restartedWithWipedRuntime('Never');
    expect(p.status?.phase).toBe('Failed');
    expect(p.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, lastState: { terminated: LOST }, state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown' } } });
  });
});
