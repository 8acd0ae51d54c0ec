// No input can make a call do unbounded work (reliability issue, item 7): a ReplicaSet or Job
// whose size is a valid int32 but far beyond any cluster creates one burst of pods per interval
// of clock time, so every advance() returns, and the rest follows on later advances (resumable,
// through the controllers' expectations).
import { describe, expect, it } from 'vitest';
import type { Job } from 'podkit';
import { newCluster, replicaSet } from './helpers.js';

describe('bounded work per advance (reliability item 7)', () => {
  it('a ReplicaSet of 10^9 replicas (a valid int32, §M.2) creates at most one burst of 500 pods per second (§H.3 BurstReplicas, resumed through §H.5 expectations), and advance returns', async () => {
    const { cluster } = newCluster(1);
    const heap = process.memoryUsage().heapUsed;
    const t0 = Date.now();
    cluster.apply(replicaSet('huge', 1_000_000_000));
    await cluster.advance('1s');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(cluster.list('Pod')).toHaveLength(1_000);
    await cluster.advance('2s');
    expect(cluster.list('Pod')).toHaveLength(2_000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(400 * 2 ** 20);
    expect(cluster.get('ReplicaSet', 'huge').status?.replicas).toBe(2_000);
    await cluster.close();
  });

  it('a Job of parallelism 10^9 creates at most one batch of 500 pods per second (§I.4 MaxPodCreateDeletePerSync)', async () => {
    const { cluster } = newCluster(1);
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'huge' },
      spec: { parallelism: 1_000_000_000, completions: 1_000_000_000, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] } } },
    };
    const t0 = Date.now();
    cluster.apply(job);
    await cluster.advance('1s');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(cluster.list('Pod')).toHaveLength(1_000);
    await cluster.close();
  });

  it('a ReplicaSet within one burst is still created within one instant', async () => {
    const { cluster } = newCluster(1);
    cluster.apply(replicaSet('small', 500));
    await cluster.advance(0);
    expect(cluster.list('Pod')).toHaveLength(500);
    await cluster.close();
  });
});
