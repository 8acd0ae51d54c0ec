// Public async methods must settle without the caller advancing a VirtualClock: work that waits on
// virtual time continues in the background, on the clock.
import { describe, expect, it } from 'vitest';
import { nodeStatusText, PodController } from 'podkit';
import { FakeRuntime, VirtualClock } from 'podkit/testing';
import { newCluster, podsOf, ready, replicaSet } from './helpers.js';

/** Resolves `true` if `p` settles within a few event-loop turns, with virtual time standing still. */
async function settlesWithoutTime(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5 && !settled; i++) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('no public method waits on virtual time only the caller can advance', () => {
  it('startNode settles at once when the node runtime does not answer; the kubelet keeps retrying on the clock and adopts its pods once it does', async () => {
    const { cluster, clock, runtimes } = newCluster(1);
    cluster.apply(replicaSet('web', 2));
    await cluster.runUntil((c) => ready(c, 'web').length === 2, { timeout: '1m' });
    const uids = podsOf(cluster, 'web').map((p) => p.metadata.uid);
    await cluster.stopNode('node-1');
    runtimes[0]?.setAvailable(false);
    const before = clock.now();
    expect(await settlesWithoutTime(cluster.startNode('node-1'))).toBe(true);
    expect(clock.now()).toBe(before);
    await cluster.advance('30s');
    runtimes[0]?.setAvailable(true);
    await cluster.runUntil((c) => nodeStatusText(c.get('Node', 'node-1')) === 'Ready' && ready(c, 'web').length === 2, { timeout: '1m' });
    expect(podsOf(cluster, 'web').map((p) => p.metadata.uid)).toEqual(uids);
    await cluster.close();
  });

  it('PodController.start() settles at once on an unreachable runtime, and stop() cancels the background retries', async () => {
    const clock = new VirtualClock();
    const runtime = new FakeRuntime({ clock });
    runtime.setAvailable(false);
    const kubelet = new PodController({ runtime, clock, nodeName: 'node-1', relistInterval: false });
    kubelet.stop();
    const pending = clock.pendingTimers();
    expect(await settlesWithoutTime(kubelet.start())).toBe(true);
    expect(clock.pendingTimers()).toBe(pending + 1); // the retry in 1 s
    kubelet.stop();
    expect(clock.pendingTimers()).toBe(pending);
    await kubelet.close();
  });
});
